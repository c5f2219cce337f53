/* test-sasl-client.c: mechanism choice and the client side of each mechanism
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"
#include "bd-sasl-client-private.h"

typedef struct
{
  const char *name;
  const char *offered[7];
  const char *expected;
} ChoiceCase;

static const ChoiceCase choice_cases[] = {
  /* Over verified TLS PLAIN first: one round trip (docs/decisions.md). */
  { "plain-first", { "SCRAM-SHA-256", "LOGIN", "SCRAM-SHA-1", "PLAIN" }, "PLAIN" },
  { "scram-256-without-plain", { "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "CRAM-MD5" },
    "SCRAM-SHA-256" },
  { "scram-1-next", { "CRAM-MD5", "LOGIN", "SCRAM-SHA-1" }, "SCRAM-SHA-1" },
  { "plain-before-login", { "LOGIN", "PLAIN" }, "PLAIN" },
  { "login-before-cram", { "CRAM-MD5", "LOGIN" }, "LOGIN" },
  { "cram-alone", { "CRAM-MD5" }, "CRAM-MD5" },
  { "case-insensitive", { "plain" }, "PLAIN" },
  { "no-plus-variants", { "SCRAM-SHA-256-PLUS", "XOAUTH2", "GSSAPI", "NTLM" }, NULL },
  { "oauth-only", { "XOAUTH2", "OAUTHBEARER" }, NULL },
  { "nothing-offered", { NULL }, NULL },
};

static void
test_choice (gconstpointer data)
{
  const ChoiceCase *c = data;

  g_assert_cmpstr (bd_sasl_choose_mechanism (c->offered), ==, c->expected);
}

typedef struct
{
  const char *name;
  const char *mechanism;
  const char *username;
  const char *password;
  const char *challenges[3];
  const char *responses[3];
} ExchangeCase;

static const ExchangeCase exchange_cases[] = {
  /* RFC 4616: authzid empty, NUL, authcid, NUL, password. */
  { "plain", "PLAIN", "alice", "secret", { "" }, { "AGFsaWNlAHNlY3JldA==" } },
  { "login", "LOGIN", "alice", "secret", { "VXNlcm5hbWU6", "UGFzc3dvcmQ6" },
    { "YWxpY2U=", "c2VjcmV0" } },
  /* RFC 2195 §2's example. */
  { "cram-md5", "CRAM-MD5", "tim", "tanstaaftanstaaf",
    { "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+" },
    { "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw" } },
};

static void
test_exchange (gconstpointer data)
{
  const ExchangeCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSaslClient) client = bd_sasl_client_new (c->mechanism, c->username, c->password,
                                                       &error);

  g_assert_no_error (error);
  g_assert_false (bd_sasl_client_proves_server (client));
  for (guint i = 0; c->challenges[i] != NULL; i++)
    {
      char *response = NULL;

      g_assert_true (bd_sasl_client_step (client, c->challenges[i], &response, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (response, ==, c->responses[i]);
      bd_sasl_free_secret (response);
    }
  g_assert_true (bd_sasl_client_is_finished (client));
}

/* The first SCRAM message names the user and a nonce, and proves nothing yet. */
static void
test_scram_first_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSaslClient) client = bd_sasl_client_new ("scram-sha-256", "alice", "secret", &error);
  g_autofree guchar *decoded = NULL;
  char *response = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (bd_sasl_client_get_mechanism (client), ==, "SCRAM-SHA-256");
  g_assert_true (bd_sasl_client_proves_server (client));
  g_assert_true (bd_sasl_client_step (client, "", &response, &error));
  decoded = g_base64_decode (response, &length);
  bd_sasl_free_secret (response);
  g_assert_true (g_str_has_prefix ((const char *) decoded, "n,,n=alice,r="));
  g_assert_false (bd_sasl_client_is_finished (client));

  /* A server-first message without the client's nonce is refused. */
  g_assert_false (bd_sasl_client_step (client, "cj1ub25jZSxzPXNhbHQsaT00MDk2", &response, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR);
  g_assert_null (response);
}

typedef struct
{
  const char *mechanism;
  gboolean sends_first;
} FirstCase;

/* Which mechanisms speak first, so that their first message can go with
 * the command (RFC 4422 §5), and that this message is the right one. */
static void
test_sends_first (void)
{
  static const FirstCase cases[] = {
    { "PLAIN", TRUE },
    { "SCRAM-SHA-256", TRUE },
    { "SCRAM-SHA-1", TRUE },
    { "LOGIN", FALSE },
    { "CRAM-MD5", FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSaslClient) plain = NULL;
  char *response = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BdSaslClient) client = bd_sasl_client_new (cases[i].mechanism, "alice", "secret",
                                                           &error);

      g_assert_no_error (error);
      g_assert_cmpint (bd_sasl_client_sends_first (client), ==, cases[i].sends_first);
    }

  /* PLAIN's initial response is the whole exchange. */
  plain = bd_sasl_client_new ("PLAIN", "alice", "secret", &error);
  g_assert_true (bd_sasl_client_step (plain, "", &response, &error));
  g_assert_cmpstr (response, ==, "AGFsaWNlAHNlY3JldA==");
  g_assert_true (bd_sasl_client_is_finished (plain));
  bd_sasl_free_secret (response);
}

static void
test_unknown_mechanism (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSaslClient) client = bd_sasl_client_new ("XOAUTH2", "a", "b", &error);

  g_assert_null (client);
  g_assert_error (error, BD_ERROR, BD_ERROR_MECHANISM_UNSUPPORTED);
  g_assert_true (bd_sasl_mechanism_is_known ("cram-md5"));
  g_assert_false (bd_sasl_mechanism_is_known ("GSSAPI"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (choice_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sasl-client/choice/%s", choice_cases[i].name);

      g_test_add_data_func (path, &choice_cases[i], test_choice);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (exchange_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sasl-client/exchange/%s", exchange_cases[i].name);

      g_test_add_data_func (path, &exchange_cases[i], test_exchange);
    }
  g_test_add_func ("/sasl-client/scram-first-message", test_scram_first_message);
  g_test_add_func ("/sasl-client/client-first-mechanisms-send-first", test_sends_first);
  g_test_add_func ("/sasl-client/unknown-mechanism-refused", test_unknown_mechanism);

  return g_test_run ();
}
