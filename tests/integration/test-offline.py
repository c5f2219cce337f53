#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline and broken name lookup, told apart from a misspelt name (issue 13 §1, §2).

Each case runs brevduva-cli in a network namespace of its own (`ip netns
add`), with only loopback, and a private resolv.conf, nsswitch.conf and
hosts in /etc/netns/NAME/, which `ip netns exec` binds over /etc's:

  * no route: loopback only, no default route, the name server an address
    with no route to it (192.0.2.53, RFC 5737);
  * NXDOMAIN: a default route over loopback (so GNetworkMonitor sees a
    network), and dnsmasq on 127.0.0.1 with no upstream that answers "no
    such name" for every name (--local=/#/);
  * silent: the same route, and a UDP socket on 127.0.0.1:53 that reads
    every question and never answers;
  * working: the NXDOMAIN namespace's dnsmasq, but holding ref.test, which
    BREVDUVA_REFERENCE_NAMES names as the name that must exist.

In the three broken ones, `check alice@gmail.com --offline` (the built-in
database names the servers) must say first and once that this computer
cannot look names up, with what to do, and never that imap.gmail.com does
not exist; `--json` keeps every server's error and adds "cause"; and
`detect alice@unknown-domain.test` must not end with "No settings were
found". With the working resolver, a misspelt name is still
`dns-not-found` and an unknown domain still `provider-not-found`. Nothing
leaves the namespaces: they have no interface but loopback.

Needs root (namespaces), ip and dnsmasq; reports itself skipped (TAP)
without them.

    test-offline.py [--cli BREVDUVA-CLI] [--only TEXT]
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time

from brevduva_test import Registry, Tap, argument_parser, run_cli

NETNS_ETC = "/etc/netns"
CLI_TIMEOUT = 60      # seconds until brevduva-cli counts as hung
NO_ROUTE_NAMESERVER = "192.0.2.53"

case = Registry()
cli = None
namespaces = {}       # kind -> Namespace


class Namespace:
    """A network namespace with its own /etc/netns files and, if asked, a
    name server on 127.0.0.1:53 (dnsmasq, or a socket that never answers)."""

    def __init__(self, kind, default_route, nameserver, resolver=None):
        self.name = "bd-off-%s-%s" % (kind, secrets.token_hex(3))
        self.procs = []
        self.etc = os.path.join(NETNS_ETC, self.name)
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        self.ip("link", "set", "lo", "up")
        if default_route:
            self.ip("route", "add", "default", "dev", "lo")
        os.makedirs(self.etc)
        self.write("resolv.conf", "# Brevduva offline test\nnameserver %s\n" % nameserver)
        self.write("nsswitch.conf", "hosts: files dns\n")
        self.write("hosts", "127.0.0.1 localhost\n::1 localhost\n")
        if resolver == "nxdomain":
            self.start_dnsmasq([])
        elif resolver == "working":
            self.start_dnsmasq(["--address=/ref.test/127.0.0.9"])
        elif resolver == "silent":
            self.start_silent()

    def ip(self, *argv):
        subprocess.run(["ip", "-n", self.name] + list(argv), check=True)

    def write(self, name, text):
        with open(os.path.join(self.etc, name), "w") as f:
            f.write(text)

    def exec_argv(self):
        return ["ip", "netns", "exec", self.name]

    def start_dnsmasq(self, extra):
        # No upstream and every name local: what is not held is NXDOMAIN.
        proc = subprocess.Popen(
            self.exec_argv() + ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                                "--no-resolv", "--no-hosts", "--no-poll", "--local=/#/",
                                "--listen-address=127.0.0.1", "--bind-interfaces",
                                "--user=root", "--group=root",
                                "--pid-file=/run/%s-dnsmasq.pid" % self.name] + extra,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.procs.append(proc)
        self.wait_for_port(proc, socket.SOCK_DGRAM)

    def start_silent(self):
        code = ("import socket\n"
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                "s.bind(('127.0.0.1', 53))\n"
                "print('ready', flush=True)\n"
                "while True:\n"
                "    s.recvfrom(4096)\n")
        proc = subprocess.Popen(self.exec_argv() + [sys.executable, "-c", code],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append(proc)
        line = proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError("the silent name server did not start: %r" % proc.stderr.read())

    def wait_for_port(self, proc, kind):
        """Waits until something listens on 127.0.0.1:53 in the namespace
        (ss, an event to poll, not a guessed time), or the server died."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("dnsmasq exited: %s" % proc.stderr.read().decode())
            out = subprocess.run(self.exec_argv() + ["ss", "-Hlun", "sport = :53"],
                                 capture_output=True, text=True).stdout
            if "127.0.0.1:53" in out:
                return
            time.sleep(0.05)
        raise RuntimeError("dnsmasq did not listen within 10 s")

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)
        try:
            os.unlink("/run/%s-dnsmasq.pid" % self.name)
        except OSError:
            pass
        shutil.rmtree(self.etc, ignore_errors=True)


def run(kind, *argv, reference=None):
    """brevduva-cli in the namespace of @kind, with the default reference
    names unless @reference names others, and no proxy of the host's."""
    wrap = namespaces[kind].exec_argv() + ["env", "-u", "BREVDUVA_REFERENCE_NAMES"]
    for var in ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        wrap += ["-u", var]
    if reference is not None:
        wrap.append("BREVDUVA_REFERENCE_NAMES=" + reference)
    return run_cli([cli] + list(argv), timeout=CLI_TIMEOUT, wrap=wrap)


GMAIL_SERVERS = ("imap.gmail.com", "pop.gmail.com", "smtp.gmail.com")


def says_once_first(c, r, code, first_words):
    """The human output of check: the cause first and once, with its
    advice; every server "not tried"; never "does not exist"."""
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    lines = r.stdout.splitlines()
    c.check(lines and lines[0].startswith(first_words) and lines[0].endswith("(%s)" % code),
            "the first line names the cause (%s): %r" % (code, lines[:1]))
    c.check(len(lines) > 1 and lines[1].startswith("What to do: "),
            "the second line says what to do: %r" % lines[1:2])
    c.eq(sum(1 for line in lines if line.startswith("What to do: ")), 1,
         "pieces of advice (the cause's, once)")
    c.eq(r.stdout.count(lines[0] if lines else "\0"), 1, "times the cause is said")
    c.check("does not exist" not in r.stdout, "no server is said not to exist")
    c.check("dns-not-found" not in r.stdout, "no dns-not-found")
    for host in GMAIL_SERVERS:
        c.check("%s:" % host in r.stdout, "%s is listed" % host)
    rows = [line for line in lines if line.startswith(("✓", "✗", "–"))]
    c.check(rows and all(line.startswith("–") for line in rows),
            "every server is marked not tried: %r" % rows)
    c.eq(r.stdout.count("not tried: "), len(rows), "servers that say \"not tried\"")


def json_cause(c, r, code):
    """check --json: every server keeps its error, all of @code, and the
    shared cause is the top-level "cause"."""
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    j = r.json or {}
    cause = j.get("cause") or {}
    c.eq(cause.get("code"), code, "cause.code")
    c.check(cause.get("message") and cause.get("advice"), "cause has message and advice")
    results = j.get("results") or []
    c.check(len(results) >= 3, "every server has its result (%d)" % len(results))
    for res in results:
        err = res.get("error") or {}
        c.eq(err.get("code"), code, "%s error.code" % res.get("url"))
        c.check("does not exist" not in (err.get("message") or ""),
                "%s: not said not to exist" % res.get("url"))


def detect_not_nothing(c, r, code):
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    j = r.json or {}
    err = j.get("error") or {}
    c.eq(err.get("code"), code, "error.code")
    c.check("No settings were found" not in (err.get("message") or ""),
            "not \"No settings were found\": %r" % err.get("message"))
    for s in j.get("sources") or []:
        if s.get("name") != "builtin":
            c.check(s.get("outcome") != "not-found",
                    "%s is not \"nothing there\": %r" % (s.get("name"), s))


def detect_text(c, r):
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    c.check("No settings were found" not in r.stdout + r.stderr,
            "the text does not say \"No settings were found\"")


BROKEN = [
    ("no route", "noroute", "network-unreachable", "This computer is not connected"),
    ("NXDOMAIN for every name", "nxdomain", "dns-unavailable", "This computer cannot look up"),
    ("a name server that never answers", "silent", "dns-unavailable",
     "This computer cannot look up"),
]

for title, kind, code, first in BROKEN:
    def make(kind=kind, code=code, first=first):
        def human(c):
            says_once_first(c, run(kind, "check", "alice@gmail.com", "--offline",
                                   "--timeout", "3"), code, first)

        def as_json(c):
            json_cause(c, run(kind, "check", "alice@gmail.com", "--offline", "--timeout", "3",
                              "--json"), code)

        def detect(c):
            detect_not_nothing(c, run(kind, "detect", "alice@unknown-domain.test", "--json"),
                               code)

        def detect_human(c):
            detect_text(c, run(kind, "detect", "alice@unknown-domain.test"))
        return human, as_json, detect, detect_human

    human, as_json, detect, detect_human = make()
    case("%s: check gmail says once, first, that names cannot be looked up (%s)"
         % (title, code))(human)
    case("%s: check --json keeps every server's error and adds the cause" % title)(as_json)
    case("%s: detect unknown-domain.test is not \"no settings were found\" (%s)"
         % (title, code))(detect)
    if kind != "silent":   # the silent one waits for every source's deadline: once is enough
        case("%s: detect's text does not say \"No settings were found\"" % title)(detect_human)


@case("working resolver: a misspelt (guessed, unverified) name is still dns-not-found")
def _(c):
    r = run("working", "check", "alice@misspelt-domian.test", "--offline", "--json",
            reference="ref.test")
    c.runs.append(r)
    j = r.json or {}
    c.eq(j.get("cause"), None, "cause")
    results = j.get("results") or []
    c.check(results, "servers were tested")
    for res in results:
        c.eq((res.get("error") or {}).get("code"), "dns-not-found", "%s error.code"
             % res.get("url"))


@case("working resolver: an unknown domain is still provider-not-found")
def _(c):
    r = run("working", "detect", "alice@unknown-domain.test", "--no-guess", "--json",
            reference="ref.test")
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    c.eq(((r.json or {}).get("error") or {}).get("code"), "provider-not-found", "error.code")


@case("working resolver: a name the built-in database vouches for is not called nonexistent")
def _(c):
    r = run("working", "check", "alice@gmail.com", "--offline", "--json", reference="ref.test")
    c.runs.append(r)
    j = r.json or {}
    c.eq(j.get("cause"), None, "cause (names work)")
    for res in j.get("results") or []:
        err = res.get("error") or {}
        c.eq(err.get("code"), "dns-failed", "%s error.code" % res.get("url"))
        c.check("built-in database names it" in (err.get("message") or ""),
                "%s: the message says who vouches for it: %r"
                % (res.get("url"), err.get("message")))


def prerequisites():
    for tool in ("ip", "dnsmasq", "ss", "env"):
        if shutil.which(tool) is None:
            return "%s is not installed" % tool
    return None


def main():
    global cli
    parser = argument_parser(__doc__)
    parser.add_argument("--cli", default=os.environ.get("BD_CLI"),
                        help="the brevduva-cli to test (default: $BD_CLI)")
    args = parser.parse_args()
    tap = Tap(args.only)
    if os.geteuid() != 0:
        return tap.skip_all("network namespaces need root")
    why = prerequisites()
    if why is not None:
        return tap.skip_all(why)
    if not args.cli:
        return tap.bail_out("no brevduva-cli: pass --cli or set BD_CLI")
    cli = os.path.abspath(args.cli)

    try:
        namespaces["noroute"] = Namespace("noroute", False, NO_ROUTE_NAMESERVER)
        namespaces["nxdomain"] = Namespace("nxdomain", True, "127.0.0.1", "nxdomain")
        namespaces["silent"] = Namespace("silent", True, "127.0.0.1", "silent")
        namespaces["working"] = Namespace("working", True, "127.0.0.1", "working")
        case.run(tap)
        return tap.finish()
    finally:
        for ns in namespaces.values():
            ns.close()
        try:
            os.rmdir(NETNS_ETC)   # only when it was ours alone, and so empty
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main())
