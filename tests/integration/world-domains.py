# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
# The domain check's catalogue in the detection world (issue 14, part 5).
#
# Run by tests/integration/world (BD_WORLD_EXTRA) with the world's globals,
# before the world is built: it adds DNS records and web documents for the
# domains of tests/integration/test-domain.py, each with one mistake an
# administrator makes (and clean.test with none). Their mail servers are
# started by the test: the real Dovecot and Postfix on 127.0.0.30 (the
# world's "mail-good" address, as for test-check.py) and small greeters of
# the test's own on 127.0.0.41 and 127.0.0.42.
# pylint: disable=undefined-variable

DOMAIN_WEB = "127.0.0.40"       # every catalogue domain's HTTPS and HTTP
DOMAIN_GSSAPI = "127.0.0.41"    # the test's IMAP greeter offering only GSSAPI
DOMAIN_AUTHPLAIN = "127.0.0.42" # the test's SMTP greeter offering AUTH before STARTTLS
REPUBLISH_DNS = "127.0.0.53"    # the test's own dnsmasq, for republish.test

IP["domain-web"] = DOMAIN_WEB
IP["domain-gssapi"] = DOMAIN_GSSAPI
IP["domain-authplain"] = DOMAIN_AUTHPLAIN
IP["republish-dns"] = REPUBLISH_DNS

_AC = "/mail/config-v1.1.xml"
_WK = "/.well-known/autoconfig/mail/config-v1.1.xml"

# Mail hosts: the real servers' address, whose certificate the test issues
# for these names too; and the greeters.
DOMAIN_MAIL_NAMES = ("imap.clean.test", "smtp.clean.test")
HOSTS += [(n, IP["mail-good"]) for n in DOMAIN_MAIL_NAMES]
HOSTS += [("imap.gssapi.test", DOMAIN_GSSAPI), ("smtp.authplain.test", DOMAIN_AUTHPLAIN)]

_REAL_IN = [("imap", "imap.real.test", 993, "SSL")]
_REAL_OUT = [("smtp", "smtp.real.test", 465, "SSL")]
# Implicit TLS only (RFC 8314). The STARTTLS ports would be right too, but
# Dovecot offers AUTH before STARTTLS to a client on its own address (it
# counts that as secured), which is every client in this world.
_CLEAN_IN = [("imap", "imap.clean.test", 993, "SSL")]
_CLEAN_OUT = [("smtp", "smtp.clean.test", 465, "SSL")]


def _doc(domain, incoming=_REAL_IN, outgoing=_REAL_OUT, edit=None):
    text = mail_config(domain, incoming, outgoing)
    return (edit(text) if edit else text).encode()


# domain -> {(scheme, host, path): (status, body, content type, headers)}
_WEB = {}
# (domain, certificate names it): names whose HTTPS the world's certificate covers
_TLS = []


def _serve(domain, body, well_known=True, autoconfig=True, scheme="https",
           ctype="application/xml; charset=utf-8", status=200, headers=None):
    if autoconfig:
        _WEB[(scheme, "autoconfig." + domain, _AC)] = (status, body, ctype, headers or {})
        _TLS.append("autoconfig." + domain)
    if well_known:
        _WEB[(scheme, domain, _WK)] = (status, body, ctype, headers or {})
        _TLS.append(domain)


def _srv(domain, service, target, port, prio=0, weight=1):
    SRV.append(("_%s._tcp.%s" % (service, domain), target, port, prio, weight))


# clean.test: everything right, everywhere.
_serve("clean.test", _doc("clean.test", _CLEAN_IN, _CLEAN_OUT))
_srv("clean.test", "imaps", "imap.clean.test", 993)
_srv("clean.test", "submissions", "smtp.clean.test", 465)
for _s in ("imap", "pop3s", "pop3", "submission"):
    SRV.append(("_%s._tcp.clean.test" % _s, None, 0, 0, 0))
MX.append(("clean.test", "mx.clean.test", 10))
HOSTS.append(("mx.clean.test", IP["mail-good"]))
RAW.append(("_mta-sts.clean.test", 16, (lambda t: "%02x" % len(t) + t.encode().hex())(
    "v=STSv1; id=20260101")))

# hosted-cert.test: autoconfig.<customer> points at a web host whose
# certificate does not name it.
_WEB[("https", "autoconfig.hosted-cert.test", _AC)] = (200, _doc("hosted-cert.test"),
                                                       "application/xml", {})
# no-wellknown.test: autoconfig, and no .well-known alias.
_serve("no-wellknown.test", _doc("no-wellknown.test"), well_known=False)
# submission465.test: port 465 under _submission (RFC 8314).
_srv("submission465.test", "imaps", "imap.real.test", 993)
_srv("submission465.test", "submission", "smtp.real.test", 465)
# srv-port.test: 143 under _imaps.
_srv("srv-port.test", "imaps", "imap.real.test", 143)
_srv("srv-port.test", "submissions", "smtp.real.test", 465)
# smtp-is-imap.test: the SMTP name is really the IMAP host.
_serve("smtp-is-imap.test", _doc("smtp-is-imap.test",
                                 outgoing=[("smtp", "imap.real.test", 993, "SSL")]))
# global-pref.test: useGlobalPreferredServer=true.
_serve("global-pref.test", _doc("global-pref.test", edit=lambda t: t.replace(
    "</outgoingServer>", "  <useGlobalPreferredServer>true</useGlobalPreferredServer>\n"
    "    </outgoingServer>")))
# gssapi.test: a server that offers only GSSAPI.
_serve("gssapi.test", _doc("gssapi.test", incoming=[("imap", "imap.gssapi.test", 993, "SSL")]))
# authplain.test: AUTH offered before STARTTLS.
_serve("authplain.test", _doc("authplain.test",
                              outgoing=[("smtp", "smtp.authplain.test", 587, "STARTTLS")]))
# encrypted-promise.test: "password-encrypted" where only PLAIN and LOGIN are offered.
_serve("encrypted-promise.test", _doc(
    "encrypted-promise.test", outgoing=[("smtp", "smtp.authplain.test", 587, "STARTTLS")],
    edit=lambda t: t.replace("password-cleartext</authentication>\n    </outgoingServer>",
                             "password-encrypted</authentication>\n    </outgoingServer>")))
# firewall.test: a server name that accepts and never answers.
_serve("firewall.test", _doc("firewall.test", incoming=[("imap", "imap.silent.test", 993, "SSL")]))
# content-type.test: served as text/plain.
_serve("content-type.test", _doc("content-type.test"), ctype="text/plain")
# redirect-foreign.test: a redirect to another domain's document.
_serve("redirect-foreign.test", b"", status=301,
       headers={"Location": "https://autoconfig.clean.test" + _AC})
# placeholder.test: a misspelt placeholder.
_serve("placeholder.test", _doc("placeholder.test", edit=lambda t: t.replace(
    "%EMAILADDRESS%", "%EMAILADRESS%", 1)))
# fixed-username.test: one username for everyone.
_serve("fixed-username.test", _doc("fixed-username.test", edit=lambda t: t.replace(
    "%EMAILADDRESS%", "admin")))
# starttls-only.test: no implicit TLS (RFC 8314 prefers it).
_serve("starttls-only.test", _doc("starttls-only.test",
                                  incoming=[("imap", "imap.real.test", 143, "STARTTLS")],
                                  outgoing=[("smtp", "smtp.real.test", 587, "STARTTLS")]))
# disagree.test: autoconfig and SRV name different servers.
_serve("disagree.test", _doc("disagree.test"))
_srv("disagree.test", "imaps", "pop3.real.test", 993)
_srv("disagree.test", "submissions", "smtp.real.test", 465)
# doc-http.test: the documentation linked over plain http://.
_serve("doc-http.test", _doc("doc-http.test", edit=lambda t: t.replace(
    "  </emailProvider>", '    <documentation url="http://doc-http.test/mail">\n'
    '      <descr lang="en">Settings</descr>\n    </documentation>\n  </emailProvider>')))
# ispdb-disagree.test: the ISPDB names other servers than the domain's file.
_serve("ispdb-disagree.test", _doc("ispdb-disagree.test"))
# no-resolve.test: a server name that does not exist.
_serve("no-resolve.test", _doc("no-resolve.test",
                               incoming=[("imap", "imap.no-resolve.test", 993, "SSL")]))
# closed-port.test: a port nobody listens on.
_serve("closed-port.test", _doc("closed-port.test",
                                outgoing=[("smtp", "smtps.blocked.test", 465, "SSL")]))
# wrongname-mail.test: the mail server's certificate does not name it.
_serve("wrongname-mail.test", _doc("wrongname-mail.test",
                                   incoming=[("imap", "imap.wrongname.test", 993, "SSL")]))
# hang.test: the autoconfig host accepts and never answers.
HOSTS.append(("autoconfig.hang.test", IP["silent"]))
_srv("hang.test", "imaps", "imap.real.test", 993)
_srv("hang.test", "submissions", "smtp.real.test", 465)
# http-only-mail.test: the document over plain HTTP only.
_serve("http-only-mail.test", _doc("http-only-mail.test"), scheme="http")
# bad-xml.test: not well-formed.
_serve("bad-xml.test", b'<?xml version="1.0"?>\n<clientConfig version="1.1">\n<emailProvider')
# nothing.test: publishes nothing at all (a name with only an address).
HOSTS.append(("nothing.test", DOMAIN_WEB))
_TLS.append("nothing.test")

# per-address.test: autoconfig answers only for a real mailbox (alice's),
# 404 for the address that does not exist; the .well-known alias is fine.
_serve("per-address.test", _doc("per-address.test"), autoconfig=False)
_TLS.append("autoconfig.per-address.test")
HOSTS.append(("autoconfig.per-address.test", DOMAIN_WEB))

# republish-ac.test: serves, at request time, the config-v1.1.xml the test
# generated (BD_WORLD_DIR/republish.xml); republish.test's SRV records are
# the test's own dnsmasq's, loaded from the generated zone lines.
_TLS.append("autoconfig.republish-ac.test")
HOSTS.append(("autoconfig.republish-ac.test", DOMAIN_WEB))
EXTRA_DNSMASQ.append("server=/republish.test/%s" % REPUBLISH_DNS)

for (_scheme, _host, _path) in _WEB:
    if _host not in dict(HOSTS):
        HOSTS.append((_host, DOMAIN_WEB))
TLS_NAMES = sorted(set(TLS_NAMES) | set(_TLS))


def _domain_routes(world):
    ispdb_dir = os.path.join(world.dir, "ispdb")
    with open(os.path.join(ispdb_dir, "ispdb-disagree.test"), "w") as f:
        f.write(mail_config("ispdb-disagree.test", [("imap", "pop3.real.test", 993, "SSL")],
                            _REAL_OUT))
    table = {}
    hosts = {}
    for (scheme, host, path), answer in _WEB.items():
        hosts.setdefault((scheme, host), {})[path] = answer

    def handler_for(paths):
        def handler(path, query):
            if path not in paths:
                return NOT_FOUND
            status, body, ctype, headers = paths[path]
            return Response(status, body, ctype, headers)
        return handler

    for key, paths in hosts.items():
        table[key] = handler_for(paths)

    def republished(path, query):
        try:
            with open(os.path.join(world.dir, "republish.xml"), "rb") as f:
                body = f.read()
        except OSError:
            return NOT_FOUND
        return Response(body=body) if path == _AC else NOT_FOUND

    table[("https", "autoconfig.republish-ac.test")] = republished

    def per_address(path, query):
        asked = urllib.parse.parse_qs(query or "").get("emailaddress")
        if path != _AC or asked != ["alice@per-address.test"]:
            return NOT_FOUND
        return Response(body=_doc("per-address.test"))

    table[("https", "autoconfig.per-address.test")] = per_address
    # nothing.test answers 404 everywhere, over both schemes.
    table[("https", "nothing.test")] = lambda path, query: NOT_FOUND
    return table


ROUTE_HOOKS.append(_domain_routes)
