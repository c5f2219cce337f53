/* bd-secret-scan.c: looks for secrets in a process's memory as it ends
 *
 * Loaded with LD_PRELOAD into brevduva-cli by test-secrets.py. When the
 * program ends (exit() or a return from main()), a destructor reads every
 * readable and writable mapping of the process (heap, stacks, anonymous
 * memory, data segments) through /proc/self/mem and looks for each needle.
 * Memory that was freed without being wiped still holds what it held, so a
 * password found here is a password that was not wiped after use.
 *
 *   BD_SECRET_SCAN_NEEDLES  needles, hex-encoded (so that the environment
 *                           itself holds no needle), separated by commas;
 *                           each may be prefixed with a name and "=".
 *   BD_SECRET_SCAN_REPORT   the file that gets the report: one line
 *                           "found NAME in MAPPING+OFFSET: CONTEXT" per
 *                           finding (the bytes around it),
 *                           then "scanned BYTES bytes in N mappings".
 *   BD_SECRET_SCAN_CONTROL  (optional) a hex needle that this library puts
 *                           on the heap itself and never frees, so that a
 *                           report can show that the scan sees the heap.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_NEEDLES 16
#define MAX_NEEDLE 4096
#define CHUNK (256 * 1024)
#define CONTEXT 48
/* Bigger mappings are address-space reservations (a sanitizer's shadow),
 * not memory a password could be in. */
#define MAX_MAPPING ((size_t) 1 << 32)

typedef struct
{
  char name[64];
  unsigned char bytes[MAX_NEEDLE];
  size_t length;
} Needle;

/* Everything the scan itself keeps lives in one private mapping, which the
 * scan skips: otherwise it would find its own copies of the needles. */
typedef struct
{
  Needle needles[MAX_NEEDLES];
  size_t n_needles;
  size_t longest;
  unsigned char chunk[CHUNK + MAX_NEEDLE];
  char line[4096];
} ScanState;

/* Not static: the compiler may not drop a store it cannot see the end of. */
void *bd_secret_scan_control_block;

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes the hex digits from @hex up to @end into @out; returns the length, or 0. */
static size_t
decode_hex (const char    *hex,
            const char    *end,
            unsigned char *out,
            size_t         out_size)
{
  size_t length = 0;

  if ((end - hex) % 2 != 0)
    return 0;
  for (const char *p = hex; p < end; p += 2)
    {
      int high = hex_value (p[0]);
      int low = hex_value (p[1]);

      if (high < 0 || low < 0 || length == out_size)
        return 0;
      out[length++] = (unsigned char) (high << 4 | low);
    }
  return length;
}

__attribute__((constructor)) static void
put_control (void)
{
  const char *hex = getenv ("BD_SECRET_SCAN_CONTROL");
  unsigned char bytes[256];
  size_t length;

  if (hex == NULL)
    return;
  length = decode_hex (hex, hex + strlen (hex), bytes, sizeof bytes);
  if (length == 0)
    return;
  bd_secret_scan_control_block = malloc (length + 64);
  if (bd_secret_scan_control_block != NULL)
    memcpy ((char *) bd_secret_scan_control_block + 32, bytes, length);
}

static void
parse_needles (ScanState  *state,
               const char *spec)
{
  const char *p = spec;

  while (*p != '\0' && state->n_needles < MAX_NEEDLES)
    {
      const char *end = strchr (p, ',');
      const char *equals;
      const char *hex = p;
      Needle *needle = &state->needles[state->n_needles];

      if (end == NULL)
        end = p + strlen (p);
      equals = memchr (p, '=', (size_t) (end - p));
      if (equals != NULL)
        {
          size_t n = (size_t) (equals - p);

          if (n >= sizeof needle->name)
            n = sizeof needle->name - 1;
          memcpy (needle->name, p, n);
          hex = equals + 1;
        }
      else
        snprintf (needle->name, sizeof needle->name, "needle%zu", state->n_needles);
      needle->length = decode_hex (hex, end, needle->bytes, sizeof needle->bytes);
      if (needle->length > 0)
        {
          if (needle->length > state->longest)
            state->longest = needle->length;
          state->n_needles++;
        }
      p = *end == ',' ? end + 1 : end;
    }
}

/* What surrounds a finding, to tell whose copy it is: printable ASCII as it
 * is, other bytes as dots, the needle itself as <NEEDLE>. */
static void
print_context (FILE                *report,
               const unsigned char *chunk,
               size_t               have,
               size_t               at,
               size_t               length)
{
  size_t from = at > CONTEXT ? at - CONTEXT : 0;
  size_t to = at + length + CONTEXT < have ? at + length + CONTEXT : have;

  for (size_t i = from; i < to; i++)
    {
      if (i == at)
        {
          fputs ("<NEEDLE>", report);
          i += length - 1;
          continue;
        }
      fputc (chunk[i] >= 0x20 && chunk[i] < 0x7f ? chunk[i] : '.', report);
    }
  fputc ('\n', report);
}

static void
scan_mapping (ScanState     *state,
              int            mem,
              FILE          *report,
              unsigned long  start,
              unsigned long  end,
              const char    *name,
              size_t        *scanned)
{
  size_t carry = 0;

  for (unsigned long at = start; at < end;)
    {
      size_t want = end - at < CHUNK ? end - at : CHUNK;
      ssize_t n = pread (mem, state->chunk + carry, want, (off_t) at);
      size_t have;

      if (n <= 0)
        return;
      have = carry + (size_t) n;
      *scanned += (size_t) n;
      for (size_t i = 0; i < state->n_needles; i++)
        {
          const Needle *needle = &state->needles[i];
          const unsigned char *hit = state->chunk;

          while ((hit = memmem (hit, have - (size_t) (hit - state->chunk),
                                needle->bytes, needle->length)) != NULL)
            {
              fprintf (report, "found %s in %s+0x%lx: ", needle->name,
                       name[0] != '\0' ? name : "[anonymous]",
                       at - carry + (unsigned long) (hit - state->chunk) - start);
              print_context (report, state->chunk, have, (size_t) (hit - state->chunk),
                             needle->length);
              hit++;
            }
        }
      /* Keep the end of this chunk, so that a needle across two is seen. */
      carry = have < state->longest - 1 ? have : state->longest - 1;
      memmove (state->chunk, state->chunk + have - carry, carry);
      at += (unsigned long) n;
    }
}

static void
scan_maps (ScanState *state,
           FILE      *maps,
           int        mem,
           FILE      *report)
{
  unsigned long self_start = (unsigned long) state;
  unsigned long self_end = self_start + sizeof *state;
  size_t scanned = 0;
  unsigned n_mappings = 0;

  while (fgets (state->line, sizeof state->line, maps) != NULL)
    {
      unsigned long start, end;
      char perms[8];
      int name_at = 0;
      char *name;
      size_t length;

      if (sscanf (state->line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, perms, &name_at) < 3)
        continue;
      name = state->line + name_at;
      length = strlen (name);
      if (length > 0 && name[length - 1] == '\n')
        name[length - 1] = '\0';
      if (perms[0] != 'r' || perms[1] != 'w')
        continue;
      if (end - start > MAX_MAPPING || strcmp (name, "[vvar]") == 0 ||
          strcmp (name, "[vsyscall]") == 0)
        continue;
      n_mappings++;
      /* The kernel may have merged the scan's own mapping with a neighbour:
       * skip only its bytes. */
      if (self_start >= start && self_start < end)
        {
          scan_mapping (state, mem, report, start, self_start, name, &scanned);
          scan_mapping (state, mem, report, self_end, end, name, &scanned);
        }
      else
        scan_mapping (state, mem, report, start, end, name, &scanned);
    }
  fprintf (report, "scanned %zu bytes in %u mappings\n", scanned, n_mappings);
}

__attribute__((destructor)) static void
scan (void)
{
  const char *spec = getenv ("BD_SECRET_SCAN_NEEDLES");
  const char *report_path = getenv ("BD_SECRET_SCAN_REPORT");
  ScanState *state;
  FILE *report;
  FILE *maps;
  int mem;

  if (spec == NULL || report_path == NULL)
    return;
  state = mmap (NULL, sizeof *state, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (state == MAP_FAILED)
    return;
  memset (state, 0, sizeof *state);
  parse_needles (state, spec);

  report = fopen (report_path, "w");
  maps = fopen ("/proc/self/maps", "r");
  mem = open ("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  if (report != NULL && (maps == NULL || mem < 0 || state->n_needles == 0))
    fprintf (report, "error: no needles, or cannot read /proc/self/maps or /proc/self/mem\n");
  else if (report != NULL)
    scan_maps (state, maps, mem, report);

  if (mem >= 0)
    close (mem);
  if (maps != NULL)
    fclose (maps);
  if (report != NULL)
    fclose (report);
  munmap (state, sizeof *state);
}
