/* bd-done-page.c
 *
 * Says whether the password is in the keyring (and why not, with Try
 * Again), shows the settings in use, and offers them and the diagnostic
 * report to take away.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-done-page.h"
#include "bd-gui-util.h"

struct _BdDonePage
{
  BdSessionPage parent_instance;

  GtkWidget *retry_button;
  GtkWidget *copy_button;
};

G_DEFINE_FINAL_TYPE (BdDonePage, bd_done_page, BD_TYPE_SESSION_PAGE)

static gboolean
storing_cb (BdDonePage   *self,
            BdStoreState  state)
{
  return state == BD_STORE_STATE_STORING;
}

static gboolean
failed_cb (BdDonePage   *self,
           BdStoreState  state)
{
  return state == BD_STORE_STATE_FAILED;
}

/* While the password is stored, the spinner hides the icon. */
static char *
status_icon_cb (BdDonePage   *self,
                BdStoreState  state)
{
  return g_strdup (state == BD_STORE_STATE_FAILED ? "dialog-warning-symbolic"
                                                  : "emblem-ok-symbolic");
}

static GStrv
status_style_cb (BdDonePage   *self,
                 BdStoreState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, state == BD_STORE_STATE_FAILED ? "warning" : "success");
  return g_strv_builder_end (builder);
}

static char *
title_cb (BdDonePage   *self,
          BdStoreState  state)
{
  switch (state)
    {
    case BD_STORE_STATE_STORING:
      return g_strdup (_("Saving Your Password…"));
    case BD_STORE_STATE_FAILED:
      return g_strdup (_("The Password Was Not Saved"));
    case BD_STORE_STATE_STORED:
    case BD_STORE_STATE_NONE:
    default:
      return g_strdup (_("Your Account Is Ready"));
    }
}

static char *
description_cb (BdDonePage   *self,
                BdStoreState  state,
                const char   *error,
                BdAddress    *address)
{
  const char *display = address != NULL ? bd_address_get_display (address) : "";

  switch (state)
    {
    case BD_STORE_STATE_STORING:
      return g_strdup (_("Brevduva is putting the password in the keyring."));
    case BD_STORE_STATE_FAILED:
      return g_strdup_printf ("%s\n\n%s", error,
                              _("The servers work. Try again, or copy the settings and "
                                "enter the password in your mail program."));
    case BD_STORE_STATE_STORED:
    case BD_STORE_STATE_NONE:
    default:
      /* TRANSLATORS: %s is the email address */
      return g_strdup_printf (_("The servers of %s work, and the password is in the "
                                "keyring."), display);
    }
}

/* The server in use. The page is a parameter too: the server may have been
 * edited since it was chosen, and the row says what it is now. */
static char *
server_cb (BdDonePage    *self,
           BdServerCheck *check,
           BdSetupPage    page)
{
  BdServer *server;
  g_autofree char *title = NULL;
  const char *username;

  if (check == NULL)
    return g_strdup ("");
  server = bd_server_check_get_server (check);
  username = bd_server_get_username (server);
  title = bd_server_check_dup_title (check);
  /* TRANSLATORS: "IMAP, TLS, imap.example.com:993, user name alice" */
  return g_strdup_printf (_("%s · %s · %s · user name %s"),
                          bd_protocol_get_label (bd_server_get_protocol (server)),
                          bd_security_get_label (bd_server_get_security (server)),
                          title, username != NULL ? username : "—");
}

static void
bd_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DONE_PAGE);

  G_OBJECT_CLASS (bd_done_page_parent_class)->dispose (object);
}

static GtkWidget *
bd_done_page_get_default_widget (BdSessionPage *page)
{
  BdDonePage *self = BD_DONE_PAGE (page);

  /* Try Again after a failure, else Copy Settings. */
  if (gtk_widget_get_visible (self->retry_button))
    return self->retry_button;
  return self->copy_button;
}

static void
bd_done_page_class_init (BdDonePageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_done_page_dispose;
  page_class->get_default_widget = bd_done_page_get_default_widget;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, storing_cb);
  gtk_widget_class_bind_template_callback (widget_class, failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_style_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_cb);
  bd_gui_class_bind_closures (widget_class);
}

static void
bd_done_page_init (BdDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
}

