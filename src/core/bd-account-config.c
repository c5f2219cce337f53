/* bd-account-config.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-account-config.h"
#include "bd-domain.h"
#include "bd-util-private.h"

struct _BdAccountConfig
{
  GObject parent_instance;

  char *provider_id;
  char *display_name;
  char *short_name;
  GPtrArray *domains;   /* of char*, lower-case ASCII */
  GPtrArray *incoming;  /* of BdServer, best first */
  GPtrArray *outgoing;  /* of BdServer, best first */
  GPtrArray *notes;     /* of BdNote */

  BdSourceKind source;
  char *source_url;
  BdTrust trust;
};

enum {
  PROP_0,
  PROP_PROVIDER_ID,
  PROP_DISPLAY_NAME,
  PROP_SHORT_NAME,
  PROP_SOURCE,
  PROP_SOURCE_URL,
  PROP_TRUST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdAccountConfig, bd_account_config, G_TYPE_OBJECT)

static void
bd_account_config_finalize (GObject *object)
{
  BdAccountConfig *self = BD_ACCOUNT_CONFIG (object);

  g_free (self->provider_id);
  g_free (self->display_name);
  g_free (self->short_name);
  g_free (self->source_url);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_ptr_array_unref (self->notes);

  G_OBJECT_CLASS (bd_account_config_parent_class)->finalize (object);
}

static void
bd_account_config_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdAccountConfig *self = BD_ACCOUNT_CONFIG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_SHORT_NAME:
      g_value_set_string (value, self->short_name);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_SOURCE_URL:
      g_value_set_string (value, self->source_url);
      break;
    case PROP_TRUST:
      g_value_set_enum (value, self->trust);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_account_config_class_init (BdAccountConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_account_config_finalize;
  object_class->get_property = bd_account_config_get_property;

  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHORT_NAME] =
    g_param_spec_string ("short-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, BD_TYPE_SOURCE_KIND, BD_SOURCE_BUILTIN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_URL] =
    g_param_spec_string ("source-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, BD_TYPE_TRUST, BD_TRUST_UNVERIFIED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_account_config_init (BdAccountConfig *self)
{
  self->domains = g_ptr_array_new_with_free_func (g_free);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  self->outgoing = g_ptr_array_new_with_free_func (g_object_unref);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_note_free);
  self->trust = BD_TRUST_UNVERIFIED;
}

BdAccountConfig *
bd_account_config_new (void)
{
  return g_object_new (BD_TYPE_ACCOUNT_CONFIG, NULL);
}

static void
set_string_property (BdAccountConfig  *self,
                     char            **field,
                     const char       *value,
                     guint             prop_id)
{
  if (bd_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

const char *
bd_account_config_get_provider_id (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->provider_id;
}

void
bd_account_config_set_provider_id (BdAccountConfig *self,
                                   const char      *provider_id)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  set_string_property (self, &self->provider_id, provider_id, PROP_PROVIDER_ID);
}

const char *
bd_account_config_get_display_name (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->display_name;
}

void
bd_account_config_set_display_name (BdAccountConfig *self,
                                    const char      *display_name)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  set_string_property (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
bd_account_config_get_short_name (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->short_name;
}

void
bd_account_config_set_short_name (BdAccountConfig *self,
                                  const char      *short_name)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  set_string_property (self, &self->short_name, short_name, PROP_SHORT_NAME);
}

/**
 * bd_account_config_add_domain:
 * @domain: a mail domain in ASCII form; kept in lower case
 */
void
bd_account_config_add_domain (BdAccountConfig *self,
                              const char      *domain)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  g_return_if_fail (domain != NULL);

  g_ptr_array_add (self->domains, g_ascii_strdown (domain, -1));
}

/**
 * bd_account_config_get_domains:
 *
 * Returns: (transfer none) (element-type utf8): the mail domains the
 *   provider serves.
 */
GPtrArray *
bd_account_config_get_domains (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->domains;
}

/**
 * bd_account_config_add_server:
 *
 * Appends @server to the incoming or the outgoing list, after those already
 * there: the order of adding is the order of preference.
 */
void
bd_account_config_add_server (BdAccountConfig *self,
                              BdServer        *server)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  g_return_if_fail (BD_IS_SERVER (server));

  g_ptr_array_add (bd_server_is_incoming (server) ? self->incoming : self->outgoing,
                   g_object_ref (server));
}

/**
 * bd_account_config_get_incoming:
 *
 * Returns: (transfer none) (element-type BdServer): IMAP and POP3 servers,
 *   best first.
 */
GPtrArray *
bd_account_config_get_incoming (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->incoming;
}

/**
 * bd_account_config_get_outgoing:
 *
 * Returns: (transfer none) (element-type BdServer): SMTP servers, best first.
 */
GPtrArray *
bd_account_config_get_outgoing (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->outgoing;
}

/**
 * bd_account_config_add_note:
 * @note: (transfer full): the note
 */
void
bd_account_config_add_note (BdAccountConfig *self,
                            BdNote          *note)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));
  g_return_if_fail (note != NULL);

  g_ptr_array_add (self->notes, note);
}

/**
 * bd_account_config_get_notes:
 *
 * Returns: (transfer none) (element-type BdNote): the notes, in document order.
 */
GPtrArray *
bd_account_config_get_notes (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->notes;
}

/**
 * bd_account_config_find_note:
 *
 * Returns: (transfer none) (nullable): the first note of @kind.
 */
const BdNote *
bd_account_config_find_note (BdAccountConfig *self,
                             BdNoteKind       kind)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);

  for (guint i = 0; i < self->notes->len; i++)
    {
      const BdNote *note = g_ptr_array_index (self->notes, i);

      if (bd_note_get_kind (note) == kind)
        return note;
    }

  return NULL;
}

/**
 * bd_account_config_set_provenance:
 * @source: which detection source produced the settings
 * @url: (nullable): the document they came from
 * @trust: how far they can be trusted (security rule 4 of DESIGN.md)
 */
void
bd_account_config_set_provenance (BdAccountConfig *self,
                                  BdSourceKind     source,
                                  const char      *url,
                                  BdTrust          trust)
{
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->source != source)
    {
      self->source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  set_string_property (self, &self->source_url, url, PROP_SOURCE_URL);
  if (self->trust != trust)
    {
      self->trust = trust;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

BdSourceKind
bd_account_config_get_source (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), BD_SOURCE_BUILTIN);
  return self->source;
}

const char *
bd_account_config_get_source_url (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  return self->source_url;
}

BdTrust
bd_account_config_get_trust (BdAccountConfig *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), BD_TRUST_UNVERIFIED);
  return self->trust;
}

static void
copy_servers (BdAccountConfig *copy,
              GPtrArray       *servers,
              BdAddress       *address)
{
  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(BdServer) expanded = bd_server_expand (g_ptr_array_index (servers, i), address);

      bd_account_config_add_server (copy, expanded);
    }
}

/**
 * bd_account_config_expand:
 *
 * Returns: (transfer full): a copy for @address, with every placeholder in
 *   its servers expanded. The original, as stored in the database, is kept
 *   unchanged.
 */
BdAccountConfig *
bd_account_config_expand (BdAccountConfig *self,
                          BdAddress       *address)
{
  BdAccountConfig *copy;

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  g_return_val_if_fail (BD_IS_ADDRESS (address), NULL);

  copy = bd_account_config_new ();
  copy->provider_id = g_strdup (self->provider_id);
  copy->display_name = g_strdup (self->display_name);
  copy->short_name = g_strdup (self->short_name);
  copy->source = self->source;
  copy->source_url = g_strdup (self->source_url);
  copy->trust = self->trust;
  for (guint i = 0; i < self->domains->len; i++)
    g_ptr_array_add (copy->domains, g_strdup (g_ptr_array_index (self->domains, i)));
  for (guint i = 0; i < self->notes->len; i++)
    g_ptr_array_add (copy->notes, bd_note_copy (g_ptr_array_index (self->notes, i)));
  copy_servers (copy, self->incoming, address);
  copy_servers (copy, self->outgoing, address);

  return copy;
}

static void
collect_foreign (GPtrArray  *servers,
                 const char *own,
                 GPtrArray  *foreign)
{
  for (guint i = 0; i < servers->len; i++)
    {
      const char *host = bd_server_get_hostname (g_ptr_array_index (servers, i));
      g_autofree char *domain = bd_domain_dup_registrable (host);

      /* An IP address (Proton's Bridge on 127.0.0.1) belongs to no domain. */
      if (domain == NULL)
        continue;
      if (g_strcmp0 (domain, own) != 0 &&
          !g_ptr_array_find_with_equal_func (foreign, domain, g_str_equal, NULL))
        g_ptr_array_add (foreign, g_steal_pointer (&domain));
    }
}

/**
 * bd_account_config_dup_foreign_domains:
 *
 * Security rule 4 of DESIGN.md: servers whose registrable domain differs
 * from the address's are shown for approval before any password goes there.
 *
 * Returns: (transfer full): the registrable domains of the servers that are
 *   not the address's own, without repeats; empty when all are.
 */
char **
bd_account_config_dup_foreign_domains (BdAccountConfig *self,
                                       BdAddress       *address)
{
  g_autofree char *own = NULL;
  g_autoptr(GPtrArray) foreign = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), NULL);
  g_return_val_if_fail (BD_IS_ADDRESS (address), NULL);

  own = bd_domain_dup_registrable (bd_address_get_ascii_domain (address));
  if (own == NULL)
    own = g_strdup (bd_address_get_ascii_domain (address));
  collect_foreign (self->incoming, own, foreign);
  collect_foreign (self->outgoing, own, foreign);
  g_ptr_array_add (foreign, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&foreign), FALSE);
}

/**
 * bd_account_config_needs_approval:
 *
 * Security rule 4 of DESIGN.md, in the one place that decides it for the
 * assistant and for `brevduva-cli store`: settings from an unverified source
 * (http://, SRV, MX, guessing), or that send the person to another domain's
 * servers, are approved before a password goes to them. The built-in
 * database is reviewed by hand, so its servers in other domains (hotmail.com
 * at outlook.office365.com) need no approval.
 *
 * Returns: why approval is needed, or %BD_APPROVAL_NOT_NEEDED.
 */
BdApproval
bd_account_config_needs_approval (BdAccountConfig *self,
                                  BdAddress       *address)
{
  g_auto(GStrv) foreign = NULL;

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (self), BD_APPROVAL_UNVERIFIED_SOURCE);
  g_return_val_if_fail (BD_IS_ADDRESS (address), BD_APPROVAL_UNVERIFIED_SOURCE);

  if (self->trust == BD_TRUST_UNVERIFIED)
    return BD_APPROVAL_UNVERIFIED_SOURCE;
  if (self->source == BD_SOURCE_BUILTIN)
    return BD_APPROVAL_NOT_NEEDED;
  foreign = bd_account_config_dup_foreign_domains (self, address);
  return foreign[0] != NULL ? BD_APPROVAL_FOREIGN_DOMAINS : BD_APPROVAL_NOT_NEEDED;
}
