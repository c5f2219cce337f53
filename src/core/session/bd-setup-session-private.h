/* bd-setup-session-private.h: what the session's files share: its state, its properties, its steps
 *
 * BdSetupSession is written in six files, one per concern:
 * bd-setup-session.c (the object, the passwords, the pages),
 * bd-setup-session-address.c (the name and the address as they are typed),
 * bd-setup-session-detection.c (the detection run and the detector's
 * settings), bd-setup-session-servers.c (the lists of servers, their
 * tests, the person's choice and approval, the text to take away),
 * bd-setup-session-keyring.c (storing the password) and
 * bd-setup-session-export.c (handing the account to mail programs).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-keyring.h"
#include "bd-server-list.h"
#include "bd-warm-connections.h"
#include "bd-setup-session.h"

G_BEGIN_DECLS

typedef struct _BdDetectRun BdDetectRun;
typedef struct _BdStoreRun BdStoreRun;
typedef struct _BdExportRun BdExportRun;

/* One cause for a set of servers that all failed at once: bd-setup-session-cause.c. */
typedef struct
{
  GError *cause;              /* what made the servers fail at once, or NULL */
  GCancellable *cancellable;  /* the running diagnosis's, or NULL */
  gboolean wanted;            /* diagnose once the tests running now end */
} BdSessionCause;

struct _BdSetupSession
{
  GObject parent_instance;

  BdSetupPage page;
  BdSetupPage page_before_existing;

  char *name;
  char *address_text;
  BdAddress *address;
  char *address_error;        /* shown */
  char *address_error_pending; /* shown once the typing pauses */
  guint typing_id;

  char *password;             /* wiped when freed */
  char *existing_password;    /* the existing account's; wiped too */

  gboolean offline;
  char *ispdb_url;
  BdProviderDb *provider_db;
  GPtrArray *custom_sources;  /* of BdSource */
  GResolver *resolver;
  GBytes *ca_pem;
  char *ca_file;              /* where ca_pem came from, for the hand-off */
  guint detect_delay_ms;
  guint probe_timeout_ms;
  /* The servers of a candidate answer, proven while detection runs; the
   * lists' tests go on with them (issue 16 §2). */
  BdWarmConnections *warm;

  /* Detection: bd-setup-session-detection.c. */
  BdDetectRun *detect_run;
  char *detected_for;         /* the ASCII address of the running or finished detection */
  BdDetection *detection;
  GListStore *sources;

  /* Servers. */
  BdServerList *incoming;
  BdServerList *outgoing;
  BdServerList *existing;
  gboolean approved;
  char **foreign_domains;
  BdSessionCause found_cause;    /* of the incoming and outgoing lists */
  BdSessionCause existing_cause; /* of the existing account's list */

  /* Keyring: bd-setup-session-keyring.c. */
  BdKeyring *keyring;
  BdStoreRun *store_run;
  BdStoreState store_state;
  char *store_error;

  /* Hand-off: bd-setup-session-export.c. */
  GPtrArray *export_targets;  /* of BdExportChoice: every available program */
  GListStore *export_choices; /* those offered for this account */
  GPtrArray *export_runs;     /* of BdExportRun */
  char *export_note;

  /* Derived, cached so that only real changes are notified. */
  gboolean can_continue;
  gboolean can_go_back;
  gboolean busy;
  gboolean testing;
};

/* The session's properties, which every file of it notifies. */
typedef enum {
  PROP_0,
  PROP_PAGE,
  PROP_NAME,
  PROP_ADDRESS_TEXT,
  PROP_ADDRESS,
  PROP_ADDRESS_VALID,
  PROP_ADDRESS_ERROR,
  PROP_HAS_PASSWORD,
  PROP_OFFLINE,
  PROP_DETECT_DELAY,
  PROP_CAN_CONTINUE,
  PROP_CAN_GO_BACK,
  PROP_BUSY,
  PROP_DETECTING,
  PROP_DETECTION,
  PROP_CONFIG,
  PROP_PROVIDER_NAME,
  PROP_DETECTION_ERROR,
  PROP_DETECTION_ADVICE,
  PROP_SOURCES,
  PROP_INCOMING,
  PROP_OUTGOING,
  PROP_CHOSEN_INCOMING,
  PROP_CHOSEN_OUTGOING,
  PROP_TESTING,
  PROP_UNVERIFIED,
  PROP_FOREIGN_DOMAINS,
  PROP_APPROVAL_NEEDED,
  PROP_APPROVED,
  PROP_STORE_STATE,
  PROP_STORE_ERROR,
  PROP_EXISTING,
  PROP_EXPORT_CHOICES,
  PROP_EXPORT_NOTE,
  PROP_NETWORK_CAUSE,
  PROP_NETWORK_CAUSE_ADVICE,
  PROP_EXISTING_CAUSE,
  PROP_EXISTING_CAUSE_ADVICE,
  N_PROPS
} BdSetupSessionProp;

/* bd-setup-session.c */
void bd_setup_session_notify_prop     (BdSetupSession     *self,
                                       BdSetupSessionProp  prop);
void bd_setup_session_update_derived  (BdSetupSession     *self);
void bd_setup_session_enter_servers   (BdSetupSession     *self);

/* bd-setup-session-address.c */
void bd_setup_session_set_address_error (BdSetupSession   *self,
                                         const char       *message);

/* bd-setup-session-servers.c */
void bd_setup_session_init_lists      (BdSetupSession     *self);
void bd_setup_session_release_lists   (BdSetupSession     *self);
void bd_setup_session_configure_lists (BdSetupSession     *self);

/* bd-setup-session-cause.c */
void     bd_setup_session_want_cause      (BdSetupSession *self,
                                           BdServerList   *list);
void     bd_setup_session_watch_cause     (BdSetupSession *self,
                                           BdServerList   *list);
gboolean bd_setup_session_finding_cause   (BdSetupSession *self);
void     bd_setup_session_stop_causes     (BdSetupSession *self);
void     bd_setup_session_clear_causes    (BdSetupSession *self);

/* bd-setup-session-detection.c */
void bd_setup_session_cancel_detection (BdSetupSession    *self);
void bd_setup_session_clear_detection (BdSetupSession     *self);

/* bd-setup-session-keyring.c */
void bd_setup_session_abandon_store   (BdSetupSession     *self);
void bd_setup_session_set_store_state (BdSetupSession     *self,
                                       BdStoreState        state,
                                       const char         *error);

/* bd-setup-session-export.c */
void bd_setup_session_prepare_exports (BdSetupSession     *self);
void bd_setup_session_abandon_exports (BdSetupSession     *self);

G_END_DECLS
