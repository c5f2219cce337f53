# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""sandbox-probe.py COMMAND ...: looks around from inside the sandbox and
prints what it found as one JSON object (test-sandbox.py copies it into the
app's data folder, the one place that the app and the host both see).

  info                      /.flatpak-info and the environment
  lookup PROTOCOL SERVER USER
                            the password of that login, read with libsecret's
                            password API as Brevduva reads it (in a Flatpak:
                            the file backend, keyed by the Secret portal)
  dbus NAME...              for each name: whether it is listed, whether a
                            Peer.Ping reaches it, whether it can be owned
  call-secret-service       org.freedesktop.Secret.Service.ReadAlias, direct
  paths PATH...             for each path: exists, readable, writable
  write-tmp NAME            writes /tmp/NAME (the host must not see it)

Runs with the runtime's python3 and PyGObject; no module of the test's."""

import configparser
import errno
import json
import os
import sys

import gi

gi.require_version("Secret", "1")
from gi.repository import Gio, GLib, Secret  # noqa: E402

BUS = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"


def dbus_error(error):
    return {"remote": Gio.DBusError.get_remote_error(error) or "", "message": error.message}


def info(_args):
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    found = {}
    try:
        with open("/.flatpak-info", encoding="utf-8") as f:
            parser.read_file(f)
        found = {section: dict(parser[section]) for section in parser.sections()}
    except OSError as e:
        found = {"error": str(e)}
    env = {k: os.environ.get(k) for k in ("FLATPAK_ID", "HOME", "XDG_DATA_HOME",
                                          "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                          "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS")}
    home = os.environ.get("HOME", "/")
    return {"flatpak_info": found, "env": env, "home": sorted(os.listdir(home))}


def lookup(args):
    protocol, server, user = args
    schema = Secret.get_schema(Secret.SchemaType.COMPAT_NETWORK)
    attributes = {"protocol": protocol, "server": server, "user": user}
    try:
        password = Secret.password_lookup_sync(schema, attributes, None)
    except GLib.Error as e:
        return {"password": None, "error": f"{e.domain}:{e.code}: {e.message}"}
    return {"password": password, "error": None}


def dbus(names):
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    listed = connection.call_sync(BUS, BUS_PATH, BUS, "ListNames", None,
                                  GLib.VariantType("(as)"), Gio.DBusCallFlags.NONE,
                                  10000, None).unpack()[0]
    found = {}
    for name in names:
        entry = {"listed": name in listed}
        try:
            connection.call_sync(name, "/", "org.freedesktop.DBus.Peer", "Ping", None, None,
                                 Gio.DBusCallFlags.NO_AUTO_START, 10000, None)
            entry["ping"] = "ok"
        except GLib.Error as e:
            entry["ping"] = dbus_error(e)
        try:
            # Flags 4: DBUS_NAME_FLAG_DO_NOT_QUEUE. Reply 1: the primary owner.
            reply = connection.call_sync(BUS, BUS_PATH, BUS, "RequestName",
                                         GLib.Variant("(su)", (name, 4)),
                                         GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE,
                                         10000, None).unpack()[0]
            entry["own"] = "ok" if reply == 1 else f"reply {reply}"
            if reply == 1:
                connection.call_sync(BUS, BUS_PATH, BUS, "ReleaseName",
                                     GLib.Variant("(s)", (name,)), None, Gio.DBusCallFlags.NONE,
                                     10000, None)
        except GLib.Error as e:
            entry["own"] = dbus_error(e)
        found[name] = entry
    return {"names": found, "all_listed": sorted(n for n in listed if not n.startswith(":"))}


def call_secret_service(_args):
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    try:
        reply = connection.call_sync("org.freedesktop.secrets", "/org/freedesktop/secrets",
                                     "org.freedesktop.Secret.Service", "ReadAlias",
                                     GLib.Variant("(s)", ("default",)), None,
                                     Gio.DBusCallFlags.NO_AUTO_START, 10000, None)
        return {"reply": reply.unpack()[0], "error": None}
    except GLib.Error as e:
        return {"reply": None, "error": dbus_error(e)}


def paths(args):
    found = {}
    for path in args:
        entry = {"exists": os.path.lexists(path), "readable": os.access(path, os.R_OK)}
        if os.path.isdir(path):
            try:
                entry["entries"] = sorted(os.listdir(path))
            except OSError as e:
                entry["entries"] = str(e)
            probe = os.path.join(path, ".bd-sandbox-write-probe")
            try:
                with open(probe, "w", encoding="utf-8") as f:
                    f.write("x")
                os.unlink(probe)
                entry["writable"] = True
            except OSError as e:
                entry["writable"] = errno.errorcode.get(e.errno, str(e.errno))
        found[path] = entry
    return found


def write_tmp(args):
    path = os.path.join("/tmp", args[0])
    with open(path, "w", encoding="utf-8") as f:
        f.write("written inside the sandbox\n")
    return {"written": path}


COMMANDS = {"info": info, "lookup": lookup, "dbus": dbus,
            "call-secret-service": call_secret_service, "paths": paths, "write-tmp": write_tmp}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](sys.argv[2:])))
