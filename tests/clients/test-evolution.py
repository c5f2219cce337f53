#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Evolution: the hand-off's sources, as a real evolution-source-registry loads them (issue 12 §7).

Runs inside tests/integration/keyring-session: a private D-Bus session with a
real gnome-keyring-daemon, HOME and XDG_* in a temporary directory. Real
Dovecot and Postfix (tests/servers/real-servers) listen on loopback.

Each case gives the hand-off its own XDG_CONFIG_HOME, runs bd-export-driver
--to evolution with the servers' URLs and the password on standard input,
then starts the real evolution-source-registry (evolution-data-server) on
that folder and asks it through EDataServer (Python GObject introspection,
in a child process of this test: `--inspect`) what it loaded: the account,
the identity and the transport with their host, port, security method, user
and login method, and whether ESource.lookup_password_sync() finds the
password by each source's UID. Then Camel, Evolution's mail engine, logs in
with those sources' settings and passwords to Dovecot, where it fetches a
message the test left in the inbox, and to Postfix, in a mount namespace
where the test CA is the system's trust store and every other certificate
is refused.

Also: a registry that is already running (Evolution open) loads the account
as its files appear; a second export replaces Brevduva's own sources and
nothing else; an account for the address that Brevduva did not write is
refused and the folder is unchanged; each refusal (a pinned certificate, an
unproven server, a browser-login provider) changes nothing; no written file
holds the password.

Needs root (real-servers); reports itself skipped (TAP) without it.

    keyring-session -- test-evolution.py [--driver BD-EXPORT-DRIVER] [--only TEXT]
"""

import json
import os
import subprocess
import sys
import tempfile
import time

from brevduva_test import EXPORT_DRIVER, USER, Registry, run_cli, run_with_real_servers

PASSWORD = "Evolutions-lösen-5"
REGISTRY = "/usr/libexec/evolution-source-registry"
BUS_NAME = "org.gnome.evolution.dataserver.Sources5"
NAME = "Alice Liddell"
DEADLINE = 60          # seconds for the registry to come up, or a run to end
PIN = "sha256:" + "ab" * 32
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"   # GnuTLS's system trust store

case = Registry()
servers = None
driver = None
work = None


# ---------------------------------------------------------------------------
# The inspector: a child process, so that GObject introspection and
# evolution-data-server's client library live outside the test itself.
# ---------------------------------------------------------------------------

def inspect(expected_password, uids, login):
    """Prints what the registry on the session bus loaded, as JSON:
    "sources", each by UID with its mail extensions and whether its password
    is found ("right", "wrong" or "none"; never the password itself), and
    "logins": with `login`, for each of `uids` (account and transport
    sources), what Camel (Evolution's mail engine) made of a login with that
    source's settings and password: "ok" or why not, and "inbox": the
    subjects in each account's inbox. Waits until the registry has every
    one of `uids`."""
    import gi
    gi.require_version("EDataServer", "1.2")
    from gi.repository import EDataServer as E, Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    deadline = time.monotonic() + DEADLINE
    while not bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus", "NameHasOwner",
                            GLib.Variant("(s)", (BUS_NAME,)), None, 0, -1, None).unpack()[0]:
        if time.monotonic() > deadline:
            raise SystemExit("the registry did not own %s" % BUS_NAME)
        time.sleep(0.05)

    registry = E.SourceRegistry.new_sync(None)
    # A registry that was running already loads new files as they appear:
    # wait (an event: its D-Bus signals) until it has every source asked for.
    context = GLib.MainContext.default()
    while any(registry.ref_source(uid) is None for uid in uids):
        if time.monotonic() > deadline:
            break
        context.iteration(False) or time.sleep(0.05)
    sources = {s.get_uid(): describe(E, s, expected_password)
               for s in registry.list_sources(None)}
    session = camel_session(E) if login else None
    services = [registry.ref_source(uid) for uid in (uids if login else ())]
    inbox = {}
    logins = {s.get_uid(): camel_login(E, session, s, inbox) for s in services
              if s.has_extension(E.SOURCE_EXTENSION_MAIL_ACCOUNT) or
              s.has_extension(E.SOURCE_EXTENSION_MAIL_TRANSPORT)}
    json.dump({"sources": sources, "logins": logins, "inbox": inbox}, sys.stdout)


def camel_session(E):
    """A Camel session as Evolution's: it refuses a certificate the system
    does not trust (never accepts it), and logs in with the password the
    service was given."""
    import gi
    gi.require_version("Camel", "1.2")
    from gi.repository import Camel

    E.SourceCamel.register_types()

    class Session(Camel.Session):
        refused = {}   # UID: why the service did not log in

        def do_trust_prompt(self, service, certificate, errors):
            self.refused[service.get_uid()] = "certificate not trusted (%s)" % errors
            return Camel.CertTrust.REJECT

        def do_get_filter_driver(self, filter_type, folder):
            # New mail in an inbox goes through the person's filters; none here.
            return Camel.FilterDriver.new(self)

        def do_authenticate_sync(self, service, mechanism, cancellable):
            result = service.authenticate_sync(mechanism, cancellable)
            if result != Camel.AuthenticationResult.ACCEPTED:
                self.refused[service.get_uid()] = "login %s" % result.value_nick
            return result == Camel.AuthenticationResult.ACCEPTED

    top = os.environ["XDG_CACHE_HOME"]
    session = Session(user_data_dir=os.path.join(top, "camel-data"),
                      user_cache_dir=os.path.join(top, "camel-cache"))
    session.set_online(True)
    return session


def camel_login(E, session, source, inbox):
    """Logs in as Evolution does: a Camel service of the source's backend,
    with the settings evolution-data-server binds to the source and the
    password it finds by the source's UID; a store also fetches its inbox,
    whose subjects go into `inbox` under the source's UID."""
    from gi.repository import Camel, GLib

    if source.has_extension(E.SOURCE_EXTENSION_MAIL_ACCOUNT):
        backend = source.get_extension(E.SOURCE_EXTENSION_MAIL_ACCOUNT).get_backend_name()
        kind = Camel.ProviderType.STORE
    else:
        backend = source.get_extension(E.SOURCE_EXTENSION_MAIL_TRANSPORT).get_backend_name()
        kind = Camel.ProviderType.TRANSPORT
    settings = source.get_extension(E.SourceCamel.get_extension_name(backend)).get_settings()
    service = session.add_service(source.get_uid(), backend, kind)
    service.set_settings(settings)
    found, password = source.lookup_password_sync(None)
    if not found:
        return "no password for the source"
    service.set_password(password)
    try:
        if hasattr(service, "set_online_sync"):
            service.set_online_sync(True, None)
        # A refused login leaves the service disconnected, even when
        # connect_sync() itself reports no error.
        if not service.connect_sync(None) or \
           service.get_connection_status() != Camel.ServiceConnectionStatus.CONNECTED:
            return "%s: not connected: %s" % (backend, session.refused.get(source.get_uid()))
        if kind == Camel.ProviderType.STORE:
            inbox[source.get_uid()] = fetch_inbox(service)
        service.disconnect_sync(True, None)
    except GLib.Error as e:
        return "%s: %s (%s)" % (backend, e.message, session.refused.get(source.get_uid()))
    return "ok"


def fetch_inbox(store):
    """The subjects of the messages in the store's inbox, each message
    fetched whole from the server. A bare Camel session leaves an IMAP
    folder's summary empty (Evolution's own session fills it), so IMAP
    messages are fetched by their UIDs, which Dovecot counts from 1 in a
    new mailbox; a POP3 folder lists its own."""
    from gi.repository import GLib

    folder = store.get_inbox_folder_sync(None)
    folder.refresh_info_sync(None)
    uids = folder.get_uids() or [str(n) for n in range(1, 21)]
    subjects = []
    for uid in uids:
        try:
            subjects.append(folder.get_message_sync(uid, None).get_subject())
        except GLib.Error:
            pass
    return subjects


def describe(E, source, expected_password):
    d = {"display_name": source.get_display_name(), "enabled": source.get_enabled()}

    def ext(name):
        return source.get_extension(name) if source.has_extension(name) else None

    account = ext(E.SOURCE_EXTENSION_MAIL_ACCOUNT)
    if account:
        d["account"] = {"backend": account.get_backend_name(),
                        "identity_uid": account.get_identity_uid()}
    identity = ext(E.SOURCE_EXTENSION_MAIL_IDENTITY)
    if identity:
        d["identity"] = {"address": identity.get_address(), "name": identity.get_name()}
    submission = ext(E.SOURCE_EXTENSION_MAIL_SUBMISSION)
    if submission:
        d["transport_uid"] = submission.get_transport_uid()
    transport = ext(E.SOURCE_EXTENSION_MAIL_TRANSPORT)
    if transport:
        d["transport"] = {"backend": transport.get_backend_name()}
    auth = ext(E.SOURCE_EXTENSION_AUTHENTICATION)
    if auth:
        d["auth"] = {"host": auth.get_host(), "port": auth.get_port(), "user": auth.get_user(),
                     "method": auth.get_method(),
                     "remember_password": auth.get_remember_password()}
    security = ext(E.SOURCE_EXTENSION_SECURITY)
    if security:
        d["security"] = security.get_method()
    if (account or transport) and auth:
        found, password = source.lookup_password_sync(None)
        d["password"] = "none" if not (found and password) else \
            ("right" if password == expected_password else "wrong")
    return d


# ---------------------------------------------------------------------------
# The test's side
# ---------------------------------------------------------------------------

def url(scheme, service):
    return "%s://localhost:%d" % (scheme, servers.ports[service])


def ca_file():
    return os.path.join(servers.dir, "certs", "ca.crt")


def new_config(c):
    """A fresh XDG_CONFIG_HOME for the case: the driver and the registry
    both read it from the environment."""
    config = tempfile.mkdtemp(prefix="config-", dir=work)
    os.environ["XDG_CONFIG_HOME"] = config
    c.config = config
    return config


def sources_dir(c):
    return os.path.join(c.config, "evolution", "sources")


def export(c, *args, password=PASSWORD):
    argv = [driver, "--to", "evolution", "--address", USER] + list(args)
    run = run_cli(argv, input=password + "\n", timeout=DEADLINE)
    c.runs.append(run)
    return run


def export_ok(c, *args):
    run = export(c, *args)
    c.eq(run.rc, 0, "bd-export-driver's exit status")
    return run


def refused(c, code, *args):
    run = export(c, *args)
    c.eq(run.rc, 1, "bd-export-driver's exit status")
    c.check(run.stderr.startswith(code + ":"),
            "stderr: expected %s: …, got %r" % (code, run.stderr.strip()))
    return run


def snapshot(top):
    """Every file under `top` with its bytes."""
    files = {}
    for root, _dirs, names in os.walk(top):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, top)] = f.read()
    return files


def own_sources(c):
    """{role: (uid, text)} of the .source files Brevduva wrote."""
    found = {}
    directory = sources_dir(c)
    for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        if not name.endswith(".source"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            text = f.read()
        for role in ("account", "identity", "transport"):
            if "\n[Brevduva]\n" in text and "\nRole=%s\n" % role in text:
                c.check(role not in found, "two %s sources of Brevduva's" % role)
                found[role] = (name[:-len(".source")], text)
    return found


def check_no_password(c):
    for path, data in snapshot(c.config).items():
        c.check(PASSWORD.encode() not in data, "the password is in %s" % path)


def put_in_inbox(c):
    """Leaves a message with a subject of the case's own in the account's
    Maildir, as delivery would (owned by Dovecot's mail user); its subject
    is `c.token`."""
    home = os.path.join(servers.dir, "dovecot", "mail", USER.split("@")[0])
    owner = os.stat(os.path.dirname(home))
    c.token = "Brevduva to Evolution %d" % time.monotonic_ns()
    for part in ("", "Maildir", "Maildir/new", "Maildir/cur", "Maildir/tmp"):
        path = os.path.join(home, part)
        if not os.path.isdir(path):
            os.mkdir(path, 0o700)
            os.chown(path, owner.st_uid, owner.st_gid)
    name = "%d.bd%d.localhost" % (time.time(), time.monotonic_ns())
    path = os.path.join(home, "Maildir", "new", name)
    with open(path, "w") as f:
        f.write("From: bob@brevduva.test\r\nTo: %s\r\nSubject: %s\r\n"
                "Message-ID: <%d@brevduva.test>\r\n\r\nHello.\r\n"
                % (USER, c.token, time.monotonic_ns()))
    os.chown(path, owner.st_uid, owner.st_gid)


class RunningRegistry:
    """The real evolution-source-registry on the case's folder, on the
    session bus, from `with` to its end; stopped by its PID."""

    def __init__(self, c):
        self.c = c
        self.env = dict(os.environ)
        # It warns that dconf is not on this bus: that is no test failure.
        self.env.pop("G_DEBUG", None)

    def __enter__(self):
        self.log = open(self.c.config + ".registry.log", "w")
        self.process = subprocess.Popen([REGISTRY], env=self.env, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def wait_for_name(self):
        """Until the registry owns its D-Bus name (polled, with a deadline)."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and self.process.poll() is None:
            r = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                                "--object-path", "/org/freedesktop/DBus", "--method",
                                "org.freedesktop.DBus.NameHasOwner", BUS_NAME],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
            if "true" in r.stdout:
                return True
            time.sleep(0.05)
        return self.c.check(False, "the registry did not own %s" % BUS_NAME)

    def inspect(self, uids, login):
        """The inspector's {"sources", "logins"} (see inspect()). It runs in
        a mount namespace of its own where the test CA is the system's
        trust store (glib-networking reads only that, as in Evolution); the
        host's file is not touched."""
        r = subprocess.run(
            ["unshare", "--mount", "sh", "-c",
             'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh", ca_file(), SYSTEM_CA,
             sys.executable, os.path.abspath(__file__), "--inspect"] +
            (["--login"] if login else []) + list(uids),
            input=PASSWORD, env=self.env, capture_output=True, text=True, timeout=DEADLINE * 3)
        if not self.c.check(r.returncode == 0, "the inspector failed (%d): %s"
                            % (r.returncode, r.stderr.strip())):
            return {"sources": {}, "logins": {}, "inbox": {}}
        return json.loads(r.stdout)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def check_server(c, source, host, port, security, method):
    auth = source.get("auth", {})
    what = source.get("display_name")
    c.eq(auth.get("host"), host, "%s: host" % what)
    c.eq(auth.get("port"), port, "%s: port" % what)
    c.eq(auth.get("user"), USER, "%s: user" % what)
    c.eq(auth.get("method"), method, "%s: login method" % what)
    c.eq(auth.get("remember_password"), True, "%s: remember password" % what)
    c.eq(source.get("security"), security, "%s: security" % what)
    c.eq(source.get("password"), "right", "%s: the password found by its UID" % what)


def check_account(c, incoming, outgoing, name=NAME, login=False, registry=None):
    """What the registry loaded: Brevduva's three sources, linked, with
    `incoming` (backend, port, security, method) and `outgoing` (port,
    security); with `login`, Camel logs in with the account and the
    transport against the real servers, and fetches the message
    put_in_inbox() left there. `registry`: one already running,
    else one is started on the folder as it is."""
    own = own_sources(c)
    if not c.eq(sorted(own), ["account", "identity", "transport"], "Brevduva's sources"):
        return own
    uids = [own[role][0] for role in ("account", "identity", "transport")]
    if registry is None:
        with RunningRegistry(c) as started:
            result = started.inspect(uids, login)
    else:
        result = registry.inspect(uids, login)
    sources = result["sources"]
    account = sources.get(own["account"][0])
    identity = sources.get(own["identity"][0])
    transport = sources.get(own["transport"][0])
    if not c.check(account and identity and transport,
                   "the registry did not load all three: %r" % sorted(sources)):
        return own
    backend, port, security, method = incoming
    c.eq(account.get("account", {}).get("backend"), backend, "account backend")
    c.eq(account["account"].get("identity_uid"), own["identity"][0], "account's identity")
    check_server(c, account, "localhost", port, security, method)
    c.eq(identity.get("identity"), {"address": USER, "name": name}, "identity")
    c.eq(identity.get("transport_uid"), own["transport"][0], "identity's transport")
    c.eq(transport.get("transport"), {"backend": "smtp"}, "transport backend")
    check_server(c, transport, "localhost", outgoing[0], outgoing[1], "PLAIN")
    addresses = [s["identity"]["address"] for s in sources.values() if "identity" in s]
    c.eq(addresses.count(USER), 1, "identities for %s" % USER)
    for role in ("account", "transport") if login else ():
        c.eq(result["logins"].get(own[role][0]), "ok", "Camel's login with the %s" % role)
    if login:
        c.check(c.token in result["inbox"].get(own["account"][0], []),
                "Camel did not fetch the message %r: %r" % (c.token, result["inbox"]))
    return own


def keyring_items():
    """How many items in evolution-data-server's schema the keyring holds."""
    r = subprocess.run(["secret-tool", "search", "--all", "eds-origin", "evolution-data-server"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=DEADLINE)
    return r.stdout.count("\nschema = ") + r.stdout.startswith("schema = ")


FOREIGN_IDENTITY = """[Data Source]
DisplayName=%(address)s
Enabled=true
Parent=

[Mail Submission]
SentFolder=
TransportUid=sendmail

[Mail Identity]
Address=%(address)s
Name=Someone Else
"""


def write_foreign(c, uid, address):
    directory = sources_dir(c)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, uid + ".source"), "w", encoding="utf-8") as f:
        f.write(FOREIGN_IDENTITY % {"address": address})


@case("IMAP and submission: the registry loads account, identity and transport, "
      "finds each password by its UID, and with them Camel fetches a message from Dovecot "
      "and logs in to Postfix")
def _(c):
    new_config(c)
    export_ok(c, "--name", NAME, "--incoming", url("imaps", "imaps"),
              "--outgoing", url("smtp", "submission"), "--ca-file", ca_file())
    put_in_inbox(c)
    check_account(c, ("imapx", servers.ports["imaps"], "ssl-on-alternate-port", "none"),
                  (servers.ports["submission"], "starttls-on-standard-port"), login=True)
    check_no_password(c)


@case("POP3 with STARTTLS and smtps: the pop backend, both security methods, "
      "and Camel's logins")
def _(c):
    new_config(c)
    export_ok(c, "--name", NAME, "--incoming", url("pop3", "pop3"),
              "--outgoing", url("smtps", "smtps"), "--ca-file", ca_file())
    put_in_inbox(c)
    check_account(c, ("pop", servers.ports["pop3"], "starttls-on-standard-port", "none"),
                  (servers.ports["smtps"], "ssl-on-alternate-port"), login=True)
    check_no_password(c)


@case("a running registry (Evolution open) loads the new account as its files appear")
def _(c):
    new_config(c)
    with RunningRegistry(c) as registry:
        if not registry.wait_for_name():
            return
        export_ok(c, "--name", NAME, "--incoming", url("imaps", "imaps"),
                  "--outgoing", url("smtps", "smtps"))
        put_in_inbox(c)
        check_account(c, ("imapx", servers.ports["imaps"], "ssl-on-alternate-port", "none"),
                      (servers.ports["smtps"], "ssl-on-alternate-port"), login=True,
                      registry=registry)


@case("a second export replaces Brevduva's own sources, keeps their UIDs, "
      "and leaves every other file as it was")
def _(c):
    new_config(c)
    export_ok(c, "--name", NAME, "--incoming", url("imaps", "imaps"),
              "--outgoing", url("smtps", "smtps"))
    first = own_sources(c)
    write_foreign(c, "bob-identity", "bob@brevduva.test")
    with open(os.path.join(sources_dir(c), "notes.txt"), "w") as f:
        f.write("not a source\n")
    before = snapshot(c.config)

    export_ok(c, "--name", "Alice Pleasance", "--incoming", url("imap", "imap"),
              "--outgoing", url("smtp", "submission"))
    after = snapshot(c.config)
    put_in_inbox(c)
    own = check_account(c, ("imapx", servers.ports["imap"], "starttls-on-standard-port", "none"),
                        (servers.ports["submission"], "starttls-on-standard-port"),
                        name="Alice Pleasance", login=True)
    c.eq({r: uid for r, (uid, _t) in own.items()}, {r: uid for r, (uid, _t) in first.items()},
         "the UIDs of Brevduva's sources")
    ours = {os.path.join("evolution", "sources", uid + ".source") for uid, _t in first.values()}
    for path, data in before.items():
        if path not in ours:
            c.check(after.get(path) == data, "%s changed" % path)
    for path in set(after) - set(before):
        c.check(path.endswith(".brevduva-backup"), "a new file: %s" % path)
    check_no_password(c)


@case("an account for the address that Brevduva did not add: "
      "export-already-configured, and nothing changes")
def _(c):
    new_config(c)
    write_foreign(c, "alice-by-hand", USER)
    before = snapshot(c.config)
    items = keyring_items()
    refused(c, "export-already-configured", "--incoming", url("imaps", "imaps"),
            "--outgoing", url("smtps", "smtps"))
    c.check(snapshot(c.config) == before, "the folder changed")
    c.eq(keyring_items(), items, "Evolution's keyring items")


@case("a certificate trusted by its fingerprint: export-certificate-not-expressible, "
      "and nothing changes")
def _(c):
    new_config(c)
    items = keyring_items()
    refused(c, "export-certificate-not-expressible", "--incoming", url("imaps", "imaps"),
            "--outgoing", url("smtps", "smtps"), "--pin-incoming", PIN)
    c.check(not os.path.exists(os.path.join(c.config, "evolution")), "a folder was made")
    c.eq(keyring_items(), items, "Evolution's keyring items")


@case("allowed any certificate: the plan says Evolution will ask, with the fingerprint")
def _(c):
    new_config(c)
    run = export(c, "--incoming", url("imaps", "imaps"), "--outgoing", url("smtps", "smtps"),
                 "--pin-outgoing", PIN, "--allow-any-certificate", "--dry-run")
    c.eq(run.rc, 0, "bd-export-driver's exit status")
    c.check(PIN[len("sha256:"):] in run.stdout, "the plan does not name the fingerprint")
    c.check("asks whether to trust it" in run.stdout, "the plan does not say Evolution asks")
    c.check(PASSWORD not in run.stdout, "the password is in the plan")
    c.check(not os.path.exists(os.path.join(c.config, "evolution")), "the dry run wrote")


@case("an unproven server: export-not-proven, and nothing changes")
def _(c):
    new_config(c)
    refused(c, "export-not-proven", "--incoming", url("imaps", "imaps"),
            "--outgoing", url("smtps", "smtps"), "--unproven")
    c.check(not os.path.exists(os.path.join(c.config, "evolution")), "a folder was made")


@case("a provider that takes only its browser sign-in: export-browser-login-required")
def _(c):
    new_config(c)
    refused(c, "export-browser-login-required", "--incoming", url("imaps", "imaps"),
            "--outgoing", url("smtps", "smtps"), "--browser-login")
    c.check(not os.path.exists(os.path.join(c.config, "evolution")), "a folder was made")


def main():
    if sys.argv[1:2] == ["--inspect"]:
        login = sys.argv[2:3] == ["--login"]
        inspect(sys.stdin.read(), sys.argv[3 if login else 2:], login)
        return 0

    def ready(args, started):
        global servers, driver, work
        servers, driver, work = started, args.driver, started.dir

    return run_with_real_servers(__doc__, case, EXPORT_DRIVER, "bd-evolution-",
                                 password=PASSWORD, ready=ready, keyring=True)


if __name__ == "__main__":
    sys.exit(main())
