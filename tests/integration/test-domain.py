#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""`brevduva-cli domain` against a catalogue of misconfigured domains (TAP).

    BD_WORLD_EXTRA=tests/integration/world-domains.py PYTHONPATH=tests/lib \\
        tests/integration/world run --tap-skip -- \\
        python3 tests/integration/test-domain.py --cli _build/src/cli/brevduva-cli

Runs inside the detection world, extended by world-domains.py with one
domain per mistake of issue 14 (and clean.test, with none). This program
starts the mail servers those domains name:

  127.0.0.30  the real Dovecot and Postfix (tests/servers/real-servers) on
              the standard ports, with a certificate from the world's CA for
              imap./pop3./smtp.real.test and imap./smtp.clean.test;
  127.0.0.41  an IMAP greeter (implicit TLS) that offers only GSSAPI;
  127.0.0.42  an SMTP greeter (STARTTLS) that offers AUTH before STARTTLS,
              and only PLAIN and LOGIN after it;
  127.0.0.53  (for the round trip) a dnsmasq of its own with the SRV lines
              `domain clean.test --print-srv` printed, for republish.test.

Each catalogue domain must get its verdict (the exit status with it) and
the finding that names the mistake, with a fix. clean.test must be all
green, and what it suggests publishing must come back unchanged: the XML
through Brevduva's own parser (detect, autoconfig source), the SRV lines
through dnsmasq and the SRV source. A list of 500 domains must run within
its concurrency limits. No login is ever attempted: the greeters fail the
test if an AUTH command reaches them.
"""

import json
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time

import brevduva_test

CA = os.environ.get("BD_TEST_CA")
CA_KEY = os.environ.get("BD_TEST_CA_KEY")
WORLD = os.environ.get("BD_WORLD_DIR")
ISPDB = os.environ.get("BD_TEST_ISPDB_URL")

GOOD_ADDR = "127.0.0.30"
GOOD_NAMES = ("imap.real.test", "pop3.real.test", "smtp.real.test",
              "imap.clean.test", "smtp.clean.test", "mx.clean.test")
GSSAPI_ADDR, AUTHPLAIN_ADDR, REPUBLISH_DNS = "127.0.0.41", "127.0.0.42", "127.0.0.53"
TIMEOUT = "3"       # --timeout for the catalogue: the tarpits cost this much
HANG_GUARD = 90

ARGS = None


class Fixture:
    dir = None
    servers = None
    greeters = []
    auth_seen = []   # AUTH commands that reached a greeter: there must be none


F = Fixture()

# (domain, worst verdict, [(check, verdict)] that must be among the findings)
CATALOGUE = [
    ("hosted-cert.test", "fail", [("autoconfig-certificate", "fail")]),
    ("no-wellknown.test", "warning", [("well-known-alias", "warning"),
                                      ("autoconfig-https", "pass")]),
    ("submission465.test", "fail", [("srv-submission-port", "fail")]),
    ("srv-port.test", "fail", [("srv-port", "fail")]),
    ("smtp-is-imap.test", "fail", [("server-protocol", "fail")]),
    ("global-pref.test", "warning", [("autoconfig-global-preferred-server", "warning")]),
    ("gssapi.test", "fail", [("server-mechanisms", "fail")]),
    ("authplain.test", "warning", [("server-auth-before-tls", "warning")]),
    ("encrypted-promise.test", "fail", [("server-mechanisms-promised", "fail")]),
    ("firewall.test", "fail", [("server-timeout", "fail")]),
    ("content-type.test", "warning", [("autoconfig-content-type", "warning")]),
    ("redirect-foreign.test", "warning", [("autoconfig-redirect", "warning")]),
    ("redirect-to-http.test", "fail", [("autoconfig-https", "fail")]),
    ("placeholder.test", "warning", [("autoconfig-placeholders", "warning")]),
    ("fixed-username.test", "warning", [("autoconfig-placeholders", "warning")]),
    ("starttls-only.test", "warning", [("implicit-tls", "warning")]),
    ("disagree.test", "warning", [("consistency", "warning")]),
    ("doc-http.test", "warning", [("autoconfig-documentation", "warning")]),
    ("ispdb-disagree.test", "warning", [("consistency", "warning"), ("ispdb", "pass")]),
    ("no-resolve.test", "fail", [("server-resolves", "fail")]),
    ("closed-port.test", "fail", [("server-port", "fail")]),
    ("wrongname-mail.test", "fail", [("server-tls", "fail")]),
    ("hang.test", "warning", [("autoconfig-https", "warning"), ("srv", "pass")]),
    ("http-only-mail.test", "fail", [("autoconfig-http-only", "fail")]),
    ("bad-xml.test", "fail", [("autoconfig-xml", "fail")]),
    ("malformed.test", "fail", [("autoconfig-xml", "fail")]),
    ("srv-root.test", "warning", [("srv-not-offered", "info"), ("nothing-published", "warning")]),
    ("mx-root.test", "warning", [("mx-null", "info")]),
    ("nothing.test", "warning", [("nothing-published", "warning")]),
]

CLEAN_SERVERS = {("imap", "imap.clean.test", 993, "tls"), ("smtp", "smtp.clean.test", 465, "tls")}


# ---------------------------------------------------------------------------
# The greeters: small line servers that the real ones cannot imitate
# ---------------------------------------------------------------------------

class Greeter(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, ctx, protocol):
        self.ctx, self.protocol = ctx, protocol
        super().__init__(addr, GreeterHandler)

    def handle_error(self, request, client_address):
        pass


class GreeterHandler(socketserver.BaseRequestHandler):
    def send(self, text):
        self.sock.sendall(text.encode() + b"\r\n")

    def lines(self):
        buf = b""
        while True:
            while b"\n" not in buf:
                data = self.sock.recv(4096)
                if not data:
                    return
                buf += data
            line, buf = buf.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("utf-8", "replace")

    def handle(self):
        self.request.settimeout(10)
        self.sock = self.request
        try:
            if self.server.protocol == "imap":
                self.imap()
            else:
                self.smtp()
        except (OSError, ssl.SSLError):
            pass

    def imap(self):
        """Implicit TLS; only GSSAPI."""
        self.sock = self.server.ctx.wrap_socket(self.sock, server_side=True)
        caps = "IMAP4rev1 AUTH=GSSAPI LOGINDISABLED"
        self.send("* OK [CAPABILITY %s] gssapi ready" % caps)
        for line in self.lines():
            tag, _, rest = line.partition(" ")
            cmd = rest.split(" ")[0].upper()
            if cmd in ("AUTHENTICATE", "LOGIN"):
                F.auth_seen.append(line.split(" ")[:2])
                self.send(tag + " NO no")
            elif cmd == "CAPABILITY":
                self.send("* CAPABILITY " + caps)
                self.send(tag + " OK done")
            elif cmd == "LOGOUT":
                self.send("* BYE bye")
                self.send(tag + " OK done")
                return
            else:
                self.send(tag + " OK done")

    def smtp(self):
        """STARTTLS; AUTH offered before it (the mistake), PLAIN LOGIN after."""
        tls = False
        self.send("220 smtp.authplain.test ESMTP")
        it = self.lines()
        for line in it:
            cmd = line.split(" ")[0].upper()
            if cmd == "EHLO":
                self.send("250-smtp.authplain.test\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS"
                          if not tls else "250-smtp.authplain.test\r\n250 AUTH PLAIN LOGIN")
            elif cmd == "STARTTLS" and not tls:
                self.send("220 go ahead")
                self.sock = self.server.ctx.wrap_socket(self.sock, server_side=True)
                tls = True
                it = self.lines()
                for line2 in it:
                    if not self.smtp_tls_line(line2):
                        return
                return
            elif cmd == "AUTH":
                F.auth_seen.append(line.split(" ")[:2])
                self.send("535 no")
            elif cmd == "QUIT":
                self.send("221 bye")
                return
            else:
                self.send("250 ok")

    def smtp_tls_line(self, line):
        cmd = line.split(" ")[0].upper()
        if cmd == "EHLO":
            self.send("250-smtp.authplain.test\r\n250 AUTH PLAIN LOGIN")
        elif cmd == "AUTH":
            F.auth_seen.append(line.split(" ")[:2])
            self.send("535 no")
        elif cmd == "QUIT":
            self.send("221 bye")
            return False
        else:
            self.send("250 ok")
        return True


def start_greeters():
    certs = os.path.join(F.dir, "certs")
    for addr, port, name, protocol in ((GSSAPI_ADDR, 993, "imap.gssapi.test", "imap"),
                                       (AUTHPLAIN_ADDR, 587, "smtp.authplain.test", "smtp")):
        crt, key, _ = brevduva_test.issue_certificate(certs, protocol + "-greeter", (name,), CA,
                                                      CA_KEY)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(crt, key)
        srv = Greeter((addr, port), ctx, protocol)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True).start()
        F.greeters.append(srv)


def start_servers():
    """Returns None when started, or why the test must be skipped."""
    certs = os.path.join(F.dir, "certs")
    crt, key, _ = brevduva_test.issue_certificate(certs, "good", GOOD_NAMES, CA, CA_KEY)
    F.servers = brevduva_test.RealServers(F.dir)
    return F.servers.start("Domain check, never sent", standard_ports=True,
                           listen=("%s=%s,%s" % (GOOD_ADDR, crt, key),))


# ---------------------------------------------------------------------------
# Running domain
# ---------------------------------------------------------------------------

class Result(brevduva_test.CliRun):
    def findings(self):
        j = self.json if isinstance(self.json, dict) else {}
        return [f for f in j.get("findings") or [] if isinstance(f, dict)]

    def summary(self):
        lines = super().summary()
        if self.json is None:
            return lines + ["stdout: " + l for l in self.stdout.splitlines()[:40]]
        lines.append("verdict=%s counts=%s" % (self.json.get("verdict"), self.json.get("counts")))
        for f in self.findings():
            lines.append("  %-8s %-36s %s" % (f.get("verdict"), f.get("check"), f.get("title")))
        return lines


def domain(*args, json_output=True, result=Result):
    argv = [ARGS.cli, "domain"] + list(args) + ["--ca-file", CA, "--ispdb-url", ISPDB,
                                                  "--timeout", TIMEOUT]
    if json_output:
        argv.append("--json")
    return brevduva_test.run_cli(argv, timeout=HANG_GUARD, result=result)


def detect(address):
    return brevduva_test.run_cli([ARGS.cli, "detect", address, "--json", "--ca-file", CA,
                                  "--ispdb-url", ISPDB, "--no-guess", "--timeout", "10"],
                                 timeout=HANG_GUARD)


def server_set(detection):
    j = detection.json if isinstance(detection.json, dict) else {}
    return {(s.get("protocol"), s.get("host"), s.get("port"), s.get("security"))
            for s in (j.get("incoming") or []) + (j.get("outgoing") or [])}


case = brevduva_test.Registry()


def catalogue_case(name, worst, expected):
    @case("%s: %s, with %s" % (name, worst, ", ".join("%s=%s" % e for e in expected)))
    def _(c):
        r = domain(name)
        c.runs.append(r)
        c.eq(r.rc, 1 if worst == "fail" else 0, "exit status")
        if not c.check(isinstance(r.json, dict), "one JSON object on stdout"):
            return
        c.eq(r.json.get("verdict"), worst, "verdict")
        found = {(f.get("check"), f.get("verdict")) for f in r.findings()}
        for e in expected:
            c.check(e in found, "finding %s=%s" % e)
        for f in r.findings():
            if f.get("verdict") in ("warning", "fail"):
                c.check(f.get("fix"), "a fix for %s: %s" % (f.get("check"), f.get("title")))


for _name, _worst, _expected in CATALOGUE:
    catalogue_case(_name, _worst, _expected)


@case("clean.test: all green, every server proved, and what to publish")
def _(c):
    r = domain("clean.test")
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    if not c.check(isinstance(r.json, dict), "one JSON object on stdout"):
        return
    c.check(r.json.get("verdict") in ("pass", "info"), "no warning, no fail")
    c.eq((r.json.get("counts") or {}).get("warning"), 0, "warnings")
    c.eq((r.json.get("counts") or {}).get("fail"), 0, "failures")
    servers = {f.get("title", "").split(" ")[0] for f in r.findings() if f.get("check") == "server"
               and f.get("verdict") == "pass"}
    c.eq(servers, {"imaps://imap.clean.test:993", "smtps://smtp.clean.test:465"}, "servers proven")
    checks = {f.get("check") for f in r.findings()}
    for want in ("autoconfig-https", "well-known-https", "srv", "mx", "mta-sts", "tls-rpt",
                 "consistency"):
        c.check(want in checks, "a finding for %s" % want)
    publish = r.json.get("publish") or {}
    c.check(publish.get("config") and "<clientConfig" in publish["config"], "publish.config")
    c.check(publish.get("srv"), "publish.srv")
    c.check(not F.auth_seen, "no AUTH reached a greeter: %s" % F.auth_seen)


@case("clean.test: the text report says the same")
def _(c):
    r = domain("clean.test", json_output=False)
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    c.check("Domain check of clean.test" in r.stdout, "the heading")
    c.check("warnings 0, failed 0" in r.stdout, "the counts")
    c.check("imaps://imap.clean.test:993 works" in r.stdout, "a server line")


@case("the published config-v1.1.xml reads back through Brevduva's parser to the same servers")
def _(c):
    path = os.path.join(F.dir, "config-v1.1.xml")
    r = domain("clean.test", "--write-config", path)
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    if not c.check(os.path.isfile(path), "the file was written"):
        return
    shutil.copy(path, os.path.join(WORLD, "republish.xml"))
    d = detect("alice@republish-ac.test")
    c.runs.append(d)
    c.eq(d.rc, 0, "detect's exit status")
    c.eq((d.json or {}).get("source"), "autoconfig", "the source")
    c.eq(server_set(d), CLEAN_SERVERS, "the servers")


def srv_to_dnsmasq(lines, old, new):
    """Zone lines "OWNER TTL IN SRV PRIO WEIGHT PORT TARGET" as dnsmasq srv-host lines."""
    out = []
    for line in lines:
        parts = line.split()
        if len(parts) != 8 or parts[3] != "SRV":
            raise ValueError("not an SRV zone line: %r" % line)
        owner = parts[0].rstrip(".").replace(old, new)
        prio, weight, port, target = parts[4], parts[5], parts[6], parts[7].rstrip(".")
        if target == "":
            out.append("srv-host=%s" % owner)
        else:
            out.append("srv-host=%s,%s,%s,%s,%s" % (owner, target, port, prio, weight))
    return out


@case("the published SRV lines load in dnsmasq and read back through the SRV source")
def _(c):
    r = domain("clean.test", "--print-srv", json_output=False)
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    lines = [l for l in r.stdout.splitlines() if l and not l.startswith(";")]
    c.eq(len(lines), 6, "six services, each a record or \".\"")
    conf = os.path.join(F.dir, "republish-dnsmasq.conf")
    with open(conf, "w") as f:
        f.write("\n".join(["port=53", "listen-address=" + REPUBLISH_DNS, "bind-interfaces",
                           "no-resolv", "no-hosts", "no-poll", "no-negcache",
                           "local=/republish.test/"]
                          + srv_to_dnsmasq(lines, "clean.test", "republish.test")) + "\n")
    proc = subprocess.Popen(["dnsmasq", "--keep-in-foreground", "--conf-file=" + conf,
                             "--pid-file=", "--user=root", "--group=root"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        ready = False
        while time.monotonic() < deadline and proc.poll() is None and not ready:
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.connect((REPUBLISH_DNS, 53))
                s.close()
                r2 = subprocess.run(["ss", "-lnu", "src", REPUBLISH_DNS + ":53"],
                                    capture_output=True, text=True)
                ready = REPUBLISH_DNS + ":53" in r2.stdout
            except OSError:
                pass
            if not ready:
                time.sleep(0.05)
        if not c.check(ready, "the second dnsmasq listens (exit %s: %s)" % (
                proc.poll(), proc.stderr.read().decode() if proc.poll() is not None else "")):
            return
        d = detect("alice@republish.test")
        c.runs.append(d)
        c.eq(d.rc, 0, "detect's exit status")
        c.eq((d.json or {}).get("source"), "srv", "the source")
        c.eq(server_set(d), CLEAN_SERVERS, "the servers")
    finally:
        proc.terminate()
        proc.wait(10)


@case("--from with 500 domains: JSON lines, a summary, and the concurrency limits kept")
def _(c):
    path = os.path.join(F.dir, "domains.txt")
    names = []
    for i in range(500):
        names.append("clean.test" if i % 25 == 0 else "bulk-%03d.test" % i)
    with open(path, "w") as f:
        f.write("# a hoster's customers\n" + "\n".join(names) + "\n")
    argv = [ARGS.cli, "domain", "--from", path, "--jobs", "8", "--json", "--ca-file", CA,
            "--ispdb-url", ISPDB, "--timeout", TIMEOUT]
    r = brevduva_test.run_cli(argv, timeout=600)
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status (warnings only)")
    rows = []
    for line in r.stdout.splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            c.check(False, "not JSON: %r" % line[:200])
    c.eq(len(rows), 501, "one line per domain and the summary")
    summary = (rows[-1] if rows else {}).get("summary") or {}
    c.eq(summary.get("domains"), 500, "summary: domains")
    c.check(0 < (summary.get("most_at_once") or 0) <= 8,
            "at most 8 checks at once: %s" % summary.get("most_at_once"))
    c.check(0 < (summary.get("most_per_host") or 0) <= 3,
            "at most 3 connections to one server: %s" % summary.get("most_per_host"))
    clean = [row for row in rows[:-1] if row.get("domain") == "clean.test"]
    c.eq(len(clean), 20, "clean.test's rows")
    c.check(all(row.get("verdict") in ("pass", "info") for row in clean), "clean.test green")


def by_check(r, check):
    return [f for f in r.findings() if f.get("check") == check]


@case("per-address.test --address alice@…: a document only for alice is flagged (warning)")
def _(c):
    r = domain("per-address.test", "--address", "alice@per-address.test")
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status (a warning)")
    found = by_check(r, "autoconfig-address")
    c.eq([f.get("verdict") for f in found], ["warning"], "autoconfig-address verdicts")
    f = found[0] if found else {}
    c.check("alice@per-address.test" in (f.get("title") or ""), "the title names the address")
    evidence = f.get("evidence") or ""
    c.check("emailaddress=alice%40per-address.test" in evidence and
            "emailaddress=brevduva-domain-check%40per-address.test" in evidence,
            "the evidence has both URLs: %r" % evidence)
    c.check("imaps://imap.real.test:993" in evidence and "no document (HTTP 404)" in evidence,
            "the evidence has both answers: %r" % evidence)
    c.check(f.get("fix"), "a fix")


@case("per-address.test without --address: no second lookup, nothing said about it")
def _(c):
    r = domain("per-address.test")
    c.runs.append(r)
    c.eq(by_check(r, "autoconfig-address"), [], "autoconfig-address findings")
    c.eq([f.get("verdict") for f in by_check(r, "autoconfig-https")], ["info"],
         "autoconfig-https (nothing for the address that does not exist)")


@case("clean.test --address alice@clean.test: the same servers for both addresses (pass)")
def _(c):
    r = domain("clean.test", "--address", "alice@clean.test")
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    c.eq([f.get("verdict") for f in by_check(r, "autoconfig-address")], ["pass"],
         "autoconfig-address verdicts")
    c.eq(((r.json or {}).get("counts") or {}).get("warning"), 0, "warnings")


@case("bad input: exit status 2 and one line")
def _(c):
    for args in (["not a domain"], [], ["a.test", "b.test"], ["a.test", "--jobs", "0"],
                 ["user@example.test"], ["a.test", "--address", "bob@b.test"],
                 ["a.test", "--address", "not an address"],
                 ["--from", "/dev/null", "--address", "bob@a.test"]):
        r = brevduva_test.run_cli([ARGS.cli, "domain"] + args, timeout=30)
        c.runs.append(r)
        c.eq(r.rc, 2, "exit status of %s" % args)
        c.eq(len(r.stderr.strip().splitlines()), 1, "one line on stderr for %s" % args)

    # A --ca-file that cannot be used, for one domain and for a --from list
    # (which reads it once, before the first domain): the line says why.
    listed = os.path.join(F.dir, "bad-input-domains.txt")
    not_pem = os.path.join(F.dir, "not-a-certificate.pem")
    with open(listed, "w") as f:
        f.write("a.test\n")
    with open(not_pem, "w") as f:
        f.write("not a certificate\n")
    unreadable = ("certificate file cannot be read", "/nonexistent.pem", "No such file")
    no_pem = ("holds no PEM certificate", not_pem)
    for args, words in ((["a.test", "--ca-file", "/nonexistent.pem"], unreadable),
                        (["--from", listed, "--ca-file", "/nonexistent.pem"], unreadable),
                        (["a.test", "--ca-file", not_pem], no_pem),
                        (["--from", listed, "--ca-file", not_pem], no_pem)):
        r = brevduva_test.run_cli([ARGS.cli, "domain"] + args, timeout=30)
        c.runs.append(r)
        c.eq(r.rc, 2, "exit status of %s" % args)
        lines = r.stderr.strip().splitlines()
        c.eq(len(lines), 1, "one line on stderr for %s" % args)
        for word in words:
            c.check(word in "".join(lines[:1]), "%r in the line for %s: %r" % (word, args, lines))


def main():
    global ARGS
    parser = brevduva_test.argument_parser(__doc__)
    parser.add_argument("--cli", required=True)
    ARGS = parser.parse_args()
    tap = brevduva_test.Tap(ARGS.only)
    if not (CA and CA_KEY and WORLD and ISPDB):
        return tap.bail_out("not inside the detection world (BD_TEST_CA etc. unset)")
    if "clean.test" not in open(os.path.join(WORLD, "dnsmasq.conf")).read():
        return tap.bail_out("the world was built without BD_WORLD_EXTRA=world-domains.py")
    F.dir = tempfile.mkdtemp(prefix="bd-domain-")
    os.chmod(F.dir, 0o755)
    try:
        why = start_servers()
        if why:
            return tap.skip_all(why)
        start_greeters()
        case.run(tap)
        return tap.finish()
    finally:
        for g in F.greeters:
            g.shutdown()
            g.server_close()
        if F.servers:
            F.servers.stop()
        shutil.rmtree(F.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
