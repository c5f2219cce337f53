/* bd-probe-replies.c
 *
 * Providers say in words what no status code says: that an app password is
 * needed, that the account must sign in through the browser, that IMAP is
 * switched off. The words are matched first (they are the most specific),
 * then the protocol's machine-readable code, then the caller's fallback.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-probe-replies.h"

typedef struct
{
  const char *words;   /* lower case; matched anywhere in the reply */
  BdErrorCode code;
} WordsRule;

typedef struct
{
  BdProtocol protocol;
  const char *code;    /* upper case; IMAP response code, POP3 extended code, SMTP reply code */
  BdErrorCode error;
  const char *message; /* what the reply means, where it says more than the error code */
} CodeRule;

static const WordsRule words_rules[] = {
  /* Gmail: "Application-specific password required" (IMAP [ALERT], SMTP 534 5.7.9). */
  { "application-specific password", BD_ERROR_APP_PASSWORD_REQUIRED },
  { "application specific password", BD_ERROR_APP_PASSWORD_REQUIRED },
  /* Yahoo and AOL ask for an "app password"; iCloud for an "app-specific password". */
  { "app password", BD_ERROR_APP_PASSWORD_REQUIRED },
  { "app-specific password", BD_ERROR_APP_PASSWORD_REQUIRED },
  { "apppassword", BD_ERROR_APP_PASSWORD_REQUIRED },
  /* Microsoft 365: "535 5.7.139 ... basic authentication is disabled". */
  { "basic authentication is disabled", BD_ERROR_OAUTH2_REQUIRED },
  { "basicauthblocked", BD_ERROR_OAUTH2_REQUIRED },
  /* Gmail: "[WEBALERT …] Web login required", "534-5.7.14 Please log in via your web browser". */
  { "web login required", BD_ERROR_OAUTH2_REQUIRED },
  { "weblogin", BD_ERROR_OAUTH2_REQUIRED },
  { "log in via your web browser", BD_ERROR_OAUTH2_REQUIRED },
  { "sign in via your web browser", BD_ERROR_OAUTH2_REQUIRED },
  /* Gmail: "Your account is not enabled for IMAP use", "... for POP access". */
  { "not enabled for imap", BD_ERROR_SERVICE_NOT_ENABLED },
  { "not enabled for pop", BD_ERROR_SERVICE_NOT_ENABLED },
  { "imap access is disabled", BD_ERROR_SERVICE_NOT_ENABLED },
  { "pop access is disabled", BD_ERROR_SERVICE_NOT_ENABLED },
  { "imap is disabled", BD_ERROR_SERVICE_NOT_ENABLED },
  { "pop3 is disabled", BD_ERROR_SERVICE_NOT_ENABLED },
  { "imap is not enabled", BD_ERROR_SERVICE_NOT_ENABLED },
  { "pop is not enabled", BD_ERROR_SERVICE_NOT_ENABLED },
};

static const CodeRule code_rules[] = {
  /* RFC 5530 §3 */
  { BD_PROTOCOL_IMAP, "UNAVAILABLE", BD_ERROR_SERVER_UNAVAILABLE },
  { BD_PROTOCOL_IMAP, "AUTHENTICATIONFAILED", BD_ERROR_LOGIN_FAILED },
  { BD_PROTOCOL_IMAP, "AUTHORIZATIONFAILED", BD_ERROR_LOGIN_FAILED },
  { BD_PROTOCOL_IMAP, "EXPIRED", BD_ERROR_LOGIN_FAILED },
  { BD_PROTOCOL_IMAP, "CONTACTADMIN", BD_ERROR_LOGIN_FAILED },
  { BD_PROTOCOL_IMAP, "PRIVACYREQUIRED", BD_ERROR_LOGIN_DISABLED },
  /* RFC 2449 §8, RFC 3206. IN-USE and LOGIN-DELAY refuse a right password
   * too (§8.1.1, §8.1.2): they are a wait, not a failed login. */
  { BD_PROTOCOL_POP3, "SYS/TEMP", BD_ERROR_SERVER_UNAVAILABLE },
  { BD_PROTOCOL_POP3, "IN-USE", BD_ERROR_SERVER_UNAVAILABLE,
    N_("Another program is reading the mailbox right now, and the server lets only one "
       "at a time in.") },
  { BD_PROTOCOL_POP3, "LOGIN-DELAY", BD_ERROR_SERVER_UNAVAILABLE,
    N_("The server allows a login only every so often, and the last one was too "
       "recent.") },
  { BD_PROTOCOL_POP3, "AUTH", BD_ERROR_LOGIN_FAILED },
  /* RFC 4954 §6 and RFC 5321 §4.2.3 */
  { BD_PROTOCOL_SMTP, "421", BD_ERROR_SERVER_UNAVAILABLE },
  { BD_PROTOCOL_SMTP, "454", BD_ERROR_SERVER_UNAVAILABLE },
  { BD_PROTOCOL_SMTP, "535", BD_ERROR_LOGIN_FAILED },
  { BD_PROTOCOL_SMTP, "534", BD_ERROR_MECHANISM_UNSUPPORTED },
  { BD_PROTOCOL_SMTP, "538", BD_ERROR_LOGIN_DISABLED },
  { BD_PROTOCOL_SMTP, "504", BD_ERROR_MECHANISM_UNSUPPORTED },
};

/* RFC 2449 §8: POP3 codes are hierarchical ("SYS/TEMP"), and a rule for a
 * level covers the levels below it. */
static gboolean
code_matches (const char *rule,
              const char *code)
{
  gsize length = strlen (rule);

  return g_ascii_strncasecmp (rule, code, length) == 0 &&
         (code[length] == '\0' || code[length] == '/');
}

static const CodeRule *
find_code_rule (BdProtocol  protocol,
                const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (code_rules); i++)
    if (code_rules[i].protocol == protocol && code_matches (code_rules[i].code, code))
      return &code_rules[i];
  return NULL;
}

/**
 * bd_probe_replies_classify:
 * @code: (nullable): the reply's machine-readable code: an IMAP response
 *   code such as `AUTHENTICATIONFAILED`, a POP3 extended code such as
 *   `SYS/TEMP`, or an SMTP reply code such as `535`
 * @text: (nullable): the reply's human-readable text
 * @fallback: what to answer when nothing is recognised
 *
 * Returns: the error code that best explains a refusal.
 */
BdErrorCode
bd_probe_replies_classify (BdProtocol   protocol,
                           const char  *code,
                           const char  *text,
                           BdErrorCode  fallback)
{
  const CodeRule *rule;

  if (text != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      for (gsize i = 0; i < G_N_ELEMENTS (words_rules); i++)
        if (strstr (lower, words_rules[i].words) != NULL)
          return words_rules[i].code;
    }

  if (code != NULL)
    {
      rule = find_code_rule (protocol, code);
      if (rule != NULL)
        return rule->error;
      /* Any other transient SMTP failure (RFC 5321 §4.2.1). */
      if (protocol == BD_PROTOCOL_SMTP && code[0] == '4')
        return BD_ERROR_SERVER_UNAVAILABLE;
    }

  return fallback;
}

/**
 * bd_probe_replies_describe:
 * @code: (nullable): the reply's machine-readable code
 * @classified: what bd_probe_replies_classify() made of the reply
 *
 * Returns: (nullable): a sentence, translated, for a reply whose code says
 *   more than @classified does, such as POP3's `[IN-USE]`.
 */
const char *
bd_probe_replies_describe (BdProtocol   protocol,
                           const char  *code,
                           BdErrorCode  classified)
{
  const CodeRule *rule = code != NULL ? find_code_rule (protocol, code) : NULL;

  if (rule == NULL || rule->message == NULL || rule->error != classified)
    return NULL;
  return _(rule->message);
}
