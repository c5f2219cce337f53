#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""fake-gnome-settings RECORD: a stand-in for GNOME Settings on the session bus.

The real gnome-control-center needs a display and a whole desktop session, and
is not installed here. This owns its D-Bus name, org.gnome.Settings, and
exports org.gtk.Actions at /org/gnome/Settings as GApplication does; each
Activate call is written to RECORD as JSON ({"action", "parameter"}), and the
name is released on SIGTERM. It prints "ready" once it owns the name.
"""
import json
import os
import signal
import sys

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

INTERFACE = """
<node>
  <interface name="org.gtk.Actions">
    <method name="Activate">
      <arg type="s" name="action_name" direction="in"/>
      <arg type="av" name="parameter" direction="in"/>
      <arg type="a{sv}" name="platform_data" direction="in"/>
    </method>
  </interface>
</node>
"""


def main():
    record = sys.argv[1]
    loop = GLib.MainLoop()
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)

    def call(connection, sender, path, interface, method, parameters, invocation):
        action, parameter, _platform = parameters.unpack()
        with open(record + ".tmp", "w") as f:
            json.dump({"action": action, "parameter": parameter}, f)
        os.rename(record + ".tmp", record)
        invocation.return_value(None)

    bus.register_object("/org/gnome/Settings", node.interfaces[0], call, None, None)

    def acquired(*_args):
        print("ready", flush=True)

    def lost(*_args):
        print("could not own org.gnome.Settings", file=sys.stderr, flush=True)
        loop.quit()

    Gio.bus_own_name_on_connection(bus, "org.gnome.Settings", Gio.BusNameOwnerFlags.NONE,
                                   acquired, lost)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
