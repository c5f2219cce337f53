/* bd-setup-session.h: the state of the setup assistant, without any widget
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-detection.h"
#include "bd-detector.h"
#include "bd-export-choice.h"
#include "bd-provider-db.h"
#include "bd-server-check.h"
#include "bd-source-progress.h"

G_BEGIN_DECLS

typedef enum {
  BD_SETUP_PAGE_ADDRESS,
  BD_SETUP_PAGE_DETECTION,
  BD_SETUP_PAGE_SERVERS,
  BD_SETUP_PAGE_DONE,
  BD_SETUP_PAGE_TEST_EXISTING,
} BdSetupPage;

typedef enum {
  BD_STORE_STATE_NONE,
  BD_STORE_STATE_STORING,
  BD_STORE_STATE_STORED,
  BD_STORE_STATE_FAILED,
} BdStoreState;

#define BD_TYPE_SETUP_PAGE (bd_setup_page_get_type ())
#define BD_TYPE_STORE_STATE (bd_store_state_get_type ())
#define BD_TYPE_SETUP_SESSION (bd_setup_session_get_type ())

GType bd_setup_page_get_type (void) G_GNUC_CONST;
GType bd_store_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BdSetupSession, bd_setup_session, BD, SETUP_SESSION, GObject)

BdSetupSession  *bd_setup_session_new                  (void);

/* What the person typed. */
const char      *bd_setup_session_get_name             (BdSetupSession  *self);
void             bd_setup_session_set_name             (BdSetupSession  *self,
                                                        const char      *name);
const char      *bd_setup_session_get_address_text     (BdSetupSession  *self);
void             bd_setup_session_set_address_text     (BdSetupSession  *self,
                                                        const char      *text);
BdAddress       *bd_setup_session_get_address          (BdSetupSession  *self);
gboolean         bd_setup_session_get_address_valid    (BdSetupSession  *self);
const char      *bd_setup_session_get_address_error    (BdSetupSession  *self);
void             bd_setup_session_set_password         (BdSetupSession  *self,
                                                        const char      *password);
gboolean         bd_setup_session_get_has_password     (BdSetupSession  *self);

/* How it works; tests and settings set these. */
void             bd_setup_session_set_offline          (BdSetupSession  *self,
                                                        gboolean         offline);
gboolean         bd_setup_session_get_offline          (BdSetupSession  *self);
void             bd_setup_session_set_ispdb_url        (BdSetupSession  *self,
                                                        const char      *url);
void             bd_setup_session_set_provider_db      (BdSetupSession  *self,
                                                        BdProviderDb    *db);
void             bd_setup_session_set_sources          (BdSetupSession  *self,
                                                        GPtrArray       *sources);
void             bd_setup_session_set_resolver         (BdSetupSession  *self,
                                                        GResolver       *resolver);
void             bd_setup_session_set_ca_pem           (BdSetupSession  *self,
                                                        GBytes          *pem);
void             bd_setup_session_set_detect_delay     (BdSetupSession  *self,
                                                        guint            delay_ms);
guint            bd_setup_session_get_detect_delay     (BdSetupSession  *self);
void             bd_setup_session_set_probe_timeout    (BdSetupSession  *self,
                                                        guint            timeout_ms);

/* Where the assistant is. */
BdSetupPage      bd_setup_session_get_page             (BdSetupSession  *self);
gboolean         bd_setup_session_get_can_continue     (BdSetupSession  *self);
gboolean         bd_setup_session_get_can_go_back      (BdSetupSession  *self);
gboolean         bd_setup_session_get_busy             (BdSetupSession  *self);
gboolean         bd_setup_session_go_forward           (BdSetupSession  *self);
gboolean         bd_setup_session_go_back              (BdSetupSession  *self);
void             bd_setup_session_show_test_existing   (BdSetupSession  *self);
void             bd_setup_session_restart              (BdSetupSession  *self);
void             bd_setup_session_cancel               (BdSetupSession  *self);

/* Detection. */
void             bd_setup_session_start_detection      (BdSetupSession  *self);
gboolean         bd_setup_session_get_detecting        (BdSetupSession  *self);
BdDetection     *bd_setup_session_get_detection        (BdSetupSession  *self);
BdAccountConfig *bd_setup_session_get_config           (BdSetupSession  *self);
const char      *bd_setup_session_get_detection_error  (BdSetupSession  *self);
const char      *bd_setup_session_get_detection_advice (BdSetupSession  *self);
GListModel      *bd_setup_session_get_sources          (BdSetupSession  *self);

/* The servers and their tests. */
GListModel      *bd_setup_session_get_incoming         (BdSetupSession  *self);
GListModel      *bd_setup_session_get_outgoing         (BdSetupSession  *self);
BdServerCheck   *bd_setup_session_get_chosen_incoming  (BdSetupSession  *self);
BdServerCheck   *bd_setup_session_get_chosen_outgoing  (BdSetupSession  *self);
void             bd_setup_session_choose               (BdSetupSession  *self,
                                                        BdServerCheck   *check);
gboolean         bd_setup_session_get_testing          (BdSetupSession  *self);
const char      *bd_setup_session_get_network_cause    (BdSetupSession  *self);
const char      *bd_setup_session_get_network_cause_advice (BdSetupSession *self);
const char      *bd_setup_session_get_existing_cause   (BdSetupSession  *self);
const char      *bd_setup_session_get_existing_cause_advice (BdSetupSession *self);
void             bd_setup_session_test_servers         (BdSetupSession  *self);
void             bd_setup_session_test_server          (BdSetupSession  *self,
                                                        BdServerCheck   *check);
gboolean         bd_setup_session_trust_certificate    (BdSetupSession  *self,
                                                        BdServerCheck   *check,
                                                        const char      *fingerprint);
gboolean         bd_setup_session_get_unverified       (BdSetupSession  *self);
const char * const *bd_setup_session_get_foreign_domains (BdSetupSession *self);
gboolean         bd_setup_session_get_approval_needed  (BdSetupSession  *self);
gboolean         bd_setup_session_get_approved         (BdSetupSession  *self);
void             bd_setup_session_approve              (BdSetupSession  *self);

/* Keeping the password. */
BdStoreState     bd_setup_session_get_store_state      (BdSetupSession  *self);
const char      *bd_setup_session_get_store_error      (BdSetupSession  *self);
void             bd_setup_session_store                (BdSetupSession  *self);

/* Handing the account to the person's mail programs. */
gboolean         bd_setup_session_set_ca_file          (BdSetupSession  *self,
                                                        const char      *path,
                                                        GError         **error);
void             bd_setup_session_set_export_targets   (BdSetupSession  *self,
                                                        GPtrArray       *targets);
GListModel      *bd_setup_session_get_export_choices   (BdSetupSession  *self);
const char      *bd_setup_session_get_export_note      (BdSetupSession  *self);
BdExportChoice  *bd_setup_session_find_export_choice   (BdSetupSession  *self,
                                                        const char      *id);
void             bd_setup_session_export               (BdSetupSession  *self,
                                                        BdExportChoice  *choice,
                                                        BdExportFlags    flags);
void             bd_setup_session_decline_export       (BdSetupSession  *self,
                                                        BdExportChoice  *choice);

/* Testing an account the person already has. */
GListModel      *bd_setup_session_get_existing         (BdSetupSession  *self);
void             bd_setup_session_set_existing_password (BdSetupSession *self,
                                                        const char      *password);
void             bd_setup_session_test_existing        (BdSetupSession  *self,
                                                        GPtrArray       *servers);

/* What the person can take away; never holds the password. */
char            *bd_setup_session_dup_settings_text    (BdSetupSession  *self);
char            *bd_setup_session_dup_report_text      (BdSetupSession  *self);

G_END_DECLS
