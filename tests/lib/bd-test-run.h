/* bd-test-run.h: brevduva-cli and other programs, run to their end
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a program printed and how it ended; its command line and its
 * environment as /proc showed them while it ran (NULs made spaces). */
typedef struct
{
  int status;
  char *out;
  char *err;
  char *cmdline;
  char *environment;
} BdTestRun;

BdTestRun *bd_test_cli_run          (const char         *input,
                                     const char * const *arguments);
BdTestRun *bd_test_cli_run_args     (const char         *input,
                                     const char         *first_arg,
                                     ...) G_GNUC_NULL_TERMINATED;
BdTestRun *bd_test_tool_run         (const char         *input,
                                     const char         *program,
                                     ...) G_GNUC_NULL_TERMINATED;
BdTestRun *bd_test_tool_run_env     (const char         *input,
                                     const char         *variable,
                                     const char         *value,
                                     const char         *program,
                                     ...) G_GNUC_NULL_TERMINATED;
void       bd_test_run_free         (BdTestRun          *run);
guint      bd_test_count_lines      (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestRun, bd_test_run_free)

G_END_DECLS
