#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""`brevduva-cli check ADDRESS` end to end, against a real Dovecot and Postfix (TAP).

    PYTHONPATH=tests/lib tests/integration/world run --tap-skip -- \\
        python3 tests/integration/test-check.py --cli _build/src/cli/brevduva-cli

Runs inside the detection world (tests/integration/world): its dnsmasq and HTTPS
server publish the "check" domains (real.test, wrongname.test, expired.test,
blocked.test) with https autoconfig documents whose servers are imap./pop3./
smtp. hosts of the same domain. This program starts the servers those names
point at -- tests/servers/real-servers on the world's own loopback, at
127.0.0.30 and 127.0.0.31 on the standard ports (143, 993, 110, 995, 587, 465)
-- with certificates it issues from the world's CA:

  127.0.0.30  imap./pop3./smtp.real.test, imap./smtp.blocked.test (valid)
  127.0.0.31  imap./smtp.expired.test (expired in 2021)

and runs `check ADDRESS --password-stdin --ca-file CA [--json]` (the password
on standard input, never in argv) for:

  real.test       every server (IMAP and POP3 both TLS modes, SMTP 465) passes,
                  with its TLS facts, and SMTP 587 too unless 465 was proven
                  first (then it is "cancelled", not needed); with a wrong
                  password every login fails with login-failed and its advice;
  wrongname.test  the servers' names are not on the certificate:
                  certificate-wrong-host, no login tried;
  expired.test    certificate-expired, no login tried;
  blocked.test    port 465 is closed: that server is reported
                  (connection-refused), 587 is tested and works, the account
                  is usable.

Dovecot's and Postfix's own logs prove which logins reached them. Without
root, Dovecot or Postfix it reports a TAP skip (the world skips without root).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import brevduva_test

CA = os.environ.get("BD_TEST_CA")
CA_KEY = os.environ.get("BD_TEST_CA_KEY")
WORLD = os.environ.get("BD_WORLD_DIR")

PASSWORD = "Rätt lösen för check 7"
WRONG = "fel-lösen"
GOOD_ADDR, EXPIRED_ADDR = "127.0.0.30", "127.0.0.31"
GOOD_NAMES = ("imap.real.test", "pop3.real.test", "smtp.real.test",
              "imap.blocked.test", "smtp.blocked.test")
EXPIRED_NAMES = ("imap.expired.test", "smtp.expired.test")
USERS = ("alice@real.test", "alice@blocked.test", "alice@wrongname.test", "alice@expired.test")
# The probe's own deadline per step is 10 s; a check that takes this long has hung.
HANG_GUARD = 60

REAL_URLS = ["imaps://imap.real.test:993", "imap://imap.real.test:143",
             "pop3s://pop3.real.test:995", "pop3://pop3.real.test:110",
             "smtps://smtp.real.test:465", "smtp://smtp.real.test:587"]

# A proxy from the environment would make GProxyResolver's answer other than "direct".
PROXY_VARIABLES = ("all_proxy", "ALL_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy",
                   "HTTPS_PROXY")

ARGS = None


class Fixture:
    dir = None
    servers = None
    good_sha256 = None
    expired_sha256 = None


F = Fixture()


# ---------------------------------------------------------------------------
# Certificates from the world's CA, and the servers
# ---------------------------------------------------------------------------

def start_servers():
    """Returns None when started, or why the test must be skipped."""
    certs = os.path.join(F.dir, "certs")
    good_crt, good_key, F.good_sha256 = brevduva_test.issue_certificate(
        certs, "good", GOOD_NAMES, CA, CA_KEY)
    exp_crt, exp_key, F.expired_sha256 = brevduva_test.issue_certificate(
        certs, "expired", EXPIRED_NAMES, CA, CA_KEY, "2020-01-01 00:00:00", "2021-01-01 00:00:00")
    F.servers = brevduva_test.RealServers(F.dir)
    return F.servers.start(PASSWORD, users=USERS, standard_ports=True,
                           listen=("%s=%s,%s" % (GOOD_ADDR, good_crt, good_key),
                                   "%s=%s,%s" % (EXPIRED_ADDR, exp_crt, exp_key)))


def server_log(name):
    return F.servers.log(name)


# ---------------------------------------------------------------------------
# Running check
# ---------------------------------------------------------------------------

class Result(brevduva_test.CliRun):
    """A run of check."""

    def results(self):
        j = self.json if isinstance(self.json, dict) else {}
        return {r.get("url"): r for r in j.get("results") or [] if isinstance(r, dict)}

    def summary(self):
        lines = super().summary()
        if self.json is None:
            lines += ["stdout: " + l for l in self.stdout.splitlines()[:30]]
            return lines
        det = self.json.get("detection") or {}
        lines.append("ok=%s source=%s trust=%s" % (self.json.get("ok"), det.get("source"),
                                                     det.get("trust")))
        lines.append("sources: " + ", ".join(
            "%s %s %s ms" % (a.get("name"), a.get("outcome"), a.get("ms"))
            for a in det.get("sources") or [] if isinstance(a, dict)))
        for url, r in self.results().items():
            err = r.get("error") or {}
            cert = ((r.get("tls") or {}).get("certificate") or {})
            lines.append("  %s ok=%s login=%s (%s) code=%s verified=%s problems=%s — %s" % (
                url, r.get("ok"), r.get("login"), r.get("login_mechanism"), err.get("code"),
                cert.get("verified"), cert.get("problems"), err.get("message")))
            lines.append("    auth %s; capabilities %s" % (r.get("auth_mechanisms"),
                                                            r.get("capabilities")))
        return lines


def check(address, password=PASSWORD, json_output=True):
    argv = [ARGS.cli, "check", address, "--password-stdin", "--ca-file", CA]
    if json_output:
        argv.append("--json")
    return brevduva_test.run_cli(argv, input=password + "\n", timeout=HANG_GUARD, result=Result)


class Case(brevduva_test.Case):
    def run(self, *args, **kw):
        r = check(*args, **kw)
        self.runs.append(r)
        self.check(r.rc != brevduva_test.HUNG, "check ended (hang guard %d s)" % HANG_GUARD)
        for text in (r.stdout, r.stderr):
            self.check(PASSWORD not in text and WRONG not in text, "no password in the output")
        if "--json" in r.argv:
            self.check(isinstance(r.json, dict), "stdout is one JSON object")
        return r

    def detection(self, r, domain):
        det = (r.json or {}).get("detection") or {}
        self.eq(det.get("source"), "autoconfig", "detection source")
        self.eq(det.get("trust"), "trusted", "detection trust")
        self.eq(det.get("source_url", "")[:len("https://autoconfig." + domain)],
                "https://autoconfig." + domain, "detection source_url")

    def urls(self, r, want):
        self.eq(sorted(r.results()), sorted(want), "the servers tested")

    def passed(self, r, url, sha256):
        res = r.results().get(url)
        if not self.check(res, "%s was tested" % url):
            return
        self.eq(res.get("ok"), True, url + " ok")
        self.eq(res.get("login"), "ok", url + " login")
        self.eq(res.get("error"), None, url + " error")
        tls = res.get("tls") or {}
        self.check(tls.get("version") in ("TLS1.2", "TLS1.3"),
                   "%s TLS version 1.2 or 1.3 (got %r)" % (url, tls.get("version")))
        self.check(isinstance(tls.get("cipher"), str) and tls.get("cipher"),
                   "%s cipher named (got %r)" % (url, tls.get("cipher")))
        cert = tls.get("certificate") or {}
        self.eq(cert.get("sha256"), sha256, url + " certificate sha256")
        self.eq(cert.get("verified"), True, url + " certificate verified")
        self.eq(cert.get("problems"), [], url + " certificate problems")
        host = url.split("://", 1)[1].rsplit(":", 1)[0]
        self.check(host in (cert.get("sans") or []), "%s: %s in the SANs %r"
                   % (url, host, cert.get("sans")))
        steps = res.get("steps") or []
        self.check(steps and all(s.get("ok") for s in steps), "%s every step ok" % url)
        mechanism = res.get("login_mechanism")
        self.check(mechanism in ("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"),
                   "%s login mechanism named (got %r)" % (url, mechanism))

    def alternative(self, r, url, sha256):
        """An outgoing alternative after the first (bd-account-probe.c): once
        one is proven the others are not needed; one that already passed says
        so, one stopped or never started is "cancelled". Returns which."""
        res = r.results().get(url)
        if not self.check(res, "%s was tested" % url):
            return None
        if res.get("ok"):
            self.passed(r, url, sha256)
            return "passed"
        err = res.get("error") or {}
        self.eq(err.get("code"), "cancelled", url + " error.code (passed, or not needed)")
        self.eq(res.get("login"), "skipped", url + " login")
        return "cancelled"

    def failed(self, r, url, code, login):
        res = r.results().get(url)
        if not self.check(res, "%s was tested" % url):
            return None
        self.eq(res.get("ok"), False, url + " ok")
        err = res.get("error") or {}
        self.eq(err.get("code"), code, url + " error.code")
        self.check(err.get("message"), "%s error.message (got %r)" % (url, err.get("message")))
        self.check(err.get("advice"), "%s error.advice (got %r)" % (url, err.get("advice")))
        self.eq(res.get("login"), login, url + " login")
        return res


def text_lines(r):
    """The ✓/✗/– lines of the human output: {url: mark}."""
    out = {}
    for line in r.stdout.splitlines():
        if line[:2] in ("✓ ", "✗ ", "– "):
            out[line[2:].split()[0]] = line[0]
    return out


def logins(log, user):
    """Dovecot's "Login: user=<U>" lines (successful IMAP/POP3 logins)."""
    return [l for l in log.splitlines() if "Login: user=<%s>" % user in l]


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

case = brevduva_test.Registry()


@case("real.test: every server ✓ (IMAP, POP3 both TLS modes; SMTP 465, 587) with TLS facts")
def _(c):
    before = len(logins(server_log("dovecot.log"), "alice@real.test"))
    postfix_before = len(server_log("postfix.log"))
    r = c.run("alice@real.test")
    c.eq(r.rc, 0, "exit status")
    c.eq((r.json or {}).get("ok"), True, "ok")
    c.detection(r, "real.test")
    c.urls(r, REAL_URLS)
    for url in REAL_URLS[:5]:
        c.passed(r, url, F.good_sha256)
    submission = c.alternative(r, REAL_URLS[5], F.good_sha256)
    # The real servers saw the logins: Dovecot four (inside TLS), Postfix one or two.
    new = logins(server_log("dovecot.log"), "alice@real.test")[before:]
    c.eq(len(new), 4, "Dovecot logins of alice@real.test")
    c.check(all(", TLS" in l for l in new), "every Dovecot login inside TLS: %r" % new)
    # Postfix logs a successful AUTH as "auth=1" when the client leaves.
    deadline = time.monotonic() + 3
    while True:
        auths = [l for l in server_log("postfix.log")[postfix_before:].splitlines()
                 if "[%s]" % GOOD_ADDR in l and "disconnect from" in l and " auth=1 " in l]
        if len(auths) >= (2 if submission == "passed" else 1) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    c.eq(sorted(l.split("postfix/", 1)[1].split("/", 1)[0] for l in auths),
         ["smtps", "submission"] if submission == "passed" else ["smtps"],
         "Postfix services that saw a successful AUTH")


@case("real.test: what the guess proved while detecting is handed on: one connection per port")
def _(c):
    # The guess tries smtp.real.test on 465 and 587 (its SMTPS and
    # submission lanes) while the autoconfig document is fetched; the
    # document names the same servers, and check goes on over those
    # connections (issue 16 §2) instead of connecting again.
    postfix_settled()
    postfix_before = len(server_log("postfix.log"))
    r = c.run("alice@real.test")
    c.eq(r.rc, 0, "exit status")
    c.detection(r, "real.test")
    # Every connection ends with Postfix's "disconnect from" line.
    postfix_settled(timeout=10)
    lines = server_log("postfix.log")[postfix_before:].splitlines()
    for service, port in (("smtps", 465), ("submission", 587)):
        connects = [l for l in lines if "postfix/%s/" % service in l and " connect from " in l]
        c.eq(len(connects), 1,
             "connections to Postfix's %s (%d) during check" % (service, port))


@case("real.test: the SASL mechanisms offered before login are reported for every server")
def _(c):
    r = c.run("alice@real.test")
    c.eq(r.rc, 0, "exit status")
    offered = ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"]
    for url in REAL_URLS:
        res = r.results().get(url) or {}
        if url == REAL_URLS[5] and (res.get("error") or {}).get("code") == "cancelled":
            continue   # not needed: 465 was proven first
        # Dovecot answers a login on 993 with an untagged post-login
        # CAPABILITY without AUTH=: the report keeps the list offered.
        c.eq(sorted(res.get("auth_mechanisms") or []), sorted(offered),
             url + " auth_mechanisms")


@case("real.test, human output: one ✓ line per server, and the account works")
def _(c):
    r = c.run("alice@real.test", json_output=False)
    c.eq(r.rc, 0, "exit status")
    lines = text_lines(r)
    c.eq({u: lines.get(u) for u in REAL_URLS[:5]}, {u: "✓" for u in REAL_URLS[:5]},
         "✓/✗ lines")
    c.eq(sorted(lines), sorted(REAL_URLS), "one line per server")
    if lines.get(REAL_URLS[5]) != "✓":
        c.eq(lines.get(REAL_URLS[5]), "–", "587 is either ✓ or – (not needed)")
        c.check("Not needed" in r.stdout, "says why 587 was not needed")
    c.check(r.stdout.count("login works") >= 5, "says the login works")
    c.check("Source: the provider’s autoconfig server (trusted)." in r.stdout,
            "says where the settings came from")
    c.check("alice@real.test" in r.stdout.splitlines()[0] if r.stdout else False,
            "the first line names the address")


def network_facts(c, r):
    """The "network" object (issue 13 §5), with what holds for every run in
    the world; returns it, and its connections by URL."""
    net = (r.json or {}).get("network")
    if not c.check(isinstance(net, dict), "a network object (got %r)" % (net,)):
        return {}, {}
    c.check(isinstance(net.get("available"), bool), "network.available is a boolean (got %r)"
            % net.get("available"))
    c.check(net.get("connectivity") in ("local", "limited", "portal", "full"),
            "network.connectivity named (got %r)" % net.get("connectivity"))
    c.check(isinstance(net.get("metered"), bool), "network.metered is a boolean")
    # The world binds a resolv.conf that names its dnsmasq.
    c.eq(net.get("name_servers"), ["127.0.0.1"], "network.name_servers")
    c.eq(net.get("name_servers_source"), "/etc/resolv.conf", "network.name_servers_source")
    text = json.dumps(net, ensure_ascii=False)
    c.check(PASSWORD not in text and WRONG not in text, "no password in the network facts")
    c.check("alice" not in text, "no user name in the network facts")
    conns = {n.get("url"): n for n in net.get("connections") or [] if isinstance(n, dict)}
    c.eq(sorted(conns), sorted(r.results()), "one connection per server tested")
    return net, conns


@case("real.test: the network facts: name servers, addresses, family, proxy, clock (--json)")
def _(c):
    r = c.run("alice@real.test")
    c.eq(r.rc, 0, "exit status")
    net, conns = network_facts(c, r)
    proxied = any(os.environ.get(v) for v in PROXY_VARIABLES)
    for url in REAL_URLS[:5]:
        n = conns.get(url) or {}
        c.eq(n.get("name_lookup"), "ok", url + " name_lookup")
        c.eq(n.get("remote_address"), GOOD_ADDR, url + " remote_address")
        # The world is loopback only: this end is a loopback address too.
        c.check(str(n.get("local_address", "")).startswith("127."),
                "%s local_address on loopback (got %r)" % (url, n.get("local_address")))
        c.eq(n.get("family"), "ipv4", url + " family")
        c.eq(n.get("first_family"), "ipv4", url + " first_family")
        c.eq(n.get("fell_back"), False, url + " fell_back")
        if not proxied:
            c.eq(n.get("proxy"), "direct", url + " proxy (GProxyResolver's answer)")
    clock = net.get("clock") or {}
    c.eq(clock.get("check"), "plausible", "the clock is inside the certificates' validity")
    c.check((clock.get("certificates") or 0) >= 5, "the clock was checked against every "
            "certificate seen (got %r)" % clock.get("certificates"))


@case("expired.test: the network facts say the clock is after a certificate's validity")
def _(c):
    r = c.run("alice@expired.test")
    net, conns = network_facts(c, r)
    c.eq((net.get("clock") or {}).get("check"), "after-certificate-validity", "clock.check")
    for url in ("imaps://imap.expired.test:993", "smtps://smtp.expired.test:465"):
        c.eq((conns.get(url) or {}).get("remote_address"), EXPIRED_ADDR, url + " remote_address")


@case("test --json: the network facts too, for the servers named")
def _(c):
    url = "imaps://imap.real.test:993"
    argv = [ARGS.cli, "test", url, "--ca-file", CA, "--json"]
    r = brevduva_test.run_cli(argv, timeout=HANG_GUARD, result=Result)
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    net, conns = network_facts(c, r)
    n = conns.get(url) or {}
    c.eq(n.get("remote_address"), GOOD_ADDR, "remote_address")
    c.eq(n.get("family"), "ipv4", "family")
    c.eq((net.get("clock") or {}).get("check"), "plausible", "clock.check")


@case("real.test, wrong password: exit 1, every server login-failed with advice, TLS verified")
def _(c):
    r = c.run("alice@real.test", password=WRONG)
    c.eq(r.rc, 1, "exit status")
    c.eq((r.json or {}).get("ok"), False, "ok")
    c.urls(r, REAL_URLS)
    for url in REAL_URLS:
        res = c.failed(r, url, "login-failed", "failed")
        if res:
            cert = ((res.get("tls") or {}).get("certificate") or {})
            c.eq(cert.get("verified"), True, url + " certificate still verified")
            c.eq(cert.get("sha256"), F.good_sha256, url + " certificate sha256")


@case("real.test, wrong password, human output: one ✗ line per server with advice")
def _(c):
    r = c.run("alice@real.test", password=WRONG, json_output=False)
    c.eq(r.rc, 1, "exit status")
    c.eq(text_lines(r), {u: "✗" for u in REAL_URLS}, "✓/✗ lines")
    c.eq(r.stdout.count("(login-failed)"), len(REAL_URLS), "login-failed named per server")
    c.eq(r.stdout.count("What to do:"), len(REAL_URLS), "advice per server")


def postfix_settled(timeout=5):
    """Waits until Postfix has logged the end of every connection it logged
    the start of, so that what comes after is this case's alone: an earlier
    case's client may exit before Postfix has read its QUIT (the probes do
    not wait for the reply)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server_log("postfix.log")
        if log.count(" connect from ") <= log.count(" disconnect from "):
            return
        time.sleep(0.05)


@case("srv-check.test: SRV names another domain's servers: tested, but the password withheld")
def _(c):
    user = "alice@srv-check.test"
    postfix_settled()
    dovecot_before = len(server_log("dovecot.log"))
    postfix_before = len(server_log("postfix.log"))
    r = c.run(user)
    c.eq((r.json or {}).get("password_withheld"), "unverified-source", "password_withheld")
    det = (r.json or {}).get("detection") or {}
    c.eq(det.get("source"), "srv", "detection source")
    c.eq(det.get("trust"), "unverified", "detection trust")
    c.check("cannot be verified" in r.stderr and "without sending your password" in r.stderr,
            "stderr says why the password was withheld (got %r)" % r.stderr)
    urls = ["imaps://imap.real.test:993", "smtps://smtp.real.test:465"]
    c.urls(r, urls)
    for url in urls:
        res = r.results().get(url) or {}
        c.eq(res.get("login"), "skipped", url + " login")
        cert = ((res.get("tls") or {}).get("certificate") or {})
        c.eq(cert.get("verified"), True, url + " certificate verified")
    # Neither server saw the user name, let alone a password.
    c.check(user not in server_log("dovecot.log")[dovecot_before:], "Dovecot never saw " + user)
    # Postfix counts AUTH commands ("auth=N/M") in the line it logs when the
    # client leaves; wait for that line, then read it.
    deadline = time.monotonic() + 5
    while True:
        gone = [l for l in server_log("postfix.log")[postfix_before:].splitlines()
                if "[%s]" % GOOD_ADDR in l and "disconnect from" in l]
        if gone or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    c.check(gone, "Postfix logged the client leaving")
    c.check(not any(" auth=" in l for l in gone), "Postfix saw no AUTH: %r" % gone)


@case("wrongname.test: the names are not on the certificate: certificate-wrong-host, no login")
def _(c):
    before = server_log("dovecot.log").count("alice@wrongname.test")
    r = c.run("alice@wrongname.test")
    c.eq(r.rc, 1, "exit status")
    c.detection(r, "wrongname.test")
    urls = ["imaps://imap.wrongname.test:993", "smtps://smtp.wrongname.test:465"]
    c.urls(r, urls)
    for url in urls:
        res = c.failed(r, url, "certificate-wrong-host", "skipped")
        if res:
            cert = ((res.get("tls") or {}).get("certificate") or {})
            c.eq(cert.get("verified"), False, url + " certificate verified")
            c.check(cert.get("problems"),
                    "%s problems named (got %r)" % (url, cert.get("problems")))
            c.eq(cert.get("sha256"), F.good_sha256, url + " the certificate shown")
    c.eq(server_log("dovecot.log").count("alice@wrongname.test"), before,
         "Dovecot never saw the user name")
    c.check("alice@wrongname.test" not in server_log("postfix.log"),
            "Postfix never saw the user name")


@case("expired.test: an expired certificate: certificate-expired, no login")
def _(c):
    r = c.run("alice@expired.test")
    c.eq(r.rc, 1, "exit status")
    c.detection(r, "expired.test")
    urls = ["imaps://imap.expired.test:993", "smtps://smtp.expired.test:465"]
    c.urls(r, urls)
    for url in urls:
        res = c.failed(r, url, "certificate-expired", "skipped")
        if res:
            cert = ((res.get("tls") or {}).get("certificate") or {})
            c.eq(cert.get("verified"), False, url + " certificate verified")
            c.eq(cert.get("sha256"), F.expired_sha256, url + " the certificate shown")
            c.check(str(cert.get("not_after", "")).startswith("2021-01-01"),
                    "%s not_after 2021-01-01 (got %r)" % (url, cert.get("not_after")))
    c.check("alice@expired.test" not in server_log("dovecot.log"),
            "Dovecot never saw the user name")
    r = c.run("alice@expired.test", json_output=False)
    c.eq(text_lines(r), {u: "✗" for u in urls}, "✓/✗ lines")
    c.eq(r.stdout.count("(certificate-expired)"), 2, "certificate-expired named per server")
    c.check("Fingerprint: sha256:" + F.expired_sha256 in r.stdout, "the fingerprint is shown")


@case("blocked.test: port 465 closed is reported (connection-refused), 587 works, usable")
def _(c):
    r = c.run("alice@blocked.test")
    c.eq(r.rc, 0, "exit status (one incoming and one outgoing server work)")
    c.eq((r.json or {}).get("ok"), True, "ok")
    c.detection(r, "blocked.test")
    c.urls(r, ["imaps://imap.blocked.test:993", "smtps://smtps.blocked.test:465",
               "smtp://smtp.blocked.test:587"])
    c.passed(r, "imaps://imap.blocked.test:993", F.good_sha256)
    c.passed(r, "smtp://smtp.blocked.test:587", F.good_sha256)
    res = c.failed(r, "smtps://smtps.blocked.test:465", "connection-refused", "skipped")
    if res:
        c.eq(res.get("tls"), None, "no TLS facts for a port that refused")
    r = c.run("alice@blocked.test", json_output=False)
    c.eq(text_lines(r), {"imaps://imap.blocked.test:993": "✓",
                         "smtps://smtps.blocked.test:465": "✗",
                         "smtp://smtp.blocked.test:587": "✓"}, "✓/✗ lines")
    c.eq(r.stdout.count("What to do:"), 1, "advice for the one failure")


def main():
    global ARGS
    ap = brevduva_test.argument_parser(__doc__)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the servers' directory")
    ARGS = ap.parse_args()
    ARGS.cli = os.path.abspath(ARGS.cli)
    tap = brevduva_test.Tap(ARGS.only)
    if not (CA and CA_KEY and WORLD):
        return tap.bail_out("not inside the detection world: run tests/integration/world run -- "
                            "%s --cli PATH" % sys.argv[0])
    if os.geteuid() != 0:
        return tap.skip_all("needs root (Postfix's master runs only as root)")
    if shutil.which("certtool") is None:
        return tap.skip_all("needs certtool (gnutls-bin)")

    F.dir = tempfile.mkdtemp(prefix="bd-check-")
    t0 = time.monotonic()
    try:
        try:
            why = start_servers()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            return tap.bail_out(e)
        if why:
            return tap.skip_all(why)
        tap.comment("servers started in %.1f s" % (time.monotonic() - t0))
        case.run(tap, Case)
    finally:
        if F.servers is not None:
            F.servers.stop()
        if ARGS.keep:
            tap.comment("kept %s" % F.dir)
        else:
            shutil.rmtree(F.dir, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
