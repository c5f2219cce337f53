#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline and broken name lookup, told apart from a misspelt name (issue 13 §1, §2).

Each case runs brevduva-cli in a network namespace of its own
(brevduva_test.Netns: only loopback, and a private resolv.conf):

  * no route: loopback only, no default route, the name server an address
    with no route to it (192.0.2.53, RFC 5737);
  * NXDOMAIN: a default route over loopback (so GNetworkMonitor sees a
    network), and dnsmasq on 127.0.0.1 with no upstream that answers "no
    such name" for every name;
  * silent: the same route, and a name server that never answers;
  * working: the NXDOMAIN namespace's dnsmasq, but holding ref.test, which
    BREVDUVA_REFERENCE_NAMES names as the name that must exist;
  * captive portal: every name resolves to one address, where a web server
    redirects every page to a login page (issue 13 §7);
  * sinkhole: every name to that address, but no web server there: not a
    portal, and the servers' own errors stand.

In the three broken ones, `check alice@gmail.com --offline` (the built-in
database names the servers) must say first and once that this computer
cannot look names up, with what to do, and never that imap.gmail.com does
not exist; `--json` keeps every server's error and adds "cause"; and
`detect alice@unknown-domain.test` must not end with "No settings were
found". `test URL…` (plain probes, no account) says the same once,
first. With the working resolver, a misspelt name is still
`dns-not-found` and an unknown domain still `provider-not-found`. Nothing
leaves the namespaces: they have no interface but loopback.

Needs root (namespaces), ip and dnsmasq; reports itself skipped (TAP)
without them.

    test-offline.py [--cli BREVDUVA-CLI] [--only TEXT]
"""

import os
import sys

from brevduva_test import Netns, Registry, Tap, argument_parser, run_cli

CLI_TIMEOUT = 60      # seconds until brevduva-cli counts as hung

case = Registry()
cli = None
namespaces = {}       # kind -> Netns


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
    c.eq(r.stdout.count("Not tried: "), len(rows), "servers that say \"not tried\"")


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


TEST_URLS = ("imaps://imap.gmail.com", "pop3s://pop.gmail.com", "smtps://smtp.gmail.com")


def test_says_once_first(c, r, code, first_words):
    """The human output of test URL…: the cause first and once, with its
    advice, every server "not tried", none said not to exist."""
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    lines = r.stdout.splitlines()
    c.check(lines and lines[0].startswith(first_words) and lines[0].endswith("(%s)" % code),
            "the first line names the cause (%s): %r" % (code, lines[:1]))
    c.check(len(lines) > 1 and lines[1].startswith("What to do: "),
            "the second line says what to do: %r" % lines[1:2])
    c.eq(sum(1 for line in lines if line.startswith("What to do: ")), 1,
         "pieces of advice (the cause's, once)")
    c.check("does not exist" not in r.stdout, "no server is said not to exist")
    c.check("dns-not-found" not in r.stdout, "no dns-not-found")
    rows = [line for line in lines if line.startswith(("✓", "✗", "–"))]
    c.eq(len(rows), len(TEST_URLS), "one row per URL: %r" % rows)
    c.check(rows and all(line.startswith("–") for line in rows),
            "every server is marked not tried: %r" % rows)
    c.eq(r.stdout.count("Not tried: "), len(rows), "servers that say \"not tried\"")


for title, kind, code, first in BROKEN:
    if kind == "silent":   # the same path as NXDOMAIN, but every lookup waits its deadline
        continue

    def make_test(kind=kind, code=code, first=first):
        def human(c):
            test_says_once_first(c, run(kind, "test", *TEST_URLS, "--timeout", "3"), code, first)

        def as_json(c):
            json_cause(c, run(kind, "test", *TEST_URLS, "--timeout", "3", "--json"), code)
        return human, as_json

    human, as_json = make_test()
    case("%s: test URL… says once, first, that names cannot be looked up (%s)"
         % (title, code))(human)
    case("%s: test URL… --json keeps every server's error and adds the cause" % title)(as_json)


PORTAL_FIRST = "Sign in to this network first"


@case("captive portal: check gmail says once, first, \"sign in to this network first\"")
def _(c):
    says_once_first(c, run("portal", "check", "alice@gmail.com", "--offline", "--timeout", "3"),
                    "captive-portal", PORTAL_FIRST)


@case("captive portal: check --json keeps every server's error and adds the cause")
def _(c):
    json_cause(c, run("portal", "check", "alice@gmail.com", "--offline", "--timeout", "3",
                      "--json"), "captive-portal")


@case("captive portal: test URL… says once, first, \"sign in to this network first\"")
def _(c):
    test_says_once_first(c, run("portal", "test", *TEST_URLS, "--timeout", "3"),
                         "captive-portal", PORTAL_FIRST)


@case("captive portal: detect unknown-domain.test is not \"no settings were found\" "
      "(captive-portal)")
def _(c):
    r = run("portal", "detect", "alice@unknown-domain.test", "--json")
    detect_not_nothing(c, r, "captive-portal")
    c.check(PORTAL_FIRST in (((r.json or {}).get("error") or {}).get("message") or ""),
            "the message says \"%s\"" % PORTAL_FIRST)


@case("captive portal: detect's text does not say \"No settings were found\"")
def _(c):
    detect_text(c, run("portal", "detect", "alice@unknown-domain.test"))


@case("every name to one address without a web server: detect is still provider-not-found")
def _(c):
    r = run("sinkhole", "detect", "alice@unknown-domain.test", "--json")
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    c.eq(((r.json or {}).get("error") or {}).get("code"), "provider-not-found", "error.code")


@case("every name to one address without a web server: not a portal, the refusals stand")
def _(c):
    r = run("sinkhole", "check", "alice@gmail.com", "--offline", "--timeout", "3", "--json")
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    j = r.json or {}
    c.eq(j.get("cause"), None, "cause")
    results = j.get("results") or []
    c.check(results, "servers were tested")
    for res in results:
        c.eq((res.get("error") or {}).get("code"), "connection-refused",
             "%s error.code" % res.get("url"))


@case("captive portal: a server refused on this computer is not a sign-in page")
def _(c):
    # localhost:1 refuses too, but it is this computer: no diagnosis, no cause.
    r = run("portal", "test", "imaps://localhost:1", "--json")
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    j = r.json or {}
    c.eq(j.get("cause"), None, "cause")
    c.eq(((j.get("results") or [{}])[0].get("error") or {}).get("code"), "connection-refused",
         "error.code")


@case("working resolver: test with a misspelt name is still dns-not-found, with no cause")
def _(c):
    r = run("working", "test", "imaps://imap.misspelt-domian.test", "--json",
            reference="ref.test")
    c.runs.append(r)
    c.eq(r.rc, 1, "exit status")
    j = r.json or {}
    c.eq(j.get("cause"), None, "cause")
    results = j.get("results") or []
    c.eq(len(results), 1, "results")
    for res in results:
        c.eq((res.get("error") or {}).get("code"), "dns-not-found", "%s error.code"
             % res.get("url"))


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


def main():
    global cli
    parser = argument_parser(__doc__)
    parser.add_argument("--cli", default=os.environ.get("BD_CLI"),
                        help="the brevduva-cli to test (default: $BD_CLI)")
    args = parser.parse_args()
    tap = Tap(args.only)
    if os.geteuid() != 0:
        return tap.skip_all("network namespaces need root")
    why = Netns.missing_tool()
    if why is not None:
        return tap.skip_all(why)
    if not args.cli:
        return tap.bail_out("no brevduva-cli: pass --cli or set BD_CLI")
    cli = os.path.abspath(args.cli)

    try:
        for kind in ("noroute", "nxdomain", "silent", "working", "portal", "sinkhole"):
            namespaces[kind] = Netns(kind)
        case.run(tap)
        return tap.finish()
    finally:
        for ns in namespaces.values():
            ns.close()


if __name__ == "__main__":
    sys.exit(main())
