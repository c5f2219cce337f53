#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox tier: the built brevduva-cli as `flatpak run` runs it (TAP).

    PYTHONPATH=tests/lib tests/sandbox/test-sandbox.py \\
        --cli _build/src/cli/brevduva-cli [--gui _build/src/gui/brevduva]

The app runs with the permissions of the manifest's finish-args
(flatpak/io.github.brevduva.Brevduva.json, read now) and nothing else, in a
sandbox that flatpak_sandbox.py builds as flatpak 1.14 does: bubblewrap, a
/.flatpak-info, and the session bus through xdg-dbus-proxy. Against it, on a
private session bus (dbus-run-session), run real host services:
gnome-keyring-daemon (the login keyring made and unlocked with a test
password), xdg-desktop-portal with gnome-keyring's Secret portal backend, a
stand-in owner of org.freedesktop.Notifications, and a scripted IMAP server
on loopback (tests/servers/mailserver.py); with --gui, Xvfb.

The cases prove that `brevduva-cli store` keeps the password through the
Secret portal in the app's own encrypted keyring file and not in the host's
keyring; that a second instance reads it back and another app cannot; that
the keyring needs no permission at all; that the D-Bus names and host paths
the manifest does not grant are out of reach; that --share=network is what
`brevduva-cli test` needs to reach a server; with --gui, that
--socket=fallback-x11 is what the window needs on X11; and with --save
(bd-sandbox-save, built from sandbox-save.c), that the assistant's own Save,
the window driven in-process through its fields inside the sandbox, keeps
the password through the portal in the app's keyring file, where a second
run reads it back. sandbox-probe.py looks around from inside.

Reports itself skipped (1..0 # SKIP) when not root, when a tool is missing,
or when bubblewrap cannot create namespaces here; leaves the window's case
out without --gui, Xvfb or xwininfo. With --runner flatpak (or
BD_SANDBOX_RUNNER=flatpak) the same cases run the app with the real
`flatpak run` instead, where the GNOME runtime and a build of the app are
installed: see flatpak/README.md, "Testing without the runtime".

The test runs itself again (--inside DIR) under dbus-run-session, so that
the bus and everything on it end with that run; this outer run then adds
one case: that no process the test started outlives it, and that its
folder is gone.
"""

import argparse
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, HERE)
# From PYTHONPATH under meson; by hand, from beside this folder.
sys.path.append(os.path.join(os.path.dirname(HERE), "lib"))
import brevduva_test  # noqa: E402
import flatpak_sandbox  # noqa: E402

APP_ID = "io.github.brevduva.Brevduva"
OTHER_APP_ID = "io.github.brevduva.SandboxNeighbour"
KEYRING_PASSWORD = "testpass"
PASSWORD = "Sandboxed pässword 42"
ADDRESS = "alice@gmail.com"
# What `store ADDRESS --offline` keeps: the built-in database's best IMAP,
# POP3 and SMTP server of gmail.com.
STORED = (("imap", "imap.gmail.com", 993), ("pop3", "pop.gmail.com", 995),
          ("smtp", "smtp.gmail.com", 465))
MAIL_PASSWORD = "imap-secret-7"
# For one service to come up, or one sandboxed run to end; generous, for a
# loaded machine: nothing waits this long when all is well.
DEADLINE = 60
MARKER = "BD_SANDBOX_DIR"
SERVICE_FILES = ("/usr/libexec/xdg-desktop-portal",
                 "/usr/share/xdg-desktop-portal/portals/gnome-keyring.portal")


def argument_parser():
    ap = brevduva_test.argument_parser(__doc__)
    ap.add_argument("--cli", required=True, help="the built brevduva-cli")
    ap.add_argument("--build-root", help="the build folder, bound in read-only "
                    "(default: the folder above the CLI's that holds meson-private)")
    ap.add_argument("--manifest", default=os.path.join(brevduva_test.SOURCE_ROOT, "flatpak",
                                                       APP_ID + ".json"))
    ap.add_argument("--gui", help="the built brevduva, for the window's case (needs Xvfb)")
    ap.add_argument("--save", help="the built bd-sandbox-save, for the case of the assistant's "
                    "own Save (needs --gui's Xvfb)")
    ap.add_argument("--runner", choices=["bwrap", "flatpak"],
                    default=os.environ.get("BD_SANDBOX_RUNNER") or "bwrap")
    ap.add_argument("--inside", metavar="DIR", help=argparse.SUPPRESS)
    return ap


def build_root_of(cli):
    path = os.path.dirname(cli)
    while path != "/":
        if os.path.isdir(os.path.join(path, "meson-private")):
            return path
        path = os.path.dirname(path)
    return os.path.dirname(cli)


# ---------------------------------------------------------------------------
# Outside: the checks before, the session, and the clean-up after
# ---------------------------------------------------------------------------

def missing(args):
    """Why the tier cannot run here, or None."""
    tools = ["dbus-run-session", "gnome-keyring-daemon", "certtool"]
    tools += ["flatpak"] if args.runner == "flatpak" else ["bwrap", "xdg-dbus-proxy"]
    for tool in tools:
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for path in SERVICE_FILES:
        if not os.path.exists(path):
            return f"{path} is missing (xdg-desktop-portal, gnome-keyring)"
    check = subprocess.run([sys.executable, "-c", "import gi; gi.require_version('Secret', '1')"],
                           capture_output=True)
    if check.returncode != 0:
        return "PyGObject or libsecret's typelib is missing (python3-gi, gir1.2-secret-1)"
    return None


def bwrap_refusal():
    """Why bubblewrap cannot build a sandbox here, or None when it can."""
    argv = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--die-with-parent",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64"):
        if os.path.islink("/" + name):
            argv += ["--symlink", os.readlink("/" + name), "/" + name]
    try:
        r = subprocess.run(argv + ["--", "/usr/bin/true"], capture_output=True, text=True,
                           timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        return "bwrap hangs here"
    if r.returncode != 0:
        return "bwrap cannot create namespaces here: " + " ".join(r.stderr.split())
    return None


def survivors(workdir):
    """PIDs of the processes (this one aside) whose environment names
    @workdir: everything the test started, the bus and the sandboxes too."""
    found = []
    needle = f"{MARKER}={workdir}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def describe_and_kill(pids):
    lines = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                lines.append(f"{pid}: " + f.read().replace(b"\0", b" ").decode(errors="replace"))
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return lines


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={dir}/runtime</listen>
  <auth>EXTERNAL</auth>
  <!-- No standard service folders: nothing is activated behind the test's
       back; it starts every service itself, and stops it by its PID. -->
  <servicedir>{dir}/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def outside(args, tap):
    if os.geteuid() != 0 and args.runner == "bwrap":
        return tap.skip_all("needs root (bubblewrap's mounts, as flatpak makes them)")
    why = missing(args)
    if why:
        return tap.skip_all(why + " (build-aux/install-deps installs it)")
    if args.runner == "bwrap":
        why = bwrap_refusal()
        if why:
            return tap.skip_all(why)

    base = None
    if args.runner == "flatpak":
        # flatpak gives the app an empty /tmp of its own: keep the test's
        # home folder, which flatpak binds in part, out of it.
        base = os.path.join(os.path.expanduser("~"), ".cache")
        os.makedirs(base, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="bd-sandbox.", dir=base)
    for sub in ("home", "host-data", "host-config", "host-cache", "runtime", "services"):
        os.makedirs(os.path.join(workdir, sub), mode=0o700)
    with open(os.path.join(workdir, "bus.conf"), "w", encoding="utf-8") as f:
        f.write(BUS_CONFIG.format(dir=workdir))

    env = dict(os.environ)
    # Nothing of the user's session: the test brings its own bus, keyring,
    # portal and display.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS",
                 "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK", "SECRET_BACKEND",
                 "SECRET_FILE_TEST_PATH", "SECRET_FILE_TEST_PASSWORD"):
        env.pop(name, None)
    if args.runner == "flatpak" and "FLATPAK_USER_DIR" not in env:
        # The user's own installation stays findable under the test's HOME.
        env["FLATPAK_USER_DIR"] = os.path.join(os.path.expanduser("~"), ".local/share/flatpak")
    env.update({
        MARKER: workdir,
        "HOME": os.path.join(workdir, "home"),
        "XDG_DATA_HOME": os.path.join(workdir, "host-data"),
        "XDG_CONFIG_HOME": os.path.join(workdir, "host-config"),
        "XDG_CACHE_HOME": os.path.join(workdir, "host-cache"),
        "XDG_RUNTIME_DIR": os.path.join(workdir, "runtime"),
        # gnome-keyring.portal serves the desktops its UseIn names.
        "XDG_CURRENT_DESKTOP": "GNOME",
    })
    argv = ["dbus-run-session", f"--config-file={workdir}/bus.conf", "--",
            sys.executable, os.path.abspath(__file__), "--inside", workdir,
            "--cli", args.cli, "--build-root", args.build_root, "--manifest", args.manifest,
            "--runner", args.runner]
    if args.gui:
        argv += ["--gui", args.gui]
    if args.save:
        argv += ["--save", args.save]
    if args.only:
        argv += ["--only", args.only]

    def on_signal(signum, _frame):
        # meson's timeout: what the test started goes with it.
        describe_and_kill(survivors(workdir))
        shutil.rmtree(workdir, ignore_errors=True)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    # The inner run's TAP goes on as it comes, its plan counting one more
    # case: the one this run adds at the end.
    session = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               text=True)
    planned = bailed = False
    for line in session.stdout:
        if line.startswith("1..") and not planned:
            planned = True
            count = int(line[3:].split()[0])
            if count == 0:
                print(line, end="", flush=True)
                continue
            line = f"1..{count + 1}\n"
        bailed = bailed or line.startswith("Bail out!")
        print(line, end="", flush=True)
    session.wait()

    left = describe_and_kill(survivors(workdir))
    shutil.rmtree(workdir, ignore_errors=True)
    if os.path.exists(workdir):
        left.append(f"{workdir} could not be removed")
    if not planned:
        return tap.bail_out(f"the inner run ended ({session.returncode}) before its TAP plan")
    if bailed or count == 0:
        return session.returncode
    tap.count = count
    tap.planned = True
    tap.ok(not left, "no process that the test started outlives it, and its folder is removed",
           "\n".join(left))
    status = tap.finish()
    return status or session.returncode


# ---------------------------------------------------------------------------
# Inside: the host services
# ---------------------------------------------------------------------------

class Services:
    """The host side: the processes this run starts (each stopped by its
    PID), and this process's connection to the private session bus."""

    def __init__(self, workdir):
        from gi.repository import Gio, GLib
        self.Gio, self.GLib = Gio, GLib
        self.workdir = workdir
        self.processes = []
        self.mail = None
        self.smtp = None
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def start(self, name, argv, stdin_text=None):
        env = dict(os.environ)
        # The daemons are not under test: they warn, rightly, that they have
        # no prompter, no RealtimeKit and so on.
        env.pop("G_DEBUG", None)
        with open(self.log_path(name), "w", encoding="utf-8") as log:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=log, stderr=log,
                                       env=env, text=True)
        if stdin_text is not None:
            process.stdin.write(stdin_text)
        process.stdin.close()
        self.processes.append((name, process))
        return process

    def log_path(self, name):
        return os.path.join(self.workdir, name + ".log")

    def log_of(self, name):
        try:
            with open(self.log_path(name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def call(self, name, path, interface, method, args=None, reply_type=None):
        GLib = self.GLib
        reply = self.bus.call_sync(name, path, interface, method, args,
                                   GLib.VariantType(reply_type) if reply_type else None,
                                   self.Gio.DBusCallFlags.NO_AUTO_START, DEADLINE * 1000, None)
        return reply.unpack() if reply is not None else None

    def bus_call(self, method, args, reply_type):
        return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         method, args, reply_type)[0]

    def wait_for_name(self, name, process, what):
        """Until @name has an owner (NameOwnerChanged), while @process lives,
        within DEADLINE."""
        Gio, GLib = self.Gio, self.GLib
        loop = GLib.MainLoop()
        failed = []
        deadline = time.monotonic() + DEADLINE

        def check():
            if process.poll() is not None:
                failed.append(f"{what} ended with status {process.returncode}:\n"
                              + self.log_of(what))
                loop.quit()
            elif time.monotonic() > deadline:
                failed.append(f"{what} did not take {name} within {DEADLINE} s")
                loop.quit()
            return True

        sub = self.bus.signal_subscribe("org.freedesktop.DBus", "org.freedesktop.DBus",
                                        "NameOwnerChanged", "/org/freedesktop/DBus", name,
                                        Gio.DBusSignalFlags.NONE, lambda *_: loop.quit())
        timer = GLib.timeout_add(100, check)
        try:
            while not self.bus_call("NameHasOwner", GLib.Variant("(s)", (name,)), "(b)"):
                loop.run()
                if failed:
                    raise RuntimeError(failed[0])
        finally:
            GLib.source_remove(timer)
            self.bus.signal_unsubscribe(sub)

    def default_collection(self):
        return self.call("org.freedesktop.secrets", "/org/freedesktop/secrets",
                         "org.freedesktop.Secret.Service", "ReadAlias",
                         self.GLib.Variant("(s)", ("default",)), "(o)")[0]

    def start_keyring(self):
        # --unlock reads the login keyring's password from standard input,
        # and makes that keyring, the default collection, as it starts.
        daemon = self.start("gnome-keyring-daemon",
                            ["gnome-keyring-daemon", "--foreground", "--unlock",
                             "--components=secrets"], stdin_text=KEYRING_PASSWORD)
        self.wait_for_name("org.freedesktop.secrets", daemon, "gnome-keyring-daemon")
        # The name can come a moment before the alias.
        deadline = time.monotonic() + DEADLINE
        while self.default_collection() != "/org/freedesktop/secrets/collection/login":
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise RuntimeError("gnome-keyring-daemon made no login keyring:\n"
                                   + self.log_of("gnome-keyring-daemon"))
            time.sleep(0.05)

    def start_goa(self):
        """A real goa-daemon on the host's bus, for the hand-off cases."""
        goa = self.start("goa-daemon", ["/usr/libexec/goa-daemon", "--replace"])
        self.wait_for_name("org.gnome.OnlineAccounts", goa, "goa-daemon")

    def start_portal(self):
        portal = self.start("xdg-desktop-portal", [SERVICE_FILES[0], "--verbose"])
        self.wait_for_name("org.freedesktop.portal.Desktop", portal, "xdg-desktop-portal")

    def own_name(self, name):
        """Owns @name on this process's connection: a stand-in for a host
        service (GDBus answers Peer.Ping by itself, without a main loop)."""
        if self.bus_call("RequestName", self.GLib.Variant("(su)", (name, 4)), "(u)") != 1:
            raise RuntimeError(f"could not own {name}")

    def ping(self, name):
        try:
            self.call(name, "/", "org.freedesktop.DBus.Peer", "Ping")
            return True
        except self.GLib.Error:
            return False

    def start_x(self):
        """A private Xvfb; returns its display (":N") once it takes
        connections: Xvfb writes the number to -displayfd then."""
        read_end, write_end = os.pipe()
        env = dict(os.environ)
        env.pop("G_DEBUG", None)
        with open(self.log_path("Xvfb"), "w", encoding="utf-8") as log:
            process = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp",
                                        "-screen", "0", "1280x1024x24"],
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       env=env, pass_fds=(write_end,))
        os.close(write_end)
        self.processes.append(("Xvfb", process))
        with os.fdopen(read_end, "rb") as f:
            ready, _, _ = select.select([f], [], [], DEADLINE)
            number = f.readline().decode().strip() if ready else ""
        if not number.isdigit():
            raise RuntimeError("Xvfb did not start:\n" + self.log_of("Xvfb"))
        return ":" + number

    def windows(self, display):
        """The names of the top-level windows on @display."""
        r = subprocess.run(["xwininfo", "-display", display, "-root", "-children"],
                           capture_output=True, text=True)
        return [line.split('"')[1] for line in r.stdout.splitlines() if line.count('"') >= 2]

    def activate_action(self, name, action):
        """org.gtk.Actions.Activate on the application that owns @name."""
        GLib = self.GLib
        path = "/" + name.replace(".", "/")
        self.call(name, path, "org.gtk.Actions", "Activate",
                  GLib.Variant("(sava{sv})", (action, [], {})))

    def search_host_keyring(self, attributes):
        """Paths of the items of the host's Secret Service (gnome-keyring,
        not the app's file) with @attributes, whatever their schema. Raw
        D-Bus: gnome-keyring does not export the item its portal backend
        makes, so libsecret's SecretService could not load it."""
        unlocked, locked = self.call("org.freedesktop.secrets", "/org/freedesktop/secrets",
                                     "org.freedesktop.Secret.Service", "SearchItems",
                                     self.GLib.Variant("(a{ss})", (attributes,)), "(aoao)")
        return sorted(unlocked + locked)

    def host_keyring_items(self):
        return sorted(self.call("org.freedesktop.secrets",
                                "/org/freedesktop/secrets/collection/login",
                                "org.freedesktop.DBus.Properties", "Get",
                                self.GLib.Variant("(ss)", ("org.freedesktop.Secret.Collection",
                                                           "Items")), "(v)")[0])

    def stop_all(self):
        """Stops every process this run started, by its PID; returns those
        that had to be killed."""
        stubborn = []
        for server in (self.mail, self.smtp):
            if server is not None and server.stop() is None:
                stubborn.append("mailserver.py")
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=DEADLINE)
                except subprocess.TimeoutExpired:
                    stubborn.append(f"{name} (pid {process.pid})")
                    process.kill()
                    process.wait()
        return stubborn


# ---------------------------------------------------------------------------
# Inside: the cases
# ---------------------------------------------------------------------------

class World:
    """What the cases share: the arguments, the manifest, the services, and
    one sandbox per (app id, permissions, home)."""

    args = None
    workdir = None
    home = None
    manifest = None
    context = None
    runtime = None
    services = None
    certs = None
    sandboxes = {}
    retry_lost_responses = False
    display = None
    runs = 0
    lost_responses = 0

    @classmethod
    def sandbox(cls, key, app_id=APP_ID, context=None, home=None):
        if key in cls.sandboxes:
            return cls.sandboxes[key]
        context = cls.context if context is None else context
        home = home or cls.home
        if cls.args.runner == "flatpak":
            runner = flatpak_sandbox.FlatpakRunner(app_id, context, cls.context, home)
            runner.display = cls.display or ""
            runner.cli = "brevduva-cli"
        else:
            runner = flatpak_sandbox.BwrapSandbox(
                app_id, cls.runtime, context, home, os.path.join(cls.workdir, "sandbox-" + key),
                [cls.args.build_root], os.environ["DBUS_SESSION_BUS_ADDRESS"],
                cls.retry_lost_responses)
            runner.display = cls.display or ""
            runner.cli = cls.args.cli
        shutil.copy(os.path.join(HERE, "sandbox-probe.py"), runner.data_home)
        cls.sandboxes[key] = runner
        return runner


W = World


class Case(brevduva_test.Case):
    def run(self, runner, command, args, stdin_text=None):
        r = runner.run(command, args, stdin_text=stdin_text, timeout=DEADLINE)
        self.runs.append(r)
        W.runs += 1
        W.lost_responses += r.lost_responses
        return r

    def probe(self, runner, *args):
        """sandbox-probe.py's findings inside @runner's sandbox, or {}."""
        r = self.run(runner, "python3", [os.path.join(runner.data_home, "sandbox-probe.py")]
                     + list(args))
        self.eq(r.rc, 0, "the probe's exit status (%s)" % " ".join(args))
        return r.json or {}

    def store(self, runner):
        r = self.run(runner, runner.cli, ["store", ADDRESS, "--password-stdin", "--no-verify",
                                          "--offline"], stdin_text=PASSWORD + "\n")
        self.eq(r.rc, 0, "store's exit status")
        for protocol, server, port in STORED:
            self.check(f"{protocol.upper()} password for {ADDRESS} on {server}, port {port}"
                       in r.stdout, f"store reports the {protocol} password stored")
        self.check(PASSWORD not in r.stdout + r.stderr, "the password was printed")
        return r

    def keyring_file(self, runner):
        """The app's own keyring file (libsecret's file backend: the default
        collection under XDG_DATA_HOME), once it is there."""
        path = os.path.join(runner.data_home, "keyrings", "default.keyring")
        deadline = time.monotonic() + DEADLINE
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                self.check(False, f"{path} did not appear")
                return None
            time.sleep(0.05)
        return path

    def lookup(self, runner, protocol, server):
        return self.probe(runner, "lookup", protocol, server, ADDRESS)

    def test_server(self, runner):
        """brevduva-cli test of the scripted IMAP server on the host's
        loopback, with its CA from the app's own folder."""
        ca = os.path.join(runner.data_home, "ca.crt")
        shutil.copy(os.path.join(W.certs, "ca.crt"), ca)
        return self.run(runner, runner.cli,
                        ["test", f"imaps://127.0.0.1:{W.services.mail.port}",
                         "--user", brevduva_test.USER, "--password-stdin", "--ca-file", ca,
                         "--timeout", "10", "--json"], stdin_text=MAIL_PASSWORD + "\n")


case = brevduva_test.Registry()


@case("/.flatpak-info names the app and carries the manifest's permissions; the home "
      "folder holds only the app's folder, and the XDG folders point into it")
def _(c):
    found = c.probe(W.sandbox("app"), "info")
    info = found.get("flatpak_info", {})
    c.eq(info.get("Application", {}).get("name"), APP_ID, "[Application] name")
    context = info.get("Context", {})
    for key, values in (("shared", W.context.shared), ("sockets", W.context.sockets),
                        ("devices", W.context.devices)):
        got = sorted(v for v in context.get(key, "").split(";") if v)
        c.eq(got, sorted(values), f"[Context] {key}")
    env = found.get("env", {})
    app_dir = os.path.join(W.home, ".var", "app", APP_ID)
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_CACHE_HOME", "cache")):
        c.eq(env.get(name), os.path.join(app_dir, sub), name)
    c.eq(env.get("FLATPAK_ID"), APP_ID, "FLATPAK_ID")
    c.eq(found.get("home"), [".var"], "what the home folder holds")


@case("store keeps the password through the Secret portal, in the app's own encrypted "
      "keyring file under its data folder")
def _(c):
    runner = W.sandbox("app")
    c.store(runner)
    path = c.keyring_file(runner)
    if path:
        with open(path, "rb") as f:
            data = f.read()
        c.check(data.startswith(b"GnomeKeyring\n\r\0\n"), f"{path} is no libsecret keyring file")
        for text in (PASSWORD, ADDRESS, "imap.gmail.com"):
            c.check(text.encode() not in data, f"{path} holds {text!r} in the clear")


@case("the host's keyring gets only the portal's key for the app, never the mail passwords")
def _(c):
    services = W.services
    for _, server, _ in STORED:
        c.eq(services.search_host_keyring({"server": server}), [],
             f"host keyring items for {server}")
    c.eq(services.search_host_keyring({"user": ADDRESS}), [], f"host keyring items for {ADDRESS}")
    keys = services.search_host_keyring({"app_id": APP_ID})
    c.eq(len(keys), 1, "the portal's keys for the app in the host's keyring")
    c.eq(services.host_keyring_items(), keys, "every item of the host's login keyring")


@case("a second sandboxed run reads each stored password back, and no other")
def _(c):
    runner = W.sandbox("app")
    for protocol, server, _ in STORED:
        c.eq(c.lookup(runner, protocol, server).get("password"), PASSWORD,
             f"the {protocol} password on {server}")
    c.eq(c.lookup(runner, "imap", "imap.example.org"), {"password": None, "error": None},
         "a login never stored")


BWRAP_ONLY = ("another app's",)


@case("another app's sandbox cannot decrypt Brevduva's keyring file: the portal gives "
      "each app a key of its own")
def _(c):
    runner = W.sandbox("neighbour", app_id=OTHER_APP_ID)
    own = c.keyring_file(W.sandbox("app"))
    theirs = os.path.join(runner.data_home, "keyrings", "default.keyring")
    os.makedirs(os.path.dirname(theirs), exist_ok=True)
    shutil.copy(own, theirs)
    found = c.lookup(runner, "imap", "imap.gmail.com")
    c.check(found.get("password") != PASSWORD, "another app read Brevduva's password")
    c.eq(len(W.services.search_host_keyring({"app_id": OTHER_APP_ID})), 1,
         "the portal's keys for the other app")


@case("the keyring needs no permission: store and read back work with no finish-arg at all")
def _(c):
    runner = W.sandbox("bare", context=flatpak_sandbox.Context(),
                       home=os.path.join(W.workdir, "home-bare"))
    c.store(runner)
    c.keyring_file(runner)
    c.eq(c.lookup(runner, "smtp", "smtp.gmail.com").get("password"), PASSWORD,
         "the smtp password, read back")


@case("the Secret Service, the keyring and other names the manifest does not grant are out "
      "of reach; the portal and the app's own name are not")
def _(c):
    denied = ("org.freedesktop.secrets", "org.gnome.keyring", "org.freedesktop.Notifications")
    for name in denied:
        c.check(W.services.ping(name), f"(control) {name} does not answer on the host")
    runner = W.sandbox("app")
    found = c.probe(runner, "dbus", "org.freedesktop.portal.Desktop", APP_ID, *denied)
    names = found.get("names", {})
    portal = names.get("org.freedesktop.portal.Desktop", {})
    c.check(portal.get("listed"), "the portal is not listed inside")
    c.eq(portal.get("ping"), "ok", "a ping of the portal")
    c.eq(names.get(APP_ID, {}).get("own"), "ok", "owning the app's own id")
    for name in denied:
        entry = names.get(name, {})
        if name in W.context.session_bus:
            c.check(False, f"the manifest grants {name}: flatpak/README.md says why it must not")
        c.check(not entry.get("listed"), f"{name} is listed inside")
        c.check(entry.get("ping") != "ok", f"{name} answers a ping from inside")
        c.check(entry.get("own") != "ok", f"{name} can be owned from inside")
    direct = c.probe(runner, "call-secret-service")
    c.eq(direct.get("reply"), None, "the Secret Service's answer to ReadAlias from inside")
    c.check((direct.get("error") or {}).get("remote") in
            ("org.freedesktop.DBus.Error.ServiceUnknown",
             "org.freedesktop.DBus.Error.NameHasNoOwner"),
            f"the call fails as if nobody owned the name: {direct}")


@case("host paths outside the app's folder are not visible; /usr and the build are "
      "read-only; /tmp is the sandbox's own")
def _(c):
    runner = W.sandbox("app")
    canary = os.path.join(W.home, "a-file-of-the-user")
    with open(canary, "w", encoding="utf-8") as f:
        f.write("in the host's home folder\n")
    # Each of these is on the host (the control), and must not be seen inside.
    there = [canary,
             os.path.join(W.workdir, "host-data", "keyrings"),  # the host's keyring
             os.path.join(W.workdir, "bus.conf"),
             os.path.join(W.workdir, "runtime"),  # the host's bus socket
             os.path.join(brevduva_test.SOURCE_ROOT, "meson.build"),
             "/root"]
    for path in there:
        c.check(os.path.exists(path), f"(control) {path} is not on the host")
    # Folders on the way to the home folder may show inside, with nothing
    # but the way in them.
    hidden = there + [path for path in ("/home", "/srv", "/opt", "/mnt", "/media", "/var/lib",
                                        "/boot", "/etc/shadow", "/run/dbus/system_bus_socket")
                      if not W.home.startswith(path + "/")]
    app_dir = os.path.join(W.home, ".var", "app", APP_ID)
    own = [os.path.join(app_dir, sub) for sub in ("data", "config", "cache")]
    readable = own + ["/usr/bin", "/tmp", W.home]
    if W.args.runner == "bwrap":
        readable.append(W.args.build_root)
    found = c.probe(runner, "paths", *(hidden + readable))
    for path in hidden:
        entry = found.get(path, {})
        # Flatpak may leave an empty folder on the way to one it binds.
        c.check(not entry.get("exists") or entry.get("entries") == [],
                f"{path} is visible inside: {entry}")
    for path in readable:
        c.check(found.get(path, {}).get("readable"), f"{path} is not readable inside")
    for path in own:
        c.eq(found.get(path, {}).get("writable"), True, f"{path} writable")
    c.eq(found.get("/usr/bin", {}).get("writable"), "EROFS", "/usr writable")
    if W.args.runner == "bwrap":
        c.eq(found.get(W.args.build_root, {}).get("writable"), "EROFS", "the build writable")
    name = f"bd-sandbox-{os.getpid()}"
    c.probe(runner, "write-tmp", name)
    if os.path.exists(os.path.join("/tmp", name)):
        os.unlink(os.path.join("/tmp", name))
        c.check(False, "a file written to /tmp inside appeared in the host's /tmp")


@case("--share=network: test reaches an IMAP server on the host's loopback and logs in")
def _(c):
    r = c.test_server(W.sandbox("app"))
    c.eq(r.rc, 0, "test's exit status")
    result = ((r.json or {}).get("results") or [{}])[0]
    c.eq(result.get("ok"), True, "ok")
    c.eq(result.get("login"), "ok", "login")


@case("without --share=network the same test cannot reach the server: the manifest needs it")
def _(c):
    if not c.check("--share=network" in W.context.args,
                   "the manifest lacks --share=network, which test needs (the case before)"):
        return
    before = W.services.mail.records()
    r = c.test_server(W.sandbox("no-network", context=W.context.without("--share=network")))
    c.eq(r.rc, 1, "test's exit status")
    result = ((r.json or {}).get("results") or [{}])[0]
    c.eq(result.get("ok"), False, "ok")
    c.eq((result.get("error") or {}).get("code"), "connection-refused", "error.code")
    c.eq(W.services.mail.records(), before, "what the server heard")


GOA_ADDRESS = "alice@fastmail.com"


def export_dry_run(c, runner, target):
    """export --dry-run --json of a built-in provider's account (no network,
    no password), inside @runner's sandbox."""
    return c.run(runner, runner.cli, ["export", GOA_ADDRESS, "--to", target, "--offline",
                                      "--dry-run", "--json"])


@case("--talk-name=org.gnome.OnlineAccounts: export --to goa reaches the host's goa-daemon "
      "through the proxy (its plan asks GOA for the accounts it has)")
def _(c):
    r = export_dry_run(c, W.sandbox("app"), "goa")
    c.eq(r.rc, 0, "export's exit status")
    steps = (r.json or {}).get("steps") or [{}]
    c.eq(steps[0].get("kind"), "dbus", "the plan's step")


@case("without --talk-name=org.gnome.OnlineAccounts the same plan cannot reach GOA: "
      "export-program-not-found, so the manifest needs it")
def _(c):
    if not c.check("--talk-name=org.gnome.OnlineAccounts" in W.context.args,
                   "the manifest lacks --talk-name=org.gnome.OnlineAccounts"):
        return
    context = W.context.without("--talk-name=org.gnome.OnlineAccounts")
    r = export_dry_run(c, W.sandbox("no-goa", context=context), "goa")
    c.eq(r.rc, 1, "export's exit status")
    c.eq(((r.json or {}).get("error") or {}).get("code"), "export-program-not-found",
         "error.code")


@case("a program whose settings live on the host (msmtp) is not offered inside the sandbox: "
      "export-program-not-found, and nothing is written")
def _(c):
    runner = W.sandbox("app")
    r = export_dry_run(c, runner, "msmtp")
    c.eq(r.rc, 1, "export's exit status")
    c.eq(((r.json or {}).get("error") or {}).get("code"), "export-program-not-found",
         "error.code")
    c.check("sandbox" in ((r.json or {}).get("error") or {}).get("message", ""),
            "the message says why: the sandbox")


GUI_ONLY = ("--socket=fallback-x11",)


@case("--socket=fallback-x11: the window opens on the host's X display (there is no Wayland "
      "here), and the app answers on its own bus name; without the socket it cannot open one")
def _(c):
    runner = W.sandbox("app")
    app = W.args.gui if W.args.runner == "bwrap" else "brevduva"
    seen = {}

    def watch():
        # The window is there once X lists it; then the app is asked to quit
        # through its own bus name, which only the proxy lets it own.
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and not seen.get("ended"):
            if "Brevduva" in W.services.windows(W.display):
                seen["window"] = True
                try:
                    W.services.activate_action(APP_ID, "quit")
                    seen["quit"] = True
                except W.services.GLib.Error as e:
                    seen["quit"] = str(e)
                return
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    r = c.run(runner, app, [])
    seen["ended"] = True
    watcher.join()
    c.check(seen.get("window"), "no window named Brevduva appeared on the X display")
    c.eq(seen.get("quit"), True, "app.quit through io.github.brevduva.Brevduva on the bus")
    c.eq(r.rc, 0, "the app's exit status after app.quit")

    without = W.context.without("--socket=fallback-x11", "--socket=x11", "--socket=wayland")
    r = c.run(W.sandbox("no-display", context=without), app, [])
    c.check(r.rc not in (0, brevduva_test.HUNG) and "display" in r.stderr.lower(),
            f"the app did not fail for want of a display ({r.rc}): {r.stderr.strip()[-300:]}")
    c.eq(W.services.windows(W.display), [], "windows on the X display")


SAVE_ONLY = ("the assistant's own Save",)


@case("the assistant's own Save, the window driven in-process inside the sandbox, keeps the "
      "password through the Secret portal in the app's keyring file; a second run reads it back")
def _(c):
    runner = W.sandbox("app")
    services = W.services
    user = brevduva_test.USER
    ca = os.path.join(runner.data_home, "ca.crt")
    shutil.copy(os.path.join(W.certs, "ca.crt"), ca)
    r = c.run(runner, W.args.save, ["--imap", str(services.mail.port),
                                    "--smtp", str(services.smtp.port),
                                    "--ca-file", ca, "--address", user],
              stdin_text=MAIL_PASSWORD + "\n")
    c.eq(r.rc, 0, f"bd-sandbox-save's exit status ({r.stderr.strip()[-400:]})")
    found = r.json or {}
    c.eq(found.get("page"), "done", "the page the assistant ended on")
    c.eq(found.get("store_state"), "stored", f"the Save ({found.get('store_error')})")
    c.check(MAIL_PASSWORD not in r.stdout + r.stderr, "the password was printed")
    c.keyring_file(runner)
    for protocol in ("imap", "smtp"):
        got = c.probe(runner, "lookup", protocol, "localhost", user)
        c.eq(got.get("password"), MAIL_PASSWORD, f"the {protocol} password, read back")
    c.eq(services.search_host_keyring({"user": user}), [], f"host keyring items for {user}")
    c.eq(services.search_host_keyring({"server": "localhost"}), [],
         "host keyring items for localhost")


def inside(args, tap):
    W.args = args
    W.workdir = args.inside
    W.home = os.environ["HOME"]
    # GLib in this process is the test's, not the code under test.
    os.environ.pop("G_DEBUG", None)
    try:
        W.manifest, W.context = flatpak_sandbox.Context.from_manifest(args.manifest)
    except flatpak_sandbox.UnknownPermission as e:
        tap.plan(1)
        tap.ok(False, "the manifest's finish-args are permissions that the sandbox applies",
               f"{e}\nTeach tests/sandbox/flatpak_sandbox.py this permission, or take it out "
               "of the manifest.")
        return tap.finish()
    m = W.manifest
    W.runtime = f"runtime/{m['runtime']}/{os.uname().machine}/{m['runtime-version']}"
    tap.comment("finish-args: " + " ".join(W.context.args))
    W.retry_lost_responses = args.runner == "bwrap" and flatpak_sandbox.libsecret_loses_responses()

    services = W.services = Services(W.workdir)
    try:
        try:
            services.start_keyring()
            services.start_portal()
            services.start_goa()
            # A stand-in for a notification daemon, which the app may not reach.
            services.own_name("org.freedesktop.Notifications")
            W.certs = os.path.join(W.workdir, "certs")
            brevduva_test.make_certs(W.certs)
            services.mail = brevduva_test.MailServer(
                "imap", "implicit", W.certs, password=MAIL_PASSWORD,
                record=os.path.join(W.workdir, "mail-record.jsonl"), timeout=DEADLINE)
            if args.gui and shutil.which("Xvfb") and shutil.which("xwininfo"):
                W.display = services.start_x()
            if args.save and W.display is not None and args.runner == "bwrap":
                services.smtp = brevduva_test.MailServer(
                    "smtp", "starttls", W.certs, password=MAIL_PASSWORD, timeout=DEADLINE)
        except (RuntimeError, OSError, subprocess.SubprocessError, services.GLib.Error) as e:
            return tap.bail_out(f"the host services did not start: {e}")
        if args.runner == "flatpak":
            # Needs a second app installed, with an id of its own.
            case.cases = [(n, f) for n, f in case.cases if not n.startswith(BWRAP_ONLY)]
        if W.display is None:
            tap.comment("no window case: it needs --gui PROGRAM, Xvfb and xwininfo")
            case.cases = [(n, f) for n, f in case.cases if not n.startswith(GUI_ONLY)]
        if services.smtp is None:
            tap.comment("no case of the assistant's own Save: it needs --save PROGRAM and the "
                        "window's display")
            case.cases = [(n, f) for n, f in case.cases if not n.startswith(SAVE_ONLY)]
        case.run(tap, Case)
        if W.lost_responses:
            tap.comment(f"libsecret (this host's, older than 0.21.4) lost the Secret portal's "
                        f"Response in {W.lost_responses} instances; each was run again "
                        f"({W.runs} sandboxed runs in all): see flatpak_sandbox.py")
    finally:
        stubborn = services.stop_all()
        if stubborn:
            tap.comment("killed after SIGTERM: " + ", ".join(stubborn))
        if tap.failed:
            for name in ("gnome-keyring-daemon", "xdg-desktop-portal"):
                tap.comment(f"--- {name} ---\n" + services.log_of(name))
    return tap.finish()


def main():
    args = argument_parser().parse_args()
    args.cli = os.path.abspath(args.cli)
    args.build_root = os.path.abspath(args.build_root or build_root_of(args.cli))
    if args.gui:
        args.gui = os.path.abspath(args.gui)
    if args.save:
        args.save = os.path.abspath(args.save)
    tap = brevduva_test.Tap(args.only)
    if args.inside:
        return inside(args, tap)
    return outside(args, tap)


if __name__ == "__main__":
    sys.exit(main())
