#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The terminal mail programs: isync (mbsync), aerc and NeoMutt reading what the hand-off wrote (issue 12 §7).

Runs inside tests/integration/keyring-session: a private D-Bus session with a
real gnome-keyring-daemon. Real Dovecot and Postfix (tests/servers/
real-servers) listen on loopback with a certificate for "localhost" from the
test CA. Each case has a HOME (and XDG_CONFIG_HOME, XDG_DATA_HOME) of its
own, and runs bd-export-driver --to ID with the servers' URLs and the
password on standard input; then the real program reads what was written:

  * mbsync -a copies a message the test put into Dovecot (over IMAP, with
    Python's imaplib) into the Maildir under ~/Mail/ADDRESS/, over implicit
    TLS and over STARTTLS, with the password from Brevduva's keyring item;
    with that item cleared (secret-tool clear) the same run fails, so the
    password comes from the keyring;
  * aerc, in a pseudo-terminal (it has no batch mode), connects to Dovecot
    and lists that message's subject, which it can only do once logged in;
    the test CA reaches it through SSL_CERT_FILE, as the plan's note says.
    aerc refuses the same accounts.conf once it is world-readable, so the
    file's mode is checked by aerc itself;
  * neomutt -n -Q VARIABLE prints what NeoMutt made of the file it finds by
    itself (no -F): the user, folder, SMTP URL, TLS settings, and the
    password, which NeoMutt got by running the lookup command. Errors in the
    file go to standard error (and -Q still exits 0), so the check is that
    standard error is empty; a broken copy proves that it is not always.

A fake secret-tool first on PATH records the argv it is run with: a user
name full of quotes, $, ` and ; reaches it intact through each program's
own parsing and the shell, and runs nothing else.

The refusals, each as its own case: an address configured outside
Brevduva's block (the file is unchanged), a POP3 server for mbsync and aerc,
a certificate trusted by fingerprint (aerc, and mbsync/NeoMutt without the
certificate itself), an unproven server, a browser-login provider. A second
export replaces Brevduva's block and nothing else. No written file holds
the password.

Needs root (real-servers); reports itself skipped (TAP) without it.

    keyring-session -- test-terminal.py [--driver BD-EXPORT-DRIVER] [--only TEXT]
"""

import imaplib
import os
import re
import select
import shutil
import signal
import ssl
import stat
import struct
import subprocess
import sys
import tempfile
import time

from brevduva_test import EXPORT_DRIVER, HUNG, CliRun, Registry, run_with_real_servers

PASSWORD = "Terminal-lösen-7"
NAME = "Alice Liddell"
DOMAIN = "brevduva.test"
DEADLINE = 60          # seconds for a run of a program
PIN = "sha256:" + "ab" * 32
HOSTILE_USER = "x'\"; touch PWNED; $(touch PWNED2) `touch PWNED3` \\ #;"

case = Registry()
servers = None
driver = None
work = None
ca_file = None


def address(user):
    return "%s@%s" % (user, DOMAIN)


def url(scheme, service):
    return "%s://localhost:%d" % (scheme, servers.ports[service])


class Home:
    """A HOME of one case, with its XDG directories and environment."""

    count = 0

    def __init__(self):
        Home.count += 1
        self.path = os.path.join(work, "home-%d" % Home.count)
        self.config = os.path.join(self.path, ".config")
        os.makedirs(self.config)
        os.makedirs(os.path.join(self.path, ".local", "share"))
        self.env = dict(os.environ, HOME=self.path, XDG_CONFIG_HOME=self.config,
                        XDG_DATA_HOME=os.path.join(self.path, ".local", "share"))

    def file(self, *parts):
        return os.path.join(self.path, *parts)

    def read(self, *parts):
        try:
            with open(self.file(*parts), encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def write(self, relative, text, mode=0o600):
        path = self.file(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)

    def mode(self, *parts):
        return stat.S_IMODE(os.stat(self.file(*parts)).st_mode)

    def files_holding(self, secret):
        """The files under HOME whose bytes hold `secret`."""
        found = []
        needle = secret.encode()
        for root, _, names in os.walk(self.path):
            for name in names:
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as f:
                        if needle in f.read():
                            found.append(path)
                except OSError:
                    pass
        return found

    def fake_secret_tool(self, password):
        """A secret-tool first on PATH that records its argv (one line
        each, in HOME/argv) and prints `password`."""
        bin_dir = self.file("bin")
        os.makedirs(bin_dir, exist_ok=True)
        path = os.path.join(bin_dir, "secret-tool")
        with open(path, "w") as f:
            f.write("#!/usr/bin/python3\nimport sys\n"
                    "open(%r, 'w').write(''.join(a + '\\n' for a in sys.argv[1:]))\n"
                    "sys.stdout.write(%r)\n" % (self.file("argv"), password))
        os.chmod(path, 0o755)
        self.env["PATH"] = bin_dir + ":" + self.env.get("PATH", "/usr/bin:/bin")

    def recorded_argv(self):
        text = self.read("argv")
        return None if text is None else text.split("\n")[:-1]


def export(c, home, to, user, incoming=None, outgoing=None, extra=(), password=PASSWORD,
           ca=True):
    argv = [driver, "--to", to, "--address", address(user), "--name", NAME]
    if ca:
        argv += ["--ca-file", ca_file]
    if incoming:
        argv += ["--incoming", incoming]
    if outgoing:
        argv += ["--outgoing", outgoing]
    argv += list(extra)
    return run_env(c, home, argv, input=password + "\n")


def run_env(c, home, argv, input=None, timeout=DEADLINE, cwd=None):
    """Runs a program (the driver, or a real mail program) with the case's
    environment, in its HOME."""
    start = time.monotonic()
    try:
        p = subprocess.run(argv, input=input.encode() if input is not None else None,
                           stdin=subprocess.DEVNULL if input is None else None,
                           capture_output=True, timeout=timeout, env=home.env,
                           cwd=cwd or home.path)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = HUNG, e.stdout or b"", e.stderr or b""
    run = CliRun(argv, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                 time.monotonic() - start)
    c.runs.append(run)
    return run


def check_refused(c, run, code):
    c.eq(run.rc, 1, "the driver's exit status")
    c.check(run.stderr.startswith(code + ":"),
            "expected %s on stderr, got %r" % (code, run.stderr.strip()))


def deliver(user, subject):
    """Puts a message into `user`'s Dovecot INBOX over IMAP (APPEND)."""
    context = ssl.create_default_context(cafile=ca_file)
    imap = imaplib.IMAP4_SSL("localhost", servers.ports["imaps"], ssl_context=context)
    try:
        # AUTHENTICATE PLAIN, not LOGIN: imaplib sends LOGIN's arguments
        # as ASCII, and the password is not.
        plain = ("\0%s\0%s" % (address(user), PASSWORD)).encode()
        imap.authenticate("PLAIN", lambda _challenge: plain)
        message = ("From: Bob <bob@example.org>\r\nTo: %s\r\nSubject: %s\r\n"
                   "Message-ID: <%s@brevduva.test>\r\n\r\nHello.\r\n"
                   % (address(user), subject, subject)).encode()
        typ, _ = imap.append("INBOX", None, None, message)
        if typ != "OK":
            raise RuntimeError("APPEND failed")
    finally:
        imap.logout()


def maildir_subjects(home, user):
    """The subjects of the messages in the Maildir INBOX mbsync writes."""
    inbox = home.file("Mail", address(user), "INBOX")
    subjects = []
    for sub in ("new", "cur"):
        directory = os.path.join(inbox, sub)
        for name in os.listdir(directory) if os.path.isdir(directory) else []:
            with open(os.path.join(directory, name), errors="replace") as f:
                for line in f:
                    if line.lower().startswith("subject:"):
                        subjects.append(line.split(":", 1)[1].strip())
    return subjects


def clear_keyring(server_protocol, user):
    subprocess.run(["secret-tool", "clear", "protocol", server_protocol, "server", "localhost",
                    "user", address(user)], check=False, stdin=subprocess.DEVNULL,
                   timeout=DEADLINE)


def check_no_password(c, home):
    c.eq(home.files_holding(PASSWORD), [], "files under HOME holding the password")


# ---------------------------------------------------------------------------
# isync (mbsync)
# ---------------------------------------------------------------------------

def mbsync_fetches(c, user, scheme, service):
    home = Home()
    subject = "mbsync-%s-%d" % (scheme, os.getpid())
    deliver(user, subject)
    run = export(c, home, "mbsync", user, incoming=url(scheme, service))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    rc_text = home.read(".mbsyncrc")
    c.check(rc_text and "SSLType %s" % ("IMAPS" if scheme == "imaps" else "STARTTLS") in rc_text,
            "SSLType not as the server's security: %r" % rc_text)
    c.eq(home.mode(".mbsyncrc"), 0o600, "~/.mbsyncrc's mode")
    check_no_password(c, home)

    sync = run_env(c, home, ["mbsync", "-a"])
    c.eq(sync.rc, 0, "mbsync -a's exit status")
    c.check(subject in maildir_subjects(home, user),
            "the message %s is not in the Maildir: %s" % (subject, maildir_subjects(home, user)))

    # Without Brevduva's keyring item the same run cannot log in.
    clear_keyring("imap", user)
    again = run_env(c, home, ["mbsync", "-a"])
    c.check(again.rc not in (0, None), "mbsync -a succeeded without the keyring item")
    check_no_password(c, home)


@case("mbsync: the written channel fetches a message from Dovecot over implicit TLS, "
      "with the password from the keyring")
def _(c):
    mbsync_fetches(c, "alice", "imaps", "imaps")


@case("mbsync: the written channel fetches a message over STARTTLS")
def _(c):
    mbsync_fetches(c, "alice", "imap", "imap")


@case("mbsync: a hostile user name reaches secret-tool intact and runs nothing")
def _(c):
    home = Home()
    run = export(c, home, "mbsync", "alice", incoming=url("imaps", "imaps"),
                 extra=["--user", HOSTILE_USER])
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    home.fake_secret_tool("wrong")
    run_env(c, home, ["mbsync", "-a"])
    c.eq(home.recorded_argv(),
         ["lookup", "protocol", "imap", "server", "localhost", "user", HOSTILE_USER,
          "port", str(servers.ports["imaps"])],
         "secret-tool's argv as mbsync ran it")
    for name in ("PWNED", "PWNED2", "PWNED3"):
        c.check(not os.path.exists(home.file(name)), "%s was created" % name)


@case("mbsync: a POP3 account is refused and nothing is written")
def _(c):
    home = Home()
    run = export(c, home, "mbsync", "alice", incoming=url("pop3s", "pop3s"))
    check_refused(c, run, "export-not-supported")
    c.eq(home.read(".mbsyncrc"), None, "~/.mbsyncrc")


@case("mbsync: an address configured outside Brevduva's block is refused, the file unchanged")
def _(c):
    home = Home()
    own = ('IMAPAccount mine\nHost imap.example.org\nUser alice@brevduva.test\n'
           'PassCmd "pass mail"\n')
    home.write(".mbsyncrc", own, 0o644)
    run = export(c, home, "mbsync", "alice", incoming=url("imaps", "imaps"))
    check_refused(c, run, "export-already-configured")
    c.eq(home.read(".mbsyncrc"), own, "~/.mbsyncrc")
    c.eq(home.mode(".mbsyncrc"), 0o644, "~/.mbsyncrc's mode")


@case("mbsync: a second export replaces Brevduva's block and nothing else")
def _(c):
    home = Home()
    other = ('# my own\nIMAPAccount other\nHost imap.example.org\nUser other@example.org\n'
             'PassCmd "pass other"\n')
    home.write(".mbsyncrc", other)
    first = export(c, home, "mbsync", "alice", incoming=url("imaps", "imaps"))
    second = export(c, home, "mbsync", "alice", incoming=url("imap", "imap"))
    if not (c.eq(first.rc, 0, "the first export") and c.eq(second.rc, 0, "the second export")):
        return
    text = home.read(".mbsyncrc")
    c.check(text.startswith(other), "the person's own lines changed: %r" % text)
    c.eq(text.count("IMAPAccount \"alice@brevduva.test\""), 1, "Brevduva's accounts")
    c.check("SSLType STARTTLS" in text and "SSLType IMAPS" not in text,
            "the block is not the second export's: %r" % text)
    c.check(os.path.exists(home.file(".mbsyncrc.brevduva-backup")), "no backup was kept")
    sync = run_env(c, home, ["mbsync", "alice@brevduva.test"])
    c.eq(sync.rc, 0, "mbsync on the replaced channel")


def driver_takes_pinned_certificates():
    run = subprocess.run([driver, "--help"], capture_output=True, text=True, timeout=DEADLINE)
    return "--pinned-certificate-incoming" in run.stdout


def certificate(name):
    """The test servers' certificate `name`: (PEM file, "sha256:HEX")."""
    certs = os.path.join(servers.dir, "certs")
    with open(os.path.join(certs, name + ".sha256")) as f:
        return os.path.join(certs, name + ".crt"), "sha256:" + f.read().strip()


@case("mbsync: a certificate trusted by fingerprint is trusted by mbsync, and no other")
def _(c):
    if not driver_takes_pinned_certificates():
        c.todo = "bd-export-driver has no --pinned-certificate-incoming yet"
        c.check(False, "the driver cannot pass a pinned certificate")
        return
    # No CA file: Dovecot's certificate (from the test CA) is trusted only
    # as the pinned certificate, which Brevduva writes beside ~/.mbsyncrc.
    for name, works in (("good", True), ("other-good", False)):
        home = Home()
        subject = "mbsync-pin-%s-%d" % (name, os.getpid())
        deliver("alice", subject)
        pem, pin = certificate(name)
        run = export(c, home, "mbsync", "alice", incoming=url("imaps", "imaps"), ca=False,
                     extra=["--pin-incoming", pin, "--pinned-certificate-incoming", pem])
        if not c.eq(run.rc, 0, "the driver's exit status (%s)" % name):
            continue
        pinned = home.file(".mbsync", address("alice") + ".pem")
        c.check(os.path.exists(pinned), "no pinned certificate file %s" % pinned)
        sync = run_env(c, home, ["mbsync", "-a"])
        if works:
            c.eq(sync.rc, 0, "mbsync -a with the server's own certificate pinned")
            c.check(subject in maildir_subjects(home, "alice"),
                    "the message %s is not in the Maildir" % subject)
        else:
            c.check(sync.rc != 0, "mbsync -a accepted a server whose certificate is not "
                    "the pinned one")
            c.check(subject not in maildir_subjects(home, "alice"),
                    "a message came through a certificate that is not the pinned one")


@case("mbsync: a certificate trusted by fingerprint, without the certificate, is refused")
def _(c):
    home = Home()
    run = export(c, home, "mbsync", "alice", incoming=url("imaps", "imaps"),
                 extra=["--pin-incoming", PIN])
    check_refused(c, run, "export-certificate-not-expressible")
    c.eq(home.read(".mbsyncrc"), None, "~/.mbsyncrc")


# ---------------------------------------------------------------------------
# aerc
# ---------------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b.")


def screen_text(raw):
    return ESCAPES.sub(" ", raw.decode("utf-8", "replace"))


def run_aerc(c, home, until, timeout=DEADLINE):
    """aerc in a pseudo-terminal, with the test CA as SSL_CERT_FILE (the
    plan's note)."""
    return run_in_terminal(c, home, ["aerc"], until, timeout, SSL_CERT_FILE=ca_file)


def run_in_terminal(c, home, argv, until, timeout=DEADLINE, **extra_env):
    """`argv` in a pseudo-terminal (100x24, TERM=xterm-256color) until the
    screen's text matches `until` or `timeout` passes; then SIGTERM to it
    (by its PID). Returns the screen's text."""
    import fcntl
    import pty
    import termios
    env = dict(home.env, TERM="xterm-256color", **extra_env)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(home.path)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    raw = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not until.search(screen_text(raw)):
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                raw += data
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.monotonic() + 10
        while time.monotonic() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    raw += os.read(fd, 65536)
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    text = screen_text(raw)
    c.runs.append(ScreenRun(text))
    return text


class ScreenRun:
    def __init__(self, text):
        self.text = text

    def summary(self):
        words = " ".join(self.text.split())
        return ["the screen (text): %s" % words[-600:]]


@case("aerc: the written account logs in to Dovecot and lists a message, with the "
      "password from the keyring")
def _(c):
    home = Home()
    subject = "aerc-message-%d" % os.getpid()
    deliver("bob", subject)
    run = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"),
                 outgoing=url("smtps", "smtps"))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    path = os.path.join(".config", "aerc", "accounts.conf")
    c.eq(home.mode(path), 0o600, "accounts.conf's mode")
    c.check("SSL_CERT_FILE" in run.stdout, "the plan has no note on SSL_CERT_FILE")
    check_no_password(c, home)
    screen = run_aerc(c, home, re.compile(re.escape(subject)))
    c.check(subject in screen, "aerc did not list the message %s" % subject)
    c.check("too open permissions" not in screen, "aerc refused accounts.conf's mode")


@case("aerc: a world-readable accounts.conf is refused by aerc itself")
def _(c):
    home = Home()
    run = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    os.chmod(home.file(".config", "aerc", "accounts.conf"), 0o644)
    screen = run_aerc(c, home, re.compile(r"too open permissions|Connected"), timeout=30)
    c.check("too open permissions" in screen, "aerc took a world-readable accounts.conf")


@case("aerc: a hostile user name reaches secret-tool intact and runs nothing")
def _(c):
    home = Home()
    run = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"),
                 extra=["--user", HOSTILE_USER])
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    home.fake_secret_tool("wrong")
    deadline = time.monotonic() + DEADLINE

    # aerc runs the command when it connects; the screen says little, so
    # wait for the fake's record.
    class Recorded:
        @staticmethod
        def search(_text):
            return home.recorded_argv() is not None or time.monotonic() > deadline
    run_aerc(c, home, Recorded)
    c.eq(home.recorded_argv(),
         ["lookup", "protocol", "imap", "server", "localhost", "user", HOSTILE_USER,
          "port", str(servers.ports["imaps"])],
         "secret-tool's argv as aerc ran it")
    for name in ("PWNED", "PWNED2", "PWNED3"):
        c.check(not os.path.exists(home.file(name)), "%s was created" % name)


@case("aerc: a POP3 account is refused and nothing is written")
def _(c):
    home = Home()
    run = export(c, home, "aerc", "bob", incoming=url("pop3s", "pop3s"))
    check_refused(c, run, "export-not-supported")
    c.eq(home.read(".config", "aerc", "accounts.conf"), None, "accounts.conf")


@case("aerc: a certificate trusted by fingerprint is refused, or planned with a note "
      "when any certificate is allowed")
def _(c):
    home = Home()
    run = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"),
                 extra=["--pin-incoming", PIN])
    check_refused(c, run, "export-certificate-not-expressible")
    c.eq(home.read(".config", "aerc", "accounts.conf"), None, "accounts.conf")
    plan = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"),
                  extra=["--pin-incoming", PIN, "--allow-any-certificate", "--dry-run"])
    c.eq(plan.rc, 0, "the dry run's exit status")
    c.check("will not connect" in plan.stdout, "the plan does not say what aerc will do")
    c.eq(home.read(".config", "aerc", "accounts.conf"), None, "accounts.conf after a dry run")


@case("aerc: an address configured outside Brevduva's block is refused, the file unchanged")
def _(c):
    home = Home()
    path = os.path.join(".config", "aerc", "accounts.conf")
    own = "[bob@brevduva.test]\nsource = imaps://bob%40brevduva.test@imap.example.org\n"
    home.write(path, own)
    run = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"))
    check_refused(c, run, "export-already-configured")
    c.eq(home.read(path), own, "accounts.conf")


@case("aerc: a second export replaces Brevduva's block and nothing else")
def _(c):
    home = Home()
    path = os.path.join(".config", "aerc", "accounts.conf")
    other = "[Work]\nsource = imaps://me%40example.org@imap.example.org\ndefault = INBOX\n"
    home.write(path, other)
    first = export(c, home, "aerc", "bob", incoming=url("imaps", "imaps"))
    second = export(c, home, "aerc", "bob", incoming=url("imap", "imap"),
                    outgoing=url("smtp", "submission"))
    if not (c.eq(first.rc, 0, "the first export") and c.eq(second.rc, 0, "the second export")):
        return
    text = home.read(path)
    c.check(text.startswith(other), "the person's own lines changed: %r" % text)
    c.eq(text.count("[bob@brevduva.test]"), 1, "Brevduva's sections")
    c.check("source = imap://" in text and "smtp-starttls = yes" in text,
            "the block is not the second export's: %r" % text)
    c.eq(home.mode(path), 0o600, "accounts.conf's mode")


# ---------------------------------------------------------------------------
# NeoMutt
# ---------------------------------------------------------------------------

def neomutt_query(c, home, variable, config=None):
    """neomutt -n [-F config] -Q variable: (value, stderr)."""
    argv = ["neomutt", "-n"] + (["-F", config] if config else []) + ["-Q", variable]
    run = run_env(c, home, argv)
    match = re.match(r'^set %s = "(.*)"$|^set %s = (\S+)$' % (variable, variable),
                     run.stdout.strip())
    value = None
    if match:
        value = match.group(1) if match.group(1) is not None else match.group(2)
        value = re.sub(r"\\(.)", r"\1", value)
    return value, run.stderr.strip(), run.rc


@case("neomutt: NeoMutt reads the written file by itself, with the passwords from the keyring")
def _(c):
    home = Home()
    run = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"),
                 outgoing=url("smtp", "submission"))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    path = os.path.join(".config", "neomutt", "neomuttrc")
    c.eq(home.mode(path), 0o600, "neomuttrc's mode")
    check_no_password(c, home)
    want = {
        "from": "%s <%s>" % (NAME, address("carol")),
        "real_name": NAME,
        "imap_user": address("carol"),
        "imap_pass": PASSWORD,
        "folder": "imaps://localhost:%d/" % servers.ports["imaps"],
        "spool_file": "imaps://localhost:%d/INBOX" % servers.ports["imaps"],
        "smtp_url": "smtp://carol%%40brevduva.test@localhost:%d/" % servers.ports["submission"],
        "smtp_pass": PASSWORD,
        "ssl_force_tls": "yes",
        "ssl_ca_certificates_file": ca_file,
    }
    for variable, value in want.items():
        got, errors, rc = neomutt_query(c, home, variable)
        c.eq(got, value, variable)
        c.eq(errors, "", "neomutt's errors for -Q %s" % variable)
        c.eq(rc, 0, "neomutt -Q %s's exit status" % variable)

    # The check can fail: errors in a file reach standard error.
    broken = home.file("broken")
    with open(broken, "w") as f:
        f.write(home.read(path).replace("set imap_user", "set imap_usr"))
    _, errors, _ = neomutt_query(c, home, "imap_user", config=broken)
    c.check("imap_usr" in errors, "a broken file gave no error: %r" % errors)

    # Without the keyring item there is no password.
    clear_keyring("imap", "carol")
    got, _, _ = neomutt_query(c, home, "imap_pass")
    c.eq(got, "", "imap_pass without the keyring item")


@case("neomutt: NeoMutt opens the Dovecot inbox and lists a message, with the password "
      "from the keyring")
def _(c):
    home = Home()
    subject = "neomutt-message-%d" % os.getpid()
    deliver("carol", subject)
    run = export(c, home, "neomutt", "carol", incoming=url("imap", "imap"),
                 outgoing=url("smtps", "smtps"))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    screen = run_in_terminal(c, home, ["neomutt"], re.compile(re.escape(subject)))
    c.check(subject in screen, "NeoMutt did not list the message %s" % subject)

    # Without the keyring item NeoMutt has no password to log in with.
    clear_keyring("imap", "carol")
    screen = run_in_terminal(c, home, ["neomutt"],
                             re.compile(re.escape(subject) + "|Password"))
    c.check(subject not in screen, "NeoMutt listed the message without the keyring item")
    c.check("Password" in screen, "NeoMutt did not ask for the password it lacks")


@case("neomutt: a hostile user name reaches secret-tool intact and runs nothing")
def _(c):
    home = Home()
    run = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"),
                 extra=["--user", HOSTILE_USER])
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    home.fake_secret_tool("fake-password")
    got, errors, _ = neomutt_query(c, home, "imap_pass")
    c.eq(got, "fake-password", "imap_pass")
    c.eq(home.recorded_argv(),
         ["lookup", "protocol", "imap", "server", "localhost", "user", HOSTILE_USER,
          "port", str(servers.ports["imaps"])],
         "secret-tool's argv as NeoMutt ran it")
    got, errors, _ = neomutt_query(c, home, "imap_user")
    c.eq(got, HOSTILE_USER, "imap_user")
    c.eq(errors, "", "neomutt's errors")
    for name in ("PWNED", "PWNED2", "PWNED3"):
        c.check(not os.path.exists(home.file(name)), "%s was created" % name)


@case("neomutt: the block goes into the file NeoMutt reads now (~/.muttrc), not a new one")
def _(c):
    home = Home()
    own = "set editor = vi\n"
    home.write(".muttrc", own, 0o644)
    run = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"))
    if not c.eq(run.rc, 0, "the driver's exit status"):
        return
    c.eq(home.read(".config", "neomutt", "neomuttrc"), None, "a new neomuttrc")
    c.check(home.read(".muttrc").startswith(own), "the person's own lines changed")
    got, errors, _ = neomutt_query(c, home, "imap_user")
    c.eq(got, address("carol"), "imap_user")
    got, _, _ = neomutt_query(c, home, "editor")
    c.eq(got, "vi", "the person's own setting")


@case("neomutt: an address configured outside Brevduva's block is refused, the file unchanged")
def _(c):
    home = Home()
    path = os.path.join(".config", "neomutt", "neomuttrc")
    own = 'set from = "carol@brevduva.test"\n'
    home.write(path, own, 0o644)
    run = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"))
    check_refused(c, run, "export-already-configured")
    c.eq(home.read(path), own, "neomuttrc")
    c.eq(home.mode(path), 0o644, "neomuttrc's mode")


@case("neomutt: a second export replaces Brevduva's block and nothing else")
def _(c):
    home = Home()
    path = os.path.join(".config", "neomutt", "neomuttrc")
    other = "set editor = vi\n"
    home.write(path, other)
    first = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"))
    second = export(c, home, "neomutt", "carol", incoming=url("pop3s", "pop3s"))
    if not (c.eq(first.rc, 0, "the first export") and c.eq(second.rc, 0, "the second export")):
        return
    text = home.read(path)
    c.check(text.startswith(other), "the person's own lines changed: %r" % text)
    c.eq(text.count("pop_user"), 1, "POP3 user settings")
    c.eq(text.count("imap_user"), 0, "IMAP user settings left")
    got, errors, _ = neomutt_query(c, home, "spool_file")
    c.eq(got, "pops://localhost:%d/" % servers.ports["pop3s"], "spool_file")
    c.eq(errors, "", "neomutt's errors")


@case("neomutt: a certificate trusted by fingerprint, without the certificate, is refused")
def _(c):
    home = Home()
    run = export(c, home, "neomutt", "carol", incoming=url("imaps", "imaps"),
                 extra=["--pin-incoming", PIN])
    check_refused(c, run, "export-certificate-not-expressible")
    c.eq(home.read(".config", "neomutt", "neomuttrc"), None, "neomuttrc")


# ---------------------------------------------------------------------------
# The refusals every target makes
# ---------------------------------------------------------------------------

@case("all three: an unproven server and a browser-login provider are refused, "
      "nothing written")
def _(c):
    for to in ("mbsync", "aerc", "neomutt"):
        home = Home()
        run = export(c, home, to, "dave", incoming=url("imaps", "imaps"), extra=["--unproven"])
        check_refused(c, run, "export-not-proven")
        run = export(c, home, to, "dave", incoming=url("imaps", "imaps"),
                     extra=["--browser-login"])
        check_refused(c, run, "export-browser-login-required")
        written = [os.path.join(r, n) for r, _, ns in os.walk(home.path) for n in ns]
        c.eq(written, [], "%s: files written" % to)


def main():
    def ready(args, started):
        global servers, driver, work, ca_file
        servers, driver = started, os.path.abspath(args.driver)
        ca_file = os.path.join(servers.dir, "certs", "ca.crt")
        # The HOMEs, apart from the servers' directory, which Dovecot's and
        # Postfix's users must traverse.
        work = tempfile.mkdtemp(prefix="bd-terminal-")

    def teardown():
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    tools = [(program, "%s is not installed (build-aux/install-deps)" % program)
             for program in ("mbsync", "aerc", "neomutt", "secret-tool")]
    return run_with_real_servers(__doc__, case, EXPORT_DRIVER, "bd-terminal-servers-",
                                 password=PASSWORD,
                                 users=[address(u) for u in ("alice", "bob", "carol", "dave")],
                                 ready=ready, teardown=teardown, tools=tools,
                                 keyring=True)


if __name__ == "__main__":
    sys.exit(main())
