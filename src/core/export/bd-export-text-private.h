/* bd-export-text-private.h: what the terminal targets share for their settings
 *
 * msmtp, mbsync, aerc and NeoMutt each get a block of plain-text settings
 * in which a shell command (bd_keyring_dup_lookup_command()) fetches the
 * password from Brevduva's own keyring item. These are the rules that text
 * follows in all four; bd-export-text.c says why.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-export-account.h"
#include "bd-export-plan.h"
#include "bd-export-target.h"

G_BEGIN_DECLS

/* export-not-supported when @value (nullable: passes) holds a control
 * character, which no line of @program's settings can hold. */
gboolean  bd_export_check_value               (const char      *value,
                                               const char      *program,
                                               GError         **error);

/* The refusals for one server whose password @program will look up:
 * not proven, no encryption, no user name, a control character in the
 * host or user name. */
gboolean  bd_export_check_server              (BdExportAccount *account,
                                               BdServer        *server,
                                               BdExportFlags    flags,
                                               const char      *program,
                                               GError         **error);

/* The incoming server, or NULL with export-not-supported when it is not
 * an IMAP server, the one kind @program reads mail from. */
BdServer *bd_export_get_imap_server           (BdExportAccount *account,
                                               const char      *program,
                                               GError         **error);

/* export-certificate-not-expressible when @server's certificate was
 * trusted by its fingerprint and is not at hand: @program can trust a
 * certificate, not a fingerprint. */
gboolean  bd_export_check_pinned_certificate  (BdExportAccount *account,
                                               BdServer        *server,
                                               const char      *program,
                                               GError         **error);

/* A FILE step (0600) for Brevduva's file at @path, with the certificates
 * the person trusted, for @program to trust; FALSE when the file there
 * now cannot be read. */
gboolean  bd_export_plan_add_certificate_file (BdExportPlan    *plan,
                                               const char      *program,
                                               const char      *path,
                                               const char      *text,
                                               GError         **error);

/* A KEYRING step for Brevduva's own item of each server (nullable), whose
 * password @program looks up. */
void      bd_export_plan_add_lookup_items     (BdExportPlan    *plan,
                                               const char      *program,
                                               BdServer        *incoming,
                                               BdServer        *outgoing);

/* The warning that @program will not send mail from this account, which
 * has no outgoing server. */
void      bd_export_plan_warn_no_outgoing     (BdExportPlan    *plan,
                                               const char      *program);

/* "Name <address>" (or the address alone), for a From line. */
char     *bd_export_dup_from                  (BdExportAccount *account);

/* @der as one PEM certificate. */
void      bd_export_append_pem                (GString         *out,
                                               GBytes          *der);

G_END_DECLS
