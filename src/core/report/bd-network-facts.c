/* bd-network-facts.c
 *
 * The network facts of the diagnostic report (issue 13 §5): what
 * GNetworkMonitor knew (network available, connectivity, metered), the
 * name servers of the system's resolver (GResolver does not say which it
 * asked, so /etc/resolv.conf is read, bounded), and for each connection
 * the proxy GProxyResolver chose for its URL, the local and remote
 * addresses, the address family used and the one tried first, whether
 * its name was looked up; and the clock check, against the validity of
 * the certificates the servers showed.
 *
 * Nothing here is secret, and it stays so: a proxy's URI loses its user
 * information (a SOCKS or HTTP proxy may carry "user:password@"), and no
 * user name of the account is ever among the facts.
 *
 * JSON, the "network" member of `check --json` and `test --json`:
 * {"available","connectivity","metered","name_servers":[…],
 *  "name_servers_source","clock":{"check","certificates"},
 *  "connections":[{"url","name_lookup","proxy","local_address",
 *  "remote_address","family","first_family","fell_back"}]}
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-json.h"
#include "bd-network-facts.h"
#include "bd-probe-report.h"
#include "bd-tls-certificate.h"

/* resolv.conf is read up to this size: a name server line is short. */
#define RESOLV_CONF_MAX_BYTES (64 * 1024)

typedef enum {
  LOOKUP_UNKNOWN,
  LOOKUP_OK,
  LOOKUP_FAILED,
} Lookup;

typedef struct
{
  char *url;
  Lookup lookup;
  gboolean proxy_known;
  char *proxy;              /* for display, without user information; NULL = direct */
  char *local_address;
  char *remote_address;
  GSocketFamily first_family;
} Connection;

struct _BdNetworkFacts
{
  GObject parent_instance;

  gboolean monitor_read;
  gboolean available;
  GNetworkConnectivity connectivity;
  gboolean metered;
  char *resolv_conf_path;
  GPtrArray *name_servers;  /* of char *, NULL-terminated */
  GProxyResolver *proxy_resolver;
  GDateTime *now;
  GPtrArray *connections;   /* of Connection */
  BdClockCheck clock;
  guint certificates_checked;
};

G_DEFINE_FINAL_TYPE (BdNetworkFacts, bd_network_facts, G_TYPE_OBJECT)

static void
connection_free (Connection *connection)
{
  g_free (connection->url);
  g_free (connection->proxy);
  g_free (connection->local_address);
  g_free (connection->remote_address);
  g_free (connection);
}

static void
bd_network_facts_finalize (GObject *object)
{
  BdNetworkFacts *self = BD_NETWORK_FACTS (object);

  g_free (self->resolv_conf_path);
  g_clear_pointer (&self->name_servers, g_ptr_array_unref);
  g_clear_object (&self->proxy_resolver);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_ptr_array_unref (self->connections);

  G_OBJECT_CLASS (bd_network_facts_parent_class)->finalize (object);
}

static void
bd_network_facts_class_init (BdNetworkFactsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_network_facts_finalize;
}

static void
bd_network_facts_init (BdNetworkFacts *self)
{
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) connection_free);
}

BdNetworkFacts *
bd_network_facts_new (void)
{
  return g_object_new (BD_TYPE_NETWORK_FACTS, NULL);
}

/**
 * bd_network_facts_new_for_system:
 * @reports: (element-type BdProbeReport) (nullable): the probes' reports
 *
 * Returns: (transfer full): the facts of this computer now: the default
 *   network monitor, /etc/resolv.conf, the default proxy resolver and the
 *   clock, with @reports' connections.
 */
BdNetworkFacts *
bd_network_facts_new_for_system (GPtrArray *reports)
{
  BdNetworkFacts *self = bd_network_facts_new ();

  bd_network_facts_read_monitor (self, g_network_monitor_get_default ());
  bd_network_facts_read_resolv_conf (self, "/etc/resolv.conf");
  bd_network_facts_set_proxy_resolver (self, g_proxy_resolver_get_default ());
  if (reports != NULL)
    bd_network_facts_add_reports (self, reports);
  return self;
}

void
bd_network_facts_read_monitor (BdNetworkFacts  *self,
                               GNetworkMonitor *monitor)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  bd_network_facts_set_connectivity (self, g_network_monitor_get_network_available (monitor),
                                     g_network_monitor_get_connectivity (monitor),
                                     g_network_monitor_get_network_metered (monitor));
}

/**
 * bd_network_facts_set_connectivity:
 *
 * What a #GNetworkMonitor says (bd_network_facts_read_monitor()).
 */
void
bd_network_facts_set_connectivity (BdNetworkFacts       *self,
                                   gboolean              available,
                                   GNetworkConnectivity  connectivity,
                                   gboolean              metered)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));

  self->monitor_read = TRUE;
  self->available = available;
  self->connectivity = connectivity;
  self->metered = metered;
}

/* The address of one "nameserver ADDRESS" line, or NULL. */
static char *
dup_name_server (const char *line)
{
  g_auto(GStrv) words = NULL;

  line += strspn (line, " \t");
  if (!g_str_has_prefix (line, "nameserver"))
    return NULL;
  words = g_strsplit_set (line, " \t", -1);
  for (guint i = 1; words[i] != NULL; i++)
    if (*words[i] != '\0')
      return g_strdup (words[i]);
  return NULL;
}

/**
 * bd_network_facts_parse_resolv_conf:
 * @path: the file's name, said in the report
 * @text: its contents
 *
 * Keeps the first %BD_NETWORK_FACTS_MAX_NAME_SERVERS name servers.
 */
void
bd_network_facts_parse_resolv_conf (BdNetworkFacts *self,
                                    const char     *path,
                                    const char     *text)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (text != NULL);

  g_free (self->resolv_conf_path);
  self->resolv_conf_path = g_strdup (path);
  g_clear_pointer (&self->name_servers, g_ptr_array_unref);
  self->name_servers = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *server;

      if (self->name_servers->len >= BD_NETWORK_FACTS_MAX_NAME_SERVERS)
        break;
      server = dup_name_server (lines[i]);
      if (server != NULL && g_utf8_validate (server, -1, NULL))
        g_ptr_array_add (self->name_servers, server);
      else
        g_free (server);
    }
  g_ptr_array_add (self->name_servers, NULL);
}

/**
 * bd_network_facts_read_resolv_conf:
 *
 * Reads at most 64 KiB of @path; a file that cannot be read leaves the
 * name servers unknown.
 */
void
bd_network_facts_read_resolv_conf (BdNetworkFacts *self,
                                   const char     *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (RESOLV_CONF_MAX_BYTES + 1);
  gsize length = 0;

  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, RESOLV_CONF_MAX_BYTES,
                                &length, NULL, NULL))
    return;
  buffer[length] = '\0';
  bd_network_facts_parse_resolv_conf (self, path, buffer);
}

/**
 * bd_network_facts_get_name_servers:
 *
 * Returns: (nullable): the name servers, or %NULL when unknown.
 */
const char * const *
bd_network_facts_get_name_servers (BdNetworkFacts *self)
{
  g_return_val_if_fail (BD_IS_NETWORK_FACTS (self), NULL);

  if (self->name_servers == NULL)
    return NULL;
  return (const char * const *) self->name_servers->pdata;
}

void
bd_network_facts_set_proxy_resolver (BdNetworkFacts *self,
                                     GProxyResolver *resolver)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (resolver == NULL || G_IS_PROXY_RESOLVER (resolver));

  g_set_object (&self->proxy_resolver, resolver);
}

/**
 * bd_network_facts_set_now:
 *
 * The time the clock check compares with; the system's clock by default.
 */
void
bd_network_facts_set_now (BdNetworkFacts *self,
                          GDateTime      *now)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

/**
 * bd_network_facts_dup_proxy_for_display:
 * @proxy_uri: one answer of g_proxy_resolver_lookup()
 *
 * Returns: (transfer full) (nullable): the proxy as
 *   "socks5://proxy.example:1080", without any user information; %NULL
 *   for "direct://" (no proxy).
 */
char *
bd_network_facts_dup_proxy_for_display (const char *proxy_uri)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (proxy_uri != NULL, NULL);

  if (g_str_has_prefix (proxy_uri, "direct://"))
    return NULL;
  uri = g_uri_parse (proxy_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    /* Never the text itself: it may hold a password. */
    return g_strdup (_("a proxy whose address could not be read"));
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

static Lookup
report_get_lookup (BdProbeReport *report)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);

  for (guint i = 0; i < steps->len; i++)
    {
      const BdProbeStep *step = g_ptr_array_index (steps, i);

      if (g_strcmp0 (step->name, "resolve") == 0)
        return step->ok ? LOOKUP_OK : LOOKUP_FAILED;
    }
  return LOOKUP_UNKNOWN;
}

/* The proxy the probe recorded, else the proxy resolver's answer for the
 * URL (what the system's settings choose for it). */
static void
look_up_proxy (BdNetworkFacts *self,
               Connection     *connection,
               const char     *recorded)
{
  g_auto(GStrv) proxies = NULL;

  if (recorded != NULL)
    {
      connection->proxy_known = TRUE;
      connection->proxy = g_strcmp0 (recorded, "direct") != 0 ? g_strdup (recorded) : NULL;
      return;
    }
  if (self->proxy_resolver == NULL || connection->url == NULL)
    return;
  proxies = g_proxy_resolver_lookup (self->proxy_resolver, connection->url, NULL, NULL);
  if (proxies == NULL || proxies[0] == NULL)
    return;
  connection->proxy_known = TRUE;
  connection->proxy = bd_network_facts_dup_proxy_for_display (proxies[0]);
}

/* The clock against one certificate's validity: the worst finding wins. */
static void
check_clock (BdNetworkFacts *self,
             BdProbeReport  *report)
{
  GPtrArray *chain = bd_probe_report_get_certificates (report);
  const BdTlsCertificate *leaf;
  g_autoptr(GDateTime) now = NULL;
  BdClockCheck found = BD_CLOCK_PLAUSIBLE;

  if (chain == NULL || chain->len == 0)
    return;
  leaf = g_ptr_array_index (chain, 0);
  now = self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_utc ();
  if (g_date_time_compare (now, bd_tls_certificate_get_not_before (leaf)) < 0)
    found = BD_CLOCK_BEFORE_VALIDITY;
  else if (g_date_time_compare (now, bd_tls_certificate_get_not_after (leaf)) > 0)
    found = BD_CLOCK_AFTER_VALIDITY;
  self->certificates_checked++;
  if (self->clock == BD_CLOCK_NOT_CHECKED || self->clock == BD_CLOCK_PLAUSIBLE)
    self->clock = found;
}

/**
 * bd_network_facts_add_reports:
 * @reports: (element-type BdProbeReport)
 *
 * Adds each report's connection, with the proxy it went through (as the
 * probe recorded it, or else as the proxy resolver, if set, answers for its
 * URL), and checks the clock against its
 * certificate.
 */
void
bd_network_facts_add_reports (BdNetworkFacts *self,
                              GPtrArray      *reports)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (reports != NULL);

  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);
      Connection *connection = g_new0 (Connection, 1);

      connection->url = g_strdup (bd_probe_report_get_url (report));
      connection->lookup = report_get_lookup (report);
      connection->local_address = g_strdup (bd_probe_report_get_local_address (report));
      connection->remote_address = g_strdup (bd_probe_report_get_address (report));
      connection->first_family = bd_probe_report_get_first_family (report);
      look_up_proxy (self, connection, bd_probe_report_get_proxy (report));
      check_clock (self, report);
      g_ptr_array_add (self->connections, connection);
    }
}

BdClockCheck
bd_network_facts_get_clock (BdNetworkFacts *self)
{
  g_return_val_if_fail (BD_IS_NETWORK_FACTS (self), BD_CLOCK_NOT_CHECKED);
  return self->clock;
}

const char *
bd_clock_check_get_nick (BdClockCheck check)
{
  switch (check)
    {
    case BD_CLOCK_PLAUSIBLE:
      return "plausible";
    case BD_CLOCK_BEFORE_VALIDITY:
      return "before-certificate-validity";
    case BD_CLOCK_AFTER_VALIDITY:
      return "after-certificate-validity";
    case BD_CLOCK_NOT_CHECKED:
    default:
      return "not-checked";
    }
}

static const char *
family_get_nick (GSocketFamily family)
{
  switch (family)
    {
    case G_SOCKET_FAMILY_IPV4:
      return "ipv4";
    case G_SOCKET_FAMILY_IPV6:
      return "ipv6";
    case G_SOCKET_FAMILY_INVALID:
    case G_SOCKET_FAMILY_UNIX:
    default:
      return NULL;
    }
}

static GSocketFamily
address_get_family (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (address == NULL)
    return G_SOCKET_FAMILY_INVALID;
  inet = g_inet_address_new_from_string (address);
  return inet != NULL ? g_inet_address_get_family (inet) : G_SOCKET_FAMILY_INVALID;
}

static const char *
connectivity_get_nick (GNetworkConnectivity connectivity)
{
  GEnumClass *klass = g_type_class_ref (G_TYPE_NETWORK_CONNECTIVITY);
  GEnumValue *value = g_enum_get_value (klass, connectivity);

  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : NULL;
}

static void
add_boolean_or_null (JsonBuilder *builder,
                     const char  *member,
                     gboolean     known,
                     gboolean     value)
{
  json_builder_set_member_name (builder, member);
  if (known)
    json_builder_add_boolean_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_connection_json (JsonBuilder      *builder,
                     const Connection *connection)
{
  static const char *const lookups[] = { NULL, "ok", "failed" };
  GSocketFamily family = address_get_family (connection->remote_address);

  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "url", connection->url);
  bd_json_add_string_member (builder, "name_lookup", lookups[connection->lookup]);
  json_builder_set_member_name (builder, "proxy");
  if (!connection->proxy_known)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, connection->proxy != NULL ? connection->proxy
                                                                      : "direct");
  bd_json_add_string_member (builder, "local_address", connection->local_address);
  bd_json_add_string_member (builder, "remote_address", connection->remote_address);
  bd_json_add_string_member (builder, "family", family_get_nick (family));
  bd_json_add_string_member (builder, "first_family", family_get_nick (connection->first_family));
  add_boolean_or_null (builder, "fell_back",
                       family != G_SOCKET_FAMILY_INVALID &&
                       connection->first_family != G_SOCKET_FAMILY_INVALID,
                       family != connection->first_family);
  json_builder_end_object (builder);
}

/**
 * bd_network_facts_to_json:
 *
 * Returns: (transfer full): the "network" object; every member is there,
 *   null when it is not known.
 */
JsonNode *
bd_network_facts_to_json (BdNetworkFacts *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const *servers;

  g_return_val_if_fail (BD_IS_NETWORK_FACTS (self), NULL);

  servers = bd_network_facts_get_name_servers (self);
  json_builder_begin_object (builder);
  add_boolean_or_null (builder, "available", self->monitor_read, self->available);
  bd_json_add_string_member (builder, "connectivity",
                             self->monitor_read ? connectivity_get_nick (self->connectivity)
                                                : NULL);
  add_boolean_or_null (builder, "metered", self->monitor_read, self->metered);
  json_builder_set_member_name (builder, "name_servers");
  if (servers == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; servers[i] != NULL; i++)
        json_builder_add_string_value (builder, servers[i]);
      json_builder_end_array (builder);
    }
  bd_json_add_string_member (builder, "name_servers_source", self->resolv_conf_path);
  json_builder_set_member_name (builder, "clock");
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "check", bd_clock_check_get_nick (self->clock));
  json_builder_set_member_name (builder, "certificates");
  json_builder_add_int_value (builder, self->certificates_checked);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->connections->len; i++)
    add_connection_json (builder, g_ptr_array_index (self->connections, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
connectivity_get_label (GNetworkConnectivity connectivity)
{
  switch (connectivity)
    {
    case G_NETWORK_CONNECTIVITY_LOCAL:
      return _("no route beyond this computer");
    case G_NETWORK_CONNECTIVITY_LIMITED:
      return _("limited: the internet cannot be reached");
    case G_NETWORK_CONNECTIVITY_PORTAL:
      return _("a captive portal wants a sign-in");
    case G_NETWORK_CONNECTIVITY_FULL:
    default:
      return _("full");
    }
}

static void
append_connectivity (BdNetworkFacts *self,
                     GString        *out)
{
  if (!self->monitor_read)
    {
      g_string_append_printf (out, "  %s\n", _("Connection: not known"));
      return;
    }
  /* TRANSLATORS: "  Connection: network available, connectivity full, not metered" */
  g_string_append_printf (out, _("  Connection: %s, connectivity %s, %s\n"),
                          self->available ? _("network available") : _("no network"),
                          connectivity_get_label (self->connectivity),
                          self->metered ? _("metered") : _("not metered"));
}

static void
append_name_servers (BdNetworkFacts *self,
                     GString        *out)
{
  const char * const *servers = bd_network_facts_get_name_servers (self);
  g_autofree char *list = NULL;

  if (servers == NULL)
    {
      g_string_append_printf (out, "  %s\n", _("Name servers: not known"));
      return;
    }
  list = g_strjoinv (", ", (char **) servers);
  /* TRANSLATORS: "  Name servers (from /etc/resolv.conf): 192.0.2.53" */
  g_string_append_printf (out, _("  Name servers (from %s): %s\n"), self->resolv_conf_path,
                          /* TRANSLATORS: no name servers at all */
                          *list != '\0' ? list : C_("name servers", "none"));
}

static void
append_clock (BdNetworkFacts *self,
              GString        *out)
{
  switch (self->clock)
    {
    case BD_CLOCK_PLAUSIBLE:
      g_string_append_printf (out, "  %s\n",
                              _("Clock: plausible (inside the validity of every certificate "
                                "seen)"));
      break;
    case BD_CLOCK_BEFORE_VALIDITY:
      g_string_append_printf (out, "  %s\n",
                              _("Clock: probably behind (before the start of a certificate’s "
                                "validity)"));
      break;
    case BD_CLOCK_AFTER_VALIDITY:
      g_string_append_printf (out, "  %s\n",
                              _("Clock: after the end of a certificate’s validity (the "
                                "certificate expired, or the clock is ahead)"));
      break;
    case BD_CLOCK_NOT_CHECKED:
    default:
      g_string_append_printf (out, "  %s\n", _("Clock: not checked (no certificate was seen)"));
      break;
    }
}

static void
append_connection (const Connection *connection,
                   GString          *out)
{
  GSocketFamily family = address_get_family (connection->remote_address);

  g_string_append_printf (out, "  %s\n", connection->url);
  if (connection->lookup == LOOKUP_FAILED)
    g_string_append_printf (out, "    %s\n", _("name lookup failed"));
  if (connection->remote_address != NULL)
    /* TRANSLATORS: "    from 192.0.2.7 to 198.51.100.1 (IPv4)" */
    g_string_append_printf (out, _("    from %s to %s (%s)\n"),
                            connection->local_address != NULL ? connection->local_address : "?",
                            connection->remote_address,
                            family == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4");
  if (connection->remote_address != NULL && connection->first_family != G_SOCKET_FAMILY_INVALID &&
      family != connection->first_family)
    g_string_append_printf (out, "    %s\n",
                            family == G_SOCKET_FAMILY_IPV6
                              ? _("IPv4 was tried first and did not connect first")
                              : _("IPv6 was tried first and did not connect first"));
  if (connection->proxy_known)
    /* TRANSLATORS: "    proxy: socks5://proxy.example:1080" or "    proxy: none" */
    g_string_append_printf (out, _("    proxy: %s\n"),
                            /* TRANSLATORS: no proxy: the connection was direct */
                            connection->proxy != NULL ? connection->proxy : C_("proxy", "none"));
}

/**
 * bd_network_facts_append_text:
 *
 * Appends the "Network" section of the diagnostic report.
 */
void
bd_network_facts_append_text (BdNetworkFacts *self,
                              GString        *out)
{
  g_return_if_fail (BD_IS_NETWORK_FACTS (self));
  g_return_if_fail (out != NULL);

  g_string_append_printf (out, "%s\n", _("Network:"));
  append_connectivity (self, out);
  append_name_servers (self, out);
  append_clock (self, out);
  for (guint i = 0; i < self->connections->len; i++)
    append_connection (g_ptr_array_index (self->connections, i), out);
}
