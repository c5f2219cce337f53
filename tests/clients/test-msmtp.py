#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""msmtp: the hand-off's block, as the real msmtp sends mail with it (issue 12 §7).

Runs inside tests/integration/keyring-session: a private D-Bus session with a
real gnome-keyring-daemon, HOME and XDG_* in a temporary directory. Real
Dovecot and Postfix (tests/servers/real-servers) listen on loopback; this
test lets that Postfix deliver too (real-servers' Postfix only takes
logins): it adds the services a delivery needs and Postfix's `virtual`
agent, which writes into the Maildir that Dovecot serves, then reloads it.

Each case gives the hand-off a HOME and XDG_CONFIG_HOME of its own, runs
bd-export-driver --to msmtp with the SMTP server's URL and the password on
standard input, then runs the real `msmtp -a ADDRESS` with a message that
carries a token of the case's own, and waits for that message in the
mailbox. Also: the file has mode 0600 and no password, and msmtp gets the
password from Brevduva's keyring item only (without the item, msmtp cannot
log in); a pinned certificate becomes msmtp's tls_fingerprint, which the
real msmtp accepts; an existing ~/.msmtprc keeps every other line, and a
second export replaces only Brevduva's block; an address set up by hand,
an unproven server and a browser-login provider are refused, and nothing
is written; a hostile user name adds no setting and runs no command.

Needs root (real-servers); reports itself skipped (TAP) without it.

    keyring-session -- test-msmtp.py [--driver BD-EXPORT-DRIVER] [--only TEXT]
"""

import glob
import os
import stat
import subprocess
import sys
import time
import uuid

from brevduva_test import EXPORT_DRIVER, USER, Registry, run_with_real_servers

PASSWORD = "msmtp-lösen \"7\" $HOME"
HOST = "localhost"      # the test certificates' name
DEADLINE = 60           # seconds for a run to end, or a message to arrive

case = Registry()
servers = None
driver = None
work = None


# ---------------------------------------------------------------------------
# Postfix that delivers: into Dovecot's Maildir, through `virtual`
# ---------------------------------------------------------------------------

# The services a message passes through from smtpd to the mailbox (the
# lines of Debian's own master.cf, without chroot).
def wait_for(condition, what, deadline=DEADLINE):
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("waited %d s for %s" % (deadline, what))
        time.sleep(0.05)


def maildir_files():
    return glob.glob(os.path.join(servers.dir, "dovecot", "mail", USER.split("@")[0],
                                  "Maildir", "new", "*"))


def delivered(token):
    """The delivered message that carries `token`, or None."""
    for path in maildir_files():
        try:
            with open(path, errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        if token in text:
            return text
    return None


# ---------------------------------------------------------------------------
# One case's world: its HOME, the driver, msmtp
# ---------------------------------------------------------------------------

class Home:
    """A HOME and XDG_CONFIG_HOME of a case's own."""

    def __init__(self, name):
        self.dir = os.path.join(work, "home-" + name)
        self.config = os.path.join(self.dir, ".config")
        os.makedirs(self.config)
        self.env = dict(os.environ, HOME=self.dir, XDG_CONFIG_HOME=self.config)
        self.msmtprc = os.path.join(self.dir, ".msmtprc")
        self.xdg_file = os.path.join(self.config, "msmtp", "config")

    def files(self):
        """Every file below HOME, by path relative to it, with its bytes."""
        out = {}
        for root, _, names in os.walk(self.dir):
            for name in names:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, self.dir)] = f.read()
        return out


def smtp_url(kind="submission"):
    scheme = "smtp" if kind == "submission" else "smtps"
    return "%s://%s:%d" % (scheme, HOST, servers.ports[kind])


def ca_file():
    return os.path.join(servers.dir, "certs", "ca.crt")


def export(c, home, *args, password=PASSWORD):
    argv = [driver, "--to", "msmtp", "--address", USER] + list(args)
    start = time.monotonic()
    p = subprocess.run(argv, input=(password + "\n").encode(), capture_output=True,
                       env=home.env, timeout=DEADLINE)
    run = Run(argv, p, time.monotonic() - start)
    c.runs.append(run)
    return run


class Run:
    def __init__(self, argv, p, elapsed):
        self.argv, self.rc, self.elapsed = argv, p.returncode, elapsed
        self.stdout = p.stdout.decode("utf-8", "replace")
        self.stderr = p.stderr.decode("utf-8", "replace")

    def summary(self):
        lines = ["argv: %s" % " ".join(self.argv), "exit %s after %.2f s" % (self.rc, self.elapsed)]
        lines += ["stdout: " + line for line in self.stdout.strip().splitlines()[:30]]
        lines += ["stderr: " + line for line in self.stderr.strip().splitlines()[:10]]
        return lines


def export_ok(c, home, *args):
    run = export(c, home, *args)
    c.eq(run.rc, 0, "bd-export-driver's exit status")
    c.check(run.stdout.startswith("applied"), "the driver did not say 'applied'")
    return run


def refused(c, home, code, *args):
    before = home.files()
    run = export(c, home, *args)
    c.eq(run.rc, 1, "bd-export-driver's exit status")
    c.check(run.stderr.startswith(code + ":"), "expected %s on stderr" % code)
    c.eq(home.files(), before, "the files below HOME after a refusal")
    return run


def send(c, home, token, account=USER):
    """Runs the real msmtp with a message carrying `token`; returns its run."""
    message = ("From: %s\nTo: %s\nSubject: hand-off %s\n\nSent by msmtp with Brevduva's "
               "settings: %s\n" % (USER, USER, token, token))
    argv = ["msmtp", "-a", account, USER]
    start = time.monotonic()
    p = subprocess.run(argv, input=message.encode(), capture_output=True, env=home.env,
                       timeout=DEADLINE)
    run = Run(argv, p, time.monotonic() - start)
    c.runs.append(run)
    return run


def send_and_deliver(c, home):
    token = uuid.uuid4().hex
    run = send(c, home, token)
    c.eq(run.rc, 0, "msmtp's exit status")
    if run.rc == 0:
        try:
            wait_for(lambda: delivered(token) is not None, "the message in the Maildir")
        except RuntimeError as e:
            c.check(False, "%s; Postfix says:\n%s" % (e, servers.log("postfix.log")[-2000:]))


def keyring_lookup(user=USER, port=None):
    argv = ["secret-tool", "lookup", "protocol", "smtp", "server", HOST, "user", user]
    if port is not None:
        argv += ["port", str(port)]
    p = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=DEADLINE)
    return p.stdout.decode("utf-8", "replace") if p.returncode == 0 else None


def keyring_clear(user=USER):
    subprocess.run(["secret-tool", "clear", "protocol", "smtp", "server", HOST, "user", user],
                   stdin=subprocess.DEVNULL, timeout=DEADLINE)


def check_file(c, path):
    """The written file: there, mode 0600, no password."""
    if not c.check(os.path.isfile(path), "%s was not written" % path):
        return ""
    c.eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "the mode of %s" % path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    c.check(PASSWORD not in text, "the password is in %s" % path)
    return text


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

@case("msmtp sends through Postfix (STARTTLS, test CA) with the password from the keyring")
def _(c):
    keyring_clear()
    home = Home("starttls")
    export_ok(c, home, "--outgoing", smtp_url(), "--ca-file", ca_file())
    # No ~/.msmtprc: msmtp reads $XDG_CONFIG_HOME/msmtp/config.
    text = check_file(c, home.xdg_file)
    c.check(not os.path.exists(home.msmtprc), "~/.msmtprc was created")
    c.check('tls_trust_file "%s"' % ca_file() in text, "no tls_trust_file with the CA file")
    c.eq(keyring_lookup(port=servers.ports["submission"]), PASSWORD,
         "the password in Brevduva's keyring item")
    send_and_deliver(c, home)
    c.check("sasl_username=%s" % USER in servers.log("postfix.log"),
            "Postfix logged no login of %s" % USER)


@case("msmtp gets the password only from the keyring item: without it, it cannot log in")
def _(c):
    keyring_clear()
    home = Home("no-item")
    export_ok(c, home, "--outgoing", smtp_url(), "--ca-file", ca_file())
    keyring_clear()
    c.eq(keyring_lookup(), None, "the keyring item after clearing it")
    token = uuid.uuid4().hex
    run = send(c, home, token)
    c.check(run.rc != 0, "msmtp sent without the keyring item")
    c.eq(delivered(token), None, "a message sent without the password")


@case("a pinned certificate becomes tls_fingerprint, with which msmtp sends over implicit TLS")
def _(c):
    keyring_clear()
    home = Home("pinned")
    with open(os.path.join(servers.dir, "certs", "good.sha256")) as f:
        fingerprint = f.read().split()[0]
    export_ok(c, home, "--outgoing", smtp_url("smtps"), "--pin-outgoing", "sha256:" + fingerprint)
    text = check_file(c, home.xdg_file)
    want = ":".join(fingerprint[i:i + 2] for i in range(0, 64, 2)).upper()
    c.check('tls_fingerprint "%s"' % want in text, "no tls_fingerprint %s" % want)
    c.check('tls_starttls "off"' in text, "implicit TLS is not tls_starttls off")
    # The test CA is not the system's: only the pin lets msmtp in.
    send_and_deliver(c, home)


@case("an existing ~/.msmtprc keeps every other line; a second export replaces only its block")
def _(c):
    keyring_clear()
    home = Home("existing")
    mine = ("# my own settings\ndefaults\nlogfile ~/.msmtp.log\n\n"
            "account work\nhost smtp.work.example\nfrom me@work.example\n")
    with open(home.msmtprc, "w") as f:
        f.write(mine)
    os.chmod(home.msmtprc, 0o644)
    export_ok(c, home, "--outgoing", smtp_url(), "--ca-file", ca_file())
    first = check_file(c, home.msmtprc)
    c.check(first.startswith(mine), "the person's lines are not kept byte for byte")
    c.check(not os.path.exists(home.xdg_file), "msmtp/config was written beside ~/.msmtprc")
    backup = home.msmtprc + ".brevduva-backup"
    c.check(os.path.exists(backup) and open(backup).read() == mine,
            "the backup does not hold the file as it was")

    export_ok(c, home, "--outgoing", smtp_url("smtps"), "--ca-file", ca_file())
    second = check_file(c, home.msmtprc)
    c.check(second.startswith(mine), "the second export changed the person's lines")
    c.eq(second.count("# BEGIN brevduva %s" % USER), 1, "Brevduva's blocks")
    c.check('port "%d"' % servers.ports["smtps"] in second, "the block was not replaced")
    c.check(open(backup).read() == first, "the backup is not the file before the second export")
    send_and_deliver(c, home)


@case("an address set up by hand in ~/.msmtprc is refused, and nothing is written")
def _(c):
    home = Home("by-hand")
    with open(home.msmtprc, "w") as f:
        f.write("account %s\nhost smtp.elsewhere.example\n" % USER)
    run = refused(c, home, "export-already-configured", "--outgoing", smtp_url(),
                  "--ca-file", ca_file())
    c.check("line 1" in run.stderr, "the refusal does not name the line")


@case("an unproven SMTP server is refused, and nothing is written")
def _(c):
    keyring_clear()
    home = Home("unproven")
    refused(c, home, "export-not-proven", "--outgoing", smtp_url(), "--ca-file", ca_file(),
            "--unproven")
    c.eq(keyring_lookup(), None, "a keyring item after a refusal")


@case("a browser-login provider is refused, and nothing is written")
def _(c):
    keyring_clear()
    home = Home("browser")
    refused(c, home, "export-browser-login-required", "--outgoing", smtp_url(),
            "--ca-file", ca_file(), "--browser-login")
    c.eq(keyring_lookup(), None, "a keyring item after a refusal")


@case("a hostile user name adds no setting to msmtp and runs no command")
def _(c):
    home = Home("hostile")
    witness = os.path.join(home.dir, "owned")
    user = "eve\" $(touch %s) `touch %s` '; touch %s; '" % (witness, witness, witness)
    export_ok(c, home, "--outgoing", smtp_url(), "--ca-file", ca_file(), "--user", user)
    check_file(c, home.xdg_file)
    p = subprocess.run(["msmtp", "--pretend", "-a", USER], capture_output=True, env=home.env,
                       stdin=subprocess.DEVNULL, timeout=DEADLINE)
    pretend = p.stdout.decode("utf-8", "replace")
    c.check("\nuser = %s\n" % user in pretend, "msmtp does not read the user name as written:\n"
            + pretend)
    c.eq(keyring_lookup(user=user), PASSWORD, "the password under the hostile user name")
    # msmtp runs the passwordeval command; the login then fails (no such user).
    send(c, home, uuid.uuid4().hex)
    c.check(not os.path.exists(witness), "a command in the user name was run")
    keyring_clear(user=user)


def lock_keyring():
    """Locks the login keyring through the Secret Service's own method, as
    the screen lock does; keyring-session has no prompter to unlock it."""
    subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                    "--object-path", "/org/freedesktop/secrets",
                    "--method", "org.freedesktop.Secret.Service.Lock",
                    "['/org/freedesktop/secrets/collection/login']"],
                   check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   timeout=DEADLINE)


# Last: the keyring stays locked.
@case("a locked keyring that stays locked: keyring-locked, and no file is written")
def _(c):
    home = Home("locked")
    lock_keyring()
    before = home.files()
    run = export(c, home, "--outgoing", smtp_url(), "--ca-file", ca_file())
    c.eq(run.rc, 1, "bd-export-driver's exit status")
    c.check(run.stderr.startswith("keyring-locked:"), "expected keyring-locked on stderr")
    c.check("No file was changed." in run.stderr, "the error does not say that no file changed")
    c.check(run.elapsed < 30, "took %.1f s" % run.elapsed)
    c.eq(home.files(), before, "the files below HOME")


def main():
    def ready(args, started):
        global servers, driver, work
        servers, driver, work = started, args.driver, started.dir
        servers.enable_delivery([USER])

    tools = [(program, "%s is not installed (build-aux/install-deps)" % program)
             for program in ("msmtp", "secret-tool", "postconf")]
    return run_with_real_servers(__doc__, case, EXPORT_DRIVER, "bd-msmtp-", password=PASSWORD,
                                 ready=ready, tools=tools, keyring=True)


if __name__ == "__main__":
    sys.exit(main())
