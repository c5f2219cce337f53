/* bd-error.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bd-enums.h"
#include "bd-error.h"

G_DEFINE_QUARK (bd-error-quark, bd_error)

G_DEFINE_ENUM_TYPE (BdErrorCode, bd_error_code,
  G_DEFINE_ENUM_VALUE (BD_ERROR_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_INVALID_ARGUMENT, "invalid-argument"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY, "address-empty"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_MISSING_AT, "address-missing-at"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_MULTIPLE_AT, "address-multiple-at"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY_LOCAL_PART, "address-empty-local-part"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY_DOMAIN, "address-empty-domain"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_DOMAIN, "address-invalid-domain"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_CONTAINS_SPACE, "address-contains-space"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_CHARACTER, "address-invalid-character"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_LOCAL_PART, "address-invalid-local-part"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG, "address-local-part-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_DOMAIN_TOO_LONG, "address-domain-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_TOO_LONG, "address-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_TOO_LARGE, "config-too-large"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_INVALID_ENCODING, "config-invalid-encoding"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_MALFORMED, "config-malformed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_FORBIDDEN_DTD, "config-forbidden-dtd"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_NOT_AUTOCONFIG, "config-not-autoconfig"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_MISSING_FIELD, "config-missing-field"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_INVALID_VALUE, "config-invalid-value"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROVIDER_NOT_FOUND, "provider-not-found"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_DETECTION_TIMED_OUT, "detection-timed-out"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_HTTP_FAILED, "http-failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_HTTP_REDIRECT_REFUSED, "http-redirect-refused"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_HTTP_TOO_LARGE, "http-too-large"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_DNS_NOT_FOUND, "dns-not-found"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_DNS_FAILED, "dns-failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONNECTION_REFUSED, "connection-refused"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_NETWORK_UNREACHABLE, "network-unreachable"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_TIMED_OUT, "timed-out"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_TLS_HANDSHAKE_FAILED, "tls-handshake-failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_TLS_VERSION_TOO_OLD, "tls-version-too-old"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_UNTRUSTED, "certificate-untrusted"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_SELF_SIGNED, "certificate-self-signed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_EXPIRED, "certificate-expired"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_NOT_YET_VALID, "certificate-not-yet-valid"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_WRONG_HOST, "certificate-wrong-host"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_WEAK, "certificate-weak"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_PIN_MISMATCH, "certificate-pin-mismatch"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_STARTTLS_NOT_OFFERED, "starttls-not-offered"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_STARTTLS_REFUSED, "starttls-refused"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_STARTTLS_INJECTION, "starttls-injection"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PLAINTEXT_ON_TLS_PORT, "plaintext-on-tls-port"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_TLS_ON_PLAINTEXT_PORT, "tls-on-plaintext-port"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PREAUTH_REFUSED, "preauth-refused"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_SERVER_UNAVAILABLE, "server-unavailable"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROTOCOL_ERROR, "protocol-error"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_RESPONSE_TOO_LONG, "response-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_LOGIN_FAILED, "login-failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_MECHANISM_UNSUPPORTED, "mechanism-unsupported"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_LOGIN_DISABLED, "login-disabled"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_APP_PASSWORD_REQUIRED, "app-password-required"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_OAUTH2_REQUIRED, "oauth2-required"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_SERVICE_NOT_ENABLED, "service-not-enabled"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_INSECURE_SERVER, "insecure-server"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_KEYRING_UNAVAILABLE, "keyring-unavailable"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_KEYRING_LOCKED, "keyring-locked"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CERTIFICATE_WRONG_PURPOSE, "certificate-wrong-purpose"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_DNS_UNAVAILABLE, "dns-unavailable"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CAPTIVE_PORTAL, "captive-portal"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_ALREADY_CONFIGURED, "export-already-configured"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_PROGRAM_RUNNING, "export-program-running"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED, "export-browser-login-required"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_NOT_PROVEN, "export-not-proven"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE, "export-certificate-not-expressible"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_PROGRAM_NOT_FOUND, "export-program-not-found"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_WRITE_FAILED, "export-write-failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_EXPORT_NOT_SUPPORTED, "export-not-supported"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROXY_UNREACHABLE, "proxy-unreachable"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROXY_REFUSED, "proxy-refused"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROXY_AUTH_FAILED, "proxy-auth-failed"))

/**
 * bd_error_code_get_name:
 *
 * Returns: (transfer none): the stable kebab-case name of @code.
 */
const char *
bd_error_code_get_name (BdErrorCode code)
{
  const char *nick = bd_enum_get_nick (BD_TYPE_ERROR_CODE, code);

  return nick != NULL ? nick : "failed";
}

/**
 * bd_error_get_name:
 *
 * Returns: (transfer none): the stable name for any #GError: the code's name
 *   in the %BD_ERROR domain, "cancelled" for a cancelled operation, and
 *   "failed" for anything else.
 */
const char *
bd_error_get_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == BD_ERROR)
    return bd_error_code_get_name (error->code);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return "failed";
}

/**
 * bd_error_code_get_advice:
 *
 * Returns: (transfer none): what the person can do about @code, translated.
 */
const char *
bd_error_code_get_advice (BdErrorCode code)
{
  switch (code)
    {
    case BD_ERROR_FAILED:
      return _("Something unexpected went wrong. Try again; if it keeps happening, "
               "save the report and send it to the Brevduva developers.");
    case BD_ERROR_INVALID_ARGUMENT:
      return _("Check the command line against “brevduva-cli --help”.");
    case BD_ERROR_ADDRESS_EMPTY:
      return _("Type your full email address, for example alice@example.com.");
    case BD_ERROR_ADDRESS_MISSING_AT:
      return _("An email address has an “@” between your name and the provider’s domain, "
               "for example alice@example.com.");
    case BD_ERROR_ADDRESS_MULTIPLE_AT:
      return _("Keep only one “@”: the part after it must be the provider’s domain.");
    case BD_ERROR_ADDRESS_EMPTY_LOCAL_PART:
      return _("Add your user name before the “@”.");
    case BD_ERROR_ADDRESS_EMPTY_DOMAIN:
      return _("Add your provider’s domain after the “@”, for example example.com.");
    case BD_ERROR_ADDRESS_INVALID_DOMAIN:
      return _("Check the spelling of the part after the “@”: it must be a domain name "
               "such as example.com.");
    case BD_ERROR_ADDRESS_CONTAINS_SPACE:
      return _("Remove the spaces: an email address has none.");
    case BD_ERROR_ADDRESS_INVALID_CHARACTER:
      return _("Remove the character that cannot appear in an email address.");
    case BD_ERROR_ADDRESS_INVALID_LOCAL_PART:
      return _("Check the dots in the part before the “@”: it may not start or end with a "
               "dot, nor have two in a row.");
    case BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG:
      return _("The part before the “@” may be at most 64 bytes long (a letter outside "
               "English takes two or more); check what you pasted.");
    case BD_ERROR_ADDRESS_DOMAIN_TOO_LONG:
      return _("The domain may be at most 253 characters long, each part between dots at "
               "most 63; check what you pasted.");
    case BD_ERROR_ADDRESS_TOO_LONG:
      return _("An email address may be at most 254 characters long; check what you pasted.");
    case BD_ERROR_CONFIG_TOO_LARGE:
    case BD_ERROR_CONFIG_INVALID_ENCODING:
    case BD_ERROR_CONFIG_MALFORMED:
    case BD_ERROR_CONFIG_FORBIDDEN_DTD:
    case BD_ERROR_CONFIG_NOT_AUTOCONFIG:
    case BD_ERROR_CONFIG_MISSING_FIELD:
    case BD_ERROR_CONFIG_INVALID_VALUE:
      return _("This settings file cannot be used. Brevduva ignores it and tries the other "
               "sources; tell the provider that its autoconfig file is broken.");
    case BD_ERROR_PROVIDER_NOT_FOUND:
      return _("No settings were found for this domain. Look up your provider’s "
               "“IMAP and SMTP settings” page and enter the servers by hand.");
    case BD_ERROR_DETECTION_TIMED_OUT:
      return _("The lookup took too long. Check your network connection and try again, "
               "or enter the servers by hand.");
    case BD_ERROR_HTTP_FAILED:
      return _("The settings server did not give the settings. Brevduva tries the other "
               "sources; nothing needs doing unless they all fail.");
    case BD_ERROR_HTTP_REDIRECT_REFUSED:
      return _("The settings server sent Brevduva to an unencrypted or unsafe address, "
               "which Brevduva does not follow. The other sources are tried instead.");
    case BD_ERROR_HTTP_TOO_LARGE:
      return _("The settings server sent far more than a settings file; it was ignored.");
    case BD_ERROR_DNS_NOT_FOUND:
      return _("This server name does not exist. Check its spelling, or the part of your "
               "address after the “@”.");
    case BD_ERROR_DNS_FAILED:
      return _("Names could not be looked up. Check that this computer is connected to the "
               "internet.");
    case BD_ERROR_DNS_UNAVAILABLE:
      return _("This is not about your settings. Connect to another network, or turn the "
               "network connection (or the VPN) off and on again, then try again. If it "
               "stays so, tell whoever runs this network that its name server is broken.");
    case BD_ERROR_CAPTIVE_PORTAL:
      return _("Open any web page in your browser and sign in to this network (or accept "
               "its terms), then try again.");
    case BD_ERROR_CONNECTION_REFUSED:
      return _("The server exists but takes no connections on this port. Check the port "
               "number, or try the other port the provider lists.");
    case BD_ERROR_NETWORK_UNREACHABLE:
      return _("This computer has no route to the server. Check your network connection.");
    case BD_ERROR_TIMED_OUT:
      return _("The server did not answer in time. A firewall on this network may block "
               "this port: try the other port the provider lists, or another network.");
    case BD_ERROR_TLS_HANDSHAKE_FAILED:
      return _("An encrypted connection could not be set up. Check the security setting "
               "(TLS or STARTTLS) and the port.");
    case BD_ERROR_TLS_VERSION_TOO_OLD:
      return _("The server only offers an outdated form of encryption (older than TLS 1.2), "
               "which is no longer safe. Ask the provider to update the server.");
    case BD_ERROR_CERTIFICATE_UNTRUSTED:
      return _("The server’s certificate is not signed by an authority this computer "
               "trusts. Someone may be intercepting the connection; do not send your "
               "password unless the provider confirms the certificate’s fingerprint.");
    case BD_ERROR_CERTIFICATE_SELF_SIGNED:
      return _("The server’s certificate was made by the server itself. Accept it only if "
               "you run this server or the provider confirms its fingerprint.");
    case BD_ERROR_CERTIFICATE_EXPIRED:
      return _("The server’s certificate has expired. Check this computer’s date and time; "
               "if they are right, tell the provider.");
    case BD_ERROR_CERTIFICATE_NOT_YET_VALID:
      return _("The server’s certificate is not valid yet. Check this computer’s date and "
               "time.");
    case BD_ERROR_CERTIFICATE_WRONG_HOST:
      return _("The certificate belongs to another server name. Use the server name the "
               "certificate names, if the provider documents it.");
    case BD_ERROR_CERTIFICATE_WEAK:
      return _("The server’s certificate uses an outdated signature or a key too short to "
               "be safe. Tell the provider.");
    case BD_ERROR_CERTIFICATE_WRONG_PURPOSE:
      return _("The server’s certificate was not made for servers: it may only identify "
               "a person or a device. Someone may be posing as the server; do not send "
               "your password, and tell the provider.");
    case BD_ERROR_CERTIFICATE_PIN_MISMATCH:
      return _("The server’s certificate is not the one you accepted before. If the "
               "provider has not announced a new certificate, someone may be intercepting "
               "the connection.");
    case BD_ERROR_STARTTLS_NOT_OFFERED:
      return _("The server does not offer encryption on this port, and Brevduva never sends "
               "a password unencrypted. Use the encrypted port (993, 995 or 465) instead.");
    case BD_ERROR_STARTTLS_REFUSED:
      return _("The server refused to start encryption. Use the encrypted port (993, 995 or "
               "465) instead.");
    case BD_ERROR_STARTTLS_INJECTION:
      return _("Data arrived that nobody asked for while encryption was being set up: "
               "something on the network may be tampering with the connection. Try "
               "another network, or the encrypted port.");
    case BD_ERROR_PLAINTEXT_ON_TLS_PORT:
      return _("The server speaks unencrypted on a port meant for encryption. Choose "
               "STARTTLS for this port, or use the encrypted port.");
    case BD_ERROR_TLS_ON_PLAINTEXT_PORT:
      return _("The server expects encryption from the first byte on this port. Choose TLS "
               "instead of STARTTLS.");
    case BD_ERROR_PREAUTH_REFUSED:
      return _("The server let Brevduva in without a login before encryption was set up, "
               "which cannot be trusted. Use the encrypted port instead.");
    case BD_ERROR_SERVER_UNAVAILABLE:
      return _("The server is temporarily unavailable. Try again later.");
    case BD_ERROR_PROTOCOL_ERROR:
      return _("The server’s answer does not follow the mail protocol. Check that the "
               "port belongs to this kind of server (IMAP, POP3 or SMTP).");
    case BD_ERROR_RESPONSE_TOO_LONG:
      return _("The server sent far more than any answer needs, so Brevduva stopped "
               "listening.");
    case BD_ERROR_LOGIN_FAILED:
      return _("The server refused the user name or password. Check both; some providers "
               "want the full email address as the user name.");
    case BD_ERROR_MECHANISM_UNSUPPORTED:
      return _("The server offers no login method Brevduva can use safely.");
    case BD_ERROR_LOGIN_DISABLED:
      return _("The server does not accept password logins here. Use the encrypted port, or "
               "check the provider’s settings for mail programs.");
    case BD_ERROR_APP_PASSWORD_REQUIRED:
      return _("The provider wants an app password for mail programs: create one in your "
               "account’s security settings and use it instead of your usual password.");
    case BD_ERROR_OAUTH2_REQUIRED:
      return _("The provider accepts only its own browser sign-in (OAuth2) from mail "
               "programs; a password cannot work. Use a mail program that supports it.");
    case BD_ERROR_SERVICE_NOT_ENABLED:
      return _("IMAP or POP is switched off for your account. Switch it on in the "
               "provider’s web settings, then test again.");
    case BD_ERROR_INSECURE_SERVER:
      return _("This server offers no encryption, so Brevduva never sends it a password.");
    case BD_ERROR_KEYRING_UNAVAILABLE:
      return _("No keyring service is running. Log in to a desktop session that has one "
               "(GNOME Keyring, KDE Wallet, or KeePassXC with its Secret Service "
               "integration), then try again.");
    case BD_ERROR_KEYRING_LOCKED:
      return _("The keyring is locked. Unlock it by typing its password when asked (usually "
               "your login password), or in Passwords and Keys, then try again.");
    case BD_ERROR_EXPORT_ALREADY_CONFIGURED:
      return _("This address is already set up in that program, and not by Brevduva. "
               "Change or remove that account in the program itself; Brevduva does not "
               "change settings it did not write.");
    case BD_ERROR_EXPORT_PROGRAM_RUNNING:
      return _("Quit the program, then try again: it would overwrite the new account "
               "when it quits.");
    case BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED:
      return _("This provider lets mail programs in only through its own sign-in page. "
               "Add the account in GNOME Online Accounts or Thunderbird, which open that "
               "page for you.");
    case BD_ERROR_EXPORT_NOT_PROVEN:
      return _("Test the servers first, so that only settings that work are handed on.");
    case BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE:
      return _("You trusted this server’s certificate by its fingerprint, and this program "
               "cannot trust one certificate: it could only accept any certificate for the "
               "server, so someone could pose as it. Ask the provider for a certificate "
               "your computer trusts, or choose another program.");
    case BD_ERROR_EXPORT_PROGRAM_NOT_FOUND:
      return _("Install the program (or start its service), then try again.");
    case BD_ERROR_EXPORT_WRITE_FAILED:
      return _("Check that the folder exists and that you may write to it, and that the "
               "disk is not full, then try again.");
    case BD_ERROR_EXPORT_NOT_SUPPORTED:
      return _("Choose another mail program, or other servers that it can use (an IMAP "
               "server instead of POP3, for example).");
    case BD_ERROR_PROXY_UNREACHABLE:
      return _("This computer’s proxy settings send mail connections through a proxy that "
               "cannot be reached. Check the proxy settings (in Settings, Network, Proxy) "
               "or whether the proxy is running.");
    case BD_ERROR_PROXY_REFUSED:
      return _("The proxy in this computer’s settings would not connect to the server. Ask "
               "whoever runs the proxy to allow this server and port, or turn the proxy off "
               "for it (Settings, Network, Proxy, Ignore Hosts).");
    case BD_ERROR_PROXY_AUTH_FAILED:
      return _("The proxy in this computer’s settings wants a user name and password, or "
               "did not accept them. Check them in the proxy settings (Settings, Network, "
               "Proxy).");
    default:
      g_return_val_if_reached (NULL);
    }
}
