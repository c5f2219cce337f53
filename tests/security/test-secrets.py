#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Security rule 5 of DESIGN.md: a password is never in a log, a report, JSON,
argv, the environment or a file the program writes, and its buffers are
wiped after use. TAP output.

    test-secrets.py probe --cli CLI --scan-lib LIB
        `brevduva-cli test` (text and --json) against scripted IMAP, POP3 and
        SMTP servers on loopback (tests/servers/mailserver.py), logging in
        with every way the password leaves the program: IMAP LOGIN, SASL
        PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256, POP3 USER/PASS.
    test-secrets.py check --cli CLI --scan-lib LIB
        `brevduva-cli check` (text and --json) inside tests/integration/world,
        whose DNS and https autoconfig lead to real Dovecot and Postfix
        (tests/servers/real-servers) on the world's loopback. Needs root.
    test-secrets.py store --cli CLI --scan-lib LIB
        `brevduva-cli store --offline --no-verify` inside
        tests/integration/keyring-session: the password reaches the keyring and
        nothing else; the whole session directory (the keyring's own files
        too) is searched for it.

Each run of the CLI has G_MESSAGES_DEBUG=all, HOME, the XDG directories and
TMPDIR in a fresh directory, and LD_PRELOAD=LIB (bd-secret-scan.c), which
searches the process's writable memory for the password as it ends: memory
freed without being wiped still holds it. In a sanitizer build
(BD_SANITIZE is not "none") that search is skipped: the sanitizer's
allocator keeps freed memory on purpose, and would fail the search for it.

TAP output, the scripted and real servers and the certificates come from
brevduva_test (tests/lib), on PYTHONPATH.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import brevduva_test

# Not ASCII, no hex digit run, no word a log prints; no ":" (real-servers refuses it).
PASSWORD = "Pässwörd, not for logs; Ω-7 kx"
USER = "alice@brevduva.test"
CONTROL = "bd-secret-scan-control-zq"


def needles(password, user):
    """Every form in which the password leaves the program."""
    p = password.encode()
    u = user.encode()
    forms = {
        "password": p,
        # SASL PLAIN (RFC 4616) and its base64; AUTH LOGIN sends base64(password).
        "plain": b"\0" + u + b"\0" + p,
        "plain-b64": base64.b64encode(b"\0" + u + b"\0" + p),
        "login-b64": base64.b64encode(p),
        # IMAP LOGIN quotes it (RFC 3501 §4.3); POP3 sends "PASS password".
        "imap-quoted": b'"' + p.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"',
        "pop3-pass": b"PASS " + p,
    }
    return forms


def hex_needles(forms):
    return ",".join("%s=%s" % (name, value.hex()) for name, value in forms.items())


def find_any(data, forms):
    return [name for name, value in forms.items() if value in data]


class Run:
    """One brevduva-cli run, watched from outside while it runs."""

    def __init__(self, argv, stdin_text, env, scan_report):
        self.argv = argv
        self.cmdlines = []
        self.environ = b""
        self.scan_report = scan_report
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        exe = os.path.realpath(argv[0])
        # Until the child has become the CLI, /proc shows this script's fork.
        # The CLI then waits for its password on stdin, so it is alive here.
        # Right after exec the kernel shows the new program before its
        # arguments: wait for both.
        while proc.poll() is None:
            try:
                cmdline = self.read_proc(proc.pid, "cmdline")
                if os.path.realpath("/proc/%d/exe" % proc.pid) == exe and cmdline:
                    break
            except OSError:
                pass
            time.sleep(0.005)
        self.cmdlines.append(self.read_proc(proc.pid, "cmdline"))
        self.environ = self.read_proc(proc.pid, "environ")
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
        # argv again while it works (a program could rewrite it).
        while proc.poll() is None:
            self.cmdlines.append(self.read_proc(proc.pid, "cmdline"))
            time.sleep(0.05)
        self.stdout = proc.stdout.read()
        self.stderr = proc.stderr.read()
        self.status = proc.wait()

    @staticmethod
    def read_proc(pid, name):
        try:
            with open("/proc/%d/%s" % (pid, name), "rb") as f:
                return f.read()
        except OSError:
            return b""


def fresh_env(base, top, scan_lib, forms, scan):
    """HOME, XDG and TMPDIR under @top; the debug log on; the memory scan.

    Without MALLOC_PERTURB_ (which meson sets) and MALLOC_CHECK_: glibc would
    fill freed memory, and so wipe what the program forgot to."""
    env = {k: v for k, v in base.items()
           if not k.startswith(("XDG_", "BD_SECRET_SCAN"))
           and k not in ("HOME", "TMPDIR", "MALLOC_PERTURB_", "MALLOC_CHECK_")}
    for name in ("home", "data", "config", "cache", "state", "tmp"):
        os.makedirs(os.path.join(top, name), exist_ok=True)
    env.update(HOME=os.path.join(top, "home"), XDG_DATA_HOME=os.path.join(top, "data"),
               XDG_CONFIG_HOME=os.path.join(top, "config"),
               XDG_CACHE_HOME=os.path.join(top, "cache"),
               XDG_STATE_HOME=os.path.join(top, "state"), TMPDIR=os.path.join(top, "tmp"),
               G_MESSAGES_DEBUG="all")
    report = None
    if scan:
        report = os.path.join(top, "..", os.path.basename(top) + ".scan")
        env.update(LD_PRELOAD=scan_lib, BD_SECRET_SCAN_NEEDLES=hex_needles(forms) + ",control="
                   + CONTROL.encode().hex(), BD_SECRET_SCAN_CONTROL=CONTROL.encode().hex(),
                   BD_SECRET_SCAN_REPORT=report)
    return env, report


def files_with(top, forms):
    """(path, forms) of every file under @top that holds a form; and how many files."""
    found = []
    count = 0
    for dirpath, _, filenames in os.walk(top):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            count += 1
            with open(path, "rb") as f:
                hits = find_any(f.read(), forms)
            if hits:
                found.append((os.path.relpath(path, top), hits))
    return found, count


def json_results(tap, what, run):
    """The results of a --json run; a TAP line says whether stdout is JSON."""
    try:
        results = json.loads(run.stdout)["results"]
        ok = isinstance(results, list)
    except (ValueError, KeyError, TypeError):
        results, ok = [], False
    # GLib prints debug messages on stdout unless told otherwise
    # (g_log_writer_default_set_use_stderr).
    tap.ok(ok, "%s: stdout is one JSON object, even with G_MESSAGES_DEBUG=all" % what,
           repr(run.stdout[:400]))
    return results if ok else None


def check_run(tap, what, run, forms, written_top):
    """Everything rule 5 asks of one run."""
    tap.ok(len(run.cmdlines) >= 1 and run.cmdlines[0] != b"" and
           all(not find_any(c, forms) for c in run.cmdlines),
           "%s: argv (/proc/PID/cmdline, %d samples) holds no password" % (what, len(run.cmdlines)),
           repr(run.cmdlines[:2]))
    tap.ok(run.environ != b"" and not find_any(run.environ, forms),
           "%s: the environment (/proc/PID/environ) holds no password" % what)
    tap.ok(not find_any(run.stdout, forms),
           "%s: the report on stdout holds no password" % what, run.stdout[-2000:])
    tap.ok(not find_any(run.stderr, forms),
           "%s: stderr, with G_MESSAGES_DEBUG=all, holds no password" % what, run.stderr[-2000:])
    found, count = files_with(written_top, forms)
    tap.ok(not found, "%s: no file the program wrote (%d under HOME, XDG, TMPDIR) holds the "
           "password" % (what, count), repr(found))
    check_scan(tap, what, run)


def check_scan(tap, what, run):
    name = "%s: the password is wiped from memory before the program ends" % what
    if run.scan_report is None:
        tap.skip(name, "sanitizer build (its allocator keeps freed memory)")
        return
    try:
        report = open(run.scan_report, encoding="utf-8").read().splitlines()
    except OSError as e:
        tap.ok(False, name, "no scan report: %s" % e)
        return
    scanned = [line for line in report if line.startswith("scanned ")]
    control = [line for line in report if line.startswith("found control ")]
    secrets = [line for line in report
               if line.startswith("found ") and not line.startswith("found control ")]
    # The control proves that the scan ran and sees the heap.
    tap.ok(bool(scanned) and int(scanned[0].split()[1]) > 0 and bool(control),
           "%s: the memory scan ran and found its control on the heap" % what, "\n".join(report))
    tap.ok(not secrets, name, "\n".join(secrets + scanned))


# ---------------------------------------------------------------------------
# probe: brevduva-cli test against scripted servers
# ---------------------------------------------------------------------------

# scheme, mailserver protocol, --tls, behaviours: each way a password is sent.
PROBE_SERVERS = [
    ("imaps", "imap", "implicit", []),                           # SASL PLAIN (SASL-IR)
    ("imap", "imap", "starttls", ["only-login"]),                # IMAP LOGIN
    ("imaps", "imap", "implicit", ["only-scram-sha-256"]),      # SCRAM-SHA-256
    ("pop3s", "pop3", "implicit", ["only-login"]),               # USER / PASS
    ("pop3", "pop3", "starttls", ["only-cram-md5"]),             # CRAM-MD5
    ("smtps", "smtp", "implicit", ["only-login"]),               # AUTH LOGIN
    ("smtp", "smtp", "starttls", []),                            # AUTH PLAIN
]


def probe(args, tap):
    top = tempfile.mkdtemp(prefix="bd-secrets.")
    servers = []
    try:
        certs = os.path.join(top, "certs")
        brevduva_test.make_certs(certs)
        password_file = os.path.join(top, "server-password")
        with open(password_file, "w", encoding="utf-8") as f:
            f.write(PASSWORD + "\n")
        urls = []
        for i, (scheme, protocol, tls, behaviours) in enumerate(PROBE_SERVERS):
            server = brevduva_test.MailServer(
                protocol, tls, certs, user=USER, password_file=password_file,
                behaviours=behaviours, record=os.path.join(top, "record-%d.jsonl" % i),
                extra=("--idle-timeout", "30"))
            servers.append(server)
            urls.append("%s://localhost:%d" % (scheme, server.port))
        forms = needles(PASSWORD, USER)
        scan = args.sanitize in ("", "none")

        if scan:
            # The negative control: perl reads the password into a variable
            # and frees it unwiped; the scan must find it there.
            control_top = os.path.join(top, "control")
            env, report = fresh_env(os.environ, control_top, args.scan_lib, forms, scan)
            Run(["/usr/bin/perl", "-e", "$x = <STDIN>; undef $x; sleep 0;"],
                PASSWORD + "\n", env, report)
            lines = open(report, encoding="utf-8").read().splitlines() \
                if os.path.exists(report) else []
            tap.ok(any(line.startswith("found password ") for line in lines),
                   "the memory scan finds a password that a program freed without wiping it",
                   "\n".join(lines))
        else:
            tap.skip("the memory scan finds a password that a program freed without wiping it",
                     "sanitizer build")

        for what, extra in (("test", []), ("test --json", ["--json"])):
            run_top = os.path.join(top, "run-" + str(len(extra)))
            env, report = fresh_env(os.environ, run_top, args.scan_lib, forms, scan)
            argv = [args.cli, "test"] + urls + ["--user", USER, "--password-stdin",
                                               "--ca-file", os.path.join(certs, "ca.crt")] + extra
            run = Run(argv, PASSWORD + "\n", env, report)
            # The password was used: every login succeeded, so a test that
            # found nothing cannot be one that never had a password.
            logged_in = run.status == 0
            if extra:
                results = json_results(tap, what, run)
                if results is not None:
                    logged_in = logged_in and len(results) == len(urls) and \
                        all(r.get("login") == "ok" for r in results)
            tap.ok(logged_in, "%s: all %d servers accepted the login (exit %d)"
                   % (what, len(urls), run.status), (run.stderr[-2500:] + b"\n--- stdout:\n" + run.stdout[:500]))
            check_run(tap, what, run, forms, run_top)

        # The servers saw the password only inside TLS: the forms searched for
        # are the forms that were sent.
        for server, (scheme, _, _, behaviours) in zip(servers, PROBE_SERVERS):
            plain, tls = server.received("plain"), server.received("tls")
            label = "%s%s" % (scheme, " " + " ".join(behaviours) if behaviours else "")
            tap.ok(not find_any(plain, forms),
                   "%s: nothing before TLS holds the password" % label, repr(plain[-500:]))
            if "only-scram-sha-256" in behaviours or "only-cram-md5" in behaviours:
                # Challenge-response: the password itself never goes out.
                tap.ok(not find_any(tls, forms) and len(tls) > 0,
                       "%s: the password itself never went out, not even inside TLS" % label)
            else:
                tap.ok(find_any(tls, forms),
                       "%s: the password went out inside TLS (so the search is for the right "
                       "bytes)" % label, repr(tls[-500:]))
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(top, ignore_errors=True)


# ---------------------------------------------------------------------------
# store: brevduva-cli store in a private keyring session
# ---------------------------------------------------------------------------

def store(args, tap):
    session = os.environ.get("BD_KEYRING_SESSION_DIR")
    if not session:
        tap.skip("store", "not inside tests/integration/keyring-session")
        return
    user = "alice@gmail.com"
    forms = needles(PASSWORD, user)
    scan = args.sanitize in ("", "none")
    top = tempfile.mkdtemp(prefix="run.", dir=session)
    env, report = fresh_env(os.environ, top, args.scan_lib, forms, scan)
    # The keyring is on the session's bus; its HOME is the session's.
    argv = [args.cli, "store", user, "--offline", "--no-verify", "--password-stdin"]
    run = Run(argv, PASSWORD + "\n", env, report)
    tap.ok(run.status == 0, "store: exit 0", (run.stderr[-2500:] + b"\n--- stdout:\n" + run.stdout[:500]))
    lookup = subprocess.run(["secret-tool", "lookup", "protocol", "imap", "server",
                             "imap.gmail.com", "user", user], capture_output=True)
    tap.ok(lookup.stdout == PASSWORD.encode(),
           "store: the password is in the keyring (so it was read and used)")
    check_run(tap, "store", run, forms, top)
    # The keyring's own files are encrypted: the password is nowhere in the
    # session's directory in the clear, the keyring daemon's files included.
    found, count = files_with(session, forms)
    tap.ok(not found and count > 0,
           "store: no file of the whole session (%d, the keyring's too) holds the password "
           "in the clear" % count, repr(found))


# ---------------------------------------------------------------------------
# check: brevduva-cli check in the detection world, against Dovecot and Postfix
# ---------------------------------------------------------------------------

CHECK_ADDRESS = "alice@real.test"
CHECK_NAMES = ("imap.real.test", "pop3.real.test", "smtp.real.test")
CHECK_LISTEN = "127.0.0.30"


def check(args, tap):
    ca = os.environ.get("BD_TEST_CA")
    ca_key = os.environ.get("BD_TEST_CA_KEY")
    if not ca or not ca_key:
        tap.skip("check", "not inside tests/integration/world")
        return
    top = tempfile.mkdtemp(prefix="bd-secrets-check.")
    servers = brevduva_test.RealServers(os.path.join(top, "servers"))
    forms = needles(PASSWORD, CHECK_ADDRESS)
    scan = args.sanitize in ("", "none")
    try:
        # Postfix and Dovecot drop to their own users, who must reach DIR.
        os.chmod(top, 0o711)
        os.makedirs(servers.dir)
        crt, key, _ = brevduva_test.issue_certificate(top, "server", CHECK_NAMES, ca, ca_key)
        why = servers.start(PASSWORD, users=(CHECK_ADDRESS,), standard_ports=True,
                            listen=("%s=%s,%s" % (CHECK_LISTEN, crt, key),))
        if why:
            tap.skip("check", why)
            return

        for what, extra in (("check", []), ("check --json", ["--json"])):
            run_top = os.path.join(top, "run-" + str(len(extra)))
            env, report = fresh_env(os.environ, run_top, args.scan_lib, forms, scan)
            argv = [args.cli, "check", CHECK_ADDRESS, "--password-stdin", "--ca-file", ca] + extra
            run = Run(argv, PASSWORD + "\n", env, report)
            logged_in = run.status == 0
            if extra:
                results = json_results(tap, what, run)
                if results is not None:
                    logged_in = logged_in and any(r.get("login") == "ok" for r in results)
            tap.ok(logged_in, "%s: Dovecot and Postfix accepted the login (exit %d)"
                   % (what, run.status), (run.stderr[-2500:] + b"\n--- stdout:\n" + run.stdout[:500]))
            check_run(tap, what, run, forms, run_top)
    finally:
        servers.stop()
        shutil.rmtree(top, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["probe", "store", "check"])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--scan-lib", required=True)
    parser.add_argument("--sanitize", default=os.environ.get("BD_SANITIZE", "none"))
    args = parser.parse_args()
    tap = brevduva_test.Tap()
    try:
        {"probe": probe, "store": store, "check": check}[args.mode](args, tap)
    except Exception as e:  # noqa: a broken setup is a failure, not a crash
        import traceback
        tap.ok(False, "setup", "%s\n%s" % (e, traceback.format_exc()))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
