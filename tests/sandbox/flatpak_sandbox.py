# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Flatpak sandbox without Flatpak: what `flatpak run` would build for an
app, rebuilt from the manifest's finish-args with bubblewrap and
xdg-dbus-proxy, for the sandbox tier (tests/sandbox/test-sandbox.py).

No Flatpak runtime can be fetched where the tests run, so the host's /usr
stands in for the runtime (read-only), and the built program is bound in
read-only where the build left it. Everything else follows flatpak 1.14's
`flatpak run` (common/flatpak-run.c, flatpak-run-dbus.c, flatpak-context.c):

- `/.flatpak-info` names the app and holds its permissions ([Application],
  [Instance], [Context], [Session Bus Policy]); libsecret and
  xdg-desktop-portal both read it.
- The session bus is reached only through xdg-dbus-proxy with --filter: the
  app may own its own id, call any portal (org.freedesktop.portal.*) and hear
  their broadcasts under /org/freedesktop/portal/, and talk to nothing else
  unless finish-args says so. The proxy runs in a bwrap of its own that
  holds the same /.flatpak-info, because xdg-desktop-portal identifies the
  app by /proc/PID/root/.flatpak-info of the process on the other end of the
  bus connection, and that process is the proxy.
- A private /tmp, /run and /dev; the host's home folder is not there, only
  ~/.var/app/APP_ID (bound from the host at the same path), with
  XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME inside
  it; a new PID namespace; IPC and network namespaces of their own unless
  --share=ipc or --share=network.

Every finish-arg this module does not know raises UnknownPermission: a new
permission in the manifest has to be taught to the test before it passes,
so the tier always runs the app with exactly the manifest's permissions.

FlatpakRunner runs the same commands with the real `flatpak run`, for
machines where the runtime and a build of the app are installed.

A known bug of the stand-in runtime: libsecret before 0.21.4 (Debian 12 has
0.20.5) subscribes to the Secret portal's Response signal only after the
portal has answered RetrieveSecret ("file-backend: Subscribe before calling
dbus", libsecret !138), and Debian 12's GLib, with the fix for
CVE-2024-34397, drops a signal from a well-known name until it has learnt
that name's owner. When the Response wins that race, libsecret waits for it
forever. The GNOME runtime's libsecret (0.21.7 in GNOME 49) has the fix. With
an older libsecret, BwrapSandbox therefore watches the proxy's log, which
shows the race's outcome as it happens (lost_portal_response()), and runs
such an instance again at once; SandboxRun.lost_responses counts how often."""

import configparser
import io
import json
import os
import platform
import pwd
import select
import shlex
import subprocess
import time
import uuid

from brevduva_test import HUNG, CliRun, run_cli

PORTAL_CALL = "--call=org.freedesktop.portal.*=*"
PORTAL_BROADCAST = "--broadcast=org.freedesktop.portal.*=@/org/freedesktop/portal/*"
SANDBOX_BUS = "/run/flatpak/bus"
RETRIES = 50  # more runs of one instance whose portal Response libsecret lost

# The environment a test may hand to the app (the rest is cleared, as the
# fixed test environment of tests/meson.build would otherwise not reach it).
PASSED_ENVIRONMENT = ("G_DEBUG", "G_SLICE", "G_MESSAGES_DEBUG", "LC_ALL", "LANG", "LANGUAGE",
                      "MALLOC_CHECK_", "MALLOC_PERTURB_", "ASAN_OPTIONS", "UBSAN_OPTIONS",
                      "LSAN_OPTIONS", "GSETTINGS_BACKEND", "GSETTINGS_SCHEMA_DIR", "GTK_A11Y",
                      "NO_AT_BRIDGE", "GDK_BACKEND", "GSK_RENDERER")

# Files of the host's /etc that stand in for the runtime's own /etc.
RUNTIME_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "nsswitch.conf", "ssl",
               "ca-certificates", "fonts", "alternatives", "localtime", "machine-id")
# What flatpak takes from the host's /etc when the app has the network.
NETWORK_ETC = ("resolv.conf", "hosts", "host.conf", "gai.conf")


class UnknownPermission(Exception):
    """A finish-arg that this sandbox cannot apply."""


class Context:
    """The permissions of an app, as flatpak's FlatpakContext keeps them."""

    SHARES = ("network", "ipc")
    SOCKETS = ("x11", "fallback-x11", "wayland", "pulseaudio", "session-bus", "system-bus",
               "ssh-auth", "pcsc", "cups", "gpg-agent", "inherit-wayland-socket")
    DEVICES = ("dri", "input", "usb", "kvm", "shm", "all")

    def __init__(self):
        self.shared = []
        self.sockets = []
        self.devices = []
        self.filesystems = []
        self.session_bus = {}
        self.env = {}
        self.persistent = []
        self.args = []

    @classmethod
    def from_finish_args(cls, finish_args):
        context = cls()
        for arg in finish_args:
            context.apply(arg)
        return context

    @classmethod
    def from_manifest(cls, path):
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
        return manifest, cls.from_finish_args(manifest.get("finish-args", []))

    def apply(self, arg):
        if not arg.startswith("--") or "=" not in arg:
            raise UnknownPermission(f"{arg!r} is not a --KEY=VALUE permission")
        key, value = arg[2:].split("=", 1)
        if key == "share" and value in self.SHARES:
            self.shared.append(value)
        elif key == "socket" and value in self.SOCKETS:
            if value not in ("x11", "fallback-x11", "wayland"):
                raise UnknownPermission(f"{arg}: this sandbox does not provide that socket")
            self.sockets.append(value)
        elif key == "device" and value in self.DEVICES:
            if value != "dri":
                raise UnknownPermission(f"{arg}: this sandbox does not provide that device")
            self.devices.append(value)
        elif key == "filesystem":
            self.filesystems.append(value)
        elif key in ("talk-name", "own-name", "see-name"):
            self.session_bus[value] = key.split("-")[0]
        elif key in ("system-talk-name", "system-own-name", "system-see-name"):
            raise UnknownPermission(f"{arg}: this sandbox has no system bus proxy")
        elif key == "env" and "=" in value:
            name, _, setting = value.partition("=")
            self.env[name] = setting
        elif key == "persist":
            self.persistent.append(value)
        else:
            raise UnknownPermission(f"{arg}: not a permission this sandbox knows how to apply")
        self.args.append(arg)

    def without(self, *args):
        """A copy of this context without the finish-args @args."""
        other = Context()
        for arg in self.args:
            if arg not in args:
                other.apply(arg)
        return other

    def flatpak_info(self, app_id, runtime, instance_id, app_path):
        """The text of /.flatpak-info, laid out as flatpak writes it."""
        info = configparser.ConfigParser(interpolation=None, delimiters=("=",))
        info.optionxform = str
        info["Application"] = {"name": app_id, "runtime": runtime}
        info["Instance"] = {
            "instance-id": instance_id,
            "app-path": app_path,
            "branch": "master",
            "arch": platform.machine(),
            "flatpak-version": "1.14.10",
            "session-bus-proxy": "true",
            "devel": "false",
        }
        context = {}
        for key, values in (("shared", self.shared), ("sockets", self.sockets),
                            ("devices", self.devices), ("filesystems", self.filesystems),
                            ("persistent", self.persistent)):
            if values:
                context[key] = "".join(v + ";" for v in values)
        info["Context"] = context
        if self.session_bus:
            info["Session Bus Policy"] = dict(self.session_bus)
        if self.env:
            info["Environment"] = dict(self.env)
        text = io.StringIO()
        info.write(text, space_around_delimiters=False)
        return text.getvalue()

    def proxy_rules(self, app_id):
        """xdg-dbus-proxy's filter for the session bus, as flatpak builds it."""
        rules = ["--filter", f"--own={app_id}.*", f"--own=org.mpris.MediaPlayer2.{app_id}.*"]
        for name, policy in sorted(self.session_bus.items()):
            rules.append(f"--{policy}={name}")
        rules += [PORTAL_CALL, PORTAL_BROADCAST]
        return rules

    def flatpak_run_options(self, full):
        """`flatpak run` options that take away what @full grants and this
        context does not (for FlatpakRunner)."""
        options = []
        for arg in full.args:
            if arg in self.args:
                continue
            key, value = arg[2:].split("=", 1)
            inverse = {"share": "--unshare", "socket": "--nosocket", "device": "--nodevice",
                       "filesystem": "--nofilesystem", "talk-name": "--no-talk-name",
                       "own-name": "--no-talk-name", "see-name": "--no-talk-name",
                       "env": "--unset-env", "persist": None}[key]
            if inverse is None:
                raise UnknownPermission(f"{arg}: flatpak run cannot take it away")
            options.append(f"{inverse}={value.split('=')[0] if key == 'env' else value}")
        return options


def lost_portal_response(log):
    """Whether the proxy's --log shows that the app can no longer get the
    Secret portal's Response. libsecret 0.20.5 subscribes to it only once the
    reply to its RetrieveSecret call is in; GDBus then registers the
    subscription, sends AddMatch for it, and, for a sender it knows only by
    its well-known name, GetNameOwner, and drops a signal from that name
    until the owner's answer is in. So the Response is lost when the proxy
    forwarded it before the app's AddMatch that followed the RetrieveSecret
    call (it was not subscribed yet: the window, whose main loop is busy,
    loses this way), or before the answer to a GetNameOwner that the app
    sent after that call (brevduva-cli's way). The proxy logs what it
    forwards, both ways, in the order it writes it ("C12: -> ..." from the
    app, "B40: <- ... return from C12" to it); its own GetNameOwner calls say
    "fake"."""
    lines = log.splitlines()
    response = next((i for i, line in enumerate(lines)
                     if "signal org.freedesktop.portal.Request.Response" in line), None)
    if response is None:
        return False
    retrieve = max((i for i, line in enumerate(lines[:response])
                    if "call org.freedesktop.portal.Secret.RetrieveSecret" in line), default=-1)
    since = lines[retrieve + 1:response]
    if not any("call org.freedesktop.DBus.AddMatch" in line for line in since):
        return True
    owner_query = "-> org.freedesktop.DBus call org.freedesktop.DBus.GetNameOwner"
    calls = [line.split(":")[0] for line in since if owner_query in line]
    if any(not any(line.endswith(f"return from {call}") for line in since) for call in calls):
        return True
    # The app's first GetNameOwner, wherever it is (a loaded machine can put
    # the first lookup's before the RetrieveSecret call): its answer must come
    # before the Response too. Saying "lost" wrongly costs only a rerun.
    first = next((line.split(":")[0] for line in lines if owner_query in line), None)
    return first is None or not any(line.endswith(f"return from {first}")
                                    for line in lines[:response])


def libsecret_loses_responses():
    """Whether this host's libsecret (the stand-in runtime's) has the race
    that lost_portal_response() sees."""
    import gi
    gi.require_version("Secret", "1")
    from gi.repository import Secret
    return (Secret.MAJOR_VERSION, Secret.MINOR_VERSION, Secret.MICRO_VERSION) < (0, 21, 4)


class SandboxRun(CliRun):
    """One run inside the sandbox: CliRun's facts, for the command run
    inside, and the D-Bus proxy's log when it failed."""

    def __init__(self, command, argv, rc, stdout, stderr, elapsed, proxy_log=""):
        super().__init__(argv, rc, stdout, stderr, elapsed)
        self.command = command
        self.proxy_log = proxy_log
        self.lost_responses = 0

    def summary(self):
        lines = super().summary()
        lines[0] = "in the sandbox: " + shlex.join(self.command)
        if self.lost_responses:
            lines.append(f"run again {self.lost_responses} times: libsecret lost the portal's "
                         "Response")
        if self.rc != 0 and self.proxy_log:
            lines += ["proxy: " + line for line in self.proxy_log.splitlines()[-30:]]
        return lines


class BwrapSandbox:
    """`flatpak run` rebuilt: one call of run() is one sandboxed instance,
    with its own D-Bus proxy."""

    def __init__(self, app_id, runtime, context, home, workdir, binds, bus_address,
                 retry_lost_responses=False):
        self.app_id = app_id
        self.runtime = runtime
        self.context = context
        self.home = home
        self.app_dir = os.path.join(home, ".var", "app", app_id)
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.binds = binds
        self.bus_address = bus_address
        self.retry_lost_responses = retry_lost_responses
        # The host's X display and Wayland socket, for --socket=x11,
        # fallback-x11 and wayland: the test's own, not the session's.
        self.display = os.environ.get("DISPLAY", "")
        self.wayland_socket = None
        self.uid = os.getuid()
        for sub in ("data", "config", "cache", ".local/state"):
            os.makedirs(os.path.join(self.app_dir, sub), exist_ok=True)

    @property
    def data_home(self):
        return os.path.join(self.app_dir, "data")

    def _write(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, 0o600)
        return path

    def _start_proxy(self, info_path, socket_path, log_path):
        """Starts xdg-dbus-proxy in a bwrap holding /.flatpak-info, as
        flatpak does; returns (process, the read end of its sync pipe) once
        it listens."""
        argv = ["bwrap"]
        for entry in sorted(os.listdir("/")):
            path = "/" + entry
            if entry == ".flatpak-info":
                continue
            if os.path.islink(path):
                argv += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                writable = entry in ("tmp", "var", "run")
                argv += ["--bind" if writable else "--ro-bind", path, path]
        argv += ["--ro-bind", info_path, "/.flatpak-info", "--die-with-parent", "--"]
        ready_read, ready_write = os.pipe()
        # Line-buffered, so that lost_portal_response() reads the log live.
        argv += ["stdbuf", "-oL", "-eL", "xdg-dbus-proxy", f"--fd={ready_write}",
                 self.bus_address, socket_path]
        argv += self.context.proxy_rules(self.app_id) + ["--log"]
        log = open(log_path, "w", encoding="utf-8")
        try:
            proxy = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                     pass_fds=(ready_write,))
        finally:
            os.close(ready_write)
            log.close()
        # The proxy writes one byte when it listens (flatpak waits the same
        # way), and stops when the last copy of the read end is closed.
        ready, _, _ = select.select([ready_read], [], [], 30)
        if not ready or os.read(ready_read, 1) != b"x":
            os.close(ready_read)
            proxy.kill()
            proxy.wait()
            with open(log_path, encoding="utf-8") as f:
                raise RuntimeError("xdg-dbus-proxy did not start:\n" + f.read())
        return proxy, ready_read

    def _app_argv(self, info_path, socket_path, sync_fd, command):
        ctx = self.context
        home = self.home
        runtime_dir = f"/run/user/{self.uid}"
        user = pwd.getpwuid(self.uid)
        passwd = self._write("passwd",
                             f"{user.pw_name}:x:{self.uid}:{os.getgid()}::{home}:/bin/sh\n"
                             "nobody:x:65534:65534:Unmapped user:/:/sbin/nologin\n")
        group = self._write("group", f"{user.pw_name}:x:{os.getgid()}:\n"
                                     "nogroup:x:65534:\n")
        argv = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid",
                "--unshare-cgroup-try", "--sync-fd", str(sync_fd)]
        if "network" not in ctx.shared:
            argv.append("--unshare-net")
        if "ipc" not in ctx.shared:
            argv.append("--unshare-ipc")
        # The runtime: /usr read-only, the usual symbolic links into it.
        argv += ["--proc", "/proc", "--dev", "/dev", "--ro-bind", "/usr", "/usr"]
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            target = os.path.join("/", name)
            if os.path.islink(target):
                argv += ["--symlink", os.readlink(target), target]
        for sub in ("block", "bus", "class", "dev", "devices"):
            argv += ["--ro-bind-try", f"/sys/{sub}", f"/sys/{sub}"]
        argv += ["--dir", "/etc"]
        etc = RUNTIME_ETC + (NETWORK_ETC if "network" in ctx.shared else ())
        for name in etc:
            argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        argv += ["--ro-bind", passwd, "/etc/passwd", "--ro-bind", group, "/etc/group"]
        # Private /tmp and /run; the app's instance data.
        argv += ["--tmpfs", "/tmp", "--dir", "/var/tmp", "--symlink", "../run", "/var/run",
                 "--dir", runtime_dir, "--chmod", "0700", runtime_dir,
                 "--ro-bind", info_path, "/.flatpak-info",
                 "--symlink", "../../../.flatpak-info", f"{runtime_dir}/flatpak-info"]
        # The session bus, through the proxy only.
        argv += ["--ro-bind", socket_path, SANDBOX_BUS,
                 "--symlink", SANDBOX_BUS, f"{runtime_dir}/bus"]
        # The home folder: empty but for the app's own folder.
        argv += ["--dir", home, "--bind", self.app_dir, self.app_dir]
        env = {
            "PATH": "/app/bin:/usr/bin",
            "HOME": home,
            "USER": user.pw_name,
            "XDG_DATA_HOME": os.path.join(self.app_dir, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.app_dir, "config"),
            "XDG_CACHE_HOME": os.path.join(self.app_dir, "cache"),
            "XDG_STATE_HOME": os.path.join(self.app_dir, ".local", "state"),
            "XDG_RUNTIME_DIR": runtime_dir,
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={SANDBOX_BUS}",
            "FLATPAK_ID": self.app_id,
            "container": "flatpak",
        }
        argv += self._socket_args(runtime_dir, env)
        if "dri" in ctx.devices:
            argv += ["--dev-bind-try", "/dev/dri", "/dev/dri"]
        for spec in ctx.filesystems:
            argv += self._filesystem_args(spec)
        for sub in ctx.persistent:
            # --persist=DIR: ~/DIR is the app's own ~/.var/app/APP_ID/DIR.
            os.makedirs(os.path.join(self.app_dir, sub), exist_ok=True)
            argv += ["--bind", os.path.join(self.app_dir, sub), os.path.join(home, sub)]
        for name in PASSED_ENVIRONMENT:
            if name in os.environ:
                env[name] = os.environ[name]
        env.update(ctx.env)
        # A sanitizer's suppressions file has to be readable inside.
        for name in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
            for option in env.get(name, "").split(":"):
                if option.startswith("suppressions="):
                    path = option.split("=", 1)[1]
                    argv += ["--ro-bind-try", path, path]
        # The build, read-only where it is, so that the program finds its files.
        for path in self.binds:
            argv += ["--ro-bind", path, path]
        argv += ["--clearenv"]
        for name, value in sorted(env.items()):
            argv += ["--setenv", name, value]
        argv += ["--chdir", home, "--"] + command
        return argv

    def _socket_args(self, runtime_dir, env):
        sockets = self.context.sockets
        argv = []
        has_wayland = False
        path = self.wayland_socket
        if "wayland" in sockets and path and os.path.exists(path):
            argv += ["--ro-bind", path, f"{runtime_dir}/wayland-0"]
            env["WAYLAND_DISPLAY"] = "wayland-0"
            has_wayland = True
        display = self.display
        # fallback-x11: X11 only when there is no Wayland (as flatpak does).
        if ("x11" in sockets or ("fallback-x11" in sockets and not has_wayland)) \
                and display.startswith(":"):
            # The host's display number, not flatpak's :99: with the network
            # shared, Xlib reaches the abstract socket @/tmp/.X11-unix/XN
            # first, and that must be the same server.
            number = display[1:].split(".")[0]
            argv += ["--ro-bind", f"/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"]
            env["DISPLAY"] = f":{number}"
            if os.environ.get("XAUTHORITY"):
                argv += ["--ro-bind", os.environ["XAUTHORITY"], f"{runtime_dir}/Xauthority"]
                env["XAUTHORITY"] = f"{runtime_dir}/Xauthority"
        return argv

    def _filesystem_args(self, spec):
        path, _, mode = spec.partition(":")
        bind = "--ro-bind-try" if mode == "ro" else "--bind-try"
        if path in ("home", "~"):
            path = self.home
        elif path.startswith("~/"):
            path = os.path.join(self.home, path[2:])
        elif path == "host":
            raise UnknownPermission("--filesystem=host: this sandbox will not share the host")
        elif path.startswith("xdg-"):
            raise UnknownPermission(f"--filesystem={spec}: XDG folders are not set up here")
        elif not path.startswith("/"):
            raise UnknownPermission(f"--filesystem={spec}: not understood")
        return [bind, path, path]

    def run(self, command, args, stdin_text=None, timeout=60):
        """Runs @command with @args in a new instance, with @stdin_text on
        its standard input; kills it (by its PID) after @timeout seconds.
        Returns a SandboxRun. An instance whose portal Response libsecret
        lost (see the top of this file) is run again, up to RETRIES times."""
        deadline = time.monotonic() + timeout
        lost = 0
        while True:
            run = self._run_once([command] + list(args), stdin_text, deadline,
                                 self.retry_lost_responses and lost < RETRIES)
            if run is not None:
                run.lost_responses = lost
                return run
            lost += 1

    def _run_once(self, command, stdin_text, deadline, watch):
        """One instance; None when @watch is set and it lost the portal's
        Response (it is killed then)."""
        start = time.monotonic()
        instance_id = str(uuid.uuid4().int % 10**10)
        instance = os.path.join(self.workdir, "instance-" + instance_id)
        os.makedirs(instance)
        info_path = os.path.join(instance, "info")
        with open(info_path, "w", encoding="utf-8") as f:
            f.write(self.context.flatpak_info(self.app_id, self.runtime, instance_id,
                                              self.binds[0] if self.binds else "/app"))
        socket_path = os.path.join(instance, "bus")
        proxy_log = os.path.join(instance, "proxy.log")
        out_path = os.path.join(instance, "stdout")
        err_path = os.path.join(instance, "stderr")
        proxy, sync_fd = self._start_proxy(info_path, socket_path, proxy_log)
        argv, rc, lost, note = [], None, False, ""
        try:
            argv = self._app_argv(info_path, socket_path, sync_fd, command)
            with open(out_path, "wb") as out_file, open(err_path, "wb") as err_file:
                process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=out_file,
                                           stderr=err_file, pass_fds=(sync_fd,))
            os.close(sync_fd)
            sync_fd = -1
            try:
                process.stdin.write(stdin_text.encode() if stdin_text is not None else b"")
                process.stdin.close()
            except BrokenPipeError:
                pass
            while rc is None:
                try:
                    rc = process.wait(timeout=0.05)
                except subprocess.TimeoutExpired:
                    if watch and lost_portal_response(read_text(proxy_log)):
                        lost = True
                    elif time.monotonic() < deadline:
                        continue
                    process.kill()
                    process.wait()
                    rc = HUNG
        finally:
            if sync_fd >= 0:
                os.close(sync_fd)
            # The instance is gone, so is the last copy of the proxy's sync
            # pipe: the proxy ends by itself.
            try:
                proxy.wait(timeout=max(5, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
                note = "\n[xdg-dbus-proxy outlived the instance, and was killed]"
        if lost:
            return None
        return SandboxRun(command, argv, rc, read_text(out_path), read_text(err_path) + note,
                          time.monotonic() - start, read_text(proxy_log))


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


class FlatpakRunner:
    """The same instances with the real `flatpak run`, where the runtime and
    a build of the app are installed (BD_SANDBOX_RUNNER=flatpak). @context
    is what the instance gets: the permissions of @full that it lacks are
    taken away with flatpak run's own options."""

    def __init__(self, app_id, context, full, home):
        self.app_id = app_id
        self.options = context.flatpak_run_options(full)
        self.display = ""
        self.home = home
        self.app_dir = os.path.join(home, ".var", "app", app_id)
        for sub in ("data", "config", "cache"):
            os.makedirs(os.path.join(self.app_dir, sub), exist_ok=True)

    @property
    def data_home(self):
        return os.path.join(self.app_dir, "data")

    def run(self, command, args, stdin_text=None, timeout=60):
        # flatpak run hands the app the X display of its own environment,
        # and puts ~/.var/app/APP_ID in its HOME.
        argv = ["env", f"HOME={self.home}"]
        argv += [f"DISPLAY={self.display}"] if self.display else ["-u", "DISPLAY"]
        argv += ["flatpak", "run", f"--command={command}"] + self.options + [self.app_id]
        r = run_cli(argv + list(args), input=stdin_text, timeout=timeout)
        return SandboxRun([command] + list(args), r.argv, r.rc, r.stdout, r.stderr, r.elapsed)
