/* bd-thunderbird-profiles.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thunderbird's profiles (~/.thunderbird/profiles.ini, and the default
 * that installs.ini or its [Install…] section names), and whether
 * Thunderbird runs on one: it rewrites prefs.js when it quits, so
 * Brevduva writes a profile only while Thunderbird does not hold it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-thunderbird-profiles-private.h"

void
bd_thunderbird_profile_free (BdThunderbirdProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->path);
  g_free (profile);
}

static char *
dup_profiles_dir (void)
{
  return g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
}

/* A Path= of profiles.ini or installs.ini, made absolute. */
static char *
dup_absolute_path (const char *dir,
                   const char *path,
                   gboolean    relative)
{
  if (relative || !g_path_is_absolute (path))
    return g_build_filename (dir, path, NULL);
  return g_strdup (path);
}

/* The Default= of the first [Install…] section of @ini, absolute, or NULL.
 * Current Thunderbird gives each installation its own default profile
 * there, and it wins over a [Profile…] section's Default=1. */
static char *
dup_install_default (GKeyFile   *ini,
                     const char *dir)
{
  g_auto(GStrv) groups = g_key_file_get_groups (ini, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (groups[i], "Install"))
        continue;
      path = g_key_file_get_string (ini, groups[i], "Default", NULL);
      if (path != NULL && *path != '\0')
        return dup_absolute_path (dir, path, FALSE);
    }
  return NULL;
}

/* The same from installs.ini, which older versions kept beside it. */
static char *
dup_installs_ini_default (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "installs.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();

  if (!g_key_file_load_from_file (ini, file, G_KEY_FILE_NONE, NULL))
    return NULL;
  return dup_install_default (ini, dir);
}

static BdThunderbirdProfile *
profile_from_group (GKeyFile   *ini,
                    const char *group,
                    const char *dir)
{
  g_autofree char *path = g_key_file_get_string (ini, group, "Path", NULL);
  BdThunderbirdProfile *profile;

  if (path == NULL || *path == '\0')
    return NULL;
  profile = g_new0 (BdThunderbirdProfile, 1);
  profile->name = g_key_file_get_string (ini, group, "Name", NULL);
  if (profile->name == NULL)
    profile->name = g_path_get_basename (path);
  profile->path = dup_absolute_path (dir, path,
                                     g_key_file_get_integer (ini, group, "IsRelative",
                                                             NULL) == 1);
  profile->is_default = g_key_file_get_integer (ini, group, "Default", NULL) == 1;
  return profile;
}

/* Marks the default: the installation's when there is one, else Default=1,
 * else the only profile. */
static void
mark_default (GPtrArray  *profiles,
              const char *install_default)
{
  if (install_default != NULL)
    {
      for (guint i = 0; i < profiles->len; i++)
        {
          BdThunderbirdProfile *profile = g_ptr_array_index (profiles, i);

          profile->is_default = g_strcmp0 (profile->path, install_default) == 0;
        }
    }
  else if (profiles->len == 1)
    {
      ((BdThunderbirdProfile *) g_ptr_array_index (profiles, 0))->is_default = TRUE;
    }
}

/**
 * bd_thunderbird_profiles_list:
 *
 * Returns: (transfer full) (element-type BdThunderbirdProfile): the
 *   profiles of ~/.thunderbird/profiles.ini, in its order; empty when there
 *   is no profiles.ini (Thunderbird was never started). %NULL with
 *   `export-write-failed` when it exists but cannot be read.
 */
GPtrArray *
bd_thunderbird_profiles_list (GError **error)
{
  g_autofree char *dir = dup_profiles_dir ();
  g_autofree char *file = g_build_filename (dir, "profiles.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *install_default = NULL;
  g_auto(GStrv) groups = NULL;

  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_thunderbird_profile_free);
  if (!g_key_file_load_from_file (ini, file, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&profiles);
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED,
                   _("Could not read Thunderbird’s list of profiles %s: %s"),
                   file, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (ini, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      BdThunderbirdProfile *profile;

      if (!g_str_has_prefix (groups[i], "Profile"))
        continue;
      profile = profile_from_group (ini, groups[i], dir);
      if (profile != NULL)
        g_ptr_array_add (profiles, profile);
    }

  install_default = dup_install_default (ini, dir);
  if (install_default == NULL)
    install_default = dup_installs_ini_default (dir);
  mark_default (profiles, install_default);
  return g_steal_pointer (&profiles);
}

/* The folder of the profile @wanted names (a name or an absolute path;
 * NULL: the default one). */
char *
bd_thunderbird_profiles_dup_dir (const char  *wanted,
                                 GError     **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  BdThunderbirdProfile *found = NULL;

  if (wanted != NULL && g_path_is_absolute (wanted))
    {
      if (g_file_test (wanted, G_FILE_TEST_IS_DIR))
        return g_strdup (wanted);
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("There is no Thunderbird profile folder %s."), wanted);
      return NULL;
    }

  profiles = bd_thunderbird_profiles_list (error);
  if (profiles == NULL)
    return NULL;
  if (profiles->len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
                   _("Thunderbird has no profile yet. Start Thunderbird once and close "
                     "it, then try again."));
      return NULL;
    }

  for (guint i = 0; i < profiles->len && found == NULL; i++)
    {
      BdThunderbirdProfile *profile = g_ptr_array_index (profiles, i);

      if (wanted != NULL ? g_strcmp0 (profile->name, wanted) == 0 : profile->is_default)
        found = profile;
    }
  if (found != NULL)
    return g_strdup (found->path);

  if (wanted != NULL)
    g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                 _("Thunderbird has no profile named “%s”."), wanted);
  else
    g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                 _("Thunderbird has several profiles and none is its default: choose one."));
  return NULL;
}

/* ------------------------------------------------------------------------
 * Whether Thunderbird runs on a profile
 * ------------------------------------------------------------------------ */

/* Thunderbird holds an fcntl() write lock on .parentlock while it runs. */
static gboolean
parentlock_is_held (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, ".parentlock", NULL);
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  gboolean held;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  held = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close (fd);
  return held;
}

/* …and a symlink "lock" → "ADDRESS:+PID": a leftover of a crash names a
 * process that is gone. */
static gboolean
lock_link_is_live (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "lock", NULL);
  g_autofree char *target = g_file_read_link (path, NULL);
  const char *plus;
  char *end = NULL;
  long pid;

  if (target == NULL || (plus = strstr (target, ":+")) == NULL)
    return FALSE;
  errno = 0;
  pid = strtol (plus + 2, &end, 10);
  if (errno != 0 || end == plus + 2 || *end != '\0' || pid <= 0)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

gboolean
bd_thunderbird_profiles_check_not_running (const char  *dir,
                                           GError     **error)
{
  if (!parentlock_is_held (dir) && !lock_link_is_live (dir))
    return TRUE;
  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_PROGRAM_RUNNING,
               _("Thunderbird is running on the profile %s. Quit Thunderbird, then try "
                 "again."), dir);
  return FALSE;
}

