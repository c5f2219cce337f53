#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain check's DNS lookups end at --timeout (issue 14).

The system resolver's own limits (resolv.conf: 5 s, twice, per name
server) are longer than --timeout: a silent name server would hold a
domain check 10 s and more. `brevduva-cli domain` runs in a network
namespace whose name server reads every question and never answers
(brevduva_test.Netns kind "silent"); it must end within --timeout plus a
margin, well before the resolver's own 10 s, and name the DNS step as the
one that timed out (one `dns-timeout` finding listing every unanswered
question), without saying "no SRV records" for records it never got. The
same domain in a namespace whose name server answers "no such name" at once
(kind "nxdomain") has no such finding: the finding comes from the silence,
not from the domain.

Needs root (namespaces), ip and dnsmasq; reports itself skipped (TAP)
without them.

    test-domain-timeout.py [--cli BREVDUVA-CLI] [--only TEXT]
"""

import os
import sys

from brevduva_test import HUNG, Netns, Registry, Tap, argument_parser, run_cli

CLI_TIMEOUT = 60      # seconds until brevduva-cli counts as hung
TIMEOUT = 2           # the check's --timeout, in seconds
MARGIN = 5            # start-up and judging on a loaded machine; below the resolver's 10 s
DOMAIN = "silent-dns.test"
QUESTIONS = ["_imaps._tcp.%s. SRV", "_imap._tcp.%s. SRV", "_pop3s._tcp.%s. SRV",
             "_pop3._tcp.%s. SRV", "_submissions._tcp.%s. SRV", "_submission._tcp.%s. SRV",
             "%s. MX", "_mta-sts.%s. TXT", "_smtp._tls.%s. TXT"]

case = Registry()
cli = None
namespaces = {}       # kind -> Netns


def run(kind, *argv):
    """brevduva-cli domain in the namespace of @kind, without the host's proxies."""
    wrap = namespaces[kind].exec_argv() + ["env"]
    for var in ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        wrap += ["-u", var]
    return run_cli([cli, "domain", DOMAIN, "--timeout", str(TIMEOUT),
                    "--ispdb-url", "https://ispdb.invalid.test/v1.1/"] + list(argv),
                   timeout=CLI_TIMEOUT, wrap=wrap)


def findings(r, check):
    return [f for f in ((r.json or {}).get("findings") or []) if f.get("check") == check]


@case("silent name server: domain --json ends within --timeout plus a margin")
def _(c):
    r = run("silent", "--json")
    c.runs.append(r)
    c.check(r.rc != HUNG, "brevduva-cli did not hang")
    c.check(r.elapsed < TIMEOUT + MARGIN,
            "ended after %.2f s, within %d s + %d s" % (r.elapsed, TIMEOUT, MARGIN))
    c.eq(r.rc, 0, "exit status (warnings only)")
    c.check(r.json is not None, "stdout is JSON: %s" % r.json_error)


@case("silent name server: one dns-timeout finding names every unanswered question")
def _(c):
    r = run("silent", "--json")
    c.runs.append(r)
    found = findings(r, "dns-timeout")
    c.eq(len(found), 1, "dns-timeout findings")
    f = found[0] if found else {}
    c.eq(f.get("verdict"), "warning", "its verdict")
    c.check("DNS" in (f.get("title") or "") and "%d seconds" % TIMEOUT in (f.get("title") or ""),
            "the title names DNS and the timeout: %r" % f.get("title"))
    want = sorted(q % DOMAIN for q in QUESTIONS)
    c.eq(sorted((f.get("evidence") or "").splitlines()), want, "the questions in the evidence")
    c.check(f.get("fix"), "it says what to fix")


@case("silent name server: unanswered is not \"no SRV records\" nor \"no MX\"")
def _(c):
    r = run("silent", "--json")
    c.runs.append(r)
    c.eq(findings(r, "srv"), [], "srv findings (no answer, so nothing to say about SRV)")
    c.eq(findings(r, "mx"), [], "mx findings")


@case("silent name server: the text report says the name server did not answer")
def _(c):
    r = run("silent")
    c.runs.append(r)
    c.eq(r.rc, 0, "exit status")
    lines = [line for line in r.stdout.splitlines() if "name server did not answer" in line]
    c.eq(len(lines), 1, "lines that say so: %r" % lines)
    c.check(lines and lines[0].lstrip().startswith("!"), "marked as a warning: %r" % lines[:1])


@case("name server that answers \"no such name\": no dns-timeout, and \"no SRV records\"")
def _(c):
    r = run("nxdomain", "--json")
    c.runs.append(r)
    c.check(r.elapsed < TIMEOUT + MARGIN, "ended after %.2f s" % r.elapsed)
    c.eq(findings(r, "dns-timeout"), [], "dns-timeout findings")
    c.check(any("No SRV records" in (f.get("title") or "") for f in findings(r, "srv")),
            "the SRV section says there are none")


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
        for kind in ("silent", "nxdomain"):
            namespaces[kind] = Netns(kind)
        case.run(tap)
        return tap.finish()
    finally:
        for ns in namespaces.values():
            ns.close()


if __name__ == "__main__":
    sys.exit(main())
