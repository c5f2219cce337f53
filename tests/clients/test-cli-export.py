#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""`brevduva-cli export ADDRESS --to PROGRAM` end to end, with the real programs (TAP).

    tests/integration/world run --tap-skip -- tests/integration/keyring-session -- \\
        python3 tests/clients/test-cli-export.py --cli _build/src/cli/brevduva-cli

Runs inside the detection world (tests/integration/world: its dnsmasq and
https autoconfig publish real.test, whose servers imap./pop3./smtp.real.test
are at 127.0.0.30) and, inside that, in keyring-session (a private D-Bus
session with a real gnome-keyring-daemon; HOME and XDG_* in a temporary
directory). This program starts the real Dovecot and Postfix there
(tests/servers/real-servers) on the standard ports, with a certificate from
the world's CA, and runs the whole command as a person would: detection,
the proof of the logins, the keyring, the hand-off. Each case starts from an
empty configuration folder and an empty keyring for the address.

  msmtp      `export --to msmtp --password-stdin --ca-file CA` writes msmtp's
             config (mode 0600, no password in it), keeps the password in
             Brevduva's keyring items, and the real msmtp then sends a message
             through Postfix with it (Postfix logs the SASL login of the
             user): the password came from the keyring, as the config's
             passwordeval fetches it; without the keyring item msmtp fails;
  --json     one object, the documented members, every step done, no password
             and no file text; with --dry-run the texts, nothing done;
  --no-verify
             handed off unproven: no login reaches the servers, the password
             is still kept in the keyring;
  --dry-run, --print
             print the plan or the config text; no file, no keyring item, and
             no login reached Dovecot or Postfix (no password was read);
  wrong password
             the proof fails (login-failed, exit 1): no file, no keyring item;
  already configured
             the address in the person's own msmtp account: the plan refuses
             (export-already-configured), before the keyring: the file is
             unchanged and no keyring item is made;
  unverified settings
             srv-check.test (SRV, unverified): nothing is sent to the servers,
             nothing written, and the reason names --no-verify;
  evolution  `export --to evolution` writes the account, identity and transport
             sources naming the real servers, and the password is in the
             keyring under Evolution's schema by the account source's UID;
  Ctrl+C     while detection waits on the world's tarpit (silent.test), SIGINT
             stops the command at once: exit 1, "cancelled", nothing written;
  goa        `export --to goa`: a real goa-daemon on the session bus (in a
             mount namespace of its own where the world's CA is the system's
             trust store, which is all glib-networking reads) lists the account
             with the proven servers, and its own credential check logs in to
             Dovecot with the password it was given.

Throughout, the password is never in the command line or the environment of
brevduva-cli (read from /proc while it runs), nor in its output, nor in any
file under the session's folder. Without root (the world, Postfix) it
reports a TAP skip.
"""

import glob
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

import brevduva_test  # noqa: E402

CA = os.environ.get("BD_TEST_CA")
CA_KEY = os.environ.get("BD_TEST_CA_KEY")
WORLD = os.environ.get("BD_WORLD_DIR")
SESSION = os.environ.get("BD_KEYRING_SESSION_DIR")

ADDRESS = "alice@real.test"
PASSWORD = "Hemligt lösen för export 9"
WRONG = "fel lösen 9"
GOOD_ADDR = "127.0.0.30"
NAMES = ("imap.real.test", "pop3.real.test", "smtp.real.test")
USERS = (ADDRESS, "alice@srv-check.test")
HANG_GUARD = 90
GOA_DAEMON = "/usr/libexec/goa-daemon"
GOA_NAME = "org.gnome.OnlineAccounts"
GOA_ACCOUNT = "org.gnome.OnlineAccounts.Account"
GOA_MAIL = "org.gnome.OnlineAccounts.Mail"
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"

ARGS = None


class Fixture:
    dir = None
    servers = None
    goa = None
    bus = None


F = Fixture()


# ---------------------------------------------------------------------------
# Running brevduva-cli, with its command line and environment from /proc
# ---------------------------------------------------------------------------

class Run(brevduva_test.CliRun):
    """A run of brevduva-cli, with `cmdline` and `environ` as /proc showed
    them while it ran."""
    cmdline = ""
    environ = ""


def read_proc(pid, name):
    try:
        with open("/proc/%d/%s" % (pid, name), "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def run_export(*args, password=None, address=ADDRESS):
    """brevduva-cli export ADDRESS ARGS…, with `password` as the first line
    of its standard input (or nothing on it)."""
    argv = [ARGS.cli, "export", address] + list(args)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if password is not None else
                            subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    cmdline = environ = ""
    if password is not None:
        # brevduva-cli waits for the password it reads: meanwhile /proc shows
        # its command line and environment, once execve has set them up (just
        # after Popen returns they may still be empty).
        deadline = time.monotonic() + HANG_GUARD
        while "export" not in cmdline and time.monotonic() < deadline and proc.poll() is None:
            cmdline = read_proc(proc.pid, "cmdline")
            time.sleep(0.002)
        environ = read_proc(proc.pid, "environ")
    try:
        out, err = proc.communicate(password.encode() + b"\n" if password is not None else None,
                                    timeout=HANG_GUARD)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        rc = brevduva_test.HUNG
    run = Run(argv, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
              time.monotonic() - start)
    run.cmdline, run.environ = cmdline, environ
    return run


def run_tool(argv, input=None):
    """Another program, such as msmtp or secret-tool, to its end."""
    return brevduva_test.run_cli(argv, input=input, timeout=HANG_GUARD)


# ---------------------------------------------------------------------------
# What is on this computer: files, keyring items, the servers' logs
# ---------------------------------------------------------------------------

def config_home():
    return os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.environ["HOME"], ".config")


def msmtp_config():
    return os.path.join(config_home(), "msmtp", "config")


def evolution_sources():
    return os.path.join(config_home(), "evolution", "sources")


def files_under(*roots):
    found = []
    for root in roots:
        for dirpath, _, names in os.walk(root):
            found += [os.path.join(dirpath, n) for n in names]
    return sorted(found)


def config_files():
    """Every file a hand-off could have written: HOME's and XDG's."""
    roots = [os.environ["HOME"], config_home()]
    data = os.environ.get("XDG_DATA_HOME")
    if data:
        # The keyring's own file is there; it is encrypted, and not ours.
        roots.append(data)
    return [f for f in files_under(*roots) if "/keyrings/" not in f]


def secret_lookup(*attributes):
    r = run_tool(["secret-tool", "lookup"] + list(attributes))
    return r.stdout if r.rc == 0 else None


def keyring_items(user):
    """How many items of the keyring have `user` as their user attribute."""
    r = run_tool(["secret-tool", "search", "--all", "user", user])
    return (r.stdout + r.stderr).count("attribute.user = " + user)


def clear_account():
    """An empty configuration, and no keyring item for the address."""
    for path in (os.path.join(config_home(), "msmtp"), os.path.join(config_home(), "evolution"),
                 os.path.join(os.environ["HOME"], ".msmtprc")):
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.unlink(path)
    for protocol, server in (("imap", "imap.real.test"), ("pop3", "pop3.real.test"),
                             ("smtp", "smtp.real.test")):
        run_tool(["secret-tool", "clear", "protocol", protocol, "server", server,
                  "user", ADDRESS])


def name_has_owner(name):
    reply = F.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus", "NameHasOwner", GLib.Variant("(s)", (name,)),
                            GLib.VariantType("(b)"), Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def start_goa():
    """goa-daemon on the session bus, in its own mount namespace where the
    world's CA is the system's trust store; once it owns its name."""
    env = dict(os.environ)
    env.pop("G_DEBUG", None)     # its warnings are not the test's failures
    log = open(os.path.join(F.dir, "goa-daemon.log"), "w")
    F.goa = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "--",
                              "sh", "-c", 'mount --bind "$1" "$2" && exec "$3" --replace', "sh",
                              CA, SYSTEM_BUNDLE, GOA_DAEMON],
                             env=env, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT)
    log.close()
    if not wait_for(lambda: F.goa.poll() is not None or name_has_owner(GOA_NAME), HANG_GUARD) \
            or F.goa.poll() is not None:
        raise RuntimeError("goa-daemon did not own %s" % GOA_NAME)


def stop_goa():
    if F.goa is not None and F.goa.poll() is None:
        F.goa.terminate()
        try:
            F.goa.wait(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            F.goa.kill()
            F.goa.wait()


def goa_accounts(address):
    """{path: {interface: {property: value}}} of GOA's accounts for `address`."""
    reply = F.bus.call_sync(GOA_NAME, "/org/gnome/OnlineAccounts",
                            "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", None,
                            GLib.VariantType("(a{oa{sa{sv}}})"), Gio.DBusCallFlags.NONE,
                            HANG_GUARD * 1000, None)
    return {path: ifaces for path, ifaces in reply.unpack()[0].items()
            if ifaces.get(GOA_ACCOUNT, {}).get("Identity") == address}


def goa_ensure_credentials(path):
    """GOA's own check of the account: None when it passed, else its error."""
    try:
        F.bus.call_sync(GOA_NAME, path, GOA_ACCOUNT, "EnsureCredentials", None,
                        GLib.VariantType("(i)"), Gio.DBusCallFlags.NONE, HANG_GUARD * 1000,
                        None)
        return None
    except GLib.Error as e:
        return e.message


def server_log(name):
    return F.servers.log(name)


def dovecot_logins(user, before=0):
    """Dovecot's "Login: user=<U>" lines since `before` (characters of its log)."""
    return [l for l in server_log("dovecot.log")[before:].splitlines()
            if "Login: user=<%s>" % user in l]


def postfix_sasl_lines(user, before=0):
    """Postfix's lines with a successful SASL login of `user`."""
    return [l for l in server_log("postfix.log")[before:].splitlines()
            if "sasl_username=%s" % user in l]


def wait_for(predicate, seconds=10):
    """Polls `predicate` until it is true or the deadline passes; its last answer."""
    deadline = time.monotonic() + seconds
    while True:
        answer = predicate()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

class Case(brevduva_test.Case):
    def export(self, *args, password=None, address=ADDRESS):
        r = run_export(*args, password=password, address=address)
        self.runs.append(r)
        self.check(r.rc != brevduva_test.HUNG, "export ended (hang guard %d s)" % HANG_GUARD)
        self.not_revealed(r, password)
        if "--json" in args:
            self.check(isinstance(r.json, dict), "stdout is one JSON object (%s)" % r.json_error)
        return r

    def not_revealed(self, r, password):
        for secret in (PASSWORD, WRONG):
            self.check(secret not in r.stdout and secret not in r.stderr,
                       "no password in the output")
        if password is None:
            return
        self.check("export" in r.cmdline and password not in r.cmdline,
                   "no password in the command line (%r)" % r.cmdline)
        self.check("HOME=" in r.environ and password not in r.environ,
                   "no password in the environment")

    def no_password_in_files(self):
        for path in files_under(SESSION):
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            for secret in (PASSWORD, WRONG):
                self.check(secret.encode() not in data, "%s holds the password" % path)

    def nothing_written(self, before):
        self.eq(config_files(), before, "the files under HOME and XDG_*")
        self.eq(keyring_items(ADDRESS), 0, "keyring items of " + ADDRESS)

    def json_shape(self, r, applied, dry_run):
        j = r.json if isinstance(r.json, dict) else {}
        for member in ("address", "target", "applied", "dry_run", "logins", "stored", "steps",
                       "warnings", "error"):
            self.check(member in j, "JSON member %s" % member)
        self.eq(j.get("address"), ADDRESS, "address")
        self.eq(j.get("applied"), applied, "applied")
        self.eq(j.get("dry_run"), dry_run, "dry_run")
        steps = j.get("steps") or []
        self.check(steps, "steps listed")
        for step in steps:
            self.check(step.get("kind") in ("file", "keyring", "dbus", "launch"),
                       "step kind (%r)" % step.get("kind"))
            self.check(isinstance(step.get("description"), str) and step.get("description"),
                       "step description")
            self.check("path" in step, "step path member")
            self.eq(step.get("done"), applied, "step done: " + str(step.get("description")))
            self.eq("text" in step, dry_run and step.get("kind") == "file",
                    "step text only in a dry run: " + str(step.get("description")))
        return j


case = brevduva_test.Registry()


@case("msmtp --dry-run: the plan with the config's full text; nothing written, no login")
def _(c):
    clear_account()
    before = config_files()
    dovecot_before = len(server_log("dovecot.log"))
    postfix_before = len(server_log("postfix.log"))
    r = c.export("--to", "msmtp", "--ca-file", CA, "--dry-run")
    c.eq(r.rc, 0, "exit status")
    c.check(msmtp_config() in r.stdout, "the plan names %s" % msmtp_config())
    c.check('account "%s"' % ADDRESS in r.stdout, "the plan shows the account block")
    c.check('host "smtp.real.test"' in r.stdout, "the plan names the SMTP server")
    c.check("passwordeval" in r.stdout and "secret-tool lookup" in r.stdout,
            "the password comes from the keyring")
    c.nothing_written(before)
    c.eq(dovecot_logins(ADDRESS, dovecot_before), [], "no Dovecot login")
    c.eq(postfix_sasl_lines(ADDRESS, postfix_before), [], "no Postfix login")


@case("msmtp --print: only the config text; nothing written")
def _(c):
    clear_account()
    before = config_files()
    r = c.export("--to", "msmtp", "--ca-file", CA, "--print")
    c.eq(r.rc, 0, "exit status")
    lines = r.stdout.splitlines()
    c.check(lines and lines[0].startswith("# BEGIN brevduva " + ADDRESS),
            "the text opens with Brevduva's block (%r)" % lines[:1])
    c.check('account "%s"' % ADDRESS in r.stdout, "the account block")
    c.check('tls_trust_file "%s"' % os.path.realpath(CA) in r.stdout,
            "msmtp trusts the CA the servers were proven against")
    c.check(msmtp_config() not in r.stdout, "no plan around it")
    c.nothing_written(before)


@case("msmtp --dry-run --json: the documented object, each file's text, nothing done")
def _(c):
    clear_account()
    before = config_files()
    r = c.export("--to", "msmtp", "--ca-file", CA, "--dry-run", "--json")
    c.eq(r.rc, 0, "exit status")
    j = c.json_shape(r, applied=False, dry_run=True)
    c.eq(j.get("target"), "msmtp", "target")
    c.eq(j.get("error"), None, "error")
    files = [s for s in j.get("steps") or [] if s.get("kind") == "file"]
    c.eq([s.get("path") for s in files], [msmtp_config()], "the file steps")
    c.check(files and 'host "smtp.real.test"' in files[0].get("text", ""), "the file's text")
    c.eq([l.get("proven") for l in j.get("logins") or []], [False, False],
         "no login proven in a dry run")
    c.eq(j.get("stored"), [], "nothing stored")
    c.nothing_written(before)


@case("msmtp, wrong password: the proof fails (login-failed, exit 1); nothing written")
def _(c):
    clear_account()
    before = config_files()
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", "--json", password=WRONG)
    c.eq(r.rc, 1, "exit status")
    j = r.json if isinstance(r.json, dict) else {}
    c.eq((j.get("error") or {}).get("code"), "login-failed", "error.code")
    c.check((j.get("error") or {}).get("advice"), "error.advice")
    c.eq(j.get("applied"), False, "applied")
    c.eq(j.get("steps"), [], "no plan")
    logins = j.get("logins") or []
    c.eq([l.get("url") for l in logins],
         ["imaps://imap.real.test:993", "smtps://smtp.real.test:465"], "the logins tried")
    c.check(logins and not any(l.get("proven") for l in logins), "no login proven")
    c.nothing_written(before)
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", password=WRONG)
    c.eq(r.rc, 1, "exit status (text)")
    c.check("login to" in r.stderr and "failed, so nothing was handed to msmtp" in r.stderr,
            "stderr says which login failed and that nothing was handed off")
    c.check("What to do:" in r.stderr, "stderr gives the advice")
    c.nothing_written(before)
    c.no_password_in_files()


@case("msmtp: the config (0600, no password), the keyring item; msmtp sends through Postfix")
def _(c):
    clear_account()
    dovecot_before = len(server_log("dovecot.log"))
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", "--json",
                 "--name", "Alice Liddell", password=PASSWORD)
    c.eq(r.rc, 0, "exit status")
    j = c.json_shape(r, applied=True, dry_run=False)
    c.eq(j.get("error"), None, "error")
    c.eq([(l.get("url"), l.get("proven")) for l in j.get("logins") or []],
         [("imaps://imap.real.test:993", True), ("smtps://smtp.real.test:465", True)],
         "both logins proven")
    c.eq(sorted(j.get("stored") or []),
         ["imaps://imap.real.test:993", "smtps://smtp.real.test:465"], "stored")
    c.check(len(dovecot_logins(ADDRESS, dovecot_before)) >= 1, "Dovecot saw the IMAP proof")

    path = msmtp_config()
    c.check(os.path.exists(path), "%s written" % path)
    if not os.path.exists(path):
        return
    c.eq(oct(stat.S_IMODE(os.stat(path).st_mode)), "0o600", "the config's mode")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    c.check(PASSWORD not in text, "no password in the config")
    c.check('host "smtp.real.test"' in text and "passwordeval" in text, "the account block")
    c.eq(secret_lookup("protocol", "smtp", "server", "smtp.real.test", "user", ADDRESS),
         PASSWORD, "the SMTP password in Brevduva's keyring item")
    c.eq(secret_lookup("protocol", "imap", "server", "imap.real.test", "user", ADDRESS),
         PASSWORD, "the IMAP password in Brevduva's keyring item")
    c.no_password_in_files()

    # The real msmtp, on the config it finds itself, with the password that
    # its passwordeval fetches from the keyring.
    postfix_before = len(server_log("postfix.log"))
    # To herself: Postfix delivers to the test's users only.
    message = ("From: Alice Liddell <%s>\nTo: %s\nSubject: Brevduva export\n\n"
               "Sent by msmtp with the settings brevduva-cli export wrote.\n" % (ADDRESS, ADDRESS))
    sent = run_tool(["msmtp", "--from=" + ADDRESS, ADDRESS], input=message)
    c.runs.append(sent)
    c.eq(sent.rc, 0, "msmtp's exit status")
    accepted = wait_for(lambda: postfix_sasl_lines(ADDRESS, postfix_before))
    c.check(accepted, "Postfix took the message from the SASL login of %s" % ADDRESS)
    c.check(accepted and "client=" in accepted[0] and "sasl_method=" in accepted[0],
            "the queue's line names the client and the SASL method: %r" % accepted)

    # Without the keyring item msmtp has no password: it came from there.
    run_tool(["secret-tool", "clear", "protocol", "smtp", "server", "smtp.real.test",
              "user", ADDRESS])
    postfix_before = len(server_log("postfix.log"))
    unsent = run_tool(["msmtp", "--from=" + ADDRESS, ADDRESS], input=message)
    c.runs.append(unsent)
    c.check(unsent.rc not in (0, brevduva_test.HUNG),
            "msmtp fails without the keyring item (exit %r)" % unsent.rc)
    c.eq(postfix_sasl_lines(ADDRESS, postfix_before), [], "no SASL login without the item")


@case("msmtp, text output, run again: the steps ✓, one Brevduva block, the rest kept")
def _(c):
    clear_account()
    path = msmtp_config()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    own = "# The person's own settings, kept byte for byte.\ndefaults\nlogfile ~/.msmtp.log\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(own)
    os.chmod(path, 0o600)
    for attempt in (1, 2):
        r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", password=PASSWORD)
        c.eq(r.rc, 0, "exit status (run %d)" % attempt)
        c.check("Added %s to msmtp:" % ADDRESS in r.stdout, "says the account was added")
        c.check("Stored the SMTP password for %s on smtp.real.test, port 465." % ADDRESS
                in r.stdout, "says the password was stored")
        c.check(r.stdout.count("✓ ") >= 2 and "✗ " not in r.stdout, "every step ✓")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    c.check(text.startswith(own), "the person's own settings are kept")
    c.eq(text.count("# BEGIN brevduva " + ADDRESS), 1, "one Brevduva block")
    c.eq(keyring_items(ADDRESS), 2, "keyring items of " + ADDRESS + " (IMAP and SMTP)")


@case("msmtp, the address set up by hand: refused in the plan (exit 1); file and keyring untouched")
def _(c):
    clear_account()
    path = msmtp_config()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    own = "account mine\nhost smtp.real.test\nuser %s\nfrom %s\n" % (ADDRESS, ADDRESS)
    with open(path, "w", encoding="utf-8") as f:
        f.write(own)
    os.chmod(path, 0o600)
    before = config_files()
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", "--json",
                 password=PASSWORD)
    c.eq(r.rc, 1, "exit status")
    j = r.json if isinstance(r.json, dict) else {}
    c.eq((j.get("error") or {}).get("code"), "export-already-configured", "error.code")
    c.eq(j.get("applied"), False, "applied")
    c.eq(j.get("stored"), [], "nothing stored: the refusal comes before the keyring")
    # The logins were proven before the plan refused.
    c.eq([l.get("proven") for l in j.get("logins") or []], [True, True], "logins proven")
    with open(path, encoding="utf-8") as f:
        c.eq(f.read(), own, "the person's file, byte for byte")
    c.eq(config_files(), before, "the files under HOME and XDG_*")
    c.eq(keyring_items(ADDRESS), 0, "keyring items of " + ADDRESS)
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", password=PASSWORD)
    c.eq(r.rc, 1, "exit status (text)")
    c.check("line" in r.stderr and "What to do:" in r.stderr,
            "stderr names the line, and what to do (got %r)" % r.stderr)


@case("msmtp --no-verify: handed off unproven, no login sent, the password still in the keyring")
def _(c):
    clear_account()
    dovecot_before = len(server_log("dovecot.log"))
    postfix_before = len(server_log("postfix.log"))
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", "--no-verify", "--json",
                 password=PASSWORD)
    c.eq(r.rc, 0, "exit status")
    j = c.json_shape(r, applied=True, dry_run=False)
    c.eq([l.get("proven") for l in j.get("logins") or []], [False, False], "nothing proven")
    c.check(os.path.exists(msmtp_config()), "%s written" % msmtp_config())
    c.eq(secret_lookup("protocol", "smtp", "server", "smtp.real.test", "user", ADDRESS),
         PASSWORD, "the SMTP password in Brevduva's keyring item")
    c.eq(dovecot_logins(ADDRESS, dovecot_before), [], "no Dovecot login")
    c.check(" auth=" not in server_log("postfix.log")[postfix_before:], "no AUTH at Postfix")


@case("srv-check.test (unverified): no login, nothing written, the reason names --no-verify")
def _(c):
    clear_account()
    user = "alice@srv-check.test"
    before = config_files()
    dovecot_before = len(server_log("dovecot.log"))
    r = c.export("--to", "msmtp", "--ca-file", CA, "--password-stdin", password=PASSWORD,
                 address=user)
    c.eq(r.rc, 1, "exit status")
    c.check("cannot be verified" in r.stderr and "--no-verify" in r.stderr,
            "stderr says why (got %r)" % r.stderr)
    c.eq(config_files(), before, "the files under HOME and XDG_*")
    c.eq(keyring_items(user), 0, "keyring items of " + user)
    c.check(user not in server_log("dovecot.log")[dovecot_before:], "Dovecot never saw " + user)


@case("Ctrl+C while detection waits on silent.test's servers: stops at once (cancelled, exit 1)")
def _(c):
    clear_account()
    before = config_files()
    argv = [ARGS.cli, "export", "alice@silent.test", "--to", "msmtp", "--dry-run", "--json"]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # The event: brevduva-cli holds a connection to the world's tarpit
    # (127.0.0.19), which accepts and then never answers.
    waiting = wait_for(lambda: proc.poll() is None and "pid=%d," % proc.pid in run_tool(
        ["ss", "-tnpH", "dst", "127.0.0.19"]).stdout, HANG_GUARD)
    c.check(waiting, "brevduva-cli connected to the tarpit")
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=HANG_GUARD)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        rc = brevduva_test.HUNG
    took = time.monotonic() - t0
    r = Run(argv, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), took)
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    # Every source has its own deadline of 10 s: stopping is not waiting for it.
    c.check(took < 5, "ended %.2f s after Ctrl+C" % took)
    j = r.json if isinstance(r.json, dict) else {}
    c.eq((j.get("error") or {}).get("code"), "cancelled", "error.code")
    c.eq(j.get("applied"), False, "applied")
    c.eq(config_files(), before, "the files under HOME and XDG_*")


@case("evolution: account, identity and transport sources; the password under Evolution's schema")
def _(c):
    clear_account()
    r = c.export("--to", "evolution", "--ca-file", CA, "--password-stdin", "--json",
                 "--name", "Alice Liddell", password=PASSWORD)
    c.eq(r.rc, 0, "exit status")
    j = c.json_shape(r, applied=True, dry_run=False)
    c.eq(j.get("target"), "evolution", "target")
    sources = sorted(glob.glob(os.path.join(evolution_sources(), "*.source")))
    c.eq(len(sources), 3, "source files in %s" % evolution_sources())
    texts = {}
    for path in sources:
        with open(path, encoding="utf-8") as f:
            texts[path] = f.read()
        c.check(PASSWORD not in texts[path], "%s holds no password" % path)
    joined = "\n".join(texts.values())
    c.check("imap.real.test" in joined and "smtp.real.test" in joined,
            "the sources name the real servers")
    c.check("Name=Alice Liddell" in joined, "the identity has the --name")
    # The account's source: the one with the incoming server; its UID is
    # its file name, and its password is found by that UID.
    uids = [os.path.basename(p)[:-len(".source")] for p, t in texts.items()
            if "imap.real.test" in t]
    c.eq(len(uids), 1, "one source names the IMAP server")
    if uids:
        c.eq(secret_lookup("e-source-uid", uids[0]), PASSWORD,
             "the password by the account source's UID")
    c.no_password_in_files()


@case("goa: goa-daemon lists the account with the proven servers; its own check logs in")
def _(c):
    clear_account()
    dovecot_before = len(server_log("dovecot.log"))
    r = c.export("--to", "goa", "--ca-file", CA, "--password-stdin", "--json",
                 "--name", "Alice Liddell", password=PASSWORD)
    c.eq(r.rc, 0, "exit status")
    j = c.json_shape(r, applied=True, dry_run=False)
    c.eq(j.get("target"), "goa", "target")
    accounts = goa_accounts(ADDRESS)
    if not c.eq(len(accounts), 1, "GOA's accounts for " + ADDRESS):
        return
    path, ifaces = next(iter(accounts.items()))
    account, mail = ifaces.get(GOA_ACCOUNT, {}), ifaces.get(GOA_MAIL, {})
    c.eq(account.get("ProviderType"), "imap_smtp", "ProviderType")
    want = {"EmailAddress": ADDRESS, "Name": "Alice Liddell",
            "ImapHost": "imap.real.test:993", "ImapUserName": ADDRESS, "ImapUseSsl": True,
            "SmtpHost": "smtp.real.test:465", "SmtpUserName": ADDRESS, "SmtpUseSsl": True,
            "ImapAcceptSslErrors": False, "SmtpAcceptSslErrors": False}
    for key, value in want.items():
        c.eq(mail.get(key), value, "Mail." + key)
    # GOA logs in itself, with the password it keeps, over TLS it verifies.
    before = len(dovecot_logins(ADDRESS, dovecot_before))
    error = goa_ensure_credentials(path)
    c.check(error is None, "GOA's credential check: %s" % error)
    c.check(len(dovecot_logins(ADDRESS, dovecot_before)) > before,
            "Dovecot saw GOA's login of " + ADDRESS)
    c.no_password_in_files()
    with open(os.path.join(F.dir, "goa-daemon.log"), errors="replace") as f:
        c.check(PASSWORD not in f.read(), "no password in goa-daemon's log")


class Servers(brevduva_test.RealServers):
    """The real servers on the standard ports of the world's real.test
    address, with a certificate for its names from the world's CA."""

    def start(self):
        crt, key, _ = brevduva_test.issue_certificate(os.path.join(self.dir, "certs"), "good",
                                                      NAMES, CA, CA_KEY)
        return super().start(PASSWORD, users=USERS, standard_ports=True,
                             listen=("%s=%s,%s" % (GOOD_ADDR, crt, key),))


def main():
    if not (CA and CA_KEY and WORLD):
        return brevduva_test.Tap().bail_out(
            "not inside the detection world: run tests/integration/world run -- "
            "tests/integration/keyring-session -- %s --cli PATH" % sys.argv[0])

    def ready(args, started):
        global ARGS
        ARGS = args
        ARGS.cli = os.path.abspath(args.cli)
        F.dir, F.servers = started.dir, started
        F.servers.enable_delivery(USERS)
        F.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        start_goa()

    tools = [(tool, "%s is not installed (build-aux/install-deps)" % tool)
             for tool in ("certtool", "msmtp", "secret-tool", "unshare", GOA_DAEMON)]
    return brevduva_test.run_with_real_servers(
        __doc__, case, brevduva_test.TESTED_CLI, "bd-cli-export-",
        servers=lambda directory, args: Servers(directory), ready=ready, teardown=stop_goa,
        tools=tools, keyring=True, new_case=Case,
        root_why="needs root (Postfix's master runs only as root)")


if __name__ == "__main__":
    sys.exit(main())
