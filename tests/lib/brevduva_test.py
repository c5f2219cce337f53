# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Brevduva's Python tests share, as bd-test-lib is for the C ones.

The tests import it through PYTHONPATH, which meson's test environment sets
(tests/meson.build); by hand:

    PYTHONPATH=tests/lib python3 tests/servers/mailserver-selftest.py

* TAP output: `Tap` prints each result as it comes (TAP version 12, the plan
  first when the number is known, else last);
* the case registry: `Registry` collects `@case("name")` functions that check
  one `Case` each, and runs them with `--only` (`argument_parser`);
* the CLI runner: `run_cli` runs brevduva-cli (or anything) to its end, with
  a hang guard, and parses its --json output;
* the test servers of tests/servers: `make_certs`, `issue_certificate` (from
  another CA, such as the detection world's), `MailServer` (mailserver.py)
  and `RealServers` (real-servers: Dovecot and Postfix), with
  `run_with_real_servers`, the main() of a test against them;
* SASL clients for the server self-tests: `ScramClient`, `cram_md5`;
* `Netns`: a network namespace with only loopback and its own resolver
  (none, NXDOMAIN for every name, silent, working, or a captive portal),
  for the tests of a computer that cannot look names up (issue 13).
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import pwd
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVERS = os.path.join(SOURCE_ROOT, "tests", "servers")

# The account of the scripted and real servers unless a test names another.
USER = "alice@brevduva.test"

# real-servers and the world exit so when they cannot run here.
EXIT_SKIP = 77


# ---------------------------------------------------------------------------
# TAP
# ---------------------------------------------------------------------------

class Tap:
    """TAP version 12 on stdout, one line per result as it comes.

    `only` (--only): check(), check_parallel() and Registry.run() leave out
    what does not contain it in its name."""

    def __init__(self, only=None):
        self.only = only
        self.count = 0
        self.failed = 0
        self.planned = False

    def wanted(self, name):
        return not self.only or self.only in name

    def plan(self, count):
        print("1..%d" % count, flush=True)
        self.planned = True

    def skip_all(self, why):
        """Nothing can run here: "1..0 # SKIP why". Returns the exit status."""
        print("1..0 # SKIP %s" % why, flush=True)
        self.planned = True
        return 0

    def bail_out(self, why):
        """The test cannot go on: "Bail out! why". Returns the exit status."""
        print("Bail out! %s" % why, flush=True)
        return 1

    def comment(self, text):
        for line in str(text).splitlines() or [""]:
            print("# " + line)
        sys.stdout.flush()

    def ok(self, cond, name, detail=None, todo=None):
        """One result; `detail` is printed as comments when it failed. With
        `todo` (a known bug) a failure is reported as such and not counted."""
        self.count += 1
        directive = " # TODO %s" % todo if todo and not cond else ""
        print("%s %d - %s%s" % ("ok" if cond else "not ok", self.count, name, directive))
        if detail is not None and not cond:
            self.comment(detail)
        if not cond and not todo:
            self.failed += 1
        sys.stdout.flush()
        return bool(cond)

    def skip(self, name, why):
        self.count += 1
        print("ok %d - %s # SKIP %s" % (self.count, name, why), flush=True)

    def _result_of(self, func, args):
        try:
            return True, func(*args)
        except Exception as e:  # noqa: any failure is a test failure
            return False, "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc())

    def _report(self, name, passed, detail):
        self.ok(passed, name, detail)
        if passed and detail:
            self.comment(detail)

    def check(self, name, func, *args):
        """Runs `func(*args)`, which raises when the check fails; what it
        returns is printed as a comment."""
        if self.wanted(name):
            self._report(name, *self._result_of(func, args))

    def check_parallel(self, checks, workers=4):
        """Runs independent (name, func) checks in threads; results keep their order."""
        from concurrent.futures import ThreadPoolExecutor
        checks = [(name, func) for name, func in checks if self.wanted(name)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self._result_of, func, ()) for _, func in checks]
            results = [f.result() for f in futures]
        for (name, _), (passed, detail) in zip(checks, results):
            self._report(name, passed, detail)

    def finish(self):
        """The plan, unless it came first; returns the exit status."""
        if not self.planned:
            print("1..%d" % self.count)
        sys.stdout.flush()
        return 1 if self.failed else 0


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

class Case:
    """The checks of one case: each failed check is noted, and the case goes
    on, so that one TAP line lists every failure. Subclasses add the runs of
    the program under test, which they keep in `runs` (each with a
    summary() for the report of a failed case)."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.runs = []
        self.todo = None   # a known bug: "not ok ... # TODO why" when it fails

    def check(self, cond, message):
        if not cond:
            self.failures.append(message)
        return bool(cond)

    def eq(self, got, want, what):
        return self.check(got == want, "%s: expected %r, got %r" % (what, want, got))

    def report(self):
        lines = ["  %s" % f for f in self.failures]
        for run in self.runs:
            lines += ["    %s" % line for line in run.summary()]
        return "\n".join(lines)


class Registry:
    """The cases of one test program, in the order they are declared:

        case = Registry()

        @case("what it proves")
        def _(c):
            c.check(...)
    """

    def __init__(self):
        self.cases = []

    def __call__(self, name):
        def register(fn):
            self.cases.append((name, fn))
            return fn
        return register

    def run(self, tap, new_case=Case):
        """Runs every case that `tap` wants, one TAP line each; returns the
        number that failed."""
        cases = [(name, fn) for name, fn in self.cases if tap.wanted(name)]
        tap.plan(len(cases))
        failed = 0
        start = time.monotonic()
        for name, fn in cases:
            c = new_case(name)
            t0 = time.monotonic()
            try:
                fn(c)
            except Exception as e:  # a bug in the test itself must not hide the rest
                c.failures.append("exception: %r" % e)
                c.failures += traceback.format_exc().rstrip().splitlines()
            if c.failures and c.todo and len(c.failures) == 1:
                tap.ok(False, name, "  " + c.failures[0], todo=c.todo)
            else:
                failed += not tap.ok(not c.failures, name, c.report())
            tap.comment("  took %.2f s" % (time.monotonic() - t0))
        tap.comment("%d of %d failed, %.1f s" % (failed, len(cases), time.monotonic() - start))
        return failed


def argument_parser(doc):
    """An argument parser with --only, from a test's docstring."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--only", metavar="TEXT",
                        help="run only the cases whose name contains TEXT")
    return parser


# ---------------------------------------------------------------------------
# Running brevduva-cli
# ---------------------------------------------------------------------------

HUNG = "killed (hung)"


class CliRun:
    """One run of a program: `rc` (or HUNG), `stdout`, `stderr` (text),
    `elapsed` (seconds), and `json` when stdout is one JSON document."""

    def __init__(self, argv, rc, stdout, stderr, elapsed):
        self.argv, self.rc, self.stdout, self.stderr = argv, rc, stdout, stderr
        self.elapsed = elapsed
        self.json = None
        self.json_error = None
        if stdout.strip():
            try:
                self.json = json.loads(stdout)
            except ValueError as e:
                self.json_error = str(e)

    def summary(self):
        """Lines for the report of a failed case."""
        lines = ["argv: %s" % " ".join(self.argv),
                 "exit %s after %.2f s" % (self.rc, self.elapsed)]
        err = self.stderr.strip().splitlines()
        # A sanitizer's report is only of use whole (its stack frames).
        keep = 200 if any("Sanitizer" in line for line in err) else 5
        lines += ["stderr: " + line for line in err[:keep]]
        return lines


def run_cli(argv, input=None, timeout=None, wrap=(), result=CliRun):
    """Runs `argv` (after the `wrap` command, such as unshare) with `input`
    (text) on its standard input, or none; a run that takes longer than
    `timeout` seconds is killed and has the status HUNG."""
    full = list(wrap) + list(argv)
    start = time.monotonic()
    try:
        p = subprocess.run(full, input=input.encode() if input is not None else None,
                           stdin=subprocess.DEVNULL if input is None else None,
                           capture_output=True, timeout=timeout)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = HUNG, e.stdout or b"", e.stderr or b""
    return result(full, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  time.monotonic() - start)


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------

def make_certs(outdir):
    """The certificate sets of tests/servers/make-certs (its README lists
    them) in `outdir`."""
    subprocess.run([os.path.join(SERVERS, "make-certs"), outdir], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def _certtool(argv):
    r = subprocess.run(["certtool"] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError("certtool failed (%d): %s" % (r.returncode, r.stdout.strip()))


def issue_certificate(directory, name, names, ca, ca_key, activation=None, expiration=None):
    """A server certificate for the DNS `names` from the CA `ca` (with its
    key `ca_key`), such as the detection world's (BD_TEST_CA, BD_TEST_CA_KEY),
    valid from `activation` to `expiration` ("YYYY-MM-DD HH:MM:SS", UTC;
    by default from yesterday for a month).

    Returns (crt, key, sha256): the files, and the certificate's SHA-256."""
    fmt = "%Y-%m-%d %H:%M:%S"
    activation = activation or time.strftime(fmt, time.gmtime(time.time() - 86400))
    expiration = expiration or time.strftime(fmt, time.gmtime(time.time() + 30 * 86400))
    os.makedirs(directory, exist_ok=True)
    key, crt, template = (os.path.join(directory, name + ext) for ext in (".key", ".crt", ".tmpl"))
    with open(template, "w") as f:
        f.write('organization = "Brevduva test"\ncn = "%s"\n'
                'activation_date = "%s"\nexpiration_date = "%s"\n'
                'tls_www_server\nsigning_key\nencryption_key\n'
                % (names[0], activation, expiration))
        for n in names:
            f.write('dns_name = "%s"\n' % n)
    _certtool(["--generate-privkey", "--no-text", "--key-type", "ecdsa", "--curve", "secp256r1",
               "--outfile", key])
    _certtool(["--generate-certificate", "--no-text", "--hash", "SHA256", "--load-privkey", key,
               "--load-ca-certificate", ca, "--load-ca-privkey", ca_key, "--template", template,
               "--outfile", crt])
    with open(crt) as f:
        pem = f.read()
    der = base64.b64decode("".join(pem.split("-----")[2].split()))
    return crt, key, hashlib.sha256(der).hexdigest()


# ---------------------------------------------------------------------------
# The scripted servers: mailserver.py
# ---------------------------------------------------------------------------

class MailServer:
    """tests/servers/mailserver.py on a loopback port, until stop().

    `certs` is a directory of make-certs; `cert` names the set served.
    Every byte a client sends is recorded in `record`; received() reads it.
    The port is the one the server announces on stdout ("PORT n") once it
    listens."""

    def __init__(self, protocol, tls, certs, cert="good", user=USER, password=None,
                 password_file=None, behaviours=(), record=None, port_file=None, extra=(),
                 timeout=10):
        self.record = record
        argv = [sys.executable, os.path.join(SERVERS, "mailserver.py"),
                "--protocol", protocol, "--tls", tls,
                "--cert", os.path.join(certs, cert + ".crt"),
                "--key", os.path.join(certs, cert + ".key"), "--user", user]
        if password_file is not None:
            argv += ["--password-file", password_file]
        elif password is not None:
            argv += ["--password", password]
        if record is not None:
            argv += ["--record", record]
        if port_file is not None:
            argv += ["--port-file", port_file]
        if behaviours:
            argv += ["--behaviour"] + list(behaviours)
        argv += list(extra)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline().decode() if ready else ""
        if not line.startswith("PORT "):
            self.kill()
            raise RuntimeError("mailserver.py did not announce its port (%r)" % line)
        self.port = int(line.split()[1])

    def records(self):
        try:
            with open(self.record) as f:
                return [json.loads(line) for line in f if line.strip()]
        except OSError:
            return []

    def received(self, phase):
        """Every byte clients sent in `phase`: "plain" (before TLS) or "tls"."""
        return b"".join(base64.b64decode(r["data"]) for r in self.records()
                        if r["phase"] == phase)

    def stop(self, grace=5):
        """SIGTERM, and waits. Returns the seconds the server took to end, or
        None when it had to be killed after `grace` seconds."""
        t0 = time.monotonic()
        took = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
            took = time.monotonic() - t0
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc.stdout.close()
        return took

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if not self.proc.stdout.closed:
            self.proc.stdout.close()


# ---------------------------------------------------------------------------
# The real servers: real-servers (Dovecot and Postfix)
# ---------------------------------------------------------------------------

class RealServers:
    """tests/servers/real-servers in `directory` (which it must be able to
    traverse as Dovecot's and Postfix's own users)."""

    def __init__(self, directory):
        self.dir = directory
        self.started = False
        self.ports = None

    def start(self, password, users=(), listen=(), standard_ports=False, timeout=120):
        """Starts them for `users` (default alice@brevduva.test) with
        `password`; `listen` holds "ADDR=CERT,KEY" entries. Returns None once
        they run, or why they cannot run here (not root, no Dovecot)."""
        with open(os.path.join(self.dir, "password"), "w", encoding="utf-8") as f:
            f.write(password + "\n")
        if users:
            with open(os.path.join(self.dir, "user"), "w", encoding="utf-8") as f:
                f.write("".join(u + "\n" for u in users))
        argv = [sys.executable, os.path.join(SERVERS, "real-servers"), "start", self.dir]
        if standard_ports:
            argv.append("--standard-ports")
        for entry in listen:
            argv += ["--listen", entry]
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=timeout)
        if r.returncode == EXIT_SKIP:
            return r.stderr.strip().replace("real-servers: ", "") or "real-servers cannot run here"
        if r.returncode != 0:
            raise RuntimeError("real-servers start failed (%d):\n%s" % (r.returncode, r.stderr))
        self.started = True
        with open(os.path.join(self.dir, "ports.json")) as f:
            self.ports = json.load(f)
        return None

    def stop(self):
        if self.started:
            subprocess.run([sys.executable, os.path.join(SERVERS, "real-servers"), "stop",
                            self.dir], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           timeout=60)
            self.started = False

    # Postfix's own services for taking a message in and delivering it; the
    # servers start with submission alone (a login is all most tests need).
    DELIVERY_SERVICES = (
        "cleanup unix n - n - 0 cleanup\n"
        "qmgr unix n - n 300 1 qmgr\n"
        "rewrite unix - - n - - trivial-rewrite\n"
        "bounce unix - - n - 0 bounce\n"
        "defer unix - - n - 0 bounce\n"
        "trace unix - - n - 0 bounce\n"
        "verify unix - - n - 1 verify\n"
        "flush unix n - n 1000? 0 flush\n"
        "proxymap unix - - n - - proxymap\n"
        "anvil unix - - n - 1 anvil\n"
        "virtual unix - n n - - virtual\n"
        "error unix - - n - - error\n"
        "retry unix - - n - - error\n")

    def enable_delivery(self, users, deadline=60):
        """Lets Postfix deliver mail for each of `users` into the Maildir
        Dovecot serves it from (dovecot/mail/LOCAL/Maildir), and returns once
        the new services listen."""
        conf = os.path.join(self.dir, "postfix")
        domains = sorted({u.split("@")[1] for u in users})
        maps = ", ".join("%s=%s/Maildir/" % (u, u.split("@")[0]) for u in users)
        nobody = pwd.getpwnam("nobody")
        subprocess.run(["postconf", "-c", conf, "-e",
                        "virtual_mailbox_domains = %s" % ", ".join(domains),
                        "virtual_mailbox_base = %s" % os.path.join(self.dir, "dovecot", "mail"),
                        "virtual_mailbox_maps = inline:{ %s }" % maps,
                        "virtual_uid_maps = static:%d" % nobody.pw_uid,
                        "virtual_gid_maps = static:%d" % nobody.pw_gid,
                        "virtual_minimum_uid = 1"], check=True, stdin=subprocess.DEVNULL)
        with open(os.path.join(conf, "master.cf"), "a", encoding="utf-8") as f:
            f.write(self.DELIVERY_SERVICES)
        subprocess.run(["postfix", "-c", conf, "reload"], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=deadline)
        spool = os.path.join(self.dir, "postfix-spool")
        sockets = [os.path.join(spool, s) for s in
                   ("private/rewrite", "public/cleanup", "private/virtual", "public/qmgr")]
        end = time.monotonic() + deadline
        while not all(os.path.exists(s) for s in sockets):
            if time.monotonic() > end:
                raise RuntimeError("Postfix did not start its delivery services")
            time.sleep(0.05)

    def log(self, name):
        """A log of the servers, such as "dovecot.log" or "postfix.log"."""
        try:
            with open(os.path.join(self.dir, name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""


# The program a test against the real servers runs, named by an option or in
# the environment: (option, variable, name, what the test does with it).
TESTED_CLI = ("--cli", "BD_CLI", "brevduva-cli", "to test")
EXPORT_DRIVER = ("--driver", "BD_EXPORT_DRIVER", "bd-export-driver", "to run")


def run_with_real_servers(doc, case, program, prefix, password=None, users=(), servers=None,
                          ready=None, teardown=None, tools=(), keyring=False, new_case=Case,
                          root_why="real-servers needs root"):
    """The main() of a test against the real servers: reads the options
    (--only, --keep and `program`, TESTED_CLI or EXPORT_DRIVER), checks that
    the test can run here, starts the servers in a new temporary directory
    (`prefix`), runs the cases of `case` (a Registry, each checked by a
    `new_case`) and, however that ends, calls `teardown()`, stops the
    servers and removes the directory (unless --keep or $BD_KEEP_TEST_DIR).
    Returns the exit status.

    It skips unless root (saying `root_why`), and bails out without the
    program, outside keyring-session (with `keyring`), or without one of
    `tools`, each a (command, why it is needed) pair; and when the servers
    or `ready` fail to start.

    The servers are RealServers started with `password` for `users` (default
    alice@brevduva.test), or what `servers(directory, args)` makes: anything
    with start() (None, or why they cannot run here) and stop().
    `ready(args, servers)` is called once they run, before the cases: the
    test keeps what it needs of them, or sets more up, which `teardown`
    ends."""
    option, variable, name, purpose = program
    parser = argument_parser(doc)
    parser.add_argument(option, default=os.environ.get(variable),
                        help="the %s %s (default: $%s)" % (name, purpose, variable))
    parser.add_argument("--keep", action="store_true",
                        default=bool(os.environ.get("BD_KEEP_TEST_DIR")),
                        help="keep the servers' temporary directory (default: $BD_KEEP_TEST_DIR)")
    args = parser.parse_args()
    tap = Tap(args.only)
    if os.geteuid() != 0:
        return tap.skip_all(root_why)
    if not getattr(args, option.lstrip("-")):
        return tap.bail_out("no %s: pass %s or set %s" % (name, option, variable))
    if keyring and not os.environ.get("BD_KEYRING_SESSION_DIR"):
        return tap.bail_out("run me inside tests/integration/keyring-session")
    for command, why in tools:
        if shutil.which(command) is None:
            return tap.bail_out(why)

    directory = tempfile.mkdtemp(prefix=prefix)
    os.chmod(directory, 0o755)   # Dovecot's and Postfix's users traverse it
    started = servers(directory, args) if servers else RealServers(directory)
    try:
        t0 = time.monotonic()
        try:
            why = started.start() if servers else started.start(password, users=users)
            if why is not None:
                return tap.skip_all(why)
            if ready is not None:
                ready(args, started)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            traceback.print_exc()
            return tap.bail_out(e)
        tap.comment("servers started in %.1f s" % (time.monotonic() - t0))
        case.run(tap, new_case)
        return tap.finish()
    finally:
        if teardown is not None:
            teardown()
        started.stop()
        if args.keep:
            tap.comment("kept %s" % directory)
        else:
            shutil.rmtree(directory, ignore_errors=True)


# ---------------------------------------------------------------------------
# SASL clients, for the server self-tests
# ---------------------------------------------------------------------------

class ScramClient:
    """Client side of SCRAM-SHA-1 / SCRAM-SHA-256 (RFC 5802, RFC 7677), no channel binding.

    step(data) takes the server's challenge (decoded) and returns the client's answer:
    first call -> client-first, second -> client-final, third (server-final) -> b"".
    """

    def __init__(self, mech, user, password):
        self.hashname = {"SCRAM-SHA-1": "sha1", "SCRAM-SHA-256": "sha256"}[mech]
        self.user = user if isinstance(user, bytes) else user.encode()
        self.password = password if isinstance(password, bytes) else password.encode()
        self.cnonce = base64.b64encode(os.urandom(18)).replace(b"=", b"")
        name = self.user.replace(b"=", b"=3D").replace(b",", b"=2C")
        self.bare = b"n=" + name + b",r=" + self.cnonce
        self.n = 0
        self.server_signature = None
        self.verified = False

    def first(self):
        return b"n,," + self.bare

    def step(self, data):
        self.n += 1
        if self.n == 1 and not data:
            return self.first()
        if self.server_signature is None:
            return self.final(data)
        self.verify(data)
        return b""

    def final(self, server_first):
        attrs = dict(a.split(b"=", 1) for a in server_first.split(b","))
        nonce = attrs[b"r"]
        if not nonce.startswith(self.cnonce):
            raise ValueError("server nonce does not extend the client nonce")
        salt = base64.b64decode(attrs[b"s"])
        iterations = int(attrs[b"i"])
        h = self.hashname
        salted = hashlib.pbkdf2_hmac(h, self.password, salt, iterations)
        client_key = hmac.new(salted, b"Client Key", h).digest()
        stored_key = hashlib.new(h, client_key).digest()
        without_proof = b"c=biws,r=" + nonce
        auth_message = self.bare + b"," + server_first + b"," + without_proof
        client_sig = hmac.new(stored_key, auth_message, h).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, client_sig))
        server_key = hmac.new(salted, b"Server Key", h).digest()
        self.server_signature = hmac.new(server_key, auth_message, h).digest()
        return without_proof + b",p=" + base64.b64encode(proof)

    def verify(self, server_final):
        if server_final != b"v=" + base64.b64encode(self.server_signature):
            raise ValueError("bad SCRAM server signature: %r" % server_final)
        self.verified = True


def cram_md5(user, password, challenge):
    user = user if isinstance(user, bytes) else user.encode()
    password = password if isinstance(password, bytes) else password.encode()
    return user + b" " + hmac.new(password, challenge, hashlib.md5).hexdigest().encode()


# ---------------------------------------------------------------------------
# Network namespaces with a broken (or working) resolver
# ---------------------------------------------------------------------------

NETNS_ETC = "/etc/netns"
NO_ROUTE_NAMESERVER = "192.0.2.53"   # RFC 5737: no route leads there
PORTAL_ADDRESS = "10.99.0.1"         # where every name leads in the portal

# The captive portal's web server: every request is sent to its login page.
_PORTAL_CODE = """
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith('/login'):
            body = b'<html><title>Sign in</title><body>Sign in to this network</body></html>'
            self.send_response(200)
            self.send_header('Content-Type', 'text/html')
        else:
            body = b''
            self.send_response(302)
            self.send_header('Location', 'http://portal.login.test/login?from=' + self.path)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer((sys.argv[1], 80), H)
print('ready', flush=True)
server.serve_forever()
"""


def free_port(host="127.0.0.1"):
    """A TCP port of `host` that was free a moment ago."""
    import socket
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Dante:
    """A real SOCKS5 server, Dante's danted, on 127.0.0.1 with a
    configuration of its own in `directory`: its clients come from loopback,
    it asks them for `method` ("none", or "username": a user name and
    password none of them has), it refuses every destination port in
    `blocked_ports`, and its connections leave from `external`. With
    `hosts`, it runs in a mount namespace of its own whose /etc/hosts is
    that file (names only the proxy can look up). Needs root and danted.
    Call stop() (or use `with`)."""

    START_TIMEOUT = 30

    def __init__(self, directory, name="danted", method="none", blocked_ports=(),
                 external="127.0.0.1", hosts=None):
        self.dir = directory
        self.name = name
        self.port = free_port()
        conf = os.path.join(directory, name + ".conf")
        with open(conf, "w") as f:
            f.write("logoutput: %s\n" % self.log_path())
            f.write("internal: 127.0.0.1 port = %d\n" % self.port)
            f.write("external: %s\n" % external)
            f.write("clientmethod: none\nsocksmethod: %s\n" % method)
            f.write("user.privileged: root\nuser.unprivileged: nobody\n")
            f.write("client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect error }\n")
            for port in blocked_ports:
                f.write("socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 port = %d "
                        "log: connect error }\n" % port)
            f.write("socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect disconnect "
                    "error }\n")
        script = "exec danted -f %s -p %s" % (conf, os.path.join(directory, name + ".pid"))
        if hosts is not None:
            script = "mount --bind %s /etc/hosts && %s" % (hosts, script)
        with open(os.path.join(directory, name + ".err"), "w") as err:
            # sh execs danted: this PID is danted's main process, whose
            # children end with it.
            self.proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private",
                                          "sh", "-c", script],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err)
        deadline = time.monotonic() + self.START_TIMEOUT
        while "running" not in self.log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("%s did not start: %s" % (name, self.log()))
            time.sleep(0.05)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    @staticmethod
    def missing_tool():
        for tool in ("danted", "unshare"):
            if shutil.which(tool) is None:
                return "%s is not installed" % tool
        return None

    def log_path(self):
        return os.path.join(self.dir, self.name + ".log")

    def log(self):
        try:
            with open(self.log_path(), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Netns:
    """A network namespace (`ip netns add`) with only loopback, and a
    private resolv.conf, nsswitch.conf and hosts in /etc/netns/NAME/, which
    `ip netns exec` binds over /etc's. @kind says what its resolver does:

      * "noroute": no default route, the name server 192.0.2.53 (no route);
      * "nxdomain": a default route over loopback (so GNetworkMonitor sees a
        network), and dnsmasq on 127.0.0.1 with no upstream that answers "no
        such name" for every name (--local=/#/);
      * "silent": the same route, and a UDP socket on 127.0.0.1:53 that reads
        every question and never answers;
      * "working": the nxdomain dnsmasq, but holding ref.test (127.0.0.9);
      * "portal": dnsmasq answers every name with 10.99.0.1 (on loopback),
        where an HTTP server redirects every page to a login page, as a
        captive portal does; nothing else listens there;
      * "sinkhole": the same name server and address, but no web server:
        every name leads nowhere, which is not a sign-in page.

    Needs root, ip, dnsmasq and ss. Call close() (or use `with`)."""

    def __init__(self, kind):
        self.kind = kind
        self.name = "bd-net-%s-%s" % (kind, secrets.token_hex(3))
        self.procs = []
        self.etc = os.path.join(NETNS_ETC, self.name)
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            self._set_up(kind)
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def missing_tool():
        for tool in ("ip", "dnsmasq", "ss", "env"):
            if shutil.which(tool) is None:
                return "%s is not installed" % tool
        return None

    def _set_up(self, kind):
        self.ip("link", "set", "lo", "up")
        if kind != "noroute":
            self.ip("route", "add", "default", "dev", "lo")
        os.makedirs(self.etc)
        nameserver = NO_ROUTE_NAMESERVER if kind == "noroute" else "127.0.0.1"
        self.write("resolv.conf", "# Brevduva test namespace\nnameserver %s\n" % nameserver)
        self.write("nsswitch.conf", "hosts: files dns\n")
        self.write("hosts", "127.0.0.1 localhost\n::1 localhost\n")
        if kind == "nxdomain":
            self.start_dnsmasq([])
        elif kind == "working":
            self.start_dnsmasq(["--address=/ref.test/127.0.0.9"])
        elif kind == "silent":
            self.start_silent()
        elif kind in ("portal", "sinkhole"):
            self.ip("address", "add", PORTAL_ADDRESS + "/32", "dev", "lo")
            self.start_dnsmasq(["--address=/#/" + PORTAL_ADDRESS])
        if kind == "portal":
            self.start_ready_line([sys.executable, "-c", _PORTAL_CODE, PORTAL_ADDRESS],
                                  "the portal's web server")

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
        self.wait_for_port(proc)

    def start_silent(self):
        code = ("import socket\n"
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                "s.bind(('127.0.0.1', 53))\n"
                "print('ready', flush=True)\n"
                "while True:\n"
                "    s.recvfrom(4096)\n")
        self.start_ready_line([sys.executable, "-c", code], "the silent name server")

    def start_ready_line(self, argv, what):
        """Starts @argv in the namespace and waits for its "ready" line."""
        proc = subprocess.Popen(self.exec_argv() + argv,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append(proc)
        line = proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError("%s did not start: %r" % (what, proc.stderr.read()))

    def wait_for_port(self, proc):
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
        self.procs = []
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)
        try:
            os.unlink("/run/%s-dnsmasq.pid" % self.name)
        except OSError:
            pass
        shutil.rmtree(self.etc, ignore_errors=True)
        try:
            os.rmdir(NETNS_ETC)   # only when it was ours alone, and so empty
        except OSError:
            pass
