#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Good manners on the wire, as the real servers' own logs tell (issue 13 §6).

tests/servers/real-servers starts a private Dovecot (IMAP, POP3) and Postfix
(submission, smtps) on loopback. `brevduva-cli test` probes each of the six
ports with the right password, a wrong one and none, one probe at a time;
after each, the test waits for the server to log the end of that connection
(an event, not a guessed time) and reads what it logged:

  * Dovecot must say "Disconnected: Logged out" or "Disconnected: Aborted
    login by logging out" (the client sent LOGOUT or QUIT), never
    "Connection closed", a reset, an unexpected EOF or a TLS error such as
    "TLS: Connection closed" (no close_notify);
  * Postfix must count a QUIT ("quit=1") and log no "lost connection after
    …", no "improper command pipelining" and no TLS error.

After a certificate that failed verification Brevduva says nothing inside
TLS but its close_notify (docs/decisions.md): there the logs must show a
clean end of TLS (no reset, no TLS error); "lost connection after CONNECT"
and "Connection closed (no auth attempts…)" are what that decision costs.

The security setting swapped on the same real ports (issue 13 §3, §7), both
ways: STARTTLS settings on an implicit-TLS port (imap:// on IMAPS, pop3://
on POP3S, smtp:// on SMTPS) are named tls-on-plaintext-port, and TLS
settings on a plain port (imaps:// on IMAP, pop3s:// on POP3, smtps:// on
submission) plaintext-on-tls-port, in --json and in the human output (the
reason and what to do); no password goes anywhere in either.

Needs root (Postfix's master); reports itself skipped (TAP) without it, or
without Dovecot and Postfix.

    test-goodbye.py [--cli BREVDUVA-CLI] [--only TEXT]
"""

import os
import re
import sys
import time

from brevduva_test import TESTED_CLI, USER, Registry, run_cli, run_with_real_servers

PASSWORD = "Riktigt-lösen-7"
LOG_WAIT = 15          # seconds until a server that never logs the end fails the case
PROBE_TIMEOUT = 60     # seconds until brevduva-cli counts as hung

# (ports.json name, URL scheme, the server that logs it)
SERVICES = [
    ("imap", "imap", "dovecot"),
    ("imaps", "imaps", "dovecot"),
    ("pop3", "pop3", "dovecot"),
    ("pop3s", "pop3s", "dovecot"),
    ("submission", "smtp", "postfix"),
    ("smtps", "smtps", "postfix"),
]

# (name, password on standard input or None, the error code or None, login state)
OUTCOMES = [
    ("right password", PASSWORD, None, "ok"),
    ("wrong password", "Fel-" + PASSWORD, "login-failed", "failed"),
    ("no password", None, None, "skipped"),
]

# What marks the end of one connection in each log.
END_OF_CONNECTION = {
    "dovecot": re.compile(r": Disconnected"),
    "postfix": re.compile(r"\]: disconnect from "),
}

# What a server logs when the client left without its goodbye or broke TLS off.
TLS_ERRORS = [
    "reset by peer", "unexpected eof", "non-properly terminated", "TLS: ", "SSL_accept error",
    "SSL_read", "SSL_write", "SSL_shutdown", "TLS library problem", "Broken pipe",
]
RUDE = {
    "dovecot": TLS_ERRORS + ["Disconnected: Connection closed"],
    "postfix": TLS_ERRORS + ["lost connection after", "improper command pipelining"],
}
POLITE = {
    "dovecot": re.compile(r"Disconnected: (Logged out|Aborted login by logging out)"),
    "postfix": re.compile(r"disconnect from .* quit=1 "),
}
# The one warning a wrong password is meant to cause.
EXPECTED_WARNING = re.compile(r"warning: .*SASL \S+ authentication failed")

servers = None
cli = None
case = Registry()


def log_lines(name):
    return servers.log(name + ".log").splitlines()


def wait_for_end(log, before, c):
    """The lines `log` got after its first `before` lines, once it has logged
    the end of one more connection."""
    deadline = time.monotonic() + LOG_WAIT
    while True:
        lines = log_lines(log)[before:]
        if any(END_OF_CONNECTION[log].search(line) for line in lines):
            return lines
        if time.monotonic() > deadline:
            c.check(False, "%s logged no end of the connection within %d s; it logged: %s"
                    % (log, LOG_WAIT, lines))
            return lines
        time.sleep(0.05)


def probe(c, service, scheme, password, extra=()):
    """Runs brevduva-cli test on one port; returns its one JSON result."""
    url = "%s://localhost:%d" % (scheme, servers.ports[service])
    argv = [cli, "test", url, "--timeout=5", "--json"] + list(extra)
    if password is not None:
        argv += ["--user=" + USER, "--password-stdin"]
    run = run_cli(argv, input=password + "\n" if password is not None else None,
                  timeout=PROBE_TIMEOUT)
    c.runs.append(run)
    if not c.check(run.json is not None, "no JSON on stdout (%s)" % run.json_error):
        return {}
    return run.json["results"][0]


def check_result(c, result, code, login):
    error = result.get("error") or {}
    c.eq(error.get("code"), code, "error code")
    c.eq(result.get("login"), login, "login")


def check_log(c, log, lines, rude, polite=None):
    for line in lines:
        for word in rude:
            c.check(word not in line, "%s logged “%s”: %s" % (log, word, line))
        if "warning:" in line:
            c.check(EXPECTED_WARNING.search(line), "%s warned: %s" % (log, line))
    if polite is not None:
        c.check(any(polite.search(line) for line in lines),
                "%s logged no goodbye (%s) in: %s" % (log, polite.pattern, lines))


def add_goodbye_case(service, scheme, log, outcome, password, code, login):
    @case("%s, %s: %s logs a goodbye and a clean end of TLS" % (scheme, outcome, log))
    def _(c):
        before = len(log_lines(log))
        result = probe(c, service, scheme, password, ["--ca-file", ca_file()])
        check_result(c, result, code, login)
        check_log(c, log, wait_for_end(log, before, c), RUDE[log], POLITE[log])


def add_untrusted_case(service, scheme, log):
    @case("%s, certificate not trusted: %s sees TLS end cleanly" % (scheme, log))
    def _(c):
        before = len(log_lines(log))
        result = probe(c, service, scheme, PASSWORD)
        error = result.get("error") or {}
        c.check((error.get("code") or "").startswith("certificate-"),
                "error code: expected certificate-…, got %r" % error.get("code"))
        check_log(c, log, wait_for_end(log, before, c), TLS_ERRORS)


def ca_file():
    return os.path.join(servers.dir, "certs", "ca.crt")


# (ports.json name, the wrong URL scheme for it, the error code that names it)
SWAPPED = [
    ("imaps", "imap", "tls-on-plaintext-port"),
    ("pop3s", "pop3", "tls-on-plaintext-port"),
    ("smtps", "smtp", "tls-on-plaintext-port"),
    ("imap", "imaps", "plaintext-on-tls-port"),
    ("pop3", "pop3s", "plaintext-on-tls-port"),
    ("submission", "smtps", "plaintext-on-tls-port"),
]


def add_swapped_case(service, scheme, code):
    @case("%s:// on the %s port: the wrong security setting is named (%s)"
          % (scheme, service, code))
    def _(c):
        result = probe(c, service, scheme, PASSWORD, ["--ca-file", ca_file()])
        check_result(c, result, code, "skipped")
        message = (result.get("error") or {}).get("message") or ""
        url = "%s://localhost:%d" % (scheme, servers.ports[service])
        human = run_cli([cli, "test", url, "--timeout=5", "--ca-file", ca_file(),
                         "--user=" + USER, "--password-stdin"], input=PASSWORD + "\n",
                        timeout=PROBE_TIMEOUT)
        c.runs.append(human)
        c.check(human.rc not in (0, "killed (hung)"), "exit %s" % human.rc)
        c.check(message and message in human.stdout,
                "the human output does not give the reason %r: %s" % (message, human.stdout))
        c.check("What to do:" in human.stdout, "no advice in: %s" % human.stdout)
        c.check(PASSWORD not in human.stdout + human.stderr, "the password is in the output")


for _service, _scheme, _code in SWAPPED:
    add_swapped_case(_service, _scheme, _code)
for _service, _scheme, _log in SERVICES:
    for _outcome, _password, _code, _login in OUTCOMES:
        add_goodbye_case(_service, _scheme, _log, _outcome, _password, _code, _login)
for _service, _scheme, _log in SERVICES:
    add_untrusted_case(_service, _scheme, _log)


def main():
    def ready(args, started):
        global servers, cli
        servers, cli = started, args.cli

    return run_with_real_servers(__doc__, case, TESTED_CLI, "bd-goodbye-", password=PASSWORD,
                                 ready=ready)


if __name__ == "__main__":
    sys.exit(main())
