/* bd-domain-consistency.c: where the domain's sources disagree, and who wins
 *
 * Each source's servers become a set of "protocol host port security"
 * lines; two sources that both answered must give the same set. Which one a
 * client uses when they differ (draft-ietf-mailmaint-autoconfig §4, and the
 * programs themselves): Thunderbird asks the domain's autoconfig and
 * .well-known first and the ISPDB only when both fail; clients that follow
 * RFC 6186 (and the draft, after autoconfig) use SRV; Brevduva and GNOME's
 * Evolution ask the ISPDB before the domain.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-domain-check-private.h"

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full) (nullable): the origin's servers, sorted, one a line. */
static char *
dup_server_set (BdDomainRun *run,
                guint        origin)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < run->claims->len; i++)
    {
      BdDomainClaim *claim = run->claims->pdata[i];
      g_autofree char *url = NULL;

      if (claim->origin != origin)
        continue;
      url = bd_server_dup_url (claim->server);
      if (!g_ptr_array_find_with_equal_func (lines, url, g_str_equal, NULL))
        g_ptr_array_add (lines, g_steal_pointer (&url));
    }
  if (lines->len == 0)
    return NULL;
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", (const char *) lines->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
compare (BdDomainRun *run,
         const char  *a_name,
         const char  *a,
         const char  *b_name,
         const char  *b,
         const char  *who_wins)
{
  g_autofree char *title = NULL;
  g_autofree char *evidence = NULL;

  if (a == NULL || b == NULL)
    return;
  if (g_str_equal (a, b))
    {
      title = g_strdup_printf (_("%s and %s agree."), a_name, b_name);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_CONSISTENCY, "consistency",
                         BD_DOMAIN_VERDICT_PASS, title, a, NULL);
      return;
    }
  title = g_strdup_printf (_("%s and %s disagree. %s"), a_name, b_name, who_wins);
  evidence = g_strdup_printf ("%s: %s\n%s: %s", a_name, a, b_name, b);
  bd_domain_run_add (run, BD_DOMAIN_SECTION_CONSISTENCY, "consistency",
                     BD_DOMAIN_VERDICT_WARNING, title, evidence,
                     _("Publish the same servers everywhere: the settings this report "
                       "suggests."));
}

/**
 * bd_domain_consistency_judge:
 *
 * Compares the servers of autoconfig, .well-known, SRV and the ISPDB.
 */
void
bd_domain_consistency_judge (BdDomainRun *run)
{
  g_autofree char *autoconfig = dup_server_set (run, BD_DOMAIN_URL_AUTOCONFIG_HTTPS);
  g_autofree char *well_known = dup_server_set (run, BD_DOMAIN_URL_WELL_KNOWN_HTTPS);
  g_autofree char *srv = dup_server_set (run, BD_DOMAIN_ORIGIN_SRV);
  g_autofree char *ispdb = dup_server_set (run, BD_DOMAIN_URL_ISPDB);
  const char *own = autoconfig != NULL ? autoconfig : well_known;
  const char *own_name = autoconfig != NULL ? _("Autoconfig") : _("The .well-known autoconfig");

  compare (run, _("Autoconfig"), autoconfig, _("the .well-known autoconfig"), well_known,
           _("Clients ask autoconfig.DOMAIN first."));
  compare (run, own_name, own, _("the SRV records"), srv,
           _("Thunderbird and clients that follow the autoconfig draft use the autoconfig "
             "document; clients that use only RFC 6186 use SRV."));
  compare (run, own_name, own, _("the ISPDB entry"), ispdb,
           _("Thunderbird uses the domain’s own document; Brevduva and Evolution use the "
             "ISPDB’s first."));

  if (own == NULL && srv == NULL && ispdb == NULL)
    bd_domain_run_add (run, BD_DOMAIN_SECTION_CONSISTENCY, "nothing-published",
                       BD_DOMAIN_VERDICT_WARNING,
                       _("The domain publishes its mail settings nowhere: mail programs have "
                         "to guess."),
                       NULL,
                       _("Publish the config-v1.1.xml and the SRV records this report "
                         "suggests."));
}
