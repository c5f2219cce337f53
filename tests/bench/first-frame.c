/* first-frame.c: time from a program's start to its first window on screen,
 * its memory, and how responsive it stays while it works
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   first-frame [--timeout SEC] [--settle SEC] [--action ACTION]… [--ping SEC]
 *               -- PROGRAM [ARGS…]
 *
 * Connects to $DISPLAY (an Xvfb with no window manager and nothing else on
 * it), watches the root window for new top-level windows, then starts
 * PROGRAM. It prints one JSON object on stdout:
 *
 *   {"pid", "mapped_ms", "first_frame_ms", "rss_kb", "hwm_kb", "pss_kb",
 *    "pings", "pings_lost", "ping_ms_median", "ping_ms_max", "ping_max_at_ms",
 *    "ping_ms_max_after_1s"}
 *
 * mapped_ms is the time from just before fork() until the X server reports
 * that a top-level window of the program (the first one mapped after the
 * start) is mapped (MapNotify); first_frame_ms is the time until the
 * program first draws into that window: the first XDamage report on it
 * after the one the server itself makes for the exposure at mapping (which
 * it makes even for a window that is never drawn). Then it waits --settle
 * seconds (default 1) and reads the program's memory from /proc (VmRSS,
 * VmHWM, and Pss from smaps_rollup).
 *
 * Each --action then runs in order: "type:TEXT" types TEXT (US keyboard
 * layout, XTEST), "key:KEYSYM" presses one key (Tab, Return, …), "sleep:MS"
 * waits. With --ping SEC it then sends the window _NET_WM_PING messages
 * (EWMH) one after another for SEC seconds, each 50 ms after the previous
 * answer: the program answers them from its main loop, so the round trip is
 * how long its main loop could not run (a window manager uses the same
 * message to decide that a window is "not responding"). An unanswered ping
 * counts as lost after 5 s. ping_max_at_ms is when the longest one was sent,
 * counted from the first ping; ping_ms_max_after_1s leaves out the first
 * second (the reaction to the last action itself).
 *
 * Finally it stops the program with SIGTERM (SIGKILL after 5 s) and exits 0;
 * 1 when no window was mapped within --timeout (default 30) seconds.
 * Nothing is added to the program measured. Needs libX11, libXdamage, libXtst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <X11/Xlib.h>
#include <X11/XKBlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XTest.h>

#define MAX_ACTIONS 64
#define MAX_PINGS 4096
#define PING_LOST_MS 5000.0

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
proc_value (pid_t pid, const char *file, const char *key)
{
  char path[64], line[256];
  size_t klen = strlen (key);
  long value = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, key, klen) == 0 && line[klen] == ':')
      {
        value = strtol (line + klen + 1, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}

static int
x_error_cb (Display *display, XErrorEvent *event)
{
  /* A window may vanish between the event and a request about it. */
  (void) display;
  (void) event;
  return 0;
}

/* Waits up to @ms for X events; returns when one is pending or time is up. */
static void
wait_x (Display *display, double ms)
{
  struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };

  if (XPending (display) == 0 && ms > 0)
    poll (&pfd, 1, (int) (ms + 0.5));
}

static void
press (Display *display, KeySym keysym)
{
  KeyCode code = XKeysymToKeycode (display, keysym);
  KeyCode shift = XKeysymToKeycode (display, XK_Shift_L);
  int shifted;

  if (code == 0)
    return;
  /* The keysym needs Shift when it is not the key's first (unshifted) symbol. */
  shifted = XkbKeycodeToKeysym (display, code, 0, 0) != keysym;
  if (shifted)
    XTestFakeKeyEvent (display, shift, True, 0);
  XTestFakeKeyEvent (display, code, True, 0);
  XTestFakeKeyEvent (display, code, False, 0);
  if (shifted)
    XTestFakeKeyEvent (display, shift, False, 0);
  XSync (display, False);
  usleep (15000);
}

static void
type_text (Display *display, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char name[2] = { *p, '\0' };
      KeySym keysym;

      switch (*p)
        {
        case '@': keysym = XK_at; break;
        case '.': keysym = XK_period; break;
        case '-': keysym = XK_minus; break;
        case '_': keysym = XK_underscore; break;
        case ' ': keysym = XK_space; break;
        default: keysym = XStringToKeysym (name); break;
        }
      if (keysym != NoSymbol)
        press (display, keysym);
    }
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  double timeout_s = 30, settle_s = 1, ping_s = 0;
  double start, mapped = -1, damaged = -1;
  const char *actions[MAX_ACTIONS];
  int n_actions = 0;
  Window target = None;
  Damage damages[64];
  int n_created = 0;
  int map_exposed = 0;
  static double pings[MAX_PINGS];
  int n_pings = 0, lost = 0;
  double worst = -1, worst_at = -1, worst_late = 0, ping_start = 0;
  Display *display;
  int damage_event, damage_error, xtest_event, xtest_error, major, minor;
  int i, status;
  long rss, hwm, pss;
  pid_t pid;

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--timeout") == 0 && i + 1 < argc)
        timeout_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--settle") == 0 && i + 1 < argc)
        settle_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--ping") == 0 && i + 1 < argc)
        ping_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--action") == 0 && i + 1 < argc && n_actions < MAX_ACTIONS)
        actions[n_actions++] = argv[++i];
      else if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      else
        break;
    }
  if (i >= argc)
    {
      fprintf (stderr, "usage: first-frame [--timeout SEC] [--settle SEC] [--action ACTION]… "
               "[--ping SEC] -- PROGRAM [ARGS…]\n");
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "first-frame: cannot open the display\n");
      return 2;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error) ||
      !XTestQueryExtension (display, &xtest_event, &xtest_error, &major, &minor))
    {
      fprintf (stderr, "first-frame: the X server lacks DAMAGE or XTEST\n");
      return 2;
    }
  XSetErrorHandler (x_error_cb);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    return 2;
  if (pid == 0)
    {
      execvp (argv[i], argv + i);
      fprintf (stderr, "first-frame: cannot run %s: %s\n", argv[i], strerror (errno));
      _exit (127);
    }

  while (damaged < 0 && now_ms () - start < timeout_s * 1000)
    {
      wait_x (display, 50);
      if (XPending (display) == 0)
        {
          if (waitpid (pid, &status, WNOHANG) == pid)
            {
              fprintf (stderr, "first-frame: %s exited before showing a window\n", argv[i]);
              return 1;
            }
          continue;
        }
      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == CreateNotify && !event.xcreatewindow.override_redirect &&
              n_created < 64)
            {
              /* Watch every new top-level window from its creation, so that
               * no drawing can happen before the watch starts. */
              damages[n_created++] = XDamageCreate (display, event.xcreatewindow.window,
                                                    XDamageReportNonEmpty);
              XSync (display, False);
            }
          else if (event.type == MapNotify && target == None &&
                   !event.xmap.override_redirect)
            {
              mapped = now_ms () - start;
              target = event.xmap.window;
            }
          else if (event.type == damage_event + XDamageNotify)
            {
              XDamageNotifyEvent *notify = (XDamageNotifyEvent *) &event;

              XDamageSubtract (display, notify->damage, None, None);
              if (notify->drawable != target || target == None)
                continue;
              /* The X server reports the window's exposure when it maps it,
               * before the program can draw: that first report is not a
               * frame. The next one is the program's first frame. */
              if (!map_exposed)
                map_exposed = 1;
              else if (damaged < 0)
                damaged = now_ms () - start;
            }
        }
    }

  if (mapped < 0)
    {
      fprintf (stderr, "first-frame: no window within %g s\n", timeout_s);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      return 1;
    }

  usleep ((useconds_t) (settle_s * 1e6));
  rss = proc_value (pid, "status", "VmRSS");
  hwm = proc_value (pid, "status", "VmHWM");
  pss = proc_value (pid, "smaps_rollup", "Pss");
  for (i = 0; i < n_created; i++)
    XDamageDestroy (display, damages[i]);
  XSync (display, False);

  if (n_actions > 0)
    {
      XSetInputFocus (display, target, RevertToPointerRoot, CurrentTime);
      XSync (display, False);
      usleep (100000);
    }
  for (i = 0; i < n_actions; i++)
    {
      if (strncmp (actions[i], "type:", 5) == 0)
        type_text (display, actions[i] + 5);
      else if (strncmp (actions[i], "key:", 4) == 0)
        press (display, XStringToKeysym (actions[i] + 4));
      else if (strncmp (actions[i], "sleep:", 6) == 0)
        usleep ((useconds_t) (atof (actions[i] + 6) * 1000));
    }

  if (ping_s > 0)
    {
      Atom protocols = XInternAtom (display, "WM_PROTOCOLS", False);
      Atom ping = XInternAtom (display, "_NET_WM_PING", False);

      ping_start = now_ms ();

      while (now_ms () - ping_start < ping_s * 1000 && n_pings < MAX_PINGS)
        {
          XEvent event = { 0 };
          double sent;
          int answered = 0;

          event.xclient.type = ClientMessage;
          event.xclient.window = target;
          event.xclient.message_type = protocols;
          event.xclient.format = 32;
          event.xclient.data.l[0] = (long) ping;
          event.xclient.data.l[1] = n_pings + 1;   /* the "timestamp": our serial */
          event.xclient.data.l[2] = (long) target;
          sent = now_ms ();
          XSendEvent (display, target, False, NoEventMask, &event);
          XFlush (display);
          while (!answered && now_ms () - sent < PING_LOST_MS)
            {
              wait_x (display, 10);
              while (XPending (display) > 0)
                {
                  XEvent reply;

                  XNextEvent (display, &reply);
                  if (reply.type == ClientMessage &&
                      reply.xclient.message_type == protocols &&
                      (Atom) reply.xclient.data.l[0] == ping &&
                      reply.xclient.data.l[1] == n_pings + 1)
                    answered = 1;
                }
            }
          pings[n_pings] = answered ? now_ms () - sent : PING_LOST_MS;
          if (pings[n_pings] > worst)
            {
              worst = pings[n_pings];
              worst_at = sent - ping_start;
            }
          if (sent - ping_start >= 1000 && pings[n_pings] > worst_late)
            worst_late = pings[n_pings];
          n_pings++;
          lost += !answered;
          usleep (50000);
        }
    }

  printf ("{\"pid\": %d, \"mapped_ms\": %.1f, \"first_frame_ms\": %.1f, "
          "\"rss_kb\": %ld, \"hwm_kb\": %ld, \"pss_kb\": %ld",
          (int) pid, mapped, damaged, rss, hwm, pss);
  if (n_pings > 0)
    {
      qsort (pings, n_pings, sizeof pings[0], compare_double);
      printf (", \"pings\": %d, \"pings_lost\": %d, \"ping_ms_median\": %.1f, "
              "\"ping_ms_max\": %.1f, \"ping_max_at_ms\": %.0f, \"ping_ms_max_after_1s\": %.1f",
              n_pings, lost, pings[n_pings / 2], pings[n_pings - 1], worst_at, worst_late);
    }
  printf ("}\n");
  fflush (stdout);

  XCloseDisplay (display);
  kill (pid, SIGTERM);
  for (i = 0; i < 100; i++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return 0;
      usleep (50000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  return 0;
}
