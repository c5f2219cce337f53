#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Self-test of real-servers: starts the private Dovecot + Postfix in a temporary directory,
logs in over every port with imaplib/poplib/smtplib (right and wrong password, several SASL
mechanisms), stops them and checks that nothing is left.  Prints TAP.

Skips (TAP "1..0 # SKIP") when not root or when Dovecot/Postfix are not installed.
Usage: real-servers-selftest.py [--keep] [--only TEXT]   (--keep leaves the temporary directory)

TAP and the SASL clients come from brevduva_test (tests/lib), on PYTHONPATH.
"""

import base64
import hashlib
import imaplib
import json
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

REAL_SERVERS = os.path.join(brevduva_test.SERVERS, "real-servers")
USER = "alice@brevduva.test"
PASSWORD = 'c0rrect horse "battery" st\\aple'
HOST = "127.0.0.1"
TIMEOUT = 10


def skip_reason():
    if os.geteuid() != 0:
        return "needs root (Postfix runs only as root)"
    for prog in ("/usr/sbin/dovecot", "/usr/sbin/postfix", "/usr/lib/dovecot/imap",
                 "/usr/lib/dovecot/pop3", "/usr/bin/certtool"):
        if not os.path.exists(prog):
            return "%s is not installed" % prog
    return None


class Ctx:
    dir = None
    ports = None
    start_seconds = None


C = Ctx()


def ctx():
    return ssl.create_default_context(cafile=os.path.join(C.dir, "certs", "ca.crt"))


def t_start():
    t0 = time.monotonic()
    r = subprocess.run([REAL_SERVERS, "start", C.dir], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    C.start_seconds = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError("start failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")))
    with open(os.path.join(C.dir, "ports.json")) as f:
        C.ports = json.load(f)
    if json.loads(r.stdout) != C.ports:
        raise AssertionError("stdout and ports.json differ")
    keys = {"imap", "imaps", "pop3", "pop3s", "submission", "smtps"}
    if set(C.ports) != keys or len(set(C.ports.values())) != 6:
        raise AssertionError("ports %r" % C.ports)
    for k, port in C.ports.items():
        if not (1024 < port < 65536):
            raise AssertionError("%s port %d" % (k, port))
        socket.create_connection((HOST, port), timeout=TIMEOUT).close()
    return "started in %.2f s: %s" % (C.start_seconds, C.ports)


def t_imap_starttls():
    # Dovecot counts a connection whose remote and local addresses are equal (loopback)
    # as "secured": before STARTTLS it offers AUTH= and no LOGINDISABLED here, unlike on a
    # real network.  Its log tells a login inside TLS (", TLS,") from one without.
    m = imaplib.IMAP4(HOST, C.ports["imap"], timeout=TIMEOUT)
    caps = m.capabilities
    if "STARTTLS" not in caps:
        raise AssertionError("pre-TLS capabilities %r" % (caps,))
    m.starttls(ssl_context=ctx())
    if "AUTH=SCRAM-SHA-256" not in m.capabilities or "LOGINDISABLED" in m.capabilities:
        raise AssertionError("post-TLS capabilities %r" % (m.capabilities,))
    assert m.login(USER, PASSWORD)[0] == "OK"
    m.logout()
    with open(os.path.join(C.dir, "dovecot.log")) as f:
        logins = [l for l in f if "imap-login: Info: Login: user=<%s>" % USER in l]
    if not logins or ", TLS," not in logins[-1]:
        raise AssertionError("Dovecot did not log a login inside TLS: %r" % logins)
    m = imaplib.IMAP4(HOST, C.ports["imap"], timeout=TIMEOUT)
    m.starttls(ssl_context=ctx())
    try:
        m.login(USER, "wrong")
        raise AssertionError("wrong password accepted")
    except imaplib.IMAP4.error as e:
        if "AUTHENTICATIONFAILED" not in str(e):
            raise
    m.logout()


def t_imaps_mechanisms():
    for mech in ("SCRAM-SHA-256", "SCRAM-SHA-1"):
        m = imaplib.IMAP4_SSL(HOST, C.ports["imaps"], ssl_context=ctx(), timeout=TIMEOUT)
        sc = ScramClient(mech, USER, PASSWORD)
        assert m.authenticate(mech, sc.step)[0] == "OK"
        assert sc.verified, "server signature not checked"
        m.logout()
    m = imaplib.IMAP4_SSL(HOST, C.ports["imaps"], ssl_context=ctx(), timeout=TIMEOUT)
    assert m.login_cram_md5(USER, PASSWORD)[0] == "OK"
    m.logout()
    m = imaplib.IMAP4_SSL(HOST, C.ports["imaps"], ssl_context=ctx(), timeout=TIMEOUT)
    try:
        m.authenticate("SCRAM-SHA-256", ScramClient("SCRAM-SHA-256", USER, "wrong").step)
        raise AssertionError("wrong password accepted")
    except imaplib.IMAP4.error:
        pass
    m.logout()


def pop3_auth(p, mech, step, ir=None):
    cmd = "AUTH " + mech + ((" " + base64.b64encode(ir).decode()) if ir is not None else "")
    resp = p._shortcmd(cmd)
    while resp.startswith(b"+ ") or resp == b"+":
        resp = p._shortcmd(base64.b64encode(step(base64.b64decode(resp[2:]))).decode())
    return resp


def t_pop3():
    p = poplib.POP3(HOST, C.ports["pop3"], timeout=TIMEOUT)
    caps = p.capa()
    if "STLS" not in caps:
        raise AssertionError("pre-TLS CAPA %r" % caps)
    p.stls(context=ctx())
    p.user(USER)
    assert p.pass_(PASSWORD).startswith(b"+OK")
    p.stat()
    p.quit()
    p = poplib.POP3(HOST, C.ports["pop3"], timeout=TIMEOUT)
    p.stls(context=ctx())
    p.user(USER)
    try:
        p.pass_("wrong")
        raise AssertionError("wrong password accepted")
    except poplib.error_proto as e:
        assert b"-ERR" in e.args[0]
    p.quit()


def t_pop3s():
    p = poplib.POP3_SSL(HOST, C.ports["pop3s"], context=ctx(), timeout=TIMEOUT)
    sc = ScramClient("SCRAM-SHA-256", USER, PASSWORD)
    assert pop3_auth(p, "SCRAM-SHA-256", sc.step, ir=sc.first()).startswith(b"+OK")
    assert sc.verified
    p.quit()
    p = poplib.POP3_SSL(HOST, C.ports["pop3s"], context=ctx(), timeout=TIMEOUT)
    assert pop3_auth(p, "CRAM-MD5", lambda ch: cram_md5(USER, PASSWORD, ch)).startswith(b"+OK")
    p.quit()


def t_submission():
    s = smtplib.SMTP(HOST, C.ports["submission"], timeout=TIMEOUT)
    s.ehlo("client.brevduva.test")
    if not s.has_extn("starttls") or s.has_extn("auth"):
        raise AssertionError("pre-TLS EHLO %r" % s.esmtp_features)
    code, _ = s.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0x\0y").decode())
    if code // 100 != 5:
        raise AssertionError("AUTH before STARTTLS got %d" % code)
    s.starttls(context=ctx())
    s.ehlo("client.brevduva.test")
    auth = s.esmtp_features.get("auth", "")
    for mech in ("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"):
        if mech not in auth.split():
            raise AssertionError("%s missing in AUTH %r" % (mech, auth))
    assert s.login(USER, PASSWORD)[0] == 235
    s.quit()
    s = smtplib.SMTP(HOST, C.ports["submission"], timeout=TIMEOUT)
    s.starttls(context=ctx())
    s.ehlo("client.brevduva.test")
    try:
        s.login(USER, "wrong")
        raise AssertionError("wrong password accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535, e
    s.quit()


def t_smtps():
    s = smtplib.SMTP_SSL(HOST, C.ports["smtps"], context=ctx(), timeout=TIMEOUT)
    s.ehlo("client.brevduva.test")
    sc = ScramClient("SCRAM-SHA-256", USER, PASSWORD)
    code, _ = s.auth("SCRAM-SHA-256",
                     lambda ch=None: (sc.first() if ch is None else sc.step(ch)).decode())
    assert code == 235 and sc.verified
    s.quit()
    s = smtplib.SMTP_SSL(HOST, C.ports["smtps"], context=ctx(), timeout=TIMEOUT)
    s.ehlo("client.brevduva.test")
    s.user, s.password = USER, PASSWORD
    assert s.auth("PLAIN", s.auth_plain)[0] == 235
    s.quit()


def t_tls_policy():
    with open(os.path.join(C.dir, "certs", "good.sha256")) as f:
        want = f.read().strip()
    for name in ("imaps", "pop3s", "smtps"):
        s = ctx().wrap_socket(socket.create_connection((HOST, C.ports[name]), timeout=TIMEOUT),
                              server_hostname="localhost")
        got = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()
        v = s.version()
        s.close()
        if got != want:
            raise AssertionError("%s serves another certificate" % name)
        if v not in ("TLSv1.2", "TLSv1.3"):
            raise AssertionError("%s negotiated %s" % (name, v))
        old = ctx()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            old.minimum_version = ssl.TLSVersion.TLSv1
            old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.set_ciphers("DEFAULT:@SECLEVEL=0")
        try:
            s = old.wrap_socket(socket.create_connection((HOST, C.ports[name]), timeout=TIMEOUT),
                                server_hostname="localhost")
            raise AssertionError("%s accepted %s" % (name, s.version()))
        except (ssl.SSLError, ConnectionResetError):
            pass


def t_options():
    """--cert/--key and --listen ADDR=CERT,KEY choose the certificate; bad options exit 2."""
    certs = os.path.join(C.dir, "certs")
    for bad in (["--listen", "not-an-address"], ["--cert", os.path.join(certs, "good.crt")],
                ["--listen", "127.0.0.1=only-one-file"], ["--frobnicate"]):
        r = subprocess.run([REAL_SERVERS, "start", C.dir] + bad, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if r.returncode != 2:
            raise AssertionError("start %s: exit %d, not 2" % (bad, r.returncode))
    d = tempfile.mkdtemp(prefix="brevduva-real-servers-opt-")
    try:
        with open(os.path.join(d, "password"), "w") as f:
            f.write(PASSWORD + "\n")
        with open(os.path.join(d, "user"), "w") as f:
            f.write(USER + "\nbob@brevduva.test\n")
        other = os.path.join(certs, "other-good")
        r = subprocess.run([REAL_SERVERS, "start", d, "--listen",
                            "127.0.0.1=%s.crt,%s.key" % (other, other)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        if r.returncode != 0:
            raise RuntimeError("start failed: %s" % r.stderr.decode(errors="replace"))
        ports = json.loads(r.stdout)
        with open(other + ".sha256") as f:
            want = f.read().strip()
        for name in ("imaps", "pop3s", "smtps"):
            s = ctx().wrap_socket(socket.create_connection((HOST, ports[name]), timeout=TIMEOUT),
                                  server_hostname="localhost")
            got = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()
            s.close()
            if got != want:
                raise AssertionError("%s does not serve other-good" % name)
        m = imaplib.IMAP4_SSL(HOST, ports["imaps"], ssl_context=ctx(), timeout=TIMEOUT)
        assert m.login("bob@brevduva.test", PASSWORD)[0] == "OK", "second user"
        m.logout()
    finally:
        subprocess.run([REAL_SERVERS, "stop", d], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(d, ignore_errors=True)


def pids_of(d):
    """Live (non-zombie) processes whose command line or MAIL_CONFIG mentions d, and their children."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
            with open("/proc/%s/cmdline" % name, "rb") as f:
                cmd = f.read()
            with open("/proc/%s/environ" % name, "rb") as f:
                env = f.read()
        except OSError:
            continue
        if d.encode() in cmd or d.encode() in env:
            out.append(int(name))
    return out


def t_stop():
    before = pids_of(C.dir)
    if not before:
        raise AssertionError("no server processes found before stop")
    t0 = time.monotonic()
    r = subprocess.run([REAL_SERVERS, "stop", C.dir], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError("stop failed: %s" % r.stderr.decode(errors="replace"))
    left = [p for p in before if os.path.exists("/proc/%d" % p) and p in pids_of(C.dir)]
    if left or pids_of(C.dir):
        raise AssertionError("still running: %r" % (left or pids_of(C.dir)))
    for k, port in C.ports.items():
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            raise AssertionError("%s port still open" % k)
        except ConnectionRefusedError:
            pass
    r = subprocess.run([REAL_SERVERS, "stop", C.dir], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 0:
        raise AssertionError("a second stop failed")
    return "stopped %d processes in %.2f s" % (len(before), dt)


def main():
    parser = brevduva_test.argument_parser(__doc__)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    tap = brevduva_test.Tap(args.only)
    reason = skip_reason()
    if reason:
        return tap.skip_all(reason)
    C.dir = tempfile.mkdtemp(prefix="brevduva-real-servers-")
    with open(os.path.join(C.dir, "password"), "w") as f:
        f.write(PASSWORD + "\n")
    t0 = time.monotonic()
    try:
        tap.check("real-servers start: six ports listening", t_start)
        if C.ports:
            tap.check("IMAP 143 STARTTLS, LOGIN right and wrong", t_imap_starttls)
            tap.check("IMAPS SCRAM-SHA-256/SCRAM-SHA-1/CRAM-MD5, wrong SCRAM", t_imaps_mechanisms)
            tap.check("POP3 110 STLS, USER/PASS right and wrong", t_pop3)
            tap.check("POP3S AUTH SCRAM-SHA-256 and CRAM-MD5", t_pop3s)
            tap.check("submission STARTTLS, AUTH only after TLS, right and wrong", t_submission)
            tap.check("smtps AUTH SCRAM-SHA-256 and PLAIN", t_smtps)
            tap.check("certificate is good.crt, TLS >= 1.2, TLS 1.0/1.1 refused", t_tls_policy)
            tap.check("--listen ADDR=CERT,KEY serves that certificate; two users; bad options "
                      "exit 2", t_options)
        tap.check("real-servers stop leaves nothing running", t_stop)
    finally:
        subprocess.run([REAL_SERVERS, "stop", C.dir], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        if args.keep:
            sys.stderr.write("kept %s\n" % C.dir)
        else:
            shutil.rmtree(C.dir, ignore_errors=True)
    tap.comment("%.1f s" % (time.monotonic() - t0))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
