#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""GNOME Online Accounts: the hand-off, as a real goa-daemon keeps and checks it (issue 12 §7).

Runs inside tests/integration/keyring-session: a private D-Bus session with a
real gnome-keyring-daemon, HOME and XDG_* in a temporary directory. Real
Dovecot and Postfix (tests/servers/real-servers) listen on loopback, with a
certificate for "localhost" from the test CA.

A real goa-daemon (/usr/libexec/goa-daemon --replace) runs on the session
bus for the whole test. It verifies certificates with glib-networking
against the system's trust store only, so it runs in a private mount
namespace (unshare --mount, as root) where the test CA is bind-mounted over
/etc/ssl/certs/ca-certificates.crt; the host's files are never changed.

Each case runs bd-export-driver --to goa for an address of its own, with
the servers' URLs and the password on standard input, then asks goa-daemon
over D-Bus: the account it lists (GetManagedObjects) with its Account and
Mail properties, and GOA's own credential check of it (Account.
EnsureCredentials, which logs in to Dovecot's IMAP and Postfix's submission
with the password from GOA's keyring item), after which AttentionNeeded is
false. A wrong password makes that same check fail, so the check is real.

Also: the refusals (an address GOA has already, a pinned certificate, an
unproven server, a browser-login provider, a POP3 account, no goa-daemon
on the bus), each of which adds nothing; the plan of a pinned server allowed any certificate; the
browser-login hand-off to GNOME Settings; no password in goa-daemon's
accounts.conf, in the plan or in the driver's output.

Needs root (real-servers, unshare); reports itself skipped (TAP) without it.

    keyring-session -- test-goa.py [--driver BD-EXPORT-DRIVER] [--only TEXT]
"""

import json
import os
import stat
import subprocess
import sys
import time

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

from brevduva_test import (EXPORT_DRIVER, Registry, run_cli,  # noqa: E402
                           run_with_real_servers)

HERE = os.path.dirname(os.path.abspath(__file__))

PASSWORD = "GOA-lösen-7"
NAME = "Alice Liddell"
DOMAIN = "brevduva.test"
GOA_DAEMON = "/usr/libexec/goa-daemon"
GOA_NAME = "org.gnome.OnlineAccounts"
ACCOUNT = "org.gnome.OnlineAccounts.Account"
MAIL = "org.gnome.OnlineAccounts.Mail"
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
DEADLINE = 60          # seconds for goa-daemon to come up, a run or a check to end
PIN = "sha256:" + "ab" * 32

# One address per case: GOA keeps every account for the whole test.
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
         "judy", "mallory"]

case = Registry()
servers = None
driver = None
work = None
goa = None
bus = None


def address(user):
    return "%s@%s" % (user, DOMAIN)


# ---------------------------------------------------------------------------
# goa-daemon
# ---------------------------------------------------------------------------

def name_has_owner(name):
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", GLib.Variant("(s)", (name,)),
                          GLib.VariantType("(b)"), Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def start_goa():
    """goa-daemon in its own mount namespace, trusting only the test CA;
    returns the process once it owns its name on the session bus."""
    env = dict(os.environ)
    env.pop("G_DEBUG", None)     # its warnings are not the test's failures
    script = 'mount --bind "$1" "$2" && exec "$3" --replace'
    log = open(os.path.join(work, "goa-daemon.log"), "w")
    proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "--",
                             "sh", "-c", script, "sh",
                             os.path.join(servers.dir, "certs", "ca.crt"), SYSTEM_BUNDLE,
                             GOA_DAEMON],
                            env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + DEADLINE
    while not name_has_owner(GOA_NAME):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_goa(proc)
            raise RuntimeError("goa-daemon did not own %s:\n%s" % (GOA_NAME, goa_log()))
        time.sleep(0.05)
    return proc


def stop_goa(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def goa_log():
    with open(os.path.join(work, "goa-daemon.log"), errors="replace") as f:
        return f.read()


def goa_objects():
    """{path: {interface: {property: value}}} of goa-daemon's objects."""
    reply = bus.call_sync(GOA_NAME, "/org/gnome/OnlineAccounts",
                          "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", None,
                          GLib.VariantType("(a{oa{sa{sv}}})"), Gio.DBusCallFlags.NONE,
                          DEADLINE * 1000, None)
    return reply.unpack()[0]


def accounts_of(addr):
    """[(path, interfaces)] of GOA's accounts for `addr`."""
    return [(path, ifaces) for path, ifaces in sorted(goa_objects().items())
            if ACCOUNT in ifaces and
            (ifaces.get(MAIL, {}).get("EmailAddress") == addr or
             ifaces[ACCOUNT].get("Identity") == addr)]


def account_count():
    return sum(ACCOUNT in ifaces for ifaces in goa_objects().values())


def ensure_credentials(path):
    """GOA's own check of the account: None when it passed, else GOA's
    error message."""
    try:
        bus.call_sync(GOA_NAME, path, ACCOUNT, "EnsureCredentials", None,
                      GLib.VariantType("(i)"), Gio.DBusCallFlags.NONE, DEADLINE * 1000, None)
        return None
    except GLib.Error as e:
        return e.message


def accounts_conf():
    path = os.path.join(os.environ["XDG_CONFIG_HOME"], "goa-1.0", "accounts.conf")
    with open(path, "rb") as f:
        return f.read()


def goa_keyring_secret(account_id):
    """The secret of GOA's keyring item for the account (a GVariant text)."""
    r = subprocess.run(["secret-tool", "lookup", "goa-identity", "imap_smtp:gen0:" + account_id],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=DEADLINE)
    return r.stdout if r.returncode == 0 else None


# ---------------------------------------------------------------------------
# The hand-off
# ---------------------------------------------------------------------------

def url(scheme, service):
    return "%s://localhost:%d" % (scheme, servers.ports[service])


def export(c, user, *args, password=PASSWORD, env=None):
    argv = [driver, "--to", "goa", "--address", address(user)] + list(args)
    if env is not None:
        argv = ["env"] + ["%s=%s" % kv for kv in env.items()] + argv
    run = run_cli(argv, input=password + "\n", timeout=DEADLINE)
    c.runs.append(run)
    c.check(password not in run.stdout and password not in run.stderr,
            "the password is in the driver's output")
    return run


def export_ok(c, user, *args, **kwargs):
    run = export(c, user, *args, **kwargs)
    c.eq(run.rc, 0, "bd-export-driver's exit status")
    return run


def refused(c, code, user, *args, **kwargs):
    before = account_count()
    run = export(c, user, *args, **kwargs)
    c.eq(run.rc, 1, "bd-export-driver's exit status")
    c.check(run.stderr.startswith(code + ":"),
            "stderr: expected %s: …, got %r" % (code, run.stderr.strip()))
    c.eq(account_count(), before, "GOA's accounts after the refusal")
    return run


def the_account(c, user):
    found = accounts_of(address(user))
    if not c.eq(len(found), 1, "GOA's accounts for %s" % address(user)):
        return None, None
    return found[0]


def check_mail(c, user, ifaces, imap, smtp, name=NAME, accept=(False, False)):
    """The Account and Mail properties GOA lists: `imap` and `smtp` are
    (port, "ssl" | "tls") each."""
    addr = address(user)
    account = ifaces.get(ACCOUNT, {})
    mail = ifaces.get(MAIL, {})
    c.eq(account.get("ProviderType"), "imap_smtp", "ProviderType")
    c.eq(account.get("Identity"), addr, "Identity")
    c.eq(account.get("PresentationIdentity"), addr, "PresentationIdentity")
    c.eq(account.get("MailDisabled"), False, "MailDisabled")
    if not c.check(mail, "no Mail interface: GOA did not read the account's mail keys"):
        return
    want = {
        "EmailAddress": addr, "Name": name,
        "ImapSupported": True, "ImapHost": "localhost:%d" % imap[0], "ImapUserName": addr,
        "ImapUseSsl": imap[1] == "ssl", "ImapUseTls": imap[1] == "tls",
        "ImapAcceptSslErrors": accept[0],
        "SmtpSupported": True, "SmtpHost": "localhost:%d" % smtp[0], "SmtpUserName": addr,
        "SmtpUseAuth": True, "SmtpAuthPlain": True,
        "SmtpUseSsl": smtp[1] == "ssl", "SmtpUseTls": smtp[1] == "tls",
        "SmtpAcceptSslErrors": accept[1],
    }
    for key, value in want.items():
        c.eq(mail.get(key), value, "Mail.%s" % key)


def check_credentials_pass(c, user, path):
    """GOA's own check passes, with the password of its own keyring item,
    and it logged in to Dovecot as the user."""
    error = ensure_credentials(path)
    c.check(error is None, "GOA's credential check failed: %s" % error)
    account = goa_objects().get(path, {}).get(ACCOUNT, {})
    c.eq(account.get("AttentionNeeded"), False, "AttentionNeeded after the check")
    c.check("user=<%s>" % address(user) in servers.log("dovecot.log"),
            "Dovecot's log shows no login of %s" % address(user))
    secret = goa_keyring_secret(account.get("Id", "?"))
    if c.check(secret is not None, "no keyring item of GOA's for the account"):
        credentials = GLib.Variant.parse(GLib.VariantType("a{sv}"), secret, None, None).unpack()
        c.eq(sorted(credentials), ["imap-password", "smtp-password"],
             "the credential keys in GOA's keyring item")
        c.check(all(v == PASSWORD for v in credentials.values()),
                "GOA's keyring item does not hold the password given")


def check_no_password(c):
    c.check(PASSWORD.encode() not in accounts_conf(), "the password is in accounts.conf")
    c.check(PASSWORD not in goa_log(), "the password is in goa-daemon's log")


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

@case("IMAPS and submission with STARTTLS: goa-daemon lists the account with the right "
      "Mail properties, and its own credential check passes against Dovecot and Postfix")
def _(c):
    export_ok(c, "alice", "--name", NAME, "--incoming", url("imaps", "imaps"),
              "--outgoing", url("smtp", "submission"))
    path, ifaces = the_account(c, "alice")
    if path is None:
        return
    check_mail(c, "alice", ifaces, (servers.ports["imaps"], "ssl"),
               (servers.ports["submission"], "tls"))
    check_credentials_pass(c, "alice", path)
    check_no_password(c)


@case("IMAP with STARTTLS and smtps: the other security of each, and the check passes")
def _(c):
    export_ok(c, "bob", "--name", NAME, "--incoming", url("imap", "imap"),
              "--outgoing", url("smtps", "smtps"))
    path, ifaces = the_account(c, "bob")
    if path is None:
        return
    check_mail(c, "bob", ifaces, (servers.ports["imap"], "tls"), (servers.ports["smtps"], "ssl"))
    check_credentials_pass(c, "bob", path)
    check_no_password(c)


@case("a wrong password: the account is added, and GOA's own check of it fails "
      "(the check is real)")
def _(c):
    wrong = "not-" + PASSWORD
    export_ok(c, "carol", "--name", NAME, "--incoming", url("imaps", "imaps"),
              "--outgoing", url("smtps", "smtps"), password=wrong)
    path, _ifaces = the_account(c, "carol")
    if path is None:
        return
    error = ensure_credentials(path)
    if c.check(error is not None, "GOA's check passed with a wrong password"):
        c.check("certificate" not in error, "it failed on the certificate, not the login: "
                + error)
    account = goa_objects().get(path, {}).get(ACCOUNT, {})
    c.eq(account.get("AttentionNeeded"), True, "AttentionNeeded after the failed check")


@case("the dry run shows the AddAccount call and its details, without the password, "
      "and adds nothing")
def _(c):
    before = account_count()
    run = export_ok(c, "dave", "--name", NAME, "--incoming", url("imaps", "imaps"),
                    "--outgoing", url("smtps", "smtps"), "--dry-run")
    call = "org.gnome.OnlineAccounts.Manager.AddAccount ('imap_smtp', '%s'" % address("dave")
    for text in (call,
                 "Enabled=true", "ImapHost=localhost:%d" % servers.ports["imaps"],
                 "SmtpHost=localhost:%d" % servers.ports["smtps"], "imap-password"):
        c.check(text in run.stdout, "the plan does not say %r" % text)
    c.eq(account_count(), before, "GOA's accounts after the dry run")
    c.eq(accounts_of(address("dave")), [], "an account for dave")


@case("an address GOA has an account for already: export-already-configured, "
      "and nothing is added")
def _(c):
    export_ok(c, "erin", "--incoming", url("imaps", "imaps"), "--outgoing", url("smtps", "smtps"))
    conf = accounts_conf()
    refused(c, "export-already-configured", "erin", "--incoming", url("imap", "imap"),
            "--outgoing", url("smtp", "submission"))
    c.eq(len(accounts_of(address("erin"))), 1, "GOA's accounts for erin")
    c.check(accounts_conf() == conf, "accounts.conf changed")


@case("a certificate trusted by its fingerprint: export-certificate-not-expressible, "
      "and nothing is added")
def _(c):
    refused(c, "export-certificate-not-expressible", "frank", "--incoming",
            url("imaps", "imaps"), "--outgoing", url("smtps", "smtps"), "--pin-outgoing", PIN)
    c.eq(accounts_of(address("frank")), [], "an account for frank")


@case("allowed any certificate: the plan says so, and only the pinned server's "
      "AcceptSslErrors is set")
def _(c):
    run = export_ok(c, "grace", "--name", NAME, "--incoming", url("imaps", "imaps"),
                    "--outgoing", url("smtps", "smtps"), "--pin-incoming", PIN,
                    "--allow-any-certificate", "--dry-run")
    c.check("ImapAcceptSslErrors=true" in run.stdout, "the plan does not set ImapAcceptSslErrors")
    c.check("SmtpAcceptSslErrors=false" in run.stdout, "the plan sets SmtpAcceptSslErrors")
    c.check("will accept any certificate from localhost" in run.stdout,
            "the plan does not warn that GOA accepts any certificate")
    export_ok(c, "grace", "--name", NAME, "--incoming", url("imaps", "imaps"),
              "--outgoing", url("smtps", "smtps"), "--pin-incoming", PIN,
              "--allow-any-certificate")
    path, ifaces = the_account(c, "grace")
    if path is not None:
        check_mail(c, "grace", ifaces, (servers.ports["imaps"], "ssl"),
                   (servers.ports["smtps"], "ssl"), accept=(True, False))


@case("an unproven server: export-not-proven, and nothing is added")
def _(c):
    refused(c, "export-not-proven", "heidi", "--incoming", url("imaps", "imaps"),
            "--outgoing", url("smtps", "smtps"), "--unproven")
    c.eq(accounts_of(address("heidi")), [], "an account for heidi")


@case("a POP3 account: refused (GOA reads IMAP only), and nothing is added")
def _(c):
    run = refused(c, "export-not-supported", "ivan", "--incoming", url("pop3s", "pop3s"),
                  "--outgoing", url("smtps", "smtps"))
    c.check("only over IMAP" in run.stderr, "the refusal does not say why")
    c.eq(accounts_of(address("ivan")), [], "an account for ivan")


@case("a browser-login provider GOA has no sign-in for: export-browser-login-required, "
      "naming the program that can")
def _(c):
    run = refused(c, "export-browser-login-required", "judy", "--incoming",
                  url("imaps", "imaps"), "--outgoing", url("smtps", "smtps"), "--browser-login")
    c.check("Thunderbird" in run.stderr, "the refusal names no program that can sign in")
    c.eq(accounts_of(address("judy")), [], "an account for judy")


def driver_has_provider():
    r = subprocess.run([driver, "--help"], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=DEADLINE)
    return "--provider" in r.stdout


def fake_settings(directory, record):
    """A `gnome-control-center` that records its arguments: the real one
    needs a display and is not installed here."""
    os.makedirs(directory, exist_ok=True)
    program = os.path.join(directory, "gnome-control-center")
    with open(program, "w") as f:
        f.write('#!/bin/sh\nprintf "%%s\\n" "$@" > "%s.tmp" && mv "%s.tmp" "%s"\n'
                % (record, record, record))
    os.chmod(program, stat.S_IRWXU)
    return program


@case("Gmail, browser login only: without GNOME Settings export-browser-login-required "
      "naming it; with it, a plan that opens Online Accounts on GOA's google provider")
def _(c):
    if not driver_has_provider():
        c.todo = "bd-export-driver has no --provider yet"
        c.check(False, "bd-export-driver has no --provider option")
        return
    no_settings = os.path.join(work, "bin-empty")
    os.makedirs(no_settings, exist_ok=True)
    args = ["--provider", "gmail.com", "--incoming", "imaps://imap.gmail.com",
            "--outgoing", "smtps://smtp.gmail.com", "--browser-login"]
    path = "/usr/bin:/bin"
    run = refused(c, "export-browser-login-required", "mallory", *args,
                  env={"PATH": path})
    c.check("gnome-control-center" in run.stderr, "the refusal does not name GNOME Settings")

    bindir = os.path.join(work, "bin-settings")
    record = os.path.join(work, "settings-argv")
    fake_settings(bindir, record)
    env = {"PATH": bindir + ":" + path}
    run = export_ok(c, "mallory", *(args + ["--dry-run"]), env=env)
    c.check("gnome-control-center online-accounts add google" in run.stdout,
            "the plan does not open GOA's google provider")
    before = account_count()
    export_ok(c, "mallory", *args, env=env)
    deadline = time.monotonic() + DEADLINE
    while not os.path.exists(record) and time.monotonic() < deadline:
        time.sleep(0.05)
    if c.check(os.path.exists(record), "GNOME Settings was not opened"):
        with open(record) as f:
            c.eq(f.read().split(), ["online-accounts", "add", "google"],
                 "GNOME Settings' arguments")
    c.eq(account_count(), before, "GOA's accounts (the sign-in adds one, not Brevduva)")


@case("Gmail, browser login only, with GNOME Settings on the session bus (the way the "
      "Flatpak reaches it): its launch-panel action opens Online Accounts on GOA's google "
      "provider, and no program is run")
def _(c):
    if not driver_has_provider():
        c.todo = "bd-export-driver has no --provider yet"
        c.check(False, "bd-export-driver has no --provider option")
        return
    record = os.path.join(work, "settings-dbus.json")
    fake = subprocess.Popen([sys.executable, os.path.join(HERE, "fake-gnome-settings.py"),
                             record], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            text=True)
    try:
        c.eq(fake.stdout.readline().strip(), "ready", "the stand-in GNOME Settings")
        args = ["--provider", "gmail.com", "--incoming", "imaps://imap.gmail.com",
                "--outgoing", "smtps://smtp.gmail.com", "--browser-login"]
        # No gnome-control-center on PATH: only the bus can open the panel.
        before = account_count()
        export_ok(c, "mallory", *args, env={"PATH": "/usr/bin:/bin"})
        if c.check(os.path.exists(record), "GNOME Settings' launch-panel was not called"):
            with open(record) as f:
                called = json.load(f)
            c.eq(called, {"action": "launch-panel",
                          "parameter": [["online-accounts", ["add", "google"]]]},
                 "the action GNOME Settings got")
        c.eq(account_count(), before, "GOA's accounts (the sign-in adds one, not Brevduva)")
    finally:
        fake.terminate()
        fake.wait(timeout=DEADLINE)


@case("no goa-daemon on the session bus (nor one the bus can start): "
      "export-program-not-found, and GOA has nothing new once it is back")
def _(c):
    global goa
    before = [path for path, _ifaces in accounts_of(address("alice"))]
    stop_goa(goa)
    goa = None
    c.check(not name_has_owner(GOA_NAME), "%s is still owned" % GOA_NAME)
    run = export(c, "alice", "--incoming", url("imaps", "imaps"),
                 "--outgoing", url("smtps", "smtps"), "--name", "Someone Else")
    c.eq(run.rc, 1, "bd-export-driver's exit status")
    c.check(run.stderr.startswith("export-program-not-found:"),
            "stderr: expected export-program-not-found: …, got %r" % run.stderr.strip())
    goa = start_goa()
    c.eq([path for path, _ifaces in accounts_of(address("alice"))], before,
         "GOA's accounts for alice, once it is back")


def main():
    def ready(args, started):
        global servers, driver, work, goa, bus
        servers, driver, work = started, args.driver, started.dir
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        goa = start_goa()

    def teardown():
        if goa is not None:
            stop_goa(goa)

    tools = [(GOA_DAEMON, "%s is missing (build-aux/install-deps installs it)" % GOA_DAEMON)]
    return run_with_real_servers(__doc__, case, EXPORT_DRIVER, "bd-goa-", password=PASSWORD,
                                 users=[address(u) for u in USERS], ready=ready,
                                 teardown=teardown, tools=tools, keyring=True,
                                 root_why="real-servers and unshare --mount need root")


if __name__ == "__main__":
    sys.exit(main())
