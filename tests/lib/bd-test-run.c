/* bd-test-run.c
 *
 * Every program a test runs goes through run_argv(): brevduva-cli (from
 * $BD_CLI) with the tests' environment, other programs (secret-tool,
 * unshare) without G_DEBUG=fatal-warnings, whose warnings are not ours.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* memfd_create() */
#define _GNU_SOURCE
#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "bd-test-run.h"

void
bd_test_run_free (BdTestRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run->cmdline);
  g_free (run->environment);
  g_free (run);
}

/* The NUL-separated file @name of process @pid, with the NULs made spaces. */
static char *
read_proc_file (const char *pid,
                const char *name)
{
  g_autofree char *path = g_build_filename ("/proc", pid, name, NULL);
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

/* Runs @argv with @input (may be %NULL) on its standard input, and with
 * @variable set to @value when @variable is not %NULL. While the program
 * waits for its input, its command line and environment are read from
 * /proc, for the tests that check a password is in neither. */

/* The input as a file in memory, read from its start: a program that exits
 * before reading it (a usage error) then leaves no pipe behind whose write
 * would fail with EPIPE (GLib 2.74's communicate takes that as an error) or
 * kill the test with SIGPIPE. */
static int
stdin_from (const char *input)
{
  int fd = memfd_create ("bd-test-stdin", MFD_CLOEXEC);
  gsize length = strlen (input);
  gsize done = 0;

  g_assert_cmpint (fd, >=, 0);
  while (done < length)
    {
      ssize_t n = write (fd, input + done, length - done);

      g_assert_cmpint (n, >, 0);
      done += (gsize) n;
    }
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  return fd;
}

static BdTestRun *
run_argv (const char *input,
          const char *variable,
          const char *value,
          GPtrArray  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  BdTestRun *run = g_new0 (BdTestRun, 1);
  const char *program = g_ptr_array_index (argv, 0);
  const char *pid;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new ((input != NULL ? 0 : G_SUBPROCESS_FLAGS_STDIN_PIPE) |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (input != NULL)
    g_subprocess_launcher_take_stdin_fd (launcher, stdin_from (input));
  if (g_strcmp0 (program, g_getenv ("BD_CLI")) != 0)
    g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (variable != NULL)
    g_subprocess_launcher_setenv (launcher, variable, value, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (process);
  if (pid != NULL)
    {
      run->cmdline = read_proc_file (pid, "cmdline");
      run->environment = read_proc_file (pid, "environ");
    }

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_test_message ("%s was killed; it said on stderr: %s", program, run->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0 && run->err != NULL && *run->err != '\0')
    g_test_message ("%s said on stderr: %s", program, run->err);
  return run;
}

static GPtrArray *
collect_args (const char *first_arg,
              va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  return argv;
}

/**
 * bd_test_cli_run:
 * @input: (nullable): what brevduva-cli reads on standard input
 * @arguments: its arguments, NULL-terminated
 *
 * Runs brevduva-cli, from $BD_CLI.
 */
BdTestRun *
bd_test_cli_run (const char         *input,
                 const char * const *arguments)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("BD_CLI"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  return run_argv (input, NULL, NULL, argv);
}

/* The same, with the arguments in the call. */
BdTestRun *
bd_test_cli_run_args (const char *input,
                      const char *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) arguments = NULL;
  va_list args;

  va_start (args, first_arg);
  arguments = collect_args (first_arg, args);
  va_end (args);
  g_ptr_array_add (argv, (gpointer) g_getenv ("BD_CLI"));
  g_ptr_array_extend (argv, arguments, NULL, NULL);
  return run_argv (input, NULL, NULL, argv);
}

/**
 * bd_test_tool_run:
 * @input: (nullable): what @program reads on standard input
 * @program: a program in PATH, or a path
 *
 * Runs @program with the arguments that follow it, NULL-terminated.
 */
BdTestRun *
bd_test_tool_run (const char *input,
                  const char *program,
                  ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, program);
  argv = collect_args (program, args);
  va_end (args);
  return run_argv (input, NULL, NULL, argv);
}

/* The same, with the environment variable @variable set to @value. */
BdTestRun *
bd_test_tool_run_env (const char *input,
                      const char *variable,
                      const char *value,
                      const char *program,
                      ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, program);
  argv = collect_args (program, args);
  va_end (args);
  return run_argv (input, variable, value, argv);
}

guint
bd_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}
