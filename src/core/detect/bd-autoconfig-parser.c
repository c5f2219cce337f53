/* bd-autoconfig-parser.c
 *
 * Reads the clientConfig format that Thunderbird's ISPDB and providers'
 * autoconfig servers publish (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat).
 * The documents come from strangers, so libxml2 runs with the network off,
 * without entity substitution or DTD loading, and any document that has a
 * DOCTYPE at all is refused before its declarations are read: the format has
 * no use for one, and refusing it closes off entity expansion ("billion
 * laughs") and external entities in one step.
 *
 * Elements of the format that Brevduva deliberately ignores: incoming servers
 * of type exchange/ews/activesync, <password> (settings never carry secrets
 * into Brevduva), <pop3> download preferences, <useGlobalPreferredServer>,
 * <addThisServer>, <identity>, <inputField>, <instructions>, <webMail> and
 * <clientConfigUpdate>.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "bd-autoconfig-parser.h"
#include "bd-error.h"

#define MAX_NOTE_TEXT 1024

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

typedef struct
{
  gboolean saw_doctype;
} ParseGuard;

static void
reject_doctype_cb (void          *user_data,
                   const xmlChar *name,
                   const xmlChar *external_id,
                   const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseGuard *guard = ctxt->_private;

  guard->saw_doctype = TRUE;
  xmlStopParser (ctxt);
}

/* Replaces *field with value, taking ownership of value. */
static void
take_string (char **field,
             char  *value)
{
  g_free (*field);
  *field = value;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

static gboolean
is_brevduva_element (xmlNode    *node,
                     const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, BD_PROVIDER_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

/* Returns the element's text with surrounding white space removed. */
static char *
element_text (xmlNode *node)
{
  g_autofree xmlChar *content = xmlNodeGetContent (node);

  if (content == NULL)
    return g_strdup ("");
  return g_strstrip (g_strdup ((const char *) content));
}

static char *
attribute (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  return copy;
}

static char *
truncate_note_text (char *text)
{
  if (text != NULL && strlen (text) > MAX_NOTE_TEXT)
    {
      const char *end = g_utf8_find_prev_char (text, text + MAX_NOTE_TEXT);

      text[end - text] = '\0';
    }
  return text;
}

/* Host names may hold placeholders (%EMAILDOMAIN%); the rest must be a DNS
 * name (RFC 1123 §2.1) or an IP address (Proton's Bridge listens on one). */
static gboolean
label_is_valid (const char *label,
                gsize       len)
{
  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (label[i]) && label[i] != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
dns_name_is_valid (const char *name,
                   gboolean    need_dot)
{
  const char *label = name;

  if (name[0] == '\0' || strlen (name) > 253 || (need_dot && strchr (name, '.') == NULL))
    return FALSE;
  for (;;)
    {
      const char *dot = strchr (label, '.');
      gsize len = dot != NULL ? (gsize) (dot - label) : strlen (label);

      if (!label_is_valid (label, len))
        return FALSE;
      if (dot == NULL)
        return TRUE;
      label = dot + 1;
    }
}

/* Host names may hold placeholders (%EMAILDOMAIN%, in any case, as
 * bd_address_expand() accepts); the rest must be a DNS name (RFC 1123 §2.1)
 * or an IP address (Proton's Bridge listens on one). */
static gboolean
hostname_is_plausible (const char *hostname)
{
  g_autoptr(GString) upper = NULL;

  if (hostname[0] == '\0' || strlen (hostname) > 253)
    return FALSE;
  if (g_hostname_is_ip_address (hostname))
    return TRUE;

  upper = g_string_new (NULL);
  g_string_append_printf (upper, "%s", hostname);
  g_string_ascii_up (upper);
  g_string_replace (upper, "%EMAILDOMAIN%", "EXAMPLE.COM", 0);
  g_string_replace (upper, "%EMAILLOCALPART%", "USER", 0);
  return dns_name_is_valid (upper->str, FALSE);
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
                   _("The port “%s” is not a number between 1 and 65535."), text);
      return FALSE;
    }
  *port = (guint16) value;
  return TRUE;
}

static gboolean
parse_socket_type (const char  *text,
                   BdSecurity  *security,
                   GError     **error)
{
  if (g_ascii_strcasecmp (text, "SSL") == 0)
    *security = BD_SECURITY_TLS;
  else if (g_ascii_strcasecmp (text, "STARTTLS") == 0)
    *security = BD_SECURITY_STARTTLS;
  else if (g_ascii_strcasecmp (text, "plain") == 0)
    *security = BD_SECURITY_NONE;
  else
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
                   _("The socket type “%s” is unknown; expected SSL, STARTTLS or plain."), text);
      return FALSE;
    }
  return TRUE;
}

/* Values from the format's documentation, with the older synonyms
 * "plain" and "secure" that some providers still publish. */
static BdAuthFlags
parse_authentication (const char *text)
{
  static const struct { const char *name; BdAuthFlags flag; } map[] = {
    { "password-cleartext", BD_AUTH_PASSWORD_CLEARTEXT },
    { "plain", BD_AUTH_PASSWORD_CLEARTEXT },
    { "password-encrypted", BD_AUTH_PASSWORD_ENCRYPTED },
    { "secure", BD_AUTH_PASSWORD_ENCRYPTED },
    { "OAuth2", BD_AUTH_OAUTH2 },
    { "none", BD_AUTH_NONE },
    { "client-IP-address", BD_AUTH_CLIENT_IP_ADDRESS },
    { "NTLM", BD_AUTH_NTLM },
    { "GSSAPI", BD_AUTH_GSSAPI },
    { "TLS-client-cert", BD_AUTH_TLS_CLIENT_CERT },
    { "smtp-after-pop", BD_AUTH_SMTP_AFTER_POP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      if (g_ascii_strcasecmp (text, map[i].name) == 0)
        return map[i].flag;
    }
  return 0;  /* unknown methods are ignored, as Thunderbird does */
}

static gboolean
parse_protocol (xmlNode    *node,
                gboolean    incoming,
                BdProtocol *protocol)
{
  g_autofree char *type = attribute (node, "type");

  if (type == NULL)
    return FALSE;
  if (incoming && g_ascii_strcasecmp (type, "imap") == 0)
    *protocol = BD_PROTOCOL_IMAP;
  else if (incoming && g_ascii_strcasecmp (type, "pop3") == 0)
    *protocol = BD_PROTOCOL_POP3;
  else if (!incoming && g_ascii_strcasecmp (type, "smtp") == 0)
    *protocol = BD_PROTOCOL_SMTP;
  else
    return FALSE;
  return TRUE;
}

static gboolean
require_field (const char  *value,
               const char  *field,
               BdProtocol   protocol,
               GError     **error)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;

  g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MISSING_FIELD,
               _("A %s server in the settings has no <%s>."),
               bd_protocol_get_label (protocol), field);
  return FALSE;
}

static BdServer *
parse_server (xmlNode     *node,
              BdProtocol   protocol,
              GError     **error)
{
  g_autofree char *hostname = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *socket_type = NULL;
  g_autofree char *username = NULL;
  BdAuthFlags auth = 0;
  gboolean saw_auth = FALSE;
  BdSecurity security;
  guint16 port;
  BdServer *server;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "hostname"))
        take_string (&hostname, element_text (child));
      else if (is_element (child, "port"))
        take_string (&port_text, element_text (child));
      else if (is_element (child, "socketType"))
        take_string (&socket_type, element_text (child));
      else if (is_element (child, "username"))
        take_string (&username, element_text (child));
      else if (is_element (child, "authentication") || is_element (child, "restriction"))
        {
          g_autofree char *text = element_text (child);
          BdAuthFlags flag = parse_authentication (text);

          /* An unknown method is ignored as if it were not there, so a
           * server that names only unknown ones gets the default below. */
          if (flag != 0)
            {
              auth |= flag;
              saw_auth = TRUE;
            }
        }
    }

  if (!require_field (hostname, "hostname", protocol, error) ||
      !require_field (port_text, "port", protocol, error) ||
      !require_field (socket_type, "socketType", protocol, error))
    return NULL;

  if (!hostname_is_plausible (hostname))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
                   _("The host name “%s” is not valid."), hostname);
      return NULL;
    }
  if (!parse_port (port_text, &port, error) ||
      !parse_socket_type (socket_type, &security, error))
    return NULL;

  if (!saw_auth)
    auth = BD_AUTH_PASSWORD_CLEARTEXT;
  /* A login name is needed unless the server takes no login at all. */
  if ((auth & ~(BD_AUTH_NONE | BD_AUTH_CLIENT_IP_ADDRESS)) != 0 &&
      !require_field (username, "username", protocol, error))
    return NULL;

  server = bd_server_new (protocol, hostname, port, security, username);
  bd_server_set_auth (server, auth);
  return server;
}

/* The text of the first @child_name element in English (or without a
 * language), else of the first one at all; truncated for display. */
static char *
english_child_text (xmlNode    *node,
                    const char *child_name)
{
  g_autofree char *english = NULL;
  g_autofree char *first = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *lang = NULL;

      if (!is_element (child, child_name))
        continue;
      lang = attribute (child, "lang");
      if (first == NULL)
        first = element_text (child);
      if (english == NULL && (lang == NULL || g_ascii_strcasecmp (lang, "en") == 0))
        english = element_text (child);
    }

  return truncate_note_text (english != NULL ? g_steal_pointer (&english)
                                             : g_steal_pointer (&first));
}

static BdNote *
parse_documentation (xmlNode *node)
{
  g_autofree char *url = attribute (node, "url");
  g_autofree char *text = english_child_text (node, "descr");

  return bd_note_new (BD_NOTE_DOCUMENTATION, text, url);
}

static BdNote *
parse_enable (xmlNode *node)
{
  g_autofree char *url = attribute (node, "visiturl");
  g_autofree char *text = english_child_text (node, "instruction");

  return bd_note_new (BD_NOTE_ENABLE, text, url);
}

/* Brevduva's own <requirement kind="…" url="…"/> in the built-in database. */
static BdNote *
parse_requirement (xmlNode  *node,
                   GError  **error)
{
  static const struct { const char *kind; BdNoteKind note; } map[] = {
    { "app-password", BD_NOTE_APP_PASSWORD },
    { "oauth2", BD_NOTE_OAUTH2_ONLY },
    { "enable-imap", BD_NOTE_ENABLE_IMAP },
    { "enable-pop", BD_NOTE_ENABLE_POP },
    { "bridge", BD_NOTE_BRIDGE },
  };
  g_autofree char *kind = attribute (node, "kind");
  g_autofree char *url = attribute (node, "url");
  g_autofree char *text = element_text (node);

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (map); i++)
    {
      if (strcmp (kind, map[i].kind) == 0)
        return bd_note_new (map[i].note, text[0] != '\0' ? truncate_note_text (text) : NULL, url);
    }

  g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
               _("The requirement “%s” is unknown."), kind != NULL ? kind : "");
  return NULL;
}

static gboolean
parse_domain (BdAccountConfig  *config,
              xmlNode          *node,
              GError          **error)
{
  g_autofree char *text = element_text (node);
  g_autofree char *ascii = g_hostname_to_ascii (text);

  if (ascii == NULL || g_hostname_is_ip_address (ascii) || !dns_name_is_valid (ascii, TRUE))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
                   _("The domain “%s” is not valid."), text);
      return FALSE;
    }
  bd_account_config_add_domain (config, ascii);
  return TRUE;
}

static gboolean
parse_provider_child (BdAccountConfig  *config,
                      xmlNode          *child,
                      GError          **error)
{
  BdProtocol protocol;

  if (is_element (child, "domain"))
    return parse_domain (config, child, error);

  if (is_element (child, "displayName"))
    {
      g_autofree char *text = element_text (child);
      bd_account_config_set_display_name (config, text);
    }
  else if (is_element (child, "displayShortName"))
    {
      g_autofree char *text = element_text (child);
      bd_account_config_set_short_name (config, text);
    }
  else if ((is_element (child, "incomingServer") && parse_protocol (child, TRUE, &protocol)) ||
           (is_element (child, "outgoingServer") && parse_protocol (child, FALSE, &protocol)))
    {
      g_autoptr(BdServer) server = parse_server (child, protocol, error);

      if (server == NULL)
        return FALSE;
      bd_account_config_add_server (config, server);
    }
  else if (is_element (child, "documentation"))
    bd_account_config_add_note (config, parse_documentation (child));
  else if (is_element (child, "enable"))
    bd_account_config_add_note (config, parse_enable (child));
  else if (is_brevduva_element (child, "requirement"))
    {
      BdNote *note = parse_requirement (child, error);

      if (note == NULL)
        return FALSE;
      bd_account_config_add_note (config, note);
    }

  return TRUE;
}

static gboolean
has_insecure_server (GPtrArray *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      if (bd_server_get_security (g_ptr_array_index (servers, i)) == BD_SECURITY_NONE)
        return TRUE;
    }
  return FALSE;
}

static BdAccountConfig *
parse_provider (xmlNode  *provider,
                gboolean  has_oauth2,
                GError  **error)
{
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autofree char *id = attribute (provider, "id");
  GPtrArray *incoming;
  GPtrArray *outgoing;

  for (xmlNode *child = provider->children; child != NULL; child = child->next)
    {
      if (!parse_provider_child (config, child, error))
        return NULL;
    }

  if (bd_account_config_get_domains (config)->len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MISSING_FIELD,
                   _("The settings do not name a <domain>."));
      return NULL;
    }
  incoming = bd_account_config_get_incoming (config);
  outgoing = bd_account_config_get_outgoing (config);
  if (incoming->len + outgoing->len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MISSING_FIELD,
                   _("The settings do not list any IMAP, POP3 or SMTP server."));
      return NULL;
    }

  if (id == NULL || id[0] == '\0')
    take_string (&id, g_strdup (g_ptr_array_index (bd_account_config_get_domains (config), 0)));
  bd_account_config_set_provider_id (config, id);
  if (bd_account_config_get_display_name (config) == NULL)
    bd_account_config_set_display_name (config, id);

  if (has_oauth2)
    bd_account_config_add_note (config, bd_note_new (BD_NOTE_OAUTH2, NULL, NULL));
  if (has_insecure_server (incoming) || has_insecure_server (outgoing))
    bd_account_config_add_note (config, bd_note_new (BD_NOTE_INSECURE_SERVER, NULL, NULL));

  return g_steal_pointer (&config);
}

static xmlDoc *
read_document (const char  *data,
               gsize        size,
               GError     **error)
{
  g_autoptr(xmlParserCtxt) ctxt = xmlNewParserCtxt ();
  ParseGuard guard = { FALSE };
  xmlDoc *doc;

  if (ctxt == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_FAILED, _("Out of memory."));
      return NULL;
    }
  ctxt->_private = &guard;
  ctxt->sax->internalSubset = reject_doctype_cb;

  /* NONET: never fetch anything; no NOENT, DTDLOAD or XINCLUDE, so entities
   * are never substituted and nothing outside the document is read. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) size, "autoconfig.xml", "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_NOCDATA);
  if (guard.saw_doctype)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_FORBIDDEN_DTD,
                   _("The settings document has a DOCTYPE declaration, which autoconfig "
                     "documents never need; it is refused for safety."));
      return NULL;
    }
  if (doc == NULL || !ctxt->wellFormed)
    {
      xmlErrorPtr xml_error = xmlCtxtGetLastError (ctxt);

      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED,
                   _("The settings document is not well-formed XML (line %d: %s)."),
                   xml_error != NULL ? xml_error->line : 0,
                   xml_error != NULL && xml_error->message != NULL
                     ? g_strstrip (xml_error->message) : "?");
      return NULL;
    }

  return doc;
}

/**
 * bd_autoconfig_parse:
 * @document: the bytes of a clientConfig document, as served
 *
 * Parses a clientConfig v1.1 document. Placeholders stay unexpanded; see
 * bd_account_config_expand(). Provenance is left for the caller to set.
 *
 * Returns: (transfer full): the settings, or %NULL with @error set to one of
 *   the `BD_ERROR_CONFIG_*` codes.
 */
BdAccountConfig *
bd_autoconfig_parse (GBytes  *document,
                     GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *provider = NULL;
  gboolean has_oauth2 = FALSE;
  gsize size;
  const char *data;

  g_return_val_if_fail (document != NULL, NULL);

  data = g_bytes_get_data (document, &size);
  if (size > BD_AUTOCONFIG_MAX_SIZE)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_TOO_LARGE,
                   _("The settings document is larger than %u KiB."),
                   (guint) (BD_AUTOCONFIG_MAX_SIZE / 1024));
      return NULL;
    }
  if (size == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED,
                   _("The settings document is empty."));
      return NULL;
    }
  /* The format is UTF-8; this also refuses NUL bytes and UTF-16. */
  if (!g_utf8_validate (data, (gssize) size, NULL))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_ENCODING,
                   _("The settings document is not valid UTF-8 text."));
      return NULL;
    }

  doc = read_document (data, size, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "clientConfig"))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_NOT_AUTOCONFIG,
                   _("The document is XML, but not an autoconfig <clientConfig> document."));
      return NULL;
    }

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (provider == NULL && is_element (child, "emailProvider"))
        provider = child;
      else if (is_element (child, "oAuth2"))
        has_oauth2 = TRUE;
    }

  if (provider == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_MISSING_FIELD,
                   _("The settings document has no <emailProvider>."));
      return NULL;
    }

  return parse_provider (provider, has_oauth2, error);
}
