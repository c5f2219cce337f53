/* test-probe-replies.c: providers' refusals turned into the error that explains them
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-probe-replies.h"

typedef struct
{
  const char *name;
  BdProtocol protocol;
  const char *code;
  const char *text;
  BdErrorCode fallback;
  BdErrorCode expected;
} ReplyCase;

static const ReplyCase reply_cases[] = {
  { "gmail-imap-app-password", BD_PROTOCOL_IMAP, "ALERT",
    "NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_APP_PASSWORD_REQUIRED },
  { "gmail-smtp-app-password", BD_PROTOCOL_SMTP, "534",
    "534 5.7.9 Application-specific password required. Learn more at",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_APP_PASSWORD_REQUIRED },
  { "yahoo-app-password", BD_PROTOCOL_IMAP, NULL, "Please use an app password to sign in",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_APP_PASSWORD_REQUIRED },
  { "gmail-imap-web-login", BD_PROTOCOL_IMAP, "ALERT",
    "NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_OAUTH2_REQUIRED },
  { "gmail-pop3-web-login", BD_PROTOCOL_POP3, "AUTH", "-ERR [AUTH] Web login required: https://x",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_OAUTH2_REQUIRED },
  { "gmail-smtp-web-login", BD_PROTOCOL_SMTP, "534",
    "534 5.7.14 <https://accounts.google.com/signin> 5.7.14 Please log in via your web browser and then try again.",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_OAUTH2_REQUIRED },
  { "microsoft-basic-auth", BD_PROTOCOL_SMTP, "535",
    "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_OAUTH2_REQUIRED },
  { "gmail-imap-disabled", BD_PROTOCOL_IMAP, "ALERT",
    "NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVICE_NOT_ENABLED },
  { "gmail-pop-disabled", BD_PROTOCOL_POP3, "SYS/PERM",
    "-ERR [SYS/PERM] Your account is not enabled for POP access.",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVICE_NOT_ENABLED },
  { "imap-authenticationfailed", BD_PROTOCOL_IMAP, "AUTHENTICATIONFAILED",
    "NO [AUTHENTICATIONFAILED] Authentication failed.", BD_ERROR_PROTOCOL_ERROR,
    BD_ERROR_LOGIN_FAILED },
  { "imap-unavailable", BD_PROTOCOL_IMAP, "UNAVAILABLE", "NO [UNAVAILABLE] Try later",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "imap-code-lower-case", BD_PROTOCOL_IMAP, "unavailable", "NO try later",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "imap-privacyrequired", BD_PROTOCOL_IMAP, "PRIVACYREQUIRED", "NO [PRIVACYREQUIRED] TLS",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_LOGIN_DISABLED },
  { "pop3-sys-temp", BD_PROTOCOL_POP3, "SYS/TEMP", "-ERR [SYS/TEMP] busy",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "pop3-in-use", BD_PROTOCOL_POP3, "IN-USE", "-ERR [IN-USE] locked",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "pop3-login-delay", BD_PROTOCOL_POP3, "LOGIN-DELAY", "-ERR [LOGIN-DELAY] wait 15 minutes",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  /* RFC 2449 §8: a rule for a level covers the levels below it, not a longer word. */
  { "pop3-code-level-below", BD_PROTOCOL_POP3, "IN-USE/SESSION", "-ERR [IN-USE/SESSION] locked",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "pop3-code-longer-word", BD_PROTOCOL_POP3, "AUTHX", "-ERR [AUTHX] no", BD_ERROR_PROTOCOL_ERROR,
    BD_ERROR_PROTOCOL_ERROR },
  { "pop3-auth", BD_PROTOCOL_POP3, "AUTH", "-ERR [AUTH] Invalid credentials",
    BD_ERROR_PROTOCOL_ERROR, BD_ERROR_LOGIN_FAILED },
  { "smtp-535", BD_PROTOCOL_SMTP, "535", "535 5.7.8 Error: authentication failed",
    BD_ERROR_PROTOCOL_ERROR, BD_ERROR_LOGIN_FAILED },
  { "smtp-454", BD_PROTOCOL_SMTP, "454", "454 4.7.0 Temporary authentication failure",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "smtp-other-4xx", BD_PROTOCOL_SMTP, "451", "451 4.3.0 local error",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_SERVER_UNAVAILABLE },
  { "smtp-504", BD_PROTOCOL_SMTP, "504", "504 5.5.4 Unrecognized authentication type",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_MECHANISM_UNSUPPORTED },
  { "code-of-another-protocol", BD_PROTOCOL_IMAP, "535", "NO whatever",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_LOGIN_FAILED },
  { "words-beat-code", BD_PROTOCOL_IMAP, "AUTHENTICATIONFAILED",
    "NO [AUTHENTICATIONFAILED] Application-specific password required", BD_ERROR_LOGIN_FAILED,
    BD_ERROR_APP_PASSWORD_REQUIRED },
  { "microsoft-imap-is-indistinct", BD_PROTOCOL_IMAP, NULL, "NO AUTHENTICATE failed.",
    BD_ERROR_LOGIN_FAILED, BD_ERROR_LOGIN_FAILED },
  { "nothing-known", BD_PROTOCOL_POP3, NULL, NULL, BD_ERROR_PROTOCOL_ERROR,
    BD_ERROR_PROTOCOL_ERROR },
};

static void
test_classify (gconstpointer data)
{
  const ReplyCase *c = data;

  g_assert_cmpstr (bd_error_code_get_name (bd_probe_replies_classify (c->protocol, c->code, c->text,
                                                                       c->fallback)),
                   ==, bd_error_code_get_name (c->expected));
}

/* POP3's [IN-USE] and [LOGIN-DELAY] say more than server-unavailable does;
 * no sentence when the words or another protocol decided. */
static void
test_describe (void)
{
  g_assert_nonnull (bd_probe_replies_describe (BD_PROTOCOL_POP3, "IN-USE",
                                               BD_ERROR_SERVER_UNAVAILABLE));
  g_assert_nonnull (bd_probe_replies_describe (BD_PROTOCOL_POP3, "login-delay",
                                               BD_ERROR_SERVER_UNAVAILABLE));
  g_assert_null (bd_probe_replies_describe (BD_PROTOCOL_POP3, "IN-USE",
                                            BD_ERROR_APP_PASSWORD_REQUIRED));
  g_assert_null (bd_probe_replies_describe (BD_PROTOCOL_POP3, "SYS/TEMP",
                                            BD_ERROR_SERVER_UNAVAILABLE));
  g_assert_null (bd_probe_replies_describe (BD_PROTOCOL_IMAP, "IN-USE",
                                            BD_ERROR_SERVER_UNAVAILABLE));
  g_assert_null (bd_probe_replies_describe (BD_PROTOCOL_POP3, NULL, BD_ERROR_SERVER_UNAVAILABLE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe-replies/describe/pop3-waits", test_describe);

  for (gsize i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-replies/%s", reply_cases[i].name);

      g_test_add_data_func (path, &reply_cases[i], test_classify);
    }

  return g_test_run ();
}
