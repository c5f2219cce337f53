#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Self-test of make-certs and mailserver.py, driven by Python's imaplib/poplib/smtplib
and by raw sockets for the misbehaviours.  Prints TAP; exit status 0 when all pass.

Usage: mailserver-selftest.py [--keep] [--only TEXT]   (--keep leaves the temporary directory)

TAP, the servers and the SASL clients come from brevduva_test (tests/lib), on PYTHONPATH.
"""

import base64
import hashlib
import imaplib
import itertools
import os
import poplib
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import warnings

import brevduva_test
from brevduva_test import ScramClient, cram_md5

MAKE_CERTS = os.path.join(brevduva_test.SERVERS, "make-certs")
USER = "alice@brevduva.test"
PASSWORD = "c0rrect-h0rse"
HOST = "127.0.0.1"
TIMEOUT = 10

TMP = tempfile.mkdtemp(prefix="brevduva-mailserver-selftest-")
CERTS = os.path.join(TMP, "certs")
servers = []
counter = itertools.count(1)


def start(proto, tls, *behaviours, cert="good", extra=()):
    """A server (brevduva_test.MailServer); its port file must agree with
    the port it announced on stdout."""
    n = next(counter)
    portfile = os.path.join(TMP, "port-%d" % n)
    srv = brevduva_test.MailServer(proto, tls, CERTS, cert=cert, user=USER, password=PASSWORD,
                                   behaviours=behaviours, extra=extra, port_file=portfile,
                                   record=os.path.join(TMP, "record-%d.jsonl" % n),
                                   timeout=TIMEOUT)
    servers.append(srv)
    with open(portfile) as f:
        if int(f.read()) != srv.port:
            raise RuntimeError("port file disagrees with stdout")
    return srv


def stop(srv):
    """SIGTERM; returns the seconds the server took to exit."""
    dt = srv.stop()
    if dt is None:
        raise RuntimeError("server ignored SIGTERM")
    return dt


def client_ctx():
    ctx = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.crt"))
    return ctx


def connect(srv, timeout=TIMEOUT):
    return socket.create_connection((HOST, srv.port), timeout=timeout)


def read_some(s, timeout=TIMEOUT, until=b"\n"):
    s.settimeout(timeout)
    data = b""
    while until not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def assert_in(needle, hay, what=""):
    if needle not in hay:
        raise AssertionError("%r not in %s%r" % (needle, what + ": " if what else "", hay[:500]))


def assert_not_in(needle, hay, what=""):
    if needle in hay:
        raise AssertionError("%r unexpectedly in %s%r" % (needle, what + ": " if what else "", hay[:500]))


def assert_no_secret_in_plain(srv):
    plain = srv.received("plain")
    for secret in (PASSWORD.encode(), base64.b64encode(PASSWORD.encode()),
                   b"AUTHENTICATE", b"LOGIN ", b"AUTH ", b"USER ", b"PASS "):
        assert_not_in(secret, plain, "plain phase")
    return plain


# ------------------------------------------------------------------ tests

def t_make_certs():
    t0 = time.monotonic()
    subprocess.run([MAKE_CERTS, CERTS], check=True, stdout=subprocess.DEVNULL)
    dt = time.monotonic() - t0
    # About 1 s on an idle machine; the limit leaves room for a loaded CI machine.
    if dt > 20:
        raise AssertionError("make-certs took %.2f s" % dt)
    names = ["ca", "other-ca", "good", "self-signed", "unknown-ca", "wrong-host", "expired",
             "not-yet-valid", "sha1", "rsa1024", "int-ca", "leaf", "other-good"]
    for n in names:
        with open(os.path.join(CERTS, n + ".crt")) as f:
            pem = f.read()
        der = ssl.PEM_cert_to_DER_cert(pem)
        with open(os.path.join(CERTS, n + ".sha256")) as f:
            if f.read().strip() != hashlib.sha256(der).hexdigest():
                raise AssertionError("fingerprint of %s" % n)
        if not os.path.exists(os.path.join(CERTS, n + ".key")):
            raise AssertionError("no key for " + n)
    for f in ("incomplete.crt", "complete.crt", "good.chain.crt"):
        if not os.path.exists(os.path.join(CERTS, f)):
            raise AssertionError("missing " + f)
    return "make-certs took %.2f s" % dt


def t_imap_starttls_login():
    srv = start("imap", "starttls")
    m = imaplib.IMAP4(HOST, srv.port, timeout=TIMEOUT)
    if "STARTTLS" not in m.capabilities or "LOGINDISABLED" not in m.capabilities:
        raise AssertionError("pre-TLS caps %r" % (m.capabilities,))
    if any(c.startswith("AUTH=") for c in m.capabilities):
        raise AssertionError("AUTH= before TLS")
    m.starttls(ssl_context=client_ctx())
    if "STARTTLS" in m.capabilities or "AUTH=SCRAM-SHA-256" not in m.capabilities:
        raise AssertionError("post-TLS caps %r" % (m.capabilities,))
    typ, _ = m.login(USER, PASSWORD)
    assert typ == "OK"
    m.noop()
    m.logout()
    stop(srv)
    plain = assert_no_secret_in_plain(srv)
    assert_in(b"STARTTLS", plain)
    assert_in(PASSWORD.encode(), srv.received("tls"), "tls phase")


def t_imap_implicit_scram():
    srv = start("imap", "implicit")
    m = imaplib.IMAP4_SSL(HOST, srv.port, ssl_context=client_ctx(), timeout=TIMEOUT)
    sc = ScramClient("SCRAM-SHA-256", USER, PASSWORD)
    typ, _ = m.authenticate("SCRAM-SHA-256", sc.step)
    assert typ == "OK" and sc.verified
    m.logout()
    stop(srv)
    phases = {r["phase"] for r in srv.records()}
    if phases != {"tls"}:
        raise AssertionError("phases %r" % phases)


def t_imap_implicit_cram_and_wrong():
    srv = start("imap", "implicit")
    m = imaplib.IMAP4_SSL(HOST, srv.port, ssl_context=client_ctx(), timeout=TIMEOUT)
    assert m.login_cram_md5(USER, PASSWORD)[0] == "OK"
    m.logout()
    m = imaplib.IMAP4_SSL(HOST, srv.port, ssl_context=client_ctx(), timeout=TIMEOUT)
    try:
        m.login(USER, "wrong")
        raise AssertionError("wrong password accepted")
    except imaplib.IMAP4.error as e:
        assert_in("[AUTHENTICATIONFAILED] Authentication failed.", str(e))
    m.logout()
    # SASL-IR PLAIN and SCRAM-SHA-1 with a raw TLS socket.
    s = client_ctx().wrap_socket(connect(srv), server_hostname=HOST)
    read_some(s)
    ir = base64.b64encode(b"\0" + USER.encode() + b"\0" + PASSWORD.encode())
    s.sendall(b"a1 AUTHENTICATE PLAIN " + ir + b"\r\n")
    assert_in(b"a1 OK", read_some(s, until=b"a1 "))
    s.close()
    stop(srv)


def t_pop3_starttls_user_pass():
    srv = start("pop3", "starttls")
    p = poplib.POP3(HOST, srv.port, timeout=TIMEOUT)
    caps = p.capa()
    if "STLS" not in caps or "USER" in caps or "SASL" in caps:
        raise AssertionError("pre-TLS CAPA %r" % caps)
    p.stls(context=client_ctx())
    caps = p.capa()
    if "STLS" in caps or "USER" not in caps or "SCRAM-SHA-256" not in caps.get("SASL", []):
        raise AssertionError("post-TLS CAPA %r" % caps)
    p.user(USER)
    assert p.pass_(PASSWORD).startswith(b"+OK")
    assert p.stat() == (0, 0)
    p.quit()
    stop(srv)
    assert_no_secret_in_plain(srv)
    assert_in(b"STLS", srv.received("plain"))
    assert_in(b"PASS " + PASSWORD.encode(), srv.received("tls"))


def pop3_auth(p, mech, client_step, ir=None):
    cmd = "AUTH " + mech + ((" " + base64.b64encode(ir).decode()) if ir is not None else "")
    resp = p._shortcmd(cmd)
    while resp.startswith(b"+ ") or resp == b"+":
        data = base64.b64decode(resp[2:])
        resp = p._shortcmd(base64.b64encode(client_step(data)).decode())
    return resp


def t_pop3_implicit_sasl():
    srv = start("pop3", "implicit")
    p = poplib.POP3_SSL(HOST, srv.port, context=client_ctx(), timeout=TIMEOUT)
    sc = ScramClient("SCRAM-SHA-1", USER, PASSWORD)
    resp = pop3_auth(p, "SCRAM-SHA-1", sc.step, ir=sc.first())
    assert resp.startswith(b"+OK") and sc.verified
    p.quit()
    p = poplib.POP3_SSL(HOST, srv.port, context=client_ctx(), timeout=TIMEOUT)
    resp = pop3_auth(p, "CRAM-MD5", lambda ch: cram_md5(USER, PASSWORD, ch))
    assert resp.startswith(b"+OK")
    p.quit()
    p = poplib.POP3_SSL(HOST, srv.port, context=client_ctx(), timeout=TIMEOUT)
    try:
        pop3_auth(p, "PLAIN", None, ir=b"\0" + USER.encode() + b"\0wrong")
        raise AssertionError("wrong password accepted")
    except poplib.error_proto as e:
        assert_in(b"-ERR [AUTH] Authentication failed.", e.args[0])
    p.quit()
    stop(srv)


def t_smtp_starttls_login():
    srv = start("smtp", "starttls")
    s = smtplib.SMTP(HOST, srv.port, timeout=TIMEOUT)
    s.ehlo("client.test")
    if not s.has_extn("starttls") or s.has_extn("auth"):
        raise AssertionError("pre-TLS EHLO %r" % s.esmtp_features)
    s.starttls(context=client_ctx())
    s.ehlo("client.test")
    if s.has_extn("starttls") or "SCRAM-SHA-256" not in s.esmtp_features.get("auth", ""):
        raise AssertionError("post-TLS EHLO %r" % s.esmtp_features)
    code, _ = s.login(USER, PASSWORD)  # smtplib prefers CRAM-MD5
    assert code == 235
    s.quit()
    stop(srv)
    assert_no_secret_in_plain(srv)
    assert_in(b"STARTTLS", srv.received("plain"))
    assert_in(b"AUTH CRAM-MD5", srv.received("tls"))


def t_smtp_implicit_mechs():
    srv = start("smtp", "implicit")
    for mech in ("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN"):
        s = smtplib.SMTP_SSL(HOST, srv.port, context=client_ctx(), timeout=TIMEOUT)
        s.ehlo("client.test")
        s.user, s.password = USER, PASSWORD
        if mech.startswith("SCRAM"):
            sc = ScramClient(mech, USER, PASSWORD)

            def obj(challenge=None, sc=sc):
                if challenge is None:
                    return sc.first().decode()
                return sc.step(challenge).decode()
            code, _ = s.auth(mech, obj)
            assert code == 235 and sc.verified, mech
        else:
            code, _ = s.auth(mech, getattr(s, "auth_" + mech.lower()))
            assert code == 235, mech
        s.quit()
    s = smtplib.SMTP_SSL(HOST, srv.port, context=client_ctx(), timeout=TIMEOUT)
    s.ehlo("client.test")
    try:
        s.login(USER, "wrong")
        raise AssertionError("wrong password accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535 and b"5.7.8" in e.smtp_error, e
    s.quit()
    stop(srv)


def t_sigterm_prompt():
    srv = start("imap", "starttls")
    s = connect(srv)
    read_some(s)
    dt = stop(srv)
    s.settimeout(2)
    try:
        rest = s.recv(100)
    except ConnectionResetError:
        rest = b""
    s.close()
    if dt > 1.0:
        raise AssertionError("took %.2f s to exit" % dt)
    if rest:
        raise AssertionError("connection still open: %r" % rest)
    return "exited %.3f s after SIGTERM" % dt


def t_inject_after_starttls():
    srv = start("smtp", "starttls", "inject-after-starttls")
    s = connect(srv)
    read_some(s)
    s.sendall(b"EHLO c\r\n")
    read_some(s, until=b"250 ")
    s.sendall(b"STARTTLS\r\n")
    data = read_some(s, until=b"250 injected\r\n")
    assert data == b"220 2.0.0 Ready to start TLS\r\n250 injected\r\n", data
    s.close()
    stop(srv)


def t_starttls_refusals():
    for proto, beh, cmd, expect in [
            ("imap", "refuse-starttls", b"a STARTTLS\r\n", b"a NO "),
            ("imap", "refuse-starttls-502", b"a STARTTLS\r\n", b"a BAD "),
            ("pop3", "refuse-starttls", b"STLS\r\n", b"-ERR"),
            ("smtp", "refuse-starttls", b"STARTTLS\r\n", b"454 "),
            ("smtp", "refuse-starttls-502", b"STARTTLS\r\n", b"502 "),
            ("smtp", "starttls-no-tls", b"STARTTLS\r\n", b"220 2.0.0")]:
        srv = start(proto, "starttls", beh)
        s = connect(srv)
        read_some(s)
        s.sendall(cmd)
        assert_in(expect, read_some(s), "%s %s" % (proto, beh))
        if beh == "starttls-no-tls":
            s.sendall(b"NOOP\r\n")
            assert_in(b"250 ", read_some(s), "plaintext after STARTTLS")
        s.close()
        stop(srv)


def t_strip_and_lie():
    srv = start("imap", "starttls", "strip-starttls")
    m = imaplib.IMAP4(HOST, srv.port, timeout=TIMEOUT)
    assert "STARTTLS" not in m.capabilities, m.capabilities
    m.shutdown()
    stop(srv)
    srv = start("smtp", "starttls", "pretls-capabilities-lie")
    s = smtplib.SMTP(HOST, srv.port, timeout=TIMEOUT)
    s.ehlo("c")
    assert s.esmtp_features.get("auth", "").strip() == "PLAIN LOGIN", s.esmtp_features
    s.starttls(context=client_ctx())
    s.ehlo("c")
    assert s.esmtp_features.get("auth", "").strip() == "SCRAM-SHA-256", s.esmtp_features
    s.user, s.password = USER, PASSWORD
    code, _ = s.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0" + USER.encode() + b"\0" + PASSWORD.encode()).decode())
    assert code == 504, code
    s.quit()
    stop(srv)


def t_greetings():
    cases = [("imap", "bye-greeting", b"* BYE [UNAVAILABLE]"),
             ("smtp", "bye-greeting", b"421 "),
             ("pop3", "bye-greeting", b"-ERR [SYS/TEMP]"),
             ("imap", "preauth", b"* PREAUTH"),
             ("imap", "tagged-greeting", b"A001 OK"),
             ("smtp", "multiline-greeting", b"220-localhost"),
             ("imap", "garbage-greeting", b"\x1b[31m"),
             ("imap", "ansi-in-text", b"\x1b[31m"),
             ("pop3", "invalid-utf8", b"\xff\xfe")]
    for proto, beh, expect in cases:
        srv = start(proto, "starttls", beh)
        s = connect(srv)
        data = read_some(s, until=b"\r\n" if beh != "multiline-greeting" else b"220 ")
        assert_in(expect, data, beh)
        s.close()
        stop(srv)


def t_silent_reset_tls_mixups():
    srv = start("imap", "implicit", "silent")
    s = connect(srv)
    s.settimeout(0.5)
    try:
        d = s.recv(10)
        raise AssertionError("silent server sent %r" % d)
    except socket.timeout:
        pass
    s.close()
    stop(srv)

    # The reset can arrive at any point after the accept, even before
    # connect() has returned on a loaded machine: read until it comes.
    srv = start("pop3", "starttls", "reset-after-greeting")
    data = b""
    try:
        with connect(srv) as s:
            s.settimeout(TIMEOUT)
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    raise AssertionError("clean close, not a reset, after %r" % data)
                data += chunk
    except ConnectionResetError:
        pass
    stop(srv)

    srv = start("imap", "starttls", "tls-on-plaintext")
    s = connect(srv)
    assert s.recv(1) == b"\x16"
    s.close()
    stop(srv)

    srv = start("smtp", "implicit", "plaintext-on-tls")
    s = connect(srv)
    assert_in(b"220 localhost", read_some(s))
    s.close()
    stop(srv)

    srv = start("imap", "implicit", "stall-handshake")
    raw = connect(srv, timeout=1)
    try:
        client_ctx().wrap_socket(raw, server_hostname=HOST)
        raise AssertionError("handshake completed")
    except (socket.timeout, TimeoutError):
        pass
    raw.close()
    stop(srv)
    assert srv.received("plain")[:1] == b"\x16", "ClientHello recorded as plain"


def t_long_and_endless():
    srv = start("imap", "starttls", "long-line")
    s = connect(srv)
    n = 0
    s.settimeout(5)
    while n < 1024 * 1024:
        d = s.recv(65536)
        assert d and b"\n" not in d
        n += len(d)
    s.close()
    stop(srv)
    srv = start("smtp", "starttls", "endless-multiline", extra=["--endless-seconds", "1"])
    s = connect(srv)
    read_some(s)
    s.sendall(b"EHLO c\r\n")
    t0 = time.monotonic()
    data = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        data += d
    dt = time.monotonic() - t0
    assert data.count(b"250-") > 1000 and b"\n250 " not in data, len(data)
    assert 0.8 < dt < 5, dt
    s.close()
    stop(srv)


def t_slow():
    srv = start("pop3", "starttls", "slow")
    s = connect(srv)
    t0 = time.monotonic()
    read_some(s)
    dt = time.monotonic() - t0
    s.close()
    stop(srv)
    assert 1.8 < dt < 4, dt


def t_provider_replies():
    cases = [("imap", "app-password-reply", b"Application-specific password required"),
             ("imap", "webloginrequired", b"Please log in via your web browser"),
             ("imap", "basic-auth-disabled", b"a NO LOGIN failed."),
             ("imap", "yahoo-app-password", b"[AUTHENTICATIONFAILED] LOGIN Invalid credentials"),
             ("imap", "imap-disabled", b"not enabled for IMAP use"),
             ("imap", "unavailable", b"NO [UNAVAILABLE]"),
             ("smtp", "app-password-reply", b"534-5.7.9 Application-specific password required."),
             ("smtp", "webloginrequired", b"534-5.7.14"),
             ("smtp", "basic-auth-disabled", b"535 5.7.139 Authentication unsuccessful, basic authentication is disabled."),
             ("smtp", "yahoo-app-password", b"535 5.7.0 (#AUTH005) Too many bad auth attempts."),
             ("pop3", "basic-auth-disabled", b"-ERR Logon failure: unknown user name or bad password.")]
    for proto, beh, expect in cases:
        srv = start(proto, "implicit", beh)
        s = client_ctx().wrap_socket(connect(srv), server_hostname=HOST)
        read_some(s)
        if proto == "imap":
            s.sendall(b'a LOGIN "%s" "%s"\r\n' % (USER.encode(), PASSWORD.encode()))
            data = read_some(s, until=b"a ")
            data += read_some(s) if not data.endswith(b"\n") else b""
        elif proto == "pop3":
            s.sendall(b"USER %s\r\n" % USER.encode())
            read_some(s)
            s.sendall(b"PASS %s\r\n" % PASSWORD.encode())
            data = read_some(s)
        else:
            s.sendall(b"EHLO c\r\n")
            read_some(s, until=b"250 ")
            ir = base64.b64encode(b"\0" + USER.encode() + b"\0" + PASSWORD.encode())
            s.sendall(b"AUTH PLAIN " + ir + b"\r\n")
            data = b""
            while not any(l[3:4] == b" " for l in data.split(b"\r\n")):
                data += read_some(s)
        assert_in(expect, data, "%s %s" % (proto, beh))
        s.close()
        stop(srv)


def t_imap_untagged_and_tags():
    srv = start("imap", "starttls", "pretls-untagged-junk", "unknown-tag-reply", "alert")
    s = connect(srv)
    g = read_some(s, until=b"FETCH")
    assert_in(b"* LIST", g)
    s.sendall(b"t1 NOOP\r\n")
    data = read_some(s, until=b"t1 ")
    assert_in(b"ZZ99 OK", data)
    s.close()
    stop(srv)


def t_tls_versions():
    srv = start("imap", "implicit", extra=["--tls-min", "1.0", "--tls-max", "1.0"])
    ctx = client_ctx()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    s = ctx.wrap_socket(connect(srv), server_hostname=HOST)
    v = s.version()
    s.close()
    assert v == "TLSv1", v
    try:
        s = client_ctx().wrap_socket(connect(srv), server_hostname=HOST)
        raise AssertionError("a TLS 1.2+ client negotiated %s" % s.version())
    except ssl.SSLError:
        pass
    stop(srv)
    srv = start("pop3", "implicit", extra=["--tls-min", "1.3"])
    s = client_ctx().wrap_socket(connect(srv), server_hostname=HOST)
    assert s.version() == "TLSv1.3"
    s.close()
    stop(srv)
    # weak certificates are served all the same; the chain option sends the intermediate
    for cert, extra in (("sha1", []), ("rsa1024", []),
                        ("leaf", ["--chain", os.path.join(CERTS, "complete.crt")])):
        srv = start("smtp", "implicit", cert=cert, extra=extra)
        ctx = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.crt"))
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        s = ctx.wrap_socket(connect(srv), server_hostname=HOST)
        s.close()
        stop(srv)
    return "TLS 1.0 negotiated when allowed; refused by a 1.2+ client"


def main():
    parser = brevduva_test.argument_parser(__doc__)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    tap = brevduva_test.Tap(args.only)
    t0 = time.monotonic()
    try:
        tap.check("make-certs creates every set", t_make_certs)
        tap.check_parallel([
            ("imap STARTTLS + LOGIN + LOGOUT, nothing secret in plain phase", t_imap_starttls_login),
            ("imap implicit TLS + AUTHENTICATE SCRAM-SHA-256", t_imap_implicit_scram),
            ("imap implicit CRAM-MD5, SASL-IR PLAIN, wrong password", t_imap_implicit_cram_and_wrong),
            ("pop3 STLS + USER/PASS + QUIT", t_pop3_starttls_user_pass),
            ("pop3 implicit AUTH SCRAM-SHA-1 / CRAM-MD5 / wrong PLAIN", t_pop3_implicit_sasl),
            ("smtp STARTTLS + AUTH + QUIT", t_smtp_starttls_login),
            ("smtp implicit SCRAM-SHA-256/SCRAM-SHA-1/PLAIN/LOGIN, wrong password 535", t_smtp_implicit_mechs),
            ("SIGTERM ends the server within 1 s, closing connections", t_sigterm_prompt),
            ("inject-after-starttls sends the injection in the same write", t_inject_after_starttls),
            ("refuse-starttls / refuse-starttls-502 / starttls-no-tls", t_starttls_refusals),
            ("strip-starttls, pretls-capabilities-lie", t_strip_and_lie),
            ("greeting behaviours", t_greetings),
            ("silent, reset-after-greeting, tls-on-plaintext, plaintext-on-tls, stall-handshake", t_silent_reset_tls_mixups),
            ("long-line and endless-multiline", t_long_and_endless),
            ("slow", t_slow),
            ("provider login failure texts", t_provider_replies),
            ("imap pretls-untagged-junk, unknown-tag-reply", t_imap_untagged_and_tags),
            ("TLS versions and weak certificates", t_tls_versions),
        ])
    finally:
        for srv in servers:
            srv.kill()
        if not args.keep:
            shutil.rmtree(TMP, ignore_errors=True)
    tap.comment("%.1f s" % (time.monotonic() - t0))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
