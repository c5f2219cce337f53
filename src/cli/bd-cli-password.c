/* bd-cli-password.c: the password of brevduva-cli
 *
 * A password is only ever the first line of standard input, or what is typed
 * at a prompt that does not echo; never an argument (DESIGN.md, security
 * rule 5). It is read with read(2), one byte at a time, straight into one
 * buffer: no copy lingers in a stdio buffer, nothing after the line is
 * consumed, and the buffer is wiped when it is freed.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "bd-cli-password.h"
#include "bd-error.h"

/* The terminal's settings from before the prompt hid what is typed, for the
 * signal handler that puts them back. */
static struct termios saved_termios;

/**
 * bd_cli_password_free:
 * @password: (nullable): a password
 *
 * Wipes the password's buffer, then frees it.
 */
void
bd_cli_password_free (BdCliPassword *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, sizeof *password);
  g_free (password);
}

/* Reads one line into @password, without its line end. */
static gboolean
read_line (BdCliPassword  *password,
           GError        **error)
{
  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, password->bytes + password->length, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the password: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0 || password->bytes[password->length] == '\n')
        break;
      if (++password->length > BD_CLI_PASSWORD_MAX)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       _("The password is longer than %d bytes."), BD_CLI_PASSWORD_MAX);
          return FALSE;
        }
    }

  if (password->length > 0 && password->bytes[password->length - 1] == '\r')
    password->length--;
  password->bytes[password->length] = '\0';
  return TRUE;
}

/* A password is text: not empty, no NUL inside, valid UTF-8. */
static gboolean
check_password (const BdCliPassword  *password,
                GError              **error)
{
  if (password->length == 0)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("The password is empty: give it as the first line of "
                             "standard input."));
      return FALSE;
    }
  if (strlen (password->bytes) != password->length ||
      !g_utf8_validate (password->bytes, (gssize) password->length, NULL))
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("The password is not valid UTF-8 text."));
      return FALSE;
    }
  return TRUE;
}

/**
 * bd_cli_password_read_stdin:
 * @error: where a failure goes
 *
 * Reads the password from the first line of standard input.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL when it could
 *   not be read or is not a password
 */
BdCliPassword *
bd_cli_password_read_stdin (GError **error)
{
  g_autoptr(BdCliPassword) password = g_new0 (BdCliPassword, 1);

  if (!read_line (password, error) || !check_password (password, error))
    return NULL;
  return g_steal_pointer (&password);
}

static void
restore_terminal_cb (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/**
 * bd_cli_password_prompt:
 * @address: the account's address, shown in the prompt
 * @error: where a failure goes
 *
 * Asks for the password at the terminal, without echoing it. An interrupt
 * puts the terminal back as it was before it ends the program.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL
 */
BdCliPassword *
bd_cli_password_prompt (const char  *address,
                        GError     **error)
{
  g_autoptr(BdCliPassword) password = NULL;
  struct termios quiet;
  gboolean ok;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("Could not hide the password as it is typed."));
      return NULL;
    }

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  signal (SIGINT, restore_terminal_cb);
  signal (SIGTERM, restore_terminal_cb);
  signal (SIGHUP, restore_terminal_cb);

  fprintf (stderr, _("Password for %s: "), address);
  fflush (stderr);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  password = g_new0 (BdCliPassword, 1);
  ok = read_line (password, error);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);

  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);

  if (!ok || !check_password (password, error))
    return NULL;
  return g_steal_pointer (&password);
}
