# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the server self-tests: TAP output and a SASL SCRAM client."""

import base64
import hashlib
import hmac
import os
import sys
import traceback


class Tap:
    """Collects results and prints TAP version 12 (plan first, so all tests are
    collected before anything is printed)."""

    def __init__(self):
        self.results = []

    def check(self, name, func, *args):
        try:
            detail = func(*args)
            self.results.append((True, name, detail))
        except Exception as e:  # noqa: any failure is a test failure
            tb = traceback.format_exc()
            self.results.append((False, name, "%s: %s\n%s" % (type(e).__name__, e, tb)))

    def check_parallel(self, checks, workers=4):
        """Run independent (name, func) checks in threads; results keep their order."""
        from concurrent.futures import ThreadPoolExecutor
        sub = []
        with ThreadPoolExecutor(max_workers=workers) as ex:
            futures = []
            for name, func in checks:
                t = Tap()
                sub.append(t)
                futures.append(ex.submit(t.check, name, func))
            for f in futures:
                f.result()
        for t in sub:
            self.results += t.results

    def finish(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, name, detail) in enumerate(self.results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
            if detail and not ok:
                for line in str(detail).rstrip().splitlines():
                    print("# " + line)
            elif detail:
                print("# " + str(detail))
            failed += 0 if ok else 1
        sys.stdout.flush()
        return 1 if failed else 0


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
