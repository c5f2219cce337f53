/* bd-domain-window.h: "Check a Domain", the domain check for mail administrators
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-domain-check.h"

G_BEGIN_DECLS

/* What the report suggests publishing. */
typedef enum {
  BD_DOMAIN_WINDOW_PUBLISH_CONFIG,
  BD_DOMAIN_WINDOW_PUBLISH_SRV,
} BdDomainWindowPublish;

#define BD_TYPE_DOMAIN_WINDOW (bd_domain_window_get_type ())

G_DECLARE_FINAL_TYPE (BdDomainWindow, bd_domain_window, BD, DOMAIN_WINDOW, AdwWindow)

BdDomainWindow *bd_domain_window_new        (GtkWindow      *parent);
BdDomainCheck  *bd_domain_window_get_check  (BdDomainWindow *self);
BdDomainReport *bd_domain_window_get_report (BdDomainWindow *self);
void            bd_domain_window_check      (BdDomainWindow *self,
                                             const char     *domain);
void            bd_domain_window_show_report (BdDomainWindow *self,
                                              BdDomainReport *report);
void            bd_domain_window_save_async (BdDomainWindow        *self,
                                             BdDomainWindowPublish  what,
                                             GFile                 *file,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean        bd_domain_window_save_finish (BdDomainWindow  *self,
                                              GAsyncResult    *result,
                                              GError         **error);
void            bd_domain_window_save_to_file (BdDomainWindow        *self,
                                               BdDomainWindowPublish  what,
                                               GFile                 *file);

G_END_DECLS
