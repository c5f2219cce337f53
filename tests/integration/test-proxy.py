#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mail connections through the desktop's SOCKS proxy (issue 13 §4).

tests/servers/real-servers starts a private Dovecot and Postfix on loopback;
the test starts a real SOCKS server, Dante (danted), on loopback with its
own configuration, whose connections to the servers leave from 127.0.0.2.
brevduva-cli gets the desktop's proxy setting as GNOME keeps it
(org.gnome.system.proxy, mode 'manual', a SOCKS host), through GSettings'
keyfile backend in a private XDG_CONFIG_HOME and GNOME's proxy resolver
(XDG_CURRENT_DESKTOP=GNOME), which is how GIO's default GProxyResolver
answers on a GNOME desktop.

The servers are named mail.proxy-only.test, a name only the proxy can look
up: danted runs in a mount namespace of its own whose /etc/hosts has it,
and brevduva-cli in one whose /etc/hosts lacks it and whose resolver is
nowhere. So a probe that succeeds shows that the name went to the proxy
and was never looked up by Brevduva (no DNS leak).

  * working: IMAP (implicit TLS and STARTTLS), POP3 and SMTP submission
    through the proxy log in; Dovecot and Postfix log the client as
    127.0.0.2 (the proxy), and the proxy logs the connection; IMAPS through
    an HTTP proxy too (tinyproxy, CONNECT; GNOME's HTTP proxy setting),
    with implicit TLS and with STARTTLS;
  * refused: a danted rule blocks one port, tinyproxy allows CONNECT to
    the IMAP ports only; the probe fails with the proxy's refusal, named as the
    proxy's in --json and the human output;
  * unreachable: the setting names a port where nothing listens; named as
    the proxy's too;
  * authentication: a second danted wants a user name and password (SOCKS5
    method 2), which the setting has none of: named as the proxy's.

Needs root (real-servers, danted, unshare); reports itself skipped (TAP)
without it.

    test-proxy.py [--cli BREVDUVA-CLI] [--only TEXT]
"""

import grp
import os
import pwd
import signal
import socket
import subprocess
import sys
import time

from brevduva_test import (TESTED_CLI, USER, Dante, RealServers, Registry, free_port,
                           issue_certificate, make_certs, run_cli, run_with_real_servers)

PASSWORD = "Proxy-lösen-13"
HOSTNAME = "mail.proxy-only.test"
PROXY_SOURCE = "127.0.0.2"      # where danted's connections to the servers come from
PROBE_TIMEOUT = 60              # seconds until brevduva-cli counts as hung
START_TIMEOUT = 30
LOG_WAIT = 15

case = Registry()
world = None


class World:
    """The servers, the proxy and the environment brevduva-cli runs in."""

    def __init__(self, directory, cli):
        self.dir = directory
        self.cli = cli
        self.servers = RealServers(directory)
        self.danted = []            # the Dantes, and tinyproxy's process
        self.proxy_port = None
        self.auth_port = None
        self.http_port = None

    def start(self):
        certs = os.path.join(self.dir, "certs")
        make_certs(certs)
        crt, key, _ = issue_certificate(certs, "proxy-only", [HOSTNAME],
                                        os.path.join(certs, "ca.crt"),
                                        os.path.join(certs, "ca.key"))
        why = self.servers.start(PASSWORD, listen=["127.0.0.1=%s,%s" % (crt, key)])
        if why is not None:
            return why
        self._write_hosts()
        self.proxy_port = self._start_danted("danted", "none")
        self.auth_port = self._start_danted("danted-auth", "username")
        self.http_port = self._start_tinyproxy()
        return None

    def _write_hosts(self):
        with open(os.path.join(self.dir, "proxy-hosts"), "w") as f:
            f.write("127.0.0.1 localhost\n127.0.0.1 %s\n" % HOSTNAME)
        with open(os.path.join(self.dir, "client-hosts"), "w") as f:
            f.write("127.0.0.1 localhost\n")
        # A resolver nowhere: any lookup Brevduva made itself would fail.
        with open(os.path.join(self.dir, "client-resolv.conf"), "w") as f:
            f.write("nameserver 127.0.0.9\noptions timeout:1 attempts:1\n")

    def _start_danted(self, name, method):
        """A danted in a mount namespace whose /etc/hosts has HOSTNAME,
        asking its clients for `method`, refusing the POP3S port; returns
        its port."""
        dante = Dante(self.dir, name, method, blocked_ports=[self.servers.ports["pop3s"]],
                      external=PROXY_SOURCE, hosts=os.path.join(self.dir, "proxy-hosts"))
        self.danted.append(dante)
        return dante.port

    def _start_tinyproxy(self):
        """An HTTP proxy (tinyproxy) in the same kind of mount namespace,
        allowing CONNECT to the IMAP ports only."""
        port = free_port()
        log = self.log_path("tinyproxy")
        conf = os.path.join(self.dir, "tinyproxy.conf")
        nobody = pwd.getpwnam("nobody")
        open(log, "w").close()
        os.chown(log, nobody.pw_uid, nobody.pw_gid)
        with open(conf, "w") as f:
            f.write("User nobody\nGroup %s\n" % grp.getgrgid(nobody.pw_gid).gr_name)
            f.write("Port %d\nListen 127.0.0.1\nBind %s\n" % (port, PROXY_SOURCE))
            f.write('Timeout 60\nLogFile "%s"\nLogLevel Connect\nMaxClients 20\n' % log)
            f.write("Allow 127.0.0.1\nConnectPort %d\nConnectPort %d\n"
                    % (self.servers.ports["imaps"], self.servers.ports["imap"]))
        script = "mount --bind %s /etc/hosts && exec tinyproxy -d -c %s" % (
            os.path.join(self.dir, "proxy-hosts"), conf)
        with open(os.path.join(self.dir, "tinyproxy.err"), "w") as err:
            proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private",
                                     "sh", "-c", script],
                                    stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        self.danted.append(proc)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return port
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("tinyproxy did not start: %s" % self.log("tinyproxy"))
            time.sleep(0.05)

    def log_path(self, name="danted"):
        return os.path.join(self.dir, name + ".log")

    def log(self, name="danted"):
        try:
            with open(self.log_path(name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def settings(self, port, kind):
        """An XDG_CONFIG_HOME whose GSettings (keyfile backend) say: the
        `kind` ("socks" or "http") proxy 127.0.0.1:`port`, for every host."""
        home = os.path.join(self.dir, "config-%s-%d" % (kind, port))
        os.makedirs(os.path.join(home, "glib-2.0", "settings"), exist_ok=True)
        with open(os.path.join(home, "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write("[system/proxy]\nmode='manual'\nignore-hosts=@as []\n\n"
                    "[system/proxy/%s]\nhost='127.0.0.1'\nport=%d\n" % (kind, port))
        return home

    def probe(self, url, proxy_port, json=True, password=PASSWORD, kind="socks"):
        """brevduva-cli test URL (or every URL of a list), with the desktop's
        proxy at `proxy_port`, in a mount namespace that cannot look up
        HOSTNAME."""
        env = ("env XDG_CURRENT_DESKTOP=GNOME GIO_USE_PROXY_RESOLVER=gnome "
               "GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=%s" % self.settings(proxy_port, kind))
        urls = [url] if isinstance(url, str) else list(url)
        argv = [self.cli, "test"] + urls + ["--timeout=10",
                "--ca-file", os.path.join(self.dir, "certs", "ca.crt")]
        if json:
            argv.append("--json")
        if password is not None:
            argv += ["--user=" + USER, "--password-stdin"]
        script = ("mount --bind %s /etc/hosts && mount --bind %s /etc/resolv.conf && exec %s "
                  '"$@"' % (os.path.join(self.dir, "client-hosts"),
                            os.path.join(self.dir, "client-resolv.conf"), env))
        wrap = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
        return run_cli(argv, input=password + "\n" if password is not None else None,
                       timeout=PROBE_TIMEOUT, wrap=wrap)

    def stop(self):
        for proxy in self.danted:
            if isinstance(proxy, Dante):
                proxy.stop()
                continue
            if proxy.poll() is not None:
                continue
            # sh exec'd tinyproxy: this PID is its main process.
            proxy.send_signal(signal.SIGTERM)
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
        self.servers.stop()


def result_of(c, run):
    c.runs.append(run)
    if not c.check(run.json is not None, "no JSON on stdout (%s)" % run.json_error):
        return {}
    return run.json["results"][0]


def server_lines(log, before):
    return world.servers.log(log).splitlines()[before:]


def wait_for(what, get, c):
    deadline = time.monotonic() + LOG_WAIT
    while True:
        text = get()
        if what in text:
            return True
        if time.monotonic() > deadline:
            return c.check(False, "“%s” did not appear within %d s in: %s"
                           % (what, LOG_WAIT, text[-2000:]))
        time.sleep(0.05)


def add_working_case(service, scheme, log, source_mark, kind="socks"):
    @case("working: %s through the %s proxy logs in, from the proxy's address" % (scheme, kind))
    def _(c):
        before = len(world.servers.log(log).splitlines())
        port = world.proxy_port if kind == "socks" else world.http_port
        run = world.probe("%s://%s:%d" % (scheme, HOSTNAME, world.servers.ports[service]),
                          port, kind=kind)
        result = result_of(c, run)
        c.eq(result.get("error"), None, "error")
        c.eq(result.get("login"), "ok", "login")
        wait_for(source_mark, lambda: "\n".join(server_lines(log, before)), c)
        for line in server_lines(log, before):
            c.check("127.0.0.1]" not in line and "rip=127.0.0.1," not in line,
                    "%s saw the client directly: %s" % (log, line))
        proxy_log = world.log() if kind == "socks" else world.log("tinyproxy")
        c.check(HOSTNAME in proxy_log or str(world.servers.ports[service]) in proxy_log,
                "the proxy logged no connection to the server")


add_working_case("imaps", "imaps", "dovecot.log", "rip=%s" % PROXY_SOURCE)
add_working_case("imap", "imap", "dovecot.log", "rip=%s" % PROXY_SOURCE)
add_working_case("pop3", "pop3", "dovecot.log", "rip=%s" % PROXY_SOURCE)
add_working_case("submission", "smtp", "postfix.log", "[%s]" % PROXY_SOURCE)
add_working_case("imaps", "imaps", "dovecot.log", "rip=%s" % PROXY_SOURCE, kind="http")
# The server speaks first here: a byte of its greeting swallowed with the
# proxy's answer would show.
add_working_case("imap", "imap", "dovecot.log", "rip=%s" % PROXY_SOURCE, kind="http")


def check_named_as_proxy(c, url, port, code, kind="socks"):
    result = result_of(c, world.probe(url, port, kind=kind))
    error = result.get("error") or {}
    c.eq(error.get("code"), code, "error code")
    c.check("proxy" in (error.get("message") or ""),
            "the message does not name the proxy: %r" % error.get("message"))
    c.check("127.0.0.1:%d" % port in (error.get("message") or ""),
            "the message does not say which proxy: %r" % error.get("message"))
    human = world.probe(url, port, json=False, kind=kind)
    c.runs.append(human)
    c.check(human.rc not in (0, "killed (hung)"), "exit %s" % human.rc)
    c.check("127.0.0.1:%d" % port in human.stdout + human.stderr,
            "the human output does not name the proxy: %s" % (human.stdout + human.stderr))


@case("refused: a destination the proxy's rules block is the proxy's refusal")
def _(c):
    url = "pop3s://%s:%d" % (HOSTNAME, world.servers.ports["pop3s"])
    check_named_as_proxy(c, url, world.proxy_port, "proxy-refused")
    c.check("blocked" in world.log(), "danted logged no blocked request")


@case("refused: an HTTP proxy that refuses CONNECT to the port is the proxy's refusal")
def _(c):
    url = "smtps://%s:%d" % (HOSTNAME, world.servers.ports["smtps"])
    check_named_as_proxy(c, url, world.http_port, "proxy-refused", kind="http")


@case("unreachable: nothing listening at the proxy's address is the proxy's failure")
def _(c):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    url = "imaps://%s:%d" % (HOSTNAME, world.servers.ports["imaps"])
    check_named_as_proxy(c, url, closed, "proxy-unreachable")


def check_said_once(c, port, code, words):
    """Every server through one broken proxy: the proxy's failure is said
    once, first, and each server is only "not tried" for it; --json keeps
    every server's error and adds the shared cause."""
    urls = ["%s://%s:%d" % (scheme, HOSTNAME, world.servers.ports[service])
            for scheme, service in (("imaps", "imaps"), ("pop3s", "pop3s"),
                                    ("smtps", "smtps"))]
    run = world.probe(urls, port)
    c.runs.append(run)
    if not c.check(run.json is not None, "no JSON on stdout (%s)" % run.json_error):
        return
    cause = run.json.get("cause") or {}
    c.eq(cause.get("code"), code, "cause.code")
    c.check("127.0.0.1:%d" % port in (cause.get("message") or ""),
            "the cause does not say which proxy: %r" % cause.get("message"))
    c.check(cause.get("advice"), "the cause has no advice")
    results = run.json.get("results") or []
    c.eq(len(results), len(urls), "results")
    for result in results:
        error = result.get("error") or {}
        c.eq(error.get("code"), code, "%s: error code" % result.get("url"))
        c.check(error.get("message"), "%s: no message" % result.get("url"))
    human = world.probe(urls, port, json=False)
    c.runs.append(human)
    c.check(human.rc not in (0, "killed (hung)"), "exit %s" % human.rc)
    lines = human.stdout.splitlines()
    c.check(lines and "127.0.0.1:%d" % port in lines[0],
            "the first line does not name the proxy: %r" % lines[:2])
    c.eq(human.stdout.count("127.0.0.1:%d" % port), 1, "times the proxy is named")
    c.eq(human.stdout.count(words), len(urls), "servers that say “%s”" % words)


@case("unreachable: every server through a proxy that cannot be reached: said once")
def _(c):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    check_said_once(c, closed, "proxy-unreachable", "Not tried: the proxy cannot be reached.")


@case("authentication: every server through a proxy that wants a sign-in: said once")
def _(c):
    check_said_once(c, world.auth_port, "proxy-auth-failed",
                    "Not tried: the proxy wants a user name and password.")


@case("authentication: a proxy that wants a user name and password is named as such")
def _(c):
    url = "imaps://%s:%d" % (HOSTNAME, world.servers.ports["imaps"])
    check_named_as_proxy(c, url, world.auth_port, "proxy-auth-failed")


def main():
    def ready(args, started):
        global world
        world = started

    tools = [(program, "%s is missing: build-aux/install-deps installs %s" % (program, package))
             for program, package in (("danted", "dante-server"), ("tinyproxy", "tinyproxy-bin"))]
    return run_with_real_servers(__doc__, case, TESTED_CLI, "bd-proxy-",
                                 servers=lambda directory, args: World(directory,
                                                                       os.path.abspath(args.cli)),
                                 ready=ready, tools=tools,
                                 root_why="real-servers, danted and unshare need root")


if __name__ == "__main__":
    sys.exit(main())
