#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted IMAP / POP3 / SMTP-submission server for Brevduva's protocol tests.

Python 3 standard library only.  It listens on loopback on a port the OS picks,
announces the port (``PORT <n>`` on stdout and, atomically, in --port-file), serves
each connection in its own thread and exits promptly on SIGTERM or SIGINT, or when the
process that started it has gone (unless --no-parent-watch).

Every byte received from a client is written to --record (created or truncated at
start) as one JSON line per read, in the order received:

    {"conn": 1, "phase": "plain", "data": "<base64>"}

``phase`` is "plain" for bytes read from the socket while no TLS session is
established (including a ClientHello that the server reads but does not process, as
in silent, stall-handshake, plaintext-on-tls, starttls-no-tls) and "tls" for the
decrypted bytes received inside TLS.  Bytes consumed by the TLS library itself during
a real handshake are not recorded.  Each line is flushed as soon as it is written.

Run with --help for the options and --list-behaviours for the behaviour knobs.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
import warnings

MAX_LINE = 64 * 1024          # longest client line accepted
MAX_LITERAL = 64 * 1024       # longest IMAP literal accepted
SCRAM_ITERATIONS = 4096
HOSTNAME = b"localhost"

ALL_MECHS = ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"]

# behaviour -> protocols it applies to (others accept it and ignore it)
BEHAVIOURS = {
    "strip-starttls": "imap pop3 smtp",
    "refuse-starttls": "imap pop3 smtp",
    "refuse-starttls-502": "imap pop3 smtp",
    "starttls-no-tls": "imap pop3 smtp",
    "inject-after-starttls": "imap pop3 smtp",
    "pretls-capabilities-lie": "imap pop3 smtp",
    "pretls-untagged-junk": "imap",
    "preauth": "imap",
    "bye-greeting": "imap pop3 smtp",
    "tagged-greeting": "imap",
    "garbage-greeting": "imap pop3 smtp",
    "multiline-greeting": "smtp",
    "unknown-tag-reply": "imap",
    "ansi-in-text": "imap pop3 smtp",
    "long-line": "imap pop3 smtp",
    "invalid-utf8": "imap pop3 smtp",
    "endless-multiline": "imap pop3 smtp",
    "silent": "imap pop3 smtp",
    "stall-handshake": "imap pop3 smtp",
    "reset-after-greeting": "imap pop3 smtp",
    "plaintext-on-tls": "imap pop3 smtp",
    "tls-on-plaintext": "imap pop3 smtp",
    "slow": "imap pop3 smtp",
    "app-password-reply": "imap pop3 smtp",
    "webloginrequired": "imap pop3 smtp",
    "basic-auth-disabled": "imap pop3 smtp",
    "yahoo-app-password": "imap pop3 smtp",
    "imap-disabled": "imap pop3",
    "unavailable": "imap pop3 smtp",
    "pop3-login-delay": "pop3",
    "pop3-in-use": "pop3",
    "alert": "imap",
    "no-auth": "imap pop3 smtp",
    "only-login": "imap pop3 smtp",
    "only-cram-md5": "imap pop3 smtp",
    "only-scram-sha-256": "imap pop3 smtp",
    "early-starttls-reply": "imap pop3 smtp",
    "early-login-reply": "imap pop3 smtp",
    "unsolicited-untagged": "imap",
    "unsolicited-421": "smtp",
}

# Behaviours that make every login fail with a provider's own words.
LOGIN_FAILURE_BEHAVIOURS = ["app-password-reply", "webloginrequired", "basic-auth-disabled",
                            "yahoo-app-password", "imap-disabled", "unavailable",
                            "pop3-login-delay", "pop3-in-use"]


def next_tag(tag):
    """The tag a client that counts (A1, A2, ...) gives its next command."""
    head = tag.rstrip(b"0123456789")
    digits = tag[len(head):]
    return head + (b"%d" % (int(digits) + 1) if digits else b"1")


class CloseConnection(Exception):
    """The session is over (client quit, protocol error, EOF, timeout)."""


class Cancelled(Exception):
    """The client cancelled a SASL exchange with '*'."""


class BadBase64(Exception):
    pass


# --------------------------------------------------------------------------------------
# Server-wide state

class Server:
    def __init__(self, args):
        self.args = args
        self.behaviours = set(args.behaviours)
        self.record_lock = threading.Lock()
        self.record = open(args.record, "wb", buffering=0) if args.record else None
        self.conns_lock = threading.Lock()
        self.conns = {}
        self.next_conn = 1
        self.ctx = make_tls_context(args) if args.tls != "none" or args.cert else None
        self.listener = None

    def record_data(self, conn, phase, data):
        if not self.record or not data:
            return
        line = json.dumps({"conn": conn, "phase": phase,
                           "data": base64.b64encode(data).decode("ascii")}) + "\n"
        with self.record_lock:
            self.record.write(line.encode("ascii"))

    def log(self, msg):
        if self.args.verbose:
            sys.stderr.write("mailserver: %s\n" % msg)
            sys.stderr.flush()

    def shutdown(self, *_):
        """Signal handler: close everything and leave at once.

        It runs in the main thread, which only waits for signals (the listener has its
        own thread), so no lock it takes can be held by the thread it interrupted."""
        try:
            if self.listener is not None:
                self.listener.close()
        except OSError:
            pass
        conns = []
        if self.conns_lock.acquire(timeout=0.5):
            conns = list(self.conns.values())
            self.conns_lock.release()
        for c in conns:
            try:
                socket.socket.shutdown(c.sock, socket.SHUT_RDWR)
            except OSError:
                pass
        # Do not wait long for a thread that may be inside a write of the record file.
        if self.record_lock.acquire(timeout=0.5):
            try:
                if self.record:
                    self.record.close()
            except OSError:
                pass
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        os._exit(0)

    def serve(self):
        family = socket.AF_INET6 if ":" in self.args.listen else socket.AF_INET
        ls = socket.socket(family, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((self.args.listen, 0))
        ls.listen(64)
        self.listener = ls
        port = ls.getsockname()[1]
        if self.args.port_file:
            d = os.path.dirname(os.path.abspath(self.args.port_file))
            fd, tmp = tempfile.mkstemp(prefix=".port-", dir=d)
            with os.fdopen(fd, "w") as f:
                f.write("%d\n" % port)
            os.replace(tmp, self.args.port_file)
        sys.stdout.write("PORT %d\n" % port)
        sys.stdout.flush()
        threading.Thread(target=self.accept_loop, name="accept", daemon=True).start()
        # The main thread only waits for SIGTERM / SIGINT (and, unless --no-parent-watch,
        # for the process that started the server to go away, so that a test that crashed
        # leaves no server behind).  Not signal.pause(): a signal arriving just before
        # pause() would be noticed only at the next one.
        parent = os.getppid()
        while True:
            time.sleep(0.2)
            if self.args.parent_watch and os.getppid() != parent:
                self.shutdown()

    def accept_loop(self):
        ls = self.listener
        while True:
            try:
                s, peer = ls.accept()
            except OSError:
                if self.listener is None or ls.fileno() < 0:
                    return
                time.sleep(0.05)
                continue
            with self.conns_lock:
                n = self.next_conn
                self.next_conn += 1
            cls = {"imap": IMAPSession, "pop3": POP3Session, "smtp": SMTPSession}[self.args.protocol]
            sess = cls(self, s, n)
            with self.conns_lock:
                self.conns[n] = sess
            t = threading.Thread(target=sess.run, name="conn-%d" % n, daemon=True)
            t.start()


def make_tls_context(args):
    if not args.cert or not args.key:
        sys.exit("mailserver: --cert and --key are needed unless --tls none")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    versions = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1,
                "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    weak = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if args.tls_min:
            ctx.minimum_version = versions[args.tls_min]
            weak = args.tls_min in ("1.0", "1.1")
        else:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if args.tls_max:
            ctx.maximum_version = versions[args.tls_max]
            weak = weak or args.tls_max in ("1.0", "1.1")
    if weak:
        # Debian's OpenSSL refuses TLS 1.0/1.1 (SHA-1 signatures) at its default level.
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")

    certfile = args.cert
    tmp = None
    if args.chain:
        # The served chain: the certificate, then every other certificate of --chain.
        with open(args.cert) as f:
            leaf = f.read().strip()
        extra = []
        with open(args.chain) as f:
            for block in f.read().split("-----END CERTIFICATE-----"):
                block = block.strip()
                if "-----BEGIN CERTIFICATE-----" not in block:
                    continue
                block = block[block.index("-----BEGIN CERTIFICATE-----"):] + "\n-----END CERTIFICATE-----"
                if block.strip() != leaf:
                    extra.append(block)
        fd, tmp = tempfile.mkstemp(prefix="mailserver-chain-", suffix=".pem")
        with os.fdopen(fd, "w") as f:
            f.write(leaf + "\n" + "\n".join(extra) + "\n")
        certfile = tmp
    try:
        try:
            ctx.load_cert_chain(certfile, args.key)
        except ssl.SSLError:
            # A deliberately weak certificate (sha1, rsa1024): the server must still serve it.
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.load_cert_chain(certfile, args.key)
    finally:
        if tmp:
            os.unlink(tmp)
    return ctx


# --------------------------------------------------------------------------------------
# SASL, server side.  Each mechanism is a generator: it yields challenges (bytes), is sent
# the client's responses (bytes) and returns (credentials_ok, server_final_or_None).

def sasl_plain(user, password, ir):
    resp = ir
    if resp is None:
        resp = yield b""
    parts = resp.split(b"\0")
    if len(parts) != 3:
        return False, None
    authz, authc, pw = parts
    ok = (authc == user and (authz in (b"", user))
          and hmac.compare_digest(pw, password))
    return ok, None


def sasl_login(user, password, ir):
    name = ir
    if name is None:
        name = yield b"Username:"
    pw = yield b"Password:"
    return (name == user and hmac.compare_digest(pw, password)), None


def sasl_cram_md5(user, password, ir):
    if ir is not None:
        return False, None
    challenge = b"<%d.%d@localhost>" % (random.randrange(10 ** 9), int(time.time()))
    resp = yield challenge
    name, _, digest = resp.rpartition(b" ")
    expected = hmac.new(password, challenge, hashlib.md5).hexdigest().encode()
    return (name == user and hmac.compare_digest(digest.lower(), expected)), None


def _scram_attrs(msg):
    out = []
    for part in msg.split(b","):
        if len(part) < 2 or part[1:2] != b"=":
            raise ValueError("bad attribute")
        out.append((part[:1], part[2:]))
    return out


def sasl_scram(hashname, user, password, ir):
    hlen = hashlib.new(hashname).digest_size
    first = ir
    if first is None:
        first = yield b""
    # client-first-message = gs2-header client-first-message-bare
    try:
        cbind, authz, bare = first.split(b",", 2)
        if cbind not in (b"n", b"y"):
            return False, None  # channel binding ("p=") is not offered
        gs2 = cbind + b"," + authz + b","
        attrs = dict(_scram_attrs(bare))
        name = attrs[b"n"].replace(b"=2C", b",").replace(b"=3D", b"=")
        cnonce = attrs[b"r"]
    except (ValueError, KeyError):
        return False, None
    nonce = cnonce + base64.b64encode(os.urandom(18))
    salt = os.urandom(16)
    server_first = b"r=" + nonce + b",s=" + base64.b64encode(salt) + b",i=%d" % SCRAM_ITERATIONS
    final = yield server_first
    try:
        without_proof, _, proof_attr = final.rpartition(b",")
        if not proof_attr.startswith(b"p="):
            return False, None
        proof = base64.b64decode(proof_attr[2:], validate=True)
        fattrs = dict(_scram_attrs(without_proof))
        if fattrs.get(b"c") != base64.b64encode(gs2) or fattrs.get(b"r") != nonce:
            return False, None
        if len(proof) != hlen:
            return False, None
    except (ValueError, TypeError):
        return False, None
    salted = hashlib.pbkdf2_hmac(hashname, password, salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashname).digest()
    stored_key = hashlib.new(hashname, client_key).digest()
    auth_message = bare + b"," + server_first + b"," + without_proof
    client_sig = hmac.new(stored_key, auth_message, hashname).digest()
    recovered = bytes(a ^ b for a, b in zip(proof, client_sig))
    ok = name == user and hmac.compare_digest(hashlib.new(hashname, recovered).digest(), stored_key)
    if not ok:
        return False, None
    server_key = hmac.new(salted, b"Server Key", hashname).digest()
    server_sig = hmac.new(server_key, auth_message, hashname).digest()
    return True, b"v=" + base64.b64encode(server_sig)


def sasl_start(mech, user, password, ir):
    if mech == "PLAIN":
        return sasl_plain(user, password, ir)
    if mech == "LOGIN":
        return sasl_login(user, password, ir)
    if mech == "CRAM-MD5":
        return sasl_cram_md5(user, password, ir)
    if mech == "SCRAM-SHA-1":
        return sasl_scram("sha1", user, password, ir)
    if mech == "SCRAM-SHA-256":
        return sasl_scram("sha256", user, password, ir)
    raise ValueError(mech)


def b64decode_client(data):
    if data == b"=":
        return b""
    try:
        return base64.b64decode(data, validate=True)
    except (ValueError, TypeError):
        raise BadBase64()


# --------------------------------------------------------------------------------------
# One connection

class Session:
    proto = ""

    def __init__(self, server, sock, n):
        self.server = server
        self.args = server.args
        self.b = server.behaviours
        self.sock = sock
        self.n = n
        self.tls = False
        self.buf = b""
        self.user = self.args.user.encode()
        self.password = self.args.password.encode()
        self.authenticated = False
        self.starttls_answered = False  # early-starttls-reply: the reply went out already
        sock.settimeout(self.args.idle_timeout)

    # ---- I/O

    def has(self, name):
        return name in self.b

    def recv_some(self, record=True):
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            raise CloseConnection("idle timeout")
        except (OSError, ssl.SSLError) as e:
            raise CloseConnection(str(e))
        if not data:
            raise CloseConnection("EOF")
        if record:
            self.server.record_data(self.n, "tls" if self.tls else "plain", data)
        return data

    def readline(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 1:]
                if line.endswith(b"\r"):
                    line = line[:-1]
                return line
            if len(self.buf) > MAX_LINE:
                self.line_too_long()
                raise CloseConnection("line too long")
            self.buf += self.recv_some()

    def read_exact(self, n):
        while len(self.buf) < n:
            self.buf += self.recv_some()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def send(self, data, delay=True):
        if delay and self.has("slow"):
            time.sleep(2)
        try:
            self.sock.sendall(data)
        except (OSError, ssl.SSLError) as e:
            raise CloseConnection(str(e))

    def sendlines(self, *lines):
        self.send(b"".join(l + b"\r\n" for l in lines))

    def t(self, text):
        """Human-readable server text, decorated as the behaviours ask."""
        if self.has("ansi-in-text"):
            text = b"\x1b[31m\x1b[1m" + text + b"\x1b[0m\x07\x08\x1b]0;owned\x07\x1b[2J"
        if self.has("invalid-utf8"):
            text = text + b" \xff\xfe\xc3\x28"
        return text

    def drain(self, record=True, limit=3600):
        """Read and discard until the client closes (or the time limit)."""
        self.sock.settimeout(1)
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except (OSError, ssl.SSLError):
                return
            if not data:
                return
            if record:
                self.server.record_data(self.n, "tls" if self.tls else "plain", data)

    def stream_lines(self, make_line):
        """Send lines for up to --endless-seconds, until the client goes away."""
        end = time.monotonic() + self.args.endless_seconds
        i = 0
        while time.monotonic() < end:
            chunk = b"".join(make_line(i + k) + b"\r\n" for k in range(100))
            i += 100
            self.send(chunk, delay=False)
            time.sleep(0.01)
        raise CloseConnection("endless stream over")

    def start_tls(self):
        """Server side of a TLS handshake on the connection (implicit or STARTTLS)."""
        # RFC 3207 4.2 / RFC 2595: anything the client pipelined after STARTTLS is dropped.
        self.buf = b""
        if self.has("stall-handshake"):
            self.sock.settimeout(self.args.idle_timeout)
            try:
                self.recv_some()  # the ClientHello, recorded as plain
            except CloseConnection:
                raise
            self.drain()
            raise CloseConnection("stalled handshake")
        try:
            s = self.server.ctx.wrap_socket(self.sock, server_side=True,
                                            do_handshake_on_connect=False)
            with self.server.conns_lock:
                self.sock = s
            s.settimeout(self.args.idle_timeout)
            s.do_handshake()
        except (OSError, ssl.SSLError) as e:
            self.server.log("conn %d: TLS handshake failed: %s" % (self.n, e))
            raise CloseConnection("handshake failed")
        self.tls = True
        self.authenticated = False
        self.server.log("conn %d: %s %s" % (self.n, s.version(), s.cipher()[0]))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        with self.server.conns_lock:
            self.server.conns.pop(self.n, None)

    def reset(self):
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close()

    # ---- policy

    def tls_mode(self):
        return self.args.tls

    def secure(self):
        """Is authentication allowed on this connection now (as the real server would)?"""
        return self.tls or self.args.tls == "none"

    def pre_tls_lie(self):
        return self.has("pretls-capabilities-lie") and not self.tls and self.args.tls == "starttls"

    def mechanisms(self):
        """SASL mechanisms offered (and accepted) right now."""
        if self.pre_tls_lie():
            return ["PLAIN", "LOGIN"]
        if not self.secure():
            return []
        if self.has("pretls-capabilities-lie"):
            return ["SCRAM-SHA-256"]
        if self.has("no-auth"):
            return []
        if self.has("only-cram-md5"):
            return ["CRAM-MD5"]
        if self.has("only-scram-sha-256"):
            return ["SCRAM-SHA-256"]
        return list(ALL_MECHS)

    def offer_starttls(self):
        return (self.args.tls == "starttls" and not self.tls and not self.has("strip-starttls"))

    def early_reply(self, starttls_reply, login_reply):
        """early-starttls-reply, early-login-reply: the reply to the command after this
        one, sent with this one's reply, before that command was sent."""
        if self.has("early-starttls-reply") and self.offer_starttls():
            self.starttls_answered = True
            return [starttls_reply]
        if self.has("early-login-reply") and self.tls and not self.authenticated:
            return [login_reply]
        return []

    def failure_behaviour(self):
        for name in LOGIN_FAILURE_BEHAVIOURS:
            if self.has(name) and self.proto in BEHAVIOURS[name].split():
                return name
        return None

    def run_sasl(self, mech, ir, send_challenge, read_response):
        """Drive one SASL exchange.  Returns True when the credentials were right."""
        gen = sasl_start(mech, self.user, self.password, ir)
        try:
            challenge = next(gen)
            while True:
                send_challenge(challenge)
                challenge = gen.send(read_response())
        except StopIteration as e:
            ok, final = e.value
        if ok and final is not None and self.failure_behaviour() is None:
            send_challenge(final)
            read_response()
        return ok

    # ---- main

    def run(self):
        try:
            self.session()
        except CloseConnection as e:
            self.server.log("conn %d: closed: %s" % (self.n, e))
        except Exception:  # noqa: a bug here must not kill the server, but must show
            import traceback
            sys.stderr.write("mailserver: conn %d: internal error:\n%s" % (self.n, traceback.format_exc()))
            sys.stderr.flush()
        finally:
            self.close()

    def session(self):
        self.server.log("conn %d: accepted" % self.n)
        if self.has("silent"):
            self.drain()
            return
        if self.args.tls == "implicit" and not self.has("plaintext-on-tls"):
            self.start_tls()
        if self.has("tls-on-plaintext") and self.args.tls != "implicit":
            # A TLS record (handshake: ServerHello-done) where a greeting was expected.
            self.send(b"\x16\x03\x03\x00\x04\x0e\x00\x00\x00")
            self.drain()
            return
        if self.has("long-line"):
            self.send(self.long_line_prefix + b"A" * (1024 * 1024))
            self.drain()
            return
        if self.has("garbage-greeting"):
            rnd = random.Random(20260101)
            junk = bytes(rnd.randrange(256) for _ in range(96)).replace(b"\n", b"?")
            self.send(b"\x00\x01\x02" + junk + b"\x1b[31m\x1b[1mGARBAGE\x1b[0m\x07\x08\x7f\x1b[2J\r\n")
        elif not self.greeting():
            return
        if self.has("reset-after-greeting"):
            self.reset()
            raise CloseConnection("reset after greeting")
        self.loop()

    long_line_prefix = b""

    def greeting(self):
        raise NotImplementedError

    def loop(self):
        raise NotImplementedError

    def line_too_long(self):
        pass


# --------------------------------------------------------------------------------------
# IMAP4rev1 (RFC 3501, 2595, 4959 SASL-IR, 7888 LITERAL+)

class IMAPSession(Session):
    proto = "imap"
    long_line_prefix = b"* OK "

    def capabilities(self):
        caps = [b"IMAP4rev1", b"SASL-IR", b"LITERAL+", b"ID", b"ENABLE", b"IDLE"]
        if self.authenticated:
            return caps + [b"NAMESPACE", b"UNSELECT"]
        if self.offer_starttls():
            caps.append(b"STARTTLS")
        caps += [b"AUTH=" + m.encode() for m in self.mechanisms()]
        if not self.login_allowed():
            caps.append(b"LOGINDISABLED")
        return caps

    def login_allowed(self):
        if self.pre_tls_lie():
            return True
        if not self.secure():
            return False
        if self.has("pretls-capabilities-lie") or self.has("no-auth") \
                or self.has("only-cram-md5") or self.has("only-scram-sha-256"):
            return False
        return True

    def mechanisms(self):
        if self.has("only-login") and self.secure() and not self.pre_tls_lie() \
                and not self.has("pretls-capabilities-lie"):
            return []
        return super().mechanisms()

    def junk(self):
        if self.has("pretls-untagged-junk") and not self.tls:
            return [b"* OK [ALERT] " + self.t(b"Junk sent before TLS: do not trust this."),
                    b'* LIST () "/" "INBOX"',
                    b"* STATUS INBOX (MESSAGES 3 UNSEEN 1)",
                    b"* 1 FETCH (FLAGS (\\Seen))"]
        return []

    def tagged(self, tag, text, before=(), after=()):
        lines = list(before) + self.junk()
        if self.has("unknown-tag-reply"):
            lines.append(b"ZZ99 OK " + self.t(b"Completed."))
        lines.append(tag + b" " + text)
        if self.has("unsolicited-untagged"):
            # RFC 3501 5.3: untagged data while no command is in progress; the literal
            # holds what looks like a tagged reply and is none.
            lines += [b"* OK " + self.t(b"Still here."), b'* ID ("name" {8}', b"A9 OK hi)"]
        self.sendlines(*(lines + list(after)))

    def greeting(self):
        if self.has("bye-greeting"):
            self.sendlines(b"* BYE [UNAVAILABLE] " + self.t(b"Server is shutting down for maintenance, try again later."))
            raise CloseConnection("bye greeting")
        caps = b"[CAPABILITY " + b" ".join(self.capabilities()) + b"] "
        if self.has("endless-multiline") or self.has("early-starttls-reply"):
            caps = b""  # so that the client has to ask
        if self.has("preauth"):
            self.authenticated = True
            caps = b"[CAPABILITY " + b" ".join(self.capabilities()) + b"] "
            line = b"* PREAUTH " + caps + self.t(b"Logged in as " + self.user + b".")
        elif self.has("tagged-greeting"):
            line = b"A001 OK " + caps + self.t(b"Brevduva test server ready.")
        else:
            line = b"* OK " + caps + self.t(b"Brevduva test server ready.")
        self.sendlines(line, *self.junk())
        return True

    def line_too_long(self):
        try:
            self.sendlines(b"* BYE Line too long.")
        except CloseConnection:
            pass

    def parse_args(self, line, i):
        args = []
        while True:
            while i < len(line) and line[i] == 0x20:
                i += 1
            if i >= len(line):
                return args
            c = line[i:i + 1]
            if c == b'"':
                j = i + 1
                out = bytearray()
                while j < len(line) and line[j:j + 1] != b'"':
                    if line[j:j + 1] == b"\\" and j + 1 < len(line):
                        j += 1
                    out += line[j:j + 1]
                    j += 1
                args.append(bytes(out))
                i = j + 1
            elif c == b"{" and line.endswith(b"}"):
                spec = line[i + 1:-1]
                plus = spec.endswith(b"+")
                try:
                    n = int(spec.rstrip(b"+"))
                except ValueError:
                    raise ValueError("bad literal")
                if n > MAX_LITERAL:
                    raise ValueError("literal too big")
                if not plus:
                    self.send(b"+ Ready for literal data\r\n", delay=False)
                args.append(self.read_exact(n))
                line = self.readline()
                i = 0
            elif c in (b"(", b")"):
                args.append(c)
                i += 1
            else:
                j = i
                while j < len(line) and line[j:j + 1] not in (b" ", b"(", b")"):
                    j += 1
                args.append(line[i:j])
                i = j

    def loop(self):
        while True:
            line = self.readline()
            if not line.strip():
                self.sendlines(b"* BAD Empty command.")
                continue
            tag, _, rest = line.partition(b" ")
            cmd, _, _ = rest.partition(b" ")
            if not cmd:
                self.sendlines(b"* BAD Error in IMAP command received by server.")
                continue
            try:
                args = self.parse_args(rest, len(cmd))
            except ValueError as e:
                self.tagged(tag, b"BAD " + str(e).encode())
                continue
            handler = getattr(self, "cmd_" + cmd.decode("ascii", "replace").upper(), None)
            if handler is None:
                self.tagged(tag, b"BAD Error in IMAP command " + cmd[:40] + b": Unknown command.")
                continue
            handler(tag, args)

    def cmd_CAPABILITY(self, tag, args):
        if self.has("endless-multiline"):
            self.stream_lines(lambda i: b"* CAPABILITY IMAP4rev1 X-ENDLESS-%d" % i)
        caps = [b"* CAPABILITY " + b" ".join(self.capabilities())]
        early = self.early_reply(next_tag(tag) + b" OK " + self.t(b"Begin TLS negotiation now."),
                                 next_tag(tag) + b" OK " + self.t(b"Logged in"))
        self.tagged(tag, b"OK " + self.t(b"Capability completed."), caps, early)

    def cmd_NOOP(self, tag, args):
        self.tagged(tag, b"OK " + self.t(b"NOOP completed."))

    def cmd_LOGOUT(self, tag, args):
        self.tagged(tag, b"OK " + self.t(b"Logout completed."), [b"* BYE " + self.t(b"Logging out.")])
        raise CloseConnection("logout")

    def cmd_ID(self, tag, args):
        self.tagged(tag, b"OK ID completed.", [b'* ID ("name" "Brevduva test server")'])

    def cmd_ENABLE(self, tag, args):
        self.tagged(tag, b"OK Enabled.", [b"* ENABLED"])

    def cmd_STARTTLS(self, tag, args):
        if self.authenticated:
            self.tagged(tag, b"BAD STARTTLS not allowed in authenticated state.")
            return
        if self.tls:
            self.tagged(tag, b"BAD TLS is already active.")
            return
        if self.args.tls != "starttls" or self.has("refuse-starttls-502"):
            self.tagged(tag, b"BAD Error in IMAP command STARTTLS: Unknown command.")
            return
        if self.has("refuse-starttls"):
            self.tagged(tag, b"NO " + self.t(b"STARTTLS is not available right now."))
            return
        if self.starttls_answered:
            self.start_tls()
            return
        ok = tag + b" OK " + self.t(b"Begin TLS negotiation now.") + b"\r\n"
        if self.has("starttls-no-tls"):
            self.send(ok)
            return
        if self.has("inject-after-starttls"):
            self.send(ok + b"* OK injected\r\n")
        else:
            self.send(ok)
        self.start_tls()

    def login_failed(self, tag, cmd, wrong_password):
        fb = self.failure_behaviour()
        before = []
        if self.has("alert"):
            before.append(b"* OK [ALERT] " + self.t(b"This is an alert from the test server."))
        if fb == "app-password-reply":
            text = b"NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)"
        elif fb == "webloginrequired":
            before.append(b"* NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=BREVDUVATEST] Web login required.")
            text = b"NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)"
        elif fb == "basic-auth-disabled":
            text = b"NO " + cmd + b" failed."
        elif fb == "yahoo-app-password":
            text = b"NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials"
        elif fb == "imap-disabled":
            text = b"NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)"
        elif fb == "unavailable":
            text = b"NO [UNAVAILABLE] " + self.t(b"Temporary authentication failure, try again later.")
        else:
            text = b"NO [AUTHENTICATIONFAILED] " + self.t(b"Authentication failed.")
        self.tagged(tag, text, before)

    def login_result(self, tag, cmd, ok):
        if ok and self.failure_behaviour() is None:
            self.authenticated = True
            before = []
            if self.has("alert"):
                before.append(b"* OK [ALERT] " + self.t(b"This is an alert from the test server."))
            self.tagged(tag, b"OK [CAPABILITY " + b" ".join(self.capabilities()) + b"] "
                        + self.t(b"Logged in"), before)
        else:
            self.login_failed(tag, cmd, not ok)

    def not_secure(self, tag):
        self.tagged(tag, b"NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.")

    def cmd_LOGIN(self, tag, args):
        if self.authenticated:
            self.tagged(tag, b"BAD Already logged in.")
            return
        if len(args) != 2:
            self.tagged(tag, b"BAD Error in IMAP command LOGIN: Missing arguments.")
            return
        if not self.login_allowed():
            if not self.secure():
                self.not_secure(tag)
            else:
                self.tagged(tag, b"NO [CANNOT] LOGIN is disabled on this server.")
            return
        ok = args[0] == self.user and hmac.compare_digest(args[1], self.password)
        self.login_result(tag, b"LOGIN", ok)

    def cmd_AUTHENTICATE(self, tag, args):
        if self.authenticated:
            self.tagged(tag, b"BAD Already logged in.")
            return
        if not args:
            self.tagged(tag, b"BAD Error in IMAP command AUTHENTICATE: Missing arguments.")
            return
        mech = args[0].decode("ascii", "replace").upper()
        if mech not in self.mechanisms():
            if not self.secure() and not self.pre_tls_lie():
                self.not_secure(tag)
            else:
                self.tagged(tag, b"NO [CANNOT] Unsupported authentication mechanism.")
            return
        try:
            ir = b64decode_client(args[1]) if len(args) > 1 else None

            def send_challenge(c):
                self.send(b"+ " + base64.b64encode(c) + b"\r\n", delay=False)

            def read_response():
                line = self.readline()
                if line.strip() == b"*":
                    raise Cancelled()
                return b64decode_client(line.strip()) if line.strip() else b""

            ok = self.run_sasl(mech, ir, send_challenge, read_response)
        except Cancelled:
            self.tagged(tag, b"BAD Authentication aborted by client.")
            return
        except BadBase64:
            self.tagged(tag, b"BAD Invalid base64 data in continued response")
            return
        self.login_result(tag, b"AUTHENTICATE", ok)

    def need_auth(self, tag):
        if not self.authenticated:
            self.tagged(tag, b"BAD Error in IMAP command: Not logged in.")
            return True
        return False

    def cmd_SELECT(self, tag, args, ro=False):
        if self.need_auth(tag):
            return
        self.tagged(tag, b"OK [READ-ONLY] Examine completed." if ro else b"OK [READ-WRITE] Select completed.",
                    [b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                     b"* 0 EXISTS", b"* 0 RECENT", b"* OK [UIDVALIDITY 1] UIDs valid",
                     b"* OK [UIDNEXT 1] Predicted next UID"])

    def cmd_EXAMINE(self, tag, args):
        self.cmd_SELECT(tag, args, ro=True)

    def cmd_LIST(self, tag, args):
        if self.need_auth(tag):
            return
        self.tagged(tag, b"OK List completed.", [b'* LIST (\\HasNoChildren) "/" INBOX'])

    def cmd_NAMESPACE(self, tag, args):
        if self.need_auth(tag):
            return
        self.tagged(tag, b"OK Namespace completed.", [b'* NAMESPACE (("" "/")) NIL NIL'])


# --------------------------------------------------------------------------------------
# POP3 (RFC 1939, 2449 CAPA, 2595 STLS, 5034 SASL)

class POP3Session(Session):
    proto = "pop3"
    long_line_prefix = b"+OK "

    def user_allowed(self):
        if self.pre_tls_lie():
            return True
        if not self.secure():
            return False
        return not (self.has("pretls-capabilities-lie") or self.has("no-auth")
                    or self.has("only-cram-md5") or self.has("only-scram-sha-256"))

    def mechanisms(self):
        if self.has("only-login") and not self.pre_tls_lie() \
                and not self.has("pretls-capabilities-lie"):
            return []
        return super().mechanisms()

    def capabilities(self):
        caps = [b"TOP", b"UIDL", b"RESP-CODES", b"AUTH-RESP-CODE", b"PIPELINING"]
        if not self.authenticated:
            if self.user_allowed():
                caps.append(b"USER")
            mechs = self.mechanisms()
            if mechs:
                caps.append(b"SASL " + " ".join(mechs).encode())
            if self.offer_starttls():
                caps.append(b"STLS")
        if self.has("pop3-login-delay"):
            caps.append(b"LOGIN-DELAY 900")  # RFC 2449 6.5
        caps.append(b"IMPLEMENTATION Brevduva-test")
        return caps

    def greeting(self):
        if self.has("bye-greeting"):
            self.sendlines(b"-ERR [SYS/TEMP] " + self.t(b"Server is busy, try again later."))
            raise CloseConnection("bye greeting")
        self.sendlines(b"+OK " + self.t(b"Brevduva test server ready."))
        self.pending_user = None
        return True

    def err(self, text):
        self.sendlines(b"-ERR " + text)

    def loop(self):
        self.pending_user = None
        while True:
            line = self.readline()
            cmd, _, rest = line.partition(b" ")
            handler = getattr(self, "cmd_" + cmd.decode("ascii", "replace").upper(), None)
            if handler is None:
                self.err(b"Unknown command.")
                continue
            handler(rest)

    def cmd_CAPA(self, rest):
        if self.has("endless-multiline"):
            self.send(b"+OK Capability list follows\r\n")
            self.stream_lines(lambda i: b"X-ENDLESS-%d" % i)
        early = self.early_reply(b"+OK " + self.t(b"Begin TLS negotiation now."),
                                 b"+OK " + self.t(b"Logged in."))
        self.sendlines(b"+OK Capability list follows", *self.capabilities(), b".", *early)

    def cmd_NOOP(self, rest):
        self.sendlines(b"+OK")

    def cmd_QUIT(self, rest):
        self.sendlines(b"+OK " + self.t(b"Logging out."))
        raise CloseConnection("quit")

    def cmd_STLS(self, rest):
        if self.authenticated or self.args.tls != "starttls" or self.has("refuse-starttls-502"):
            self.err(b"Unknown command.")
            return
        if self.tls:
            self.err(b"TLS is already active.")
            return
        if self.has("refuse-starttls"):
            self.err(self.t(b"STLS is not available right now."))
            return
        if self.starttls_answered:
            self.start_tls()
            self.pending_user = None
            return
        ok = b"+OK " + self.t(b"Begin TLS negotiation now.") + b"\r\n"
        if self.has("starttls-no-tls"):
            self.send(ok)
            return
        self.send(ok + b"+OK injected\r\n" if self.has("inject-after-starttls") else ok)
        self.start_tls()
        self.pending_user = None

    def not_secure(self):
        self.err(b"[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.")

    def login_result(self, ok):
        fb = self.failure_behaviour()
        if ok and fb is None:
            self.authenticated = True
            self.sendlines(b"+OK " + self.t(b"Logged in."))
            return
        if fb == "app-password-reply":
            self.err(b"[AUTH] Application-specific password required: https://support.google.com/accounts/answer/185833")
        elif fb == "webloginrequired":
            self.err(b"[AUTH] Web login required: https://support.google.com/mail/answer/78754")
        elif fb == "basic-auth-disabled":
            self.err(b"Logon failure: unknown user name or bad password.")
        elif fb == "yahoo-app-password":
            self.err(b"[AUTH] Invalid credentials")
        elif fb == "imap-disabled":
            self.err(b"[SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.")
        elif fb == "unavailable":
            self.err(b"[SYS/TEMP] " + self.t(b"Temporary authentication failure, try again later."))
        elif fb == "pop3-login-delay":
            # RFC 2449 8.1.1
            self.err(b"[LOGIN-DELAY] " + self.t(b"Minimum time between logins is 15 minutes."))
        elif fb == "pop3-in-use":
            # RFC 2449 8.1.2
            self.err(b"[IN-USE] " + self.t(b"Mailbox is locked by another POP3 session."))
        else:
            self.err(b"[AUTH] " + self.t(b"Authentication failed."))

    def cmd_USER(self, rest):
        if self.authenticated:
            self.err(b"Unknown command.")
            return
        if not self.user_allowed():
            if not self.secure():
                self.not_secure()
            else:
                self.err(b"USER command is disabled, use AUTH.")
            return
        self.pending_user = rest
        self.sendlines(b"+OK")

    def cmd_PASS(self, rest):
        if self.authenticated:
            self.err(b"Unknown command.")
            return
        if self.pending_user is None:
            self.err(b"No username given.")
            return
        ok = self.pending_user == self.user and hmac.compare_digest(rest, self.password)
        self.pending_user = None
        self.login_result(ok)

    def cmd_AUTH(self, rest):
        if self.authenticated:
            self.err(b"Unknown command.")
            return
        parts = rest.split()
        if not parts:
            self.sendlines(b"+OK", *[m.encode() for m in self.mechanisms()], b".")
            return
        mech = parts[0].decode("ascii", "replace").upper()
        if mech not in self.mechanisms():
            if not self.secure() and not self.pre_tls_lie():
                self.not_secure()
            else:
                self.err(b"Unsupported authentication mechanism.")
            return
        try:
            ir = b64decode_client(parts[1]) if len(parts) > 1 else None

            def send_challenge(c):
                self.send(b"+ " + base64.b64encode(c) + b"\r\n", delay=False)

            def read_response():
                line = self.readline().strip()
                if line == b"*":
                    raise Cancelled()
                return b64decode_client(line) if line else b""

            ok = self.run_sasl(mech, ir, send_challenge, read_response)
        except Cancelled:
            self.err(b"[AUTH] Authentication aborted by client.")
            return
        except BadBase64:
            self.err(b"Invalid base64 data in continued response")
            return
        self.login_result(ok)

    def need_auth(self):
        if not self.authenticated:
            self.err(b"Unknown command.")
            return True
        return False

    def cmd_STAT(self, rest):
        if not self.need_auth():
            self.sendlines(b"+OK 0 0")

    def cmd_LIST(self, rest):
        if not self.need_auth():
            if rest.strip():
                self.err(b"There's no message %s." % rest.strip()[:20])
            else:
                self.sendlines(b"+OK 0 messages:", b".")

    def cmd_UIDL(self, rest):
        self.cmd_LIST(rest)

    def cmd_RETR(self, rest):
        if not self.need_auth():
            self.err(b"There's no message %s." % rest.strip()[:20])

    cmd_TOP = cmd_RETR
    cmd_DELE = cmd_RETR

    def cmd_RSET(self, rest):
        if not self.need_auth():
            self.sendlines(b"+OK")


# --------------------------------------------------------------------------------------
# SMTP submission (RFC 5321, 3207 STARTTLS, 4954 AUTH, 6409)

class SMTPSession(Session):
    proto = "smtp"
    long_line_prefix = b"220 "

    def mechanisms(self):
        if self.has("only-login") and not self.pre_tls_lie() \
                and not self.has("pretls-capabilities-lie") and self.secure():
            return ["LOGIN"]
        return super().mechanisms()

    def greeting(self):
        if self.has("bye-greeting"):
            self.sendlines(b"421 4.3.2 localhost " + self.t(b"Service not available, closing transmission channel"))
            raise CloseConnection("bye greeting")
        if self.has("multiline-greeting"):
            self.sendlines(b"220-localhost ESMTP " + self.t(b"Brevduva test server"),
                           b"220-" + self.t(b"This greeting has"),
                           b"220-" + self.t(b"several lines."),
                           b"220 localhost " + self.t(b"ready"))
        else:
            self.sendlines(b"220 localhost ESMTP " + self.t(b"Brevduva test server"))
        self.ehlo_done = False
        return True

    def reply(self, *lines):
        """lines: b"250 text" or multi-line [(code, text)...]."""
        self.sendlines(*lines)

    def loop(self):
        self.ehlo_done = False
        self.mail = False
        while True:
            line = self.readline()
            cmd, _, rest = line.partition(b" ")
            name = cmd.decode("ascii", "replace").upper()
            handler = getattr(self, "cmd_" + name, None)
            if handler is None:
                self.reply(b"502 5.5.2 Error: command not recognized")
                continue
            handler(rest)

    def cmd_EHLO(self, rest):
        if not rest.strip():
            self.reply(b"501 5.5.4 Syntax: EHLO hostname")
            return
        self.ehlo_done = True
        self.mail = False
        if self.has("endless-multiline"):
            self.send(b"250-localhost\r\n")
            self.stream_lines(lambda i: b"250-X-ENDLESS-%d" % i)
        ext = [b"PIPELINING", b"SIZE 10240000"]
        if self.offer_starttls():
            ext.append(b"STARTTLS")
        mechs = self.mechanisms()
        if mechs and not self.authenticated:
            ext.append(b"AUTH " + " ".join(mechs).encode())
        ext += [b"ENHANCEDSTATUSCODES", b"8BITMIME", b"SMTPUTF8"]
        lines = [b"250-localhost " + self.t(b"Hello " + rest.strip()[:64])]
        lines += [b"250-" + e for e in ext[:-1]] + [b"250 " + ext[-1]]
        lines += self.early_reply(b"220 2.0.0 " + self.t(b"Ready to start TLS"),
                                  b"235 2.7.0 " + self.t(b"Authentication successful"))
        if self.has("unsolicited-421") and self.tls:
            # RFC 5321 3.8: a server shutting down may say so before the next command.
            # It then keeps reading, so that the record shows whether a login came.
            self.reply(*lines, b"421 4.3.2 " + self.t(b"Service shutting down, closing channel"))
            self.drain()
            raise CloseConnection("shutting down")
        self.reply(*lines)

    def cmd_HELO(self, rest):
        self.ehlo_done = True
        self.reply(b"250 localhost")

    def cmd_STARTTLS(self, rest):
        if rest.strip():
            self.reply(b"501 5.5.4 Syntax: STARTTLS")
            return
        if self.tls:
            self.reply(b"554 5.5.1 Error: TLS already active")
            return
        if self.args.tls != "starttls" or self.has("refuse-starttls-502"):
            self.reply(b"502 5.5.1 Error: command not implemented")
            return
        if self.has("refuse-starttls"):
            self.reply(b"454 4.7.0 " + self.t(b"TLS not available due to local problem"))
            return
        if self.starttls_answered:
            self.start_tls()
            self.ehlo_done = False
            self.mail = False
            return
        ok = b"220 2.0.0 " + self.t(b"Ready to start TLS") + b"\r\n"
        if self.has("starttls-no-tls"):
            self.send(ok)
            return
        self.send(ok + b"250 injected\r\n" if self.has("inject-after-starttls") else ok)
        self.start_tls()
        self.ehlo_done = False   # RFC 3207 4.2: forget everything
        self.mail = False

    def login_result(self, ok):
        fb = self.failure_behaviour()
        if ok and fb is None:
            self.authenticated = True
            self.reply(b"235 2.7.0 " + self.t(b"Authentication successful"))
            return
        if fb == "app-password-reply":
            self.reply(b"534-5.7.9 Application-specific password required. Learn more at",
                       b"534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor bd1sm20260101wrb.1 - gsmtp")
        elif fb == "webloginrequired":
            self.reply(b"534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=BREVDUVATEST>",
                       b"534-5.7.14 Please log in via your web browser and then try again.",
                       b"534-5.7.14  Learn more at",
                       b"534 5.7.14  https://support.google.com/mail/answer/78754 bd1sm20260101wrb.1 - gsmtp")
        elif fb == "basic-auth-disabled":
            self.reply(b"535 5.7.139 Authentication unsuccessful, basic authentication is disabled. "
                       b"[AM0PR01CA0000.eurprd01.prod.exchangelabs.com 2026-01-01T00:00:00.000Z 08DC000000000000]")
        elif fb == "yahoo-app-password":
            self.reply(b"535 5.7.0 (#AUTH005) Too many bad auth attempts.")
        elif fb == "unavailable":
            self.reply(b"454 4.7.0 " + self.t(b"Temporary authentication failure"))
        else:
            self.reply(b"535 5.7.8 Error: authentication failed: " + self.t(b"authentication failure"))

    def cmd_AUTH(self, rest):
        if not self.ehlo_done:
            self.reply(b"503 5.5.1 Error: send HELO/EHLO first")
            return
        if self.authenticated:
            self.reply(b"503 5.5.1 Error: already authenticated")
            return
        parts = rest.split()
        if not parts:
            self.reply(b"501 5.5.4 Syntax: AUTH mechanism")
            return
        mechs = self.mechanisms()
        if not self.secure() and not self.pre_tls_lie():
            self.reply(b"530 5.7.0 Must issue a STARTTLS command first")
            return
        if not mechs:
            self.reply(b"503 5.5.1 Error: authentication not enabled")
            return
        mech = parts[0].decode("ascii", "replace").upper()
        if mech not in mechs:
            self.reply(b"504 5.5.4 Unrecognized authentication type")
            return
        try:
            ir = b64decode_client(parts[1]) if len(parts) > 1 else None

            def send_challenge(c):
                self.send(b"334 " + base64.b64encode(c) + b"\r\n", delay=False)

            def read_response():
                line = self.readline().strip()
                if line == b"*":
                    raise Cancelled()
                return b64decode_client(line) if line else b""

            ok = self.run_sasl(mech, ir, send_challenge, read_response)
        except Cancelled:
            self.reply(b"501 5.7.0 Authentication aborted")
            return
        except BadBase64:
            self.reply(b"501 5.5.2 Cannot decode response")
            return
        self.login_result(ok)

    def cmd_MAIL(self, rest):
        if not self.ehlo_done:
            self.reply(b"503 5.5.1 Error: send HELO/EHLO first")
        elif not self.authenticated:
            self.reply(b"530 5.7.0 Authentication required")
        else:
            self.mail = True
            self.reply(b"250 2.1.0 Ok")

    def cmd_RCPT(self, rest):
        if not self.mail:
            self.reply(b"503 5.5.1 Error: need MAIL command")
        else:
            self.reply(b"250 2.1.5 Ok")

    def cmd_DATA(self, rest):
        if not self.mail:
            self.reply(b"503 5.5.1 Error: need RCPT command")
            return
        self.reply(b"354 End data with <CR><LF>.<CR><LF>")
        size = 0
        while self.readline() != b".":
            size += 1
            if size > 100000:
                raise CloseConnection("message too long")
        self.mail = False
        self.reply(b"250 2.0.0 Ok: queued as BD0000001")

    def cmd_RSET(self, rest):
        self.mail = False
        self.reply(b"250 2.0.0 Ok")

    def cmd_NOOP(self, rest):
        self.reply(b"250 2.0.0 Ok")

    def cmd_VRFY(self, rest):
        self.reply(b"252 2.0.0 Cannot VRFY user")

    def cmd_QUIT(self, rest):
        self.reply(b"221 2.0.0 " + self.t(b"Bye"))
        raise CloseConnection("quit")

    def line_too_long(self):
        try:
            self.reply(b"500 5.5.0 Error: line too long")
        except CloseConnection:
            pass


# --------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Scripted IMAP/POP3/SMTP test server (loopback only).")
    p.add_argument("--protocol", required=True, choices=["imap", "pop3", "smtp"])
    p.add_argument("--tls", required=True, choices=["implicit", "starttls", "none"])
    p.add_argument("--cert", help="server certificate (PEM)")
    p.add_argument("--key", help="server private key (PEM)")
    p.add_argument("--chain", help="PEM file whose other certificates are sent after --cert")
    p.add_argument("--tls-min", choices=["1.0", "1.1", "1.2", "1.3"], help="default 1.2")
    p.add_argument("--tls-max", choices=["1.0", "1.1", "1.2", "1.3"])
    p.add_argument("--user", default="alice@brevduva.test")
    p.add_argument("--password", default="secret")
    p.add_argument("--password-file", help="read the password from this file (first line)")
    p.add_argument("--record", help="JSON-lines file receiving every byte from clients (truncated at start)")
    p.add_argument("--behaviour", "--behavior", dest="behaviour", action="append", nargs="+",
                   default=[], metavar="NAME", help="behaviour knob (repeatable; comma lists ok)")
    p.add_argument("--port-file", help="file to write the port to (atomically)")
    p.add_argument("--listen", default="127.0.0.1", choices=["127.0.0.1", "::1"],
                   help="loopback address to bind (default 127.0.0.1)")
    p.add_argument("--idle-timeout", type=float, default=60.0,
                   help="close a connection after this many idle seconds (default 60)")
    p.add_argument("--endless-seconds", type=float, default=60.0,
                   help="how long endless-multiline streams (default 60)")
    p.add_argument("--no-parent-watch", dest="parent_watch", action="store_false",
                   help="keep running when the parent process exits (default: exit with it)")
    p.add_argument("--verbose", action="store_true", help="log connections to stderr")
    p.add_argument("--list-behaviours", action="store_true", help="print the behaviours and exit")
    if "--list-behaviours" in argv:
        for name, protos in BEHAVIOURS.items():
            print("%-24s %s" % (name, protos))
        sys.exit(0)
    args = p.parse_args(argv)
    names = []
    for group in args.behaviour:
        for item in group:
            names += [n.strip() for n in item.split(",") if n.strip()]
    for n in names:
        if n not in BEHAVIOURS:
            p.error("unknown behaviour %r (see --list-behaviours)" % n)
    args.behaviours = names
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            args.password = f.readline().rstrip("\r\n")
    if args.tls != "none" and not (args.cert and args.key):
        p.error("--cert and --key are required with --tls %s" % args.tls)
    return args


def main(argv):
    args = parse_args(argv)
    server = Server(args)
    signal.signal(signal.SIGTERM, server.shutdown)
    signal.signal(signal.SIGINT, server.shutdown)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    server.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
