#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-a11y.py: the window as a screen reader gets it, and the keyboard alone.

test-a11y.py --app BD-A11Y-APP [--localedir DIR] [--lang en|sv]... [--verbose]

Runs the real window (bd-a11y-app: brevduva's own window, with loopback
servers in place of the network) on a private Xvfb display, with GTK speaking
AT-SPI on a private accessibility bus, and reads it over AT-SPI (pyatspi), as
Orca does. The keyboard goes in through the X server (XTest, by xdotool), as
if typed; nothing is clicked. Run it inside tests/integration/keyring-session
(a private session bus with an unlocked keyring), as meson does, so that the
done page stores the password for real and nothing of the user's is touched.

What it checks, in English and in Swedish:

- the first minute: the focus starts in "Your Name", and name, Tab, address,
  Tab, password leaves a valid address page with Continue in view, at the
  default size and at 360 px wide;
- on every page it reaches (address, detection, servers, a server opened,
  the question whether to trust a certificate, the details of a test, done,
  "Test an Existing Account"): every control has a role and a name a person
  would understand, no button or image is left without a name, Tab follows
  the order in which things are laid out, and every Tab stop is shown to
  AT-SPI as focused;
- a server row whose test ends (testing, then ✓ or ✗) changes its own name
  or description, so that a screen reader can say so;
- the whole way, keyboard only: address, detection (cancelled), servers
  (a row opened, its certificate trusted, its details opened and closed, a
  port corrected), done, and "Test an Existing Account" from the main menu.

The window's own report of its focus (bd-a11y-app's "focus") tells where
the keyboard is, so that the order can be judged and the way followed even
where AT-SPI shows no focus; a Tab stop without AT-SPI focus is a failure of
its own. (libadwaita 1.2's entry rows showed none: the fields are BdEntryRow,
a GtkEntry in an AdwActionRow, for that.)

Every wait is for an event or a state, under a deadline; nothing sleeps for a
guessed time. TAP on standard output. The whole run skips (1..0 # SKIP) only
when Xvfb or the accessibility bus cannot start, or a tool it needs is not
installed; a check that fails because of a bug fails.
"""

import argparse
import gettext
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# meson puts tests/lib on PYTHONPATH; by hand, this does.
sys.path.append(os.path.join(ROOT, "tests", "lib"))
from brevduva_test import Tap  # noqa: E402

USER_NAME = "Alice Example"
ADDRESS = "alice@example.test"
UNKNOWN_ADDRESS = "alice@example.org"
PASSWORD = "s3cret horse"

# Deadlines, in seconds: generous, for a loaded machine. Nothing waits for
# them unless what it waits for does not come.
STEP_DEADLINE = 30.0
SERVER_DEADLINE = 60.0
OVERALL_DEADLINE = 780.0

# Roles a person operates; an element with one of these that can take the
# focus must have a name.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "text", "password text", "entry", "spin button", "link", "slider",
    "switch", "menu item", "check menu item", "radio menu item",
}
# Roles that say nothing of what an element is.
EMPTY_ROLES = {"unknown", "invalid", "filler", "panel", "redundant object"}
# An element without a name of its own gets its GTK type's in GTK 4.8.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Bd)[A-Z][A-Za-z]*$")
MNEMONIC = re.compile(r"(^|\s)_\w")

pyatspi = None
GLib = None
APP_G_DEBUG = None


class Skip(Exception):
    pass


class Blocked(Exception):
    """A step of the way failed; the checks after it cannot run."""


class CheckFailed(AssertionError):
    pass


def log(text):
    for line in str(text).splitlines() or [""]:
        sys.stderr.write("# %s\n" % line)
    sys.stderr.flush()


# --- processes ---------------------------------------------------------------

def end_with_parent():
    """In a child, before exec: SIGTERM when this test ends, even if it dies
    without cleaning up (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)


class Processes:
    """Everything this test starts, ended by PID, last started first."""

    def __init__(self):
        self.started = []   # (pid, name, Popen or None)

    def start(self, argv, name=None, **kwargs):
        process = subprocess.Popen(argv, preexec_fn=end_with_parent, **kwargs)
        self.started.append((process.pid, name or os.path.basename(argv[0]), process))
        return process

    def adopt(self, pid, name):
        """A process started on our behalf (a bus activation): ended too."""
        if pid and all(pid != p for p, _, _ in self.started):
            self.started.append((pid, name, None))

    @staticmethod
    def alive(pid, process):
        if process is not None:
            return process.poll() is None
        try:
            with open("/proc/%d/stat" % pid) as stat:
                return stat.read().split(") ", 1)[1][0] != "Z"
        except (OSError, IndexError):
            return False

    def stop(self, pid, name, process, deadline=10.0):
        if not self.alive(pid, process):
            if process is not None:
                process.wait()
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        end = time.monotonic() + deadline
        while self.alive(pid, process) and time.monotonic() < end:
            if process is not None:
                try:
                    process.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    pass
            else:
                select.select([], [], [], 0.05)
        if self.alive(pid, process):
            log("%s (%d) did not end on SIGTERM; killed" % (name, pid))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if process is not None:
            process.wait()

    def stop_one(self, process):
        for entry in list(self.started):
            if entry[2] is process:
                self.stop(*entry)
                self.started.remove(entry)

    def stop_all(self):
        while self.started:
            self.stop(*self.started.pop())


def children_of(pid):
    found = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


# --- the display and the accessibility bus ----------------------------------

def main_context_wait(condition, deadline, what):
    """Runs the main loop (D-Bus, AT-SPI events) until condition() is true."""
    context = GLib.MainContext.default()
    end = min(time.monotonic() + deadline, World.overall_end)
    while True:
        while context.pending():
            context.iteration(False)
        value = condition()
        if value:
            return value
        if time.monotonic() >= end:
            raise CheckFailed("waited %.0f s in vain for %s" % (deadline, what))
        # Wakes at an event (D-Bus traffic) or after a short while, to look
        # again at states that change without an event of ours.
        woken = []
        source = GLib.timeout_add(100, lambda: woken.append(True) and False)
        context.iteration(True)
        if not woken:
            GLib.source_remove(source)


class World:
    overall_end = float("inf")

    def __init__(self, processes):
        self.processes = processes
        self.display = None
        self.bus_address = None

    def start_xvfb(self):
        if shutil.which("Xvfb") is None:
            raise Skip("Xvfb cannot start: it is not installed (package xvfb)")
        read_end, write_end = os.pipe()
        try:
            xvfb = self.processes.start(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                 "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_end,), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        finally:
            os.close(write_end)
        number = b""
        end = time.monotonic() + STEP_DEADLINE
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read_end], [], [], max(0, end - time.monotonic()))
            chunk = os.read(read_end, 16) if ready else b""
            if not chunk:
                os.close(read_end)
                error = ""
                if xvfb.poll() is not None:
                    error = xvfb.stderr.read().decode(errors="replace").strip()
                raise Skip("Xvfb cannot start: %s" % (error.splitlines()[-1] if error else
                                                       "it named no display in time"))
            number += chunk
        os.close(read_end)
        self.display = ":" + number.decode().strip()
        os.environ["DISPLAY"] = self.display

    def start_a11y_bus(self):
        launcher = next((path for path in ("/usr/libexec/at-spi-bus-launcher",
                                           "/usr/lib/at-spi2-core/at-spi-bus-launcher")
                         if os.access(path, os.X_OK)), None)
        if launcher is None:
            raise Skip("the accessibility bus cannot start: at-spi-bus-launcher is not "
                       "installed (package at-spi2-core)")
        if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
            raise Skip("the accessibility bus cannot start: there is no session bus "
                       "(run inside tests/integration/keyring-session)")
        from gi.repository import Gio
        session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        self.launcher = self.processes.start(
            [launcher, "--launch-immediately"], name="at-spi-bus-launcher",
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def address():
            if self.launcher.poll() is not None:
                raise Skip("the accessibility bus cannot start: at-spi-bus-launcher "
                           "ended (status %d)" % self.launcher.returncode)
            try:
                reply = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                          "GetAddress", None, GLib.VariantType("(s)"),
                                          Gio.DBusCallFlags.NO_AUTO_START, 2000, None)
                return reply.unpack()[0]
            except GLib.Error:
                return None
        try:
            self.bus_address = main_context_wait(address, STEP_DEADLINE,
                                                 "the accessibility bus")
        except CheckFailed as e:
            raise Skip("the accessibility bus cannot start: %s" % e)
        os.environ["AT_SPI_BUS_ADDRESS"] = self.bus_address
        # The bus's own daemon is the launcher's child; the registry is
        # started by that bus when first asked. Both are ended by PID.
        for pid in children_of(self.launcher.pid):
            self.processes.adopt(pid, "accessibility bus")

    def start_registry(self):
        global pyatspi
        try:
            import pyatspi as module
        except ImportError as e:
            raise Skip("python3-pyatspi is not installed: %s" % e)
        pyatspi = module
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            desktop.childCount
        except Exception as e:  # noqa: the registry did not answer
            raise Skip("the accessibility bus cannot start: the registry does not "
                       "answer: %s" % e)
        from gi.repository import Gio
        a11y = Gio.DBusConnection.new_for_address_sync(
            self.bus_address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        try:
            reply = a11y.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                   GLib.Variant("(s)", ("org.a11y.atspi.Registry",)),
                                   GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, 5000, None)
            self.processes.adopt(reply.unpack()[0], "at-spi2-registryd")
        finally:
            a11y.close_sync(None)


# --- the application --------------------------------------------------------

class Stop:
    """One place the keyboard went: GTK's own focus, and what AT-SPI showed."""

    def __init__(self, gtk, acc):
        self.gtk = gtk
        self.acc = acc

    def describe(self):
        if self.acc is not None:
            return "%s “%s”" % (self.acc.getRoleName(), self.acc.name)
        if self.gtk.get("type") is None:
            return "[nothing focused over AT-SPI; in GTK, nothing has the focus]"
        where = self.gtk.get("row") or self.gtk.get("label") or ""
        return "[nothing focused over AT-SPI; GTK: %s%s]" % (
            self.gtk.get("type"), " in “%s”" % where if where else "")


class App:
    """bd-a11y-app, its accessible, and the keyboard."""

    def __init__(self, world, args, lang, width=None):
        self.world = world
        self.lang = lang
        self.events = []
        env = dict(os.environ)
        # GTK speaks AT-SPI, on our bus; the other tiers turn that off.
        env.pop("NO_AT_BRIDGE", None)
        env.pop("G_DEBUG", None)
        if APP_G_DEBUG is not None:
            env["G_DEBUG"] = APP_G_DEBUG
        env.update({
            "GTK_A11Y": "atspi",
            "GDK_BACKEND": "x11",
            "DISPLAY": world.display,
            "AT_SPI_BUS_ADDRESS": world.bus_address,
            "ADW_DISABLE_PORTAL": "1",
            "GSK_RENDERER": "cairo",
            "LC_ALL": "C.UTF-8",
            "LANGUAGE": "C" if lang == "en" else lang,
            "BREVDUVA_LOCALEDIR": args.localedir,
        })
        env.setdefault("GSETTINGS_BACKEND", "memory")
        env.setdefault("GSETTINGS_SCHEMA_DIR",
                       os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
                           os.path.abspath(args.app)))), "data"))
        env.setdefault("BD_SOURCE_ROOT", ROOT)
        argv = [args.app] + (["--width", str(width)] if width else [])
        self.process = world.processes.start(argv, name="bd-a11y-app", env=env,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""
        line = self.read_line(STEP_DEADLINE * 2, "the window (READY)")
        if not line.startswith("READY"):
            raise Blocked("bd-a11y-app said %r instead of READY" % line)
        self.ports = {k: int(v) for k, v in (w.split("=") for w in line.split()[1:])}
        self.listener = self.on_event
        pyatspi.Registry.registerEventListener(
            self.listener,
            "object:state-changed:focused",
            "object:state-changed:expanded",
            "object:property-change:accessible-name",
            "object:property-change:accessible-description",
            "object:state-changed:showing",
            "object:children-changed")
        self.acc = main_context_wait(self.find_accessible, STEP_DEADLINE,
                                     "the application on the accessibility bus")
        self.frame = main_context_wait(lambda: self.find_window(None), STEP_DEADLINE,
                                       "the window on the accessibility bus")
        self.focus_x_window()

    # The window's answers (see a11y-app.c).

    def read_line(self, deadline, what):
        fd = self.process.stdout.fileno()
        end = min(time.monotonic() + deadline, World.overall_end)
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([fd], [], [], max(0, end - time.monotonic()))
            chunk = os.read(fd, 4096) if ready else None
            if chunk is None:
                raise Blocked("waited %.0f s in vain for %s" % (deadline, what))
            if chunk == b"":
                raise Blocked("bd-a11y-app ended (status %s) before %s" %
                              (self.process.wait(), what))
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def ask(self, command):
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()
        return json.loads(self.read_line(STEP_DEADLINE, "the answer to “%s”" % command))

    def focus(self):
        return self.ask("focus")

    def page(self):
        return self.ask("page")["page"]

    def settle(self):
        """Until the window has handled every key sent, and AT-SPI has
        delivered what it said meanwhile."""
        self.ask("sync")
        # A call to the window over AT-SPI: its answer comes after every
        # event it sent before, on the same connection.
        self.frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        context = GLib.MainContext.default()
        while context.pending():
            context.iteration(False)

    # AT-SPI.

    def on_event(self, event):
        try:
            source = event.source
            self.events.append({
                "type": event.type, "detail1": event.detail1, "source": source,
                "path": source.path if source is not None else None,
                "role": source.getRoleName() if source is not None else None,
                "value": str(event.any_data) if event.any_data is not None else "",
                "time": time.monotonic(),
            })
        except Exception as e:  # noqa: an object that went away meanwhile
            self.events.append({"type": event.type, "error": str(e), "time": time.monotonic(),
                                "path": None, "detail1": 0})

    def find_accessible(self):
        for app in pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:  # noqa: another application going away
                continue
        if self.process.poll() is not None:
            raise Blocked("bd-a11y-app ended (status %d)" % self.process.returncode)
        return None

    def windows(self):
        self.acc.clear_cache()
        return [w for w in self.acc if w is not None]

    def find_window(self, name):
        for window in self.windows():
            if name is None and window.getRoleName() == "frame":
                return window
            if name is not None and window.name == name:
                return window
        return None

    def focus_x_window(self):
        """What a window manager does for a window that opens, and for the
        window under one that closes: give it the X input focus. (There is
        no window manager on this display; GTK focuses a new window of its
        own, but nothing gives the focus back when one closes.)"""
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid",
                                str(self.process.pid)],
                               capture_output=True, text=True, timeout=STEP_DEADLINE)
        for window in found.stdout.split():
            subprocess.run(["xdotool", "windowfocus", "--sync", window],
                           capture_output=True, timeout=STEP_DEADLINE)
        main_context_wait(lambda: self.frame.getState().contains(pyatspi.STATE_ACTIVE),
                          STEP_DEADLINE, "the window to become active")
        self.settle()

    def focused_accessible(self, since):
        """The element AT-SPI last said got the focus after @since, if it
        still has it."""
        for event in reversed(self.events[since:]):
            if event["type"] == "object:state-changed:focused" and event["detail1"] == 1:
                source = event["source"]
                try:
                    source.clear_cache()
                    if source.getState().contains(pyatspi.STATE_FOCUSED):
                        return source
                except Exception:  # noqa: gone
                    return None
                return None
        return None

    # The keyboard.

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--delay", "30"] + list(keys), check=True,
                       timeout=STEP_DEADLINE)
        self.settle()

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True,
                       timeout=STEP_DEADLINE)
        self.settle()

    def tab(self, backward=False):
        mark = len(self.events)
        self.key("shift+Tab" if backward else "Tab")
        return Stop(self.focus(), self.focused_accessible(mark))

    def close(self):
        pyatspi.Registry.deregisterEventListener(
            self.listener,
            "object:state-changed:focused",
            "object:state-changed:expanded",
            "object:property-change:accessible-name",
            "object:property-change:accessible-description",
            "object:state-changed:showing",
            "object:children-changed")
        self.world.processes.stop_one(self.process)


# --- reading the tree -------------------------------------------------------

def extents(acc):
    try:
        e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return (e.x, e.y, e.width, e.height)
    except Exception:  # noqa: no Component (a stack page)
        return None


def on_screen(acc):
    e = extents(acc)
    return e is None or (e[2] > 0 and e[3] > 0)


def walk(acc, depth=0, everything=False):
    """Every element that is on screen, depth first: elements of zero size
    (a collapsed row's children, a stack's hidden pages) are not, unless
    @everything."""
    if acc is None or not (everything or on_screen(acc)):
        return
    yield acc, depth
    for child in acc:
        yield from walk(child, depth + 1, everything)


def text_of(acc):
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except Exception:  # noqa: no Text
        return None


def dump(acc):
    lines = []
    for node, depth in walk(acc):
        states = node.getState()
        flags = "".join(c for c, s in (("F", pyatspi.STATE_FOCUSABLE),
                                       ("f", pyatspi.STATE_FOCUSED),
                                       ("E", pyatspi.STATE_SENSITIVE),
                                       ("X", pyatspi.STATE_EXPANDED)) if states.contains(s))
        lines.append("%s%s “%s”%s %s %s" % ("  " * depth, node.getRoleName(), node.name,
                                            " (%s)" % node.description if node.description
                                            else "", flags, extents(node)))
    return "\n".join(lines)


class Words:
    """The window's words in the language of the run (po/LANG.po)."""

    def __init__(self, localedir, lang):
        self.lang = lang
        self.catalog = {}
        if lang != "en":
            translation = gettext.translation("brevduva", localedir, languages=[lang])
            self.catalog = {k: v for k, v in translation._catalog.items()
                            if isinstance(k, str) and k and v}
        self.english = {}
        for msgid, msgstr in self.catalog.items():
            plain = msgid.split("\x04")[-1].replace("_", "")
            if plain != msgstr.replace("_", ""):
                self.english[plain] = msgstr.replace("_", "")

    def __call__(self, text):
        return self.catalog.get(text, text) if self.lang != "en" else text

    def plain(self, text):
        return self(text).replace("_", "")


def name_problems(name, words):
    """What keeps a person from understanding @name, as a screen reader says it."""
    name = (name or "").strip()
    if not name:
        return ["no name"]
    if TYPE_NAME.match(name):
        return ["no name (GTK 4.8 says its type, “%s”)" % name]
    problems = []
    if MNEMONIC.search(name):
        problems.append("the mnemonic underscore is part of the name")
    parts = name.split()
    half = len(parts) // 2
    if len(parts) % 2 == 0 and half and \
            [p.lower().strip("_") for p in parts[:half]] == \
            [p.lower().strip("_") for p in parts[half:]]:
        problems.append("it says the same words twice")
    if words.lang != "en":
        for candidate in {name, name.replace("_", ""), " ".join(parts[:half]).replace("_", ""),
                          " ".join(parts[half:]).replace("_", "")}:
            if candidate in words.english:
                problems.append("it is in English (the %s is “%s”)" %
                                (words.lang, words.english[candidate]))
                break
    return problems


# --- the checks -------------------------------------------------------------

class Run:
    """One language: the checks, in the order a person meets them."""

    def __init__(self, tap, world, args, lang):
        self.tap = tap
        self.world = world
        self.args = args
        self.lang = lang
        self.words = Words(args.localedir, lang)
        self.blocked = None
        self.app = None

    def check(self, name, func, *fargs, step=False, quiet=False):
        """Runs one check. A failed step of the way blocks what follows."""
        name = "%s: %s" % (self.lang, name)
        if self.blocked is not None:
            self.tap.ok(False, name, "not reached: %s" % self.blocked)
            return None
        if time.monotonic() > World.overall_end:
            self.tap.ok(False, name, "not reached: the overall deadline passed")
            return None
        try:
            detail = func(*fargs)
            self.tap.ok(True, name)
            if detail and self.args.verbose and not quiet:
                self.tap.comment(detail)
            return detail
        except (CheckFailed, Blocked) as e:
            self.tap.ok(False, name, str(e))
            if step or isinstance(e, Blocked):
                self.blocked = "“%s” failed" % name
        except Exception as e:  # noqa: anything else is a failure too
            self.tap.ok(False, name, "%s: %s\n%s" % (type(e).__name__, e,
                                                      traceback.format_exc()))
            if step:
                self.blocked = "“%s” failed" % name
        return None

    def open_app(self, width=None):
        if self.app is not None:
            self.app.close()
        self.app = None
        self.app = App(self.world, self.args, self.lang, width)
        return self.app

    def close_app(self):
        if self.app is not None:
            self.app.close()
            self.app = None

    # Where things are.

    def current_page(self):
        """The leaflet's visible page: GTK 4.8 shows every page in the tree
        and none as showing, so the page is found by its type's name, which
        GTK 4.8 gives an element without a name of its own."""
        page_type = {"address": "BdAddressPage", "detection": "BdDetectionPage",
                     "servers": "BdServersPage", "done": "BdDonePage",
                     "test-existing": "BdExistingPage"}[self.app.page()]
        cache = self.app.__dict__.setdefault("pages", {})
        if page_type not in cache:
            for node, _ in walk(self.app.frame):
                if node.name == page_type:
                    cache[page_type] = node
                    break
            else:
                raise CheckFailed("no %s in the tree" % page_type)
        return cache[page_type]

    def header(self):
        """The header bar: what comes before the pages in the window."""
        for node, _ in walk(self.app.frame):
            if node.name == "AdwLeaflet":
                before = []
                for sibling in node.parent:
                    if sibling.path == node.path:
                        return before
                    before.append(sibling)
        return []

    def server_rows(self, root):
        """(header, row) of each server row: the header is the focusable
        part named "host:port"; the row, the element around it."""
        rows = []
        for node, _ in walk(root):
            if node.getRoleName() == "list item" and re.match(r"^\S+:\d+$", node.name or ""):
                outer = node.parent
                while outer is not None and outer.getRoleName() != "list item":
                    outer = outer.parent
                rows.append((node, outer))
        return rows

    def row_state(self, header):
        """The name of the row's status image: “Works” or “Failed” once
        tested, “Not tested” while testing. (GTK 4.8 keeps a stack's hidden
        child in the tree, at its old place, and shows no element as
        showing, so the spinner's presence says nothing; the image's name
        does.)"""
        for node, _ in walk(header, everything=True):
            if node is not header and node.getRoleName() == "image" and node.name and \
                    not TYPE_NAME.match(node.name):
                return node.name
        return None

    def tested(self, state):
        return state in (self.words("Works"), self.words("Failed"))

    # What every page must satisfy.

    def check_names(self, roots, stops):
        """Every control has a role and a name a person understands; no
        button or image is left without a name."""
        problems = []
        seen = set()

        def judge(node, why):
            key = node.path
            if key in seen:
                return
            seen.add(key)
            role = node.getRoleName()
            found = name_problems(node.name, self.words)
            if role in EMPTY_ROLES:
                found.insert(0, "its role, “%s”, says nothing of what it is" % role)
            if found:
                problems.append("%s “%s” at %s (%s): %s" % (role, node.name, extents(node), why,
                                                          "; ".join(found)))

        for stop in stops:
            if stop.acc is not None:
                judge(stop.acc, "a Tab stop")
        for root in roots:
            for node, _ in walk(root):
                role = node.getRoleName()
                states = node.getState()
                if role in CONTROL_ROLES and states.contains(pyatspi.STATE_FOCUSABLE) and \
                        states.contains(pyatspi.STATE_SENSITIVE):
                    judge(node, "can take the focus")
                elif role in ("push button", "toggle button", "image", "icon"):
                    if name_problems(node.name, self.words)[:1] and \
                            name_problems(node.name, self.words)[0].startswith("no name"):
                        judge(node, "on screen")
        if problems:
            raise CheckFailed("%d element(s) a screen reader cannot name well:\n%s" %
                              (len(problems), "\n".join(problems)))
        return "%d elements named well" % len(seen)

    def tab_cycle(self, limit=80):
        """Tab from where the focus is, round, back to it."""
        app = self.app
        start = app.focus()
        if "id" not in start:
            raise CheckFailed("nothing has the keyboard focus in “%s”" % start.get("window"))
        stops = [Stop(start, None)]
        for _ in range(limit):
            stop = app.tab()
            if stop.gtk.get("id") == start["id"]:
                stops[0].acc = stop.acc
                return stops
            stops.append(stop)
        raise CheckFailed("Tab did not come back round in %d presses; it went: %s" %
                          (limit, ", ".join(s.describe() for s in stops[:20])))

    @staticmethod
    def before(a, b):
        """Whether @a comes before @b in reading order (rows top to bottom,
        left to right within a row), as laid out, scrolling aside."""
        ax, ay, ah = a.gtk["page_x"], a.gtk["page_y"], a.gtk["height"]
        bx, by, bh = b.gtk["page_x"], b.gtk["page_y"], b.gtk["height"]
        if ay + ah <= by + 2:
            return True
        if by + bh <= ay + 2:
            return False
        return ax <= bx

    def check_order(self, stops):
        """Tab visits the controls in the order they are laid out: round the
        cycle, exactly one step goes back up (from the last to the first)."""
        backward = []
        n = len(stops)
        for i in range(n):
            a, b = stops[i], stops[(i + 1) % n]
            if a.gtk.get("window") != b.gtk.get("window") or "page_y" not in a.gtk or \
                    "page_y" not in b.gtk:
                backward.append((a, b, "into another window"))
            elif not self.before(a, b):
                backward.append((a, b, "from (%d, %d) back to (%d, %d)" % (
                    a.gtk["page_x"], a.gtk["page_y"], b.gtk["page_x"], b.gtk["page_y"])))
        order = "\n".join("%2d. %s at (%s, %s)" % (i + 1, s.describe(), s.gtk.get("page_x"),
                                                    s.gtk.get("page_y"))
                          for i, s in enumerate(stops))
        if len(backward) != 1 or n < 2:
            raise CheckFailed(
                "Tab goes against the layout %d time(s) in one round (once, to start again "
                "at the top, is right):\n%s\nthe order:\n%s" % (
                    len(backward), "\n".join("%s → %s: %s" % (a.describe(), b.describe(), why)
                                             for a, b, why in backward), order))
        return "the order:\n" + order

    def check_announced(self, stops):
        """Every Tab stop is shown to AT-SPI as focused (a screen reader
        says nothing for one that is not)."""
        silent = [s for s in stops if s.acc is None]
        if silent:
            raise CheckFailed(
                "%d of %d Tab stops are not shown as focused over AT-SPI (no "
                "state-changed:focused with detail 1, and no element has STATE_FOCUSED):\n%s" %
                (len(silent), len(stops), "\n".join(s.describe() for s in silent)))
        return "%d stops, each focused over AT-SPI" % len(stops)

    def page_checks(self, title, roots_func, with_header=True):
        """Names, order and focus of one page (or window), Tab round."""
        stops = self.check("%s: Tab goes round the page and back" % title, self.tab_cycle,
                           quiet=True)
        if stops is None:
            stops = []

        def names():
            roots = roots_func()
            if with_header:
                roots = roots + self.header()
            return self.check_names(roots, stops)
        self.check("%s: every control has a role and a name a person understands, and no "
                   "button or image is without a name" % title, names)
        if stops:
            self.check("%s: Tab follows the visual order" % title, self.check_order, stops)
            self.check("%s: every Tab stop is focused over AT-SPI" % title,
                       self.check_announced, stops)
        if self.args.verbose:
            try:
                for root in roots_func():
                    log(dump(root))
            except Exception as e:  # noqa: only a picture for the log
                log("no dump: %s" % e)

    # The way, by keyboard.

    def tab_to(self, what, predicate, limit=60, backward=False):
        app = self.app
        visited = []
        ids = []
        for _ in range(limit):
            focus = app.focus()
            if predicate(focus):
                return focus
            place = "%s%s" % (focus.get("type"), " “%s”" % (focus.get("row") or focus.get("label"))
                              if focus.get("row") or focus.get("label") else "")
            if focus.get("id") in ids:
                break
            ids.append(focus.get("id"))
            visited.append(place)
            app.tab(backward)
        raise CheckFailed("%s never reached %s; it went round: %s" % (
            "Shift+Tab" if backward else "Tab", what, ", ".join(visited)))

    def in_row(self, title):
        return lambda f: f.get("row") == title and f.get("type") in ("GtkText",
                                                                     "AdwActionRow",
                                                                     "AdwComboRow")

    def button(self, label):
        return lambda f: f.get("type", "").endswith("Button") and f.get("label") == label

    def wait_page(self, page, deadline=STEP_DEADLINE):
        main_context_wait(lambda: self.app.page() == page, deadline,
                          "the %s page" % page)

    # The first minute (issue 15 §4).

    def first_focus(self):
        app = self.open_app()
        focus = app.focus()
        stop = Stop(focus, app.focused_accessible(0))
        expected = self.words("Your Name")
        if focus.get("row") != expected:
            raise CheckFailed(
                "the window opens with the focus in “%s” (%s), not in “%s”; over AT-SPI: %s" %
                (focus.get("row") or focus.get("label"), focus.get("type"), expected,
                 stop.describe()))
        return "focus in “%s”" % expected

    def first_minute(self, width):
        app = self.open_app(width)
        frame = extents(app.frame)
        app.type(USER_NAME)
        app.key("Tab")
        app.type(ADDRESS)
        app.key("Tab")
        app.type(PASSWORD)
        problems = []
        # The page's three text fields, in the order they are laid out.
        fields = [node for node, _ in walk(self.current_page())
                  if node.getRoleName() in ("text", "password text")]
        titles = [self.words("Your Name"), self.words("Email Address"), self.words("Password")]
        for field, title in zip(fields, titles):
            if title.casefold() not in (field.name or "").casefold():
                problems.append("the field where “%s” belongs is named “%s”" % (title, field.name))
        name_field, address_field, password_field = (
            [text_of(f) for f in fields] + [None, None, None])[:3]
        if name_field != USER_NAME:
            problems.append("“%s” holds %r" % (self.words("Your Name"), name_field))
        if address_field != ADDRESS:
            problems.append("“%s” holds %r" % (self.words("Email Address"), address_field))
        if not password_field or len(password_field) != len(PASSWORD):
            problems.append("“%s” holds %d characters, not %d" % (
                self.words("Password"), len(password_field or ""), len(PASSWORD)))
        cont = None
        for node, _ in walk(self.current_page()):
            if node.getRoleName() == "push button" and \
                    self.words.plain("_Continue") in node.name.replace("_", ""):
                cont = node
        if cont is None:
            problems.append("there is no Continue button on screen")
        else:
            states = cont.getState()
            box = extents(cont)
            if not states.contains(pyatspi.STATE_SENSITIVE):
                problems.append("Continue cannot be pressed (the address is not valid)")
            if box is None or box[0] < 0 or box[1] < 0 or box[0] + box[2] > frame[2] or \
                    box[1] + box[3] > frame[3]:
                problems.append("Continue at %s is not inside the window %s" % (box, frame))
        focus = app.focus()
        if problems:
            raise CheckFailed("after typing name, Tab, address, Tab, password from where the "
                              "focus starts (window %dx%d; the keyboard is now in “%s”):\n%s" %
                              (frame[2], frame[3], focus.get("row") or focus.get("label"),
                               "\n".join(problems)))
        return "window %dx%d, Continue at %s" % (frame[2], frame[3], extents(cont))

    # The whole way.

    def whole_way(self):
        """Address, detection, servers, the question, the details, done and
        an existing account, by the keyboard alone; each page checked as
        it comes. Each step of the way that fails blocks the rest (reported
        as not reached, never as skipped)."""
        def open_window():
            self.open_app()
            return "ports %s" % self.app.ports
        self.check("the window opens on the accessibility bus", open_window, step=True)
        if self.blocked:
            return
        app = self.app
        words = self.words
        page_root = lambda: [self.current_page()]  # noqa: E731

        # The address page, Tab round from the first field.
        def to_first_field():
            self.tab_to("“%s”" % words("Your Name"), self.in_row(words("Your Name")),
                        backward=True)
        self.check("keyboard: the focus is in, or Shift+Tab reaches, “Your Name”", to_first_field,
                   step=True)
        self.page_checks("address page", page_root)

        def fill_address():
            self.tab_to("“%s”" % words("Your Name"), self.in_row(words("Your Name")))
            app.type(USER_NAME)
            app.key("Tab")
            focus = app.focus()
            if focus.get("row") != words("Email Address"):
                raise CheckFailed("Tab from “%s” went to %s, not “%s”" % (
                    words("Your Name"), focus.get("row") or focus.get("type"),
                    words("Email Address")))
            app.type(UNKNOWN_ADDRESS)
            app.key("Tab")
            focus = app.focus()
            if focus.get("row") != words("Password"):
                raise CheckFailed("Tab from “%s” went to %s, not “%s”" % (
                    words("Email Address"), focus.get("row") or focus.get("type"),
                    words("Password")))
            app.type(PASSWORD)
            app.key("Return")
            self.wait_page("detection")
            return "Enter went on to the detection page"
        self.check("keyboard: name, Tab, address, Tab, password and Enter go on", fill_address,
                   step=True)

        # The detection page, still asking.
        self.page_checks("detection page", page_root)

        def cancel_detection():
            self.tab_to("Cancel", self.button(words("_Cancel")))
            app.key("space")
            self.wait_page("address")
            focus = app.focus()
            fields = (words("Your Name"), words("Email Address"), words("Password"))
            if focus.get("row") not in fields:
                raise CheckFailed("back on the address page the keyboard is on %s, in none of "
                                  "its fields" % (focus.get("row") or focus.get("label") or
                                                  focus.get("type")))
            return "back in “%s”" % focus.get("row")
        self.check("keyboard: Cancel on the detection page returns to a field of the address "
                   "page", cancel_detection, step=True)

        # The servers: watched from before they are tested.
        mark = {}

        def to_servers():
            self.tab_to("“%s”" % words("Email Address"), self.in_row(words("Email Address")))
            app.key("ctrl+a")
            app.type(ADDRESS)
            mark["servers"] = len(app.events)
            app.key("Return")
            self.wait_page("servers")
            # Read at once, as a screen reader reads a page that appears:
            # which rows are still being tested.
            self.first_read = {h.name: self.row_state(h)
                               for h, _ in self.server_rows(self.current_page())}
            testing = [n for n, state in self.first_read.items()
                       if state == words("Not tested")]
            silent = "localhost:%d" % app.ports["silent"]
            if silent not in testing:
                raise CheckFailed("the server that never answers, “%s”, is not shown as being "
                                  "tested when the page appears: %s" % (silent, self.first_read))
            return "on the servers page; being tested: %s" % ", ".join(testing)
        self.check("keyboard: a corrected address and Enter reach the servers", to_servers,
                   step=True)

        def all_tested():
            rows = self.server_rows(self.current_page())
            states = [self.row_state(h) for h, _ in rows]
            return rows if rows and all(self.tested(s) for s in states) else None

        def servers_tested():
            rows = main_context_wait(all_tested, SERVER_DEADLINE, "every server's test to end")
            return "\n".join("%s: %s" % (h.name, self.row_state(h)) for h, _ in rows)
        self.check("servers page: every server is tested", servers_tested, step=True)
        self.check("servers page: each row whose test ended changed its own name or description",
                   self.check_results_announced, mark.get("servers", 0), None,
                   getattr(self, "first_read", {}))
        self.page_checks("servers page", page_root)

        imap_title = "localhost:%d" % app.ports["imap"]
        smtp_title = "localhost:%d" % app.ports["closed"]

        def open_row(title):
            self.tab_to("the row “%s”" % title,
                        lambda f: f.get("row") == title and f.get("type") == "AdwActionRow")
            header = self.find_header(title)
            app.key("Return")
            main_context_wait(lambda: self.first_child_row(title) is not None, STEP_DEADLINE,
                              "the row “%s” to open" % title)
            header.clear_cache()
            if not header.getState().contains(pyatspi.STATE_EXPANDED) and \
                    not (header.parent and header.parent.getState().contains(
                        pyatspi.STATE_EXPANDED)):
                raise CheckFailed("the row “%s” opened, but AT-SPI does not say it is "
                                  "expanded (no STATE_EXPANDED, nor on the row around it): a "
                                  "screen reader does not say it opened" % title)
            return "opened"
        self.check("keyboard: Enter opens the server row “%s”, and AT-SPI says it is open" %
                   imap_title, open_row, imap_title)
        self.page_checks("servers page, “%s” open" % imap_title, page_root)

        def trust():
            self.tab_to("“%s”" % words.plain("_Trust This Certificate…"),
                        lambda f: (f.get("row") or "").replace("_", "") ==
                        words.plain("_Trust This Certificate…"))
            app.key("Return")
            dialog_name = words("Trust This Certificate?")
            dialog = main_context_wait(lambda: app.find_window(dialog_name), STEP_DEADLINE,
                                       "the question “%s”" % dialog_name)
            main_context_wait(lambda: app.focus().get("window") == dialog_name, STEP_DEADLINE,
                              "the keyboard in the question")
            self.dialog = dialog
            return "asked"
        self.check("keyboard: Enter on “Trust This Certificate…” asks the question", trust,
                   step=True)
        self.page_checks("the question whether to trust", lambda: [self.dialog],
                         with_header=False)

        def fingerprint_readable():
            texts = []
            for node, _ in walk(self.dialog):
                texts += [node.name or "", node.description or "", text_of(node) or ""]
            groups = [t for t in texts if re.search(r"\b[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}", t)]
            if not groups:
                raise CheckFailed("the fingerprint is in no name, description or text of the "
                                  "question")
            named = [n for n, _ in walk(self.dialog)
                     if re.search(r"[0-9a-f]{4} [0-9a-f]{4}", n.name or "")]
            return "the fingerprint is readable%s" % (
                "" if named else " as text only (its element is named “%s”)" % words(
                    "SHA-256 Fingerprint"))
        self.check("the question: the fingerprint can be read out", fingerprint_readable)

        def answer_trust():
            mark["trust"] = len(app.events)
            self.tab_to("“%s”" % words.plain("_Trust"), self.button(words("_Trust")))
            app.key("space")
            main_context_wait(lambda: app.find_window(words("Trust This Certificate?")) is None,
                              STEP_DEADLINE, "the question to go")
            app.focus_x_window()
            main_context_wait(lambda: self.row_state(self.find_header(imap_title)) ==
                              words("Works"), SERVER_DEADLINE,
                              "“%s” to work with the certificate trusted" % imap_title)
            return "“%s” works" % imap_title
        self.check("keyboard: Trust, with Space, trusts the certificate and the server works",
                   answer_trust, step=True)

        def focus_after_trust():
            # Where the keyboard is now that the question has gone and the
            # row no longer offers the trust: a control a screen reader can
            # name, not the list that held the row that went.
            focus = app.focus()
            stop = Stop(focus, None)
            if focus.get("type") in ("GtkListBox", "GtkBox", None) or \
                    not (focus.get("row") or focus.get("label")):
                raise CheckFailed("the keyboard is on %s, not on a control" % stop.describe())
            return "on %s" % stop.describe()
        self.check("keyboard: after the trust, the focus is on a control, not on the list "
                   "around the row that went", focus_after_trust)
        self.check("servers page: the row tested again after the trust changed its own name or "
                   "description", self.check_results_announced, mark.get("trust", 0), imap_title)

        def details():
            self.tab_to("“%s”" % words.plain("_Details"),
                        lambda f: (f.get("row") or "").replace("_", "") ==
                        words.plain("_Details"))
            app.key("Return")
            name = words("Server Details")
            self.details = main_context_wait(lambda: app.find_window(name), STEP_DEADLINE,
                                             "the window “%s”" % name)
            main_context_wait(lambda: app.focus().get("window") == name, STEP_DEADLINE,
                              "the keyboard in “%s”" % name)
            return "open"
        self.check("keyboard: Enter on “Details” opens the details of the test", details,
                   step=True)
        self.page_checks("the details of a test", lambda: [self.details], with_header=False)

        def close_details():
            app.key("Escape")
            main_context_wait(lambda: app.find_window(words("Server Details")) is None,
                              STEP_DEADLINE, "the details to close")
            app.focus_x_window()
            main_context_wait(lambda: app.focus().get("window") == "Brevduva", STEP_DEADLINE,
                              "the keyboard back in the main window")
            return "closed; the focus is back in the window"
        self.check("keyboard: Escape closes the details", close_details, step=True)

        def correct_port():
            self.check_step_open_row(smtp_title)
            self.tab_to("“%s” in “%s”" % (words("Port"), smtp_title),
                        lambda f: f.get("row") == words("Port") and f.get("type") == "GtkText"
                        and self.focus_inside(f, smtp_title))
            mark["port"] = len(app.events)
            app.key("ctrl+a")
            app.type(str(app.ports["smtp"]))
            app.key("Return")
            new_title = "localhost:%d" % app.ports["smtp"]
            main_context_wait(lambda: self.find_header(new_title) is not None and
                              self.row_state(self.find_header(new_title)) == words("Works"),
                              SERVER_DEADLINE, "“%s” to work" % new_title)
            return "“%s” works" % new_title
        self.check("keyboard: a corrected port, applied with Enter, is tested again and works",
                   correct_port, step=True)
        self.check("servers page: the row tested again after its port changed its own name or "
                   "description", self.check_results_announced, mark.get("port", 0),
                   "localhost:%d" % app.ports["smtp"])

        def save():
            self.tab_to("“%s”" % words.plain("_Save Password"),
                        self.button(words("_Save Password")))
            app.key("Return")
            self.wait_page("done")
            main_context_wait(lambda: self.done_settled(), SERVER_DEADLINE,
                              "the password to be stored")
            return "done"
        self.check("keyboard: “Save Password” reaches the done page", save, step=True)
        self.page_checks("done page", page_root)

        def menu_existing():
            mark["menu"] = len(app.events)
            app.key("F10")
            item_name = words.plain("_Test an Existing Account")
            item = main_context_wait(lambda: self.focused_menu_item(mark["menu"]),
                                     STEP_DEADLINE, "a menu item to have the focus")
            names = self.menu_items()
            if item_name not in names:
                raise CheckFailed("the main menu holds %s, without “%s”" % (names, item_name))
            for _ in range(len(names) + 1):
                focused = self.focused_menu_item(mark["menu"])
                if focused is not None and focused.name == item_name:
                    break
                app.key("Down")
            app.key("Return")
            self.wait_page("test-existing")
            problems = [n for n in names if name_problems(n, self.words)]
            if problems:
                raise CheckFailed("reached, but the menu's items are named badly: %s" %
                                  "; ".join("“%s”: %s" % (n, ", ".join(name_problems(n, words)))
                                            for n in problems))
            return "menu items: %s" % ", ".join(names)
        self.check("keyboard: F10 opens the main menu, and “Test an Existing Account” is "
                   "chosen with the arrows and Enter", menu_existing, step=True)
        self.page_checks("“Test an Existing Account”", page_root)

        def existing():
            self.tab_to("“%s”" % words("Server"), self.in_row(words("Server")))
            app.type("localhost")
            self.tab_to("“%s”" % words("Port"), self.in_row(words("Port")))
            app.key("ctrl+a")
            app.type(str(app.ports["imap"]))
            self.tab_to("“%s”" % words("User Name"), self.in_row(words("User Name")))
            app.type(ADDRESS)
            self.tab_to("“%s”" % words("Password"), self.in_row(words("Password")))
            app.type("not the password")
            mark["existing"] = len(app.events)
            app.key("Return")
            rows = main_context_wait(lambda: all_tested(), SERVER_DEADLINE,
                                     "the existing account's test to end")
            return "\n".join("%s: %s" % (h.name, self.row_state(h)) for h, _ in rows)
        self.check("keyboard: an existing account's settings are typed and tested with Enter",
                   existing, step=True)
        self.check("“Test an Existing Account”: each row whose test ended changed its own name "
                   "or description", self.check_results_announced, mark.get("existing", 0), None)
        self.page_checks("“Test an Existing Account” with results", page_root)

    # Helpers of the way.

    def find_header(self, title):
        for header, _ in self.server_rows(self.current_page()):
            if header.name == title:
                return header
        return None

    def first_child_row(self, title):
        header = self.find_header(title)
        if header is None:
            return None
        _, outer = next(((h, o) for h, o in self.server_rows(self.current_page())
                         if h.name == title), (None, None))
        if outer is None:
            return None
        for node, _ in walk(outer):
            if node.path not in (header.path, outer.path) and \
                    node.getRoleName() in ("list item", "text"):
                return node
        return None

    def focus_inside(self, focus, title):
        """Whether GTK's focus @focus is in the open server row @title,
        judged by where it is: below the row's header, above the next."""
        rows = self.server_rows(self.current_page())
        header = self.find_header(title)
        if header is None:
            return False
        top = extents(header)[1]
        below = [extents(h)[1] for h, _ in rows if extents(h)[1] > top]
        bottom = min(below) if below else float("inf")
        return top < focus.get("y", -1) < bottom

    def check_step_open_row(self, title):
        header = self.find_header(title)
        if header is None:
            raise CheckFailed("no server row “%s”" % title)
        if self.first_child_row(title) is None:
            self.tab_to("the row “%s”" % title,
                        lambda f: f.get("row") == title and f.get("type") == "AdwActionRow")
            self.app.key("Return")
            main_context_wait(lambda: self.first_child_row(title) is not None, STEP_DEADLINE,
                              "the row “%s” to open" % title)

    def done_settled(self):
        page = self.current_page()
        for node, _ in walk(page):
            if node.getRoleName() == "heading" and node.name and \
                    node.name != self.words("Saving Your Password…"):
                return True
        return False

    def focused_menu_item(self, since):
        acc = self.app.focused_accessible(since)
        if acc is not None and acc.getRoleName() in ("menu item", "check menu item",
                                                     "radio menu item"):
            return acc
        return None

    def menu_items(self):
        names = []
        for window in self.app.windows():
            for node, _ in walk(window):
                if node.getRoleName() in ("menu item", "check menu item", "radio menu item"):
                    names.append(node.name)
        return names

    def check_results_announced(self, since, only, first_read=None):
        """A row's test ended (testing, then ✓ or ✗) while it was on screen:
        its own accessible (the header a screen reader reads, or the row
        around it) must have changed its name or description, so that a
        screen reader can tell. With @only, the row named so, which was
        tested again while on screen; else every row on the page that was
        seen being tested (in @first_read, or by its status image's
        renaming), while those whose test had ended before they were read
        have nothing to tell."""
        app = self.app
        rows = self.server_rows(self.current_page())
        if only is not None:
            rows = [(h, o) for h, o in rows if h.name == only]
        if not rows:
            raise CheckFailed("no server row%s on the page" % (" “%s”" % only if only else ""))
        events = app.events[since:]
        silent = []
        told = []
        for header, outer in rows:
            paths = {header.path, outer.path if outer is not None else None}
            own = [e for e in events if e["path"] in paths and e["type"] in (
                "object:property-change:accessible-name",
                "object:property-change:accessible-description")]
            # What changed inside the row: its status image's name.
            images = [e["value"] for e in events
                      if e["type"] == "object:property-change:accessible-name" and
                      e.get("role") == "image" and e["path"] not in paths and
                      self.inside(e["path"], outer or header)]
            state = self.row_state(header)
            header.clear_cache()
            line = "“%s” (now %s; name “%s”, description “%s”)" % (
                header.name, state, header.name, header.description)
            if own:
                told.append(line + ": " + ", ".join("%s → “%s”" % (e["type"].split("-")[-1],
                                                                    e["value"]) for e in own))
            elif images:
                # A screen reader does not say a renamed image, nor a
                # subtitle's new text.
                silent.append(line + ": only its status image was renamed (%s), which a "
                              "screen reader does not announce" % " → ".join(images))
            elif only is not None:
                silent.append(line + ": nothing about it changed while it was tested again")
            elif (first_read or {}).get(header.name) == self.words("Not tested"):
                silent.append(line + ": it was being tested when the page was read, and "
                              "nothing about it changed when its test ended")
            else:
                told.append(line + ": its test ended before it was shown")
        if silent:
            raise CheckFailed("%d of %d rows changed neither name nor description when their "
                              "test ended:\n%s" % (len(silent), len(rows), "\n".join(silent)))
        return "\n".join(told)

    def inside(self, path, root):
        for node, _ in walk(root):
            if node.path == path:
                return True
        return False

    # All of it, for one language.

    def run(self):
        self.check("first minute: the window opens with the focus in “Your Name”",
                   self.first_focus)
        self.close_app()
        for width, what in ((None, "the default size"), (360, "360 px wide")):
            self.check("first minute: name, Tab, address, Tab, password leave a valid address "
                       "page with Continue in view, at %s" % what, self.first_minute, width)
            self.close_app()
        self.whole_way()
        self.close_app()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", required=True, help="bd-a11y-app")
    parser.add_argument("--localedir", default=None,
                        help="the build's po directory (the Swedish catalogue)")
    parser.add_argument("--lang", action="append", choices=["en", "sv"],
                        help="only this language (repeatable; default: en and sv)")
    parser.add_argument("--verbose", action="store_true",
                        help="the detail of passing checks, and each page's tree, on stderr")
    args = parser.parse_args()
    if args.localedir is None:
        args.localedir = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(args.app)))), "po")

    global GLib
    tap = Tap()
    processes = Processes()

    def terminated(signum, frame):
        processes.stop_all()
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGINT, terminated)

    # AT-SPI warns for every application without a cache (GTK 4.8 has
    # none); the test environment's fatal warnings are for the window, which
    # keeps them (App), not for this reader of it. GLib reads G_DEBUG when
    # it is loaded.
    global APP_G_DEBUG
    APP_G_DEBUG = os.environ.get("G_DEBUG")
    os.environ["G_DEBUG"] = ",".join(flag for flag in (APP_G_DEBUG or "").split(",")
                                     if flag and flag != "fatal-warnings")
    try:
        for tool in ("xdotool",):
            if shutil.which(tool) is None:
                raise Skip("%s is not installed (package %s)" % (tool, tool))
        try:
            import gi
            gi.require_version("Atspi", "2.0")
            from gi.repository import GLib as glib
        except (ImportError, ValueError) as e:
            raise Skip("python3-gi with Atspi 2.0 (gir1.2-atspi-2.0) is not installed: %s" % e)
        GLib = glib
        World.overall_end = time.monotonic() + OVERALL_DEADLINE
        world = World(processes)
        world.start_xvfb()
        world.start_a11y_bus()
        world.start_registry()
        for lang in args.lang or ["en", "sv"]:
            try:
                run = Run(tap, world, args, lang)
            except OSError as e:
                tap.ok(False, "%s: the catalogue is built" % lang,
                       "%s (ninja builds it into the build's po directory)" % e)
                continue
            run.run()
    except Skip as e:
        processes.stop_all()
        return tap.skip_all(str(e))
    finally:
        processes.stop_all()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
