#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Holds docs/brevduva-cli.1 to what the built brevduva-cli says (TAP output).

    PYTHONPATH=tests/lib tests/cli/check-man-page.py \
        --cli BUILD/src/cli/brevduva-cli --man docs/brevduva-cli.1

(meson test sets PYTHONPATH itself: `meson test -C BUILD man-page-matches-help`).

Runs `brevduva-cli --help` and `brevduva-cli COMMAND --help` for every
command the first lists, reads the man page's troff source, and fails when

  - a command of --help has no section under COMMANDS, or the man page has a
    section or a synopsis line for a command --help does not list;
  - an option of `COMMAND --help` (its long form with its argument, and its
    short form: the whole "-h, --help" or "--timeout=SEC" as --help prints
    it) is not an item of that command's section, or of the OPTIONS section
    for the help options; or that section has an item --help lacks;
  - an item's text does not open with --help's description of the option,
    the items are not in --help's order, or the section does not open with
    the command's --help summary;
  - a command's SYNOPSIS line does not name exactly its options and its
    parameter, or misses an option the program's usage lines give it;
  - an option of the OPTIONS section does not work (it is run: exit 0 and
    something on standard output), or .TH names another version than
    `brevduva-cli --version`;
  - `groff -man -Tutf8 -ww -z` warns about anything (skipped without groff).

The man page keeps to a few conventions for this (its opening comment says
which): a command is an .SS under COMMANDS, an option a .TP item whose tag is
the option as --help prints it. TAP through brevduva_test (tests/lib); exits
1 when a check fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

from brevduva_test import Tap, run_cli as run_program

# The fonts that the alternating macros switch between; .B and .I set one.
ALTERNATING = {'BR', 'BI', 'IB', 'IR', 'RB', 'RI'}
SINGLE_FONT = {'B', 'I', 'SM', 'SB'}
NAMED_CHARS = {
    'cq': '\u2019', 'oq': '\u2018', 'lq': '\u201c', 'rq': '\u201d', 'aq': "'",
    'dq': '"', 'bu': '\u2022', 'em': '\u2014', 'en': '\u2013', 'ti': '~',
    'ha': '^', 'rs': '\\', 'co': '\u00a9', 'mu': '\u00d7',
}
OPTION_RE = re.compile(r'(?<![\w-])(--?[A-Za-z][\w-]*)')


# ---------------------------------------------------------------------------
# troff to plain text, as far as the man page uses it
# ---------------------------------------------------------------------------

def unescape(text):
    """Plain text of one troff line or macro argument."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != '\\' or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        if e == '"':                       # a comment to the end of the line
            break
        if e == 'f':                       # a font: \fB, \f(CW, \f[BI]
            if text[i + 2:i + 3] == '(':
                i += 5
            elif text[i + 2:i + 3] == '[':
                i = text.index(']', i) + 1
            else:
                i += 3
            continue
        if e == '(':                       # a named character: \(cq
            name = text[i + 2:i + 4]
            out.append(NAMED_CHARS.get(name, '\\(' + name))
            i += 4
            continue
        if e == '[':                       # a named character: \[cq]
            end = text.index(']', i)
            name = text[i + 2:end]
            out.append(NAMED_CHARS.get(name, '\\[' + name + ']'))
            i = end + 1
            continue
        if e in '|^&:c%)':                 # spacing and break hints: nothing
            i += 2
            continue
        if e in ' ~0':                     # spaces that do not stretch
            out.append(' ')
            i += 2
            continue
        if e == '-':
            out.append('-')
        elif e == 'e':
            out.append('\\')
        else:
            out.append('\\' + e)
        i += 2
    return ''.join(out)


def macro_text(name, args):
    """The text a font macro or .OP prints; None for any other macro."""
    words = [unescape(a) for a in args]
    if name in ALTERNATING:
        return ''.join(words)
    if name in SINGLE_FONT:
        return ' '.join(words)
    if name == 'OP':
        return '[' + ' '.join(words) + ']'
    return None


def split_args(rest):
    """A macro's arguments: words, or "quoted words" with "" for a quote;
    an escape (such as "\\ ") never ends a word."""
    args = []
    word = None
    quoted = False
    i = 0
    while i < len(rest):
        c = rest[i]
        if c == '\\' and rest[i + 1:i + 2] == '"':
            break                                  # a comment
        if c == '\\':
            word = (word or '') + rest[i:i + 2]
            i += 2
            continue
        if quoted:
            if c == '"' and rest[i + 1:i + 2] == '"':
                word += '"'
                i += 2
                continue
            if c == '"':
                quoted = False
                args.append(word)
                word = None
            else:
                word += c
        elif c == '"' and word is None:
            quoted = True
            word = ''
        elif c in ' \t':
            if word is not None:
                args.append(word)
                word = None
        else:
            word = (word or '') + c
        i += 1
    if word is not None:
        args.append(word)
    return args


class Line:
    """One line of the source: a macro (name, args) or text."""

    def __init__(self, number, raw):
        self.number = number
        self.raw = raw
        self.macro = None
        self.args = []
        if raw.startswith('.') or raw.startswith("'"):
            body = raw[1:].lstrip()
            if body.startswith('\\"'):
                self.macro = '\\"'
                return
            name, _, rest = body.partition(' ')
            self.macro = name
            self.args = split_args(rest.strip())

    def text(self):
        """What the line prints, as plain text ('' for other macros)."""
        if self.macro is None:
            return unescape(self.raw)
        printed = macro_text(self.macro, self.args)
        return printed if printed is not None else ''


def normalize(text):
    """For comparisons: one space between words, ASCII dots for an ellipsis."""
    text = text.replace('\u2026', '...')
    return ' '.join(text.split())


class Item:
    """A .TP item: its tag and the text after it."""

    def __init__(self, tag, number):
        self.tag = normalize(tag)
        self.number = number
        self.body = []

    def text(self):
        return normalize(' '.join(self.body))


class Section:
    """An .SH or .SS: the text before its first .TP, then its .TP items."""

    def __init__(self, title, number):
        self.title = normalize(title)
        self.number = number
        self.lead = []
        self.items = []
        self.lines = []

    def lead_text(self):
        return normalize(' '.join(self.lead))


class ManPage:
    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            self.lines = [Line(n + 1, raw) for n, raw in enumerate(f.read().splitlines())]
        self.th = []
        self.sections = []         # .SH
        self.subsections = {}      # .SH title -> [.SS]
        self.parse()

    def parse(self):
        sh = ss = item = None
        expect_tag = False
        for line in self.lines:
            if line.macro == '\\"':
                continue
            if line.macro == 'TH':
                self.th = [unescape(a) for a in line.args]
                continue
            if line.macro == 'SH':
                sh = Section(' '.join(unescape(a) for a in line.args), line.number)
                self.sections.append(sh)
                self.subsections[sh.title] = []
                ss = item = None
                continue
            if line.macro == 'SS' and sh is not None:
                ss = Section(' '.join(unescape(a) for a in line.args), line.number)
                self.subsections[sh.title].append(ss)
                item = None
                continue
            current = ss or sh
            if current is None:
                continue
            current.lines.append(line)
            if line.macro == 'TP':
                expect_tag = True
                item = None
                continue
            if expect_tag:
                item = Item(line.text(), line.number)
                current.items.append(item)
                expect_tag = False
                continue
            if line.macro in ('PP', 'P', 'LP') and item is not None:
                # Text after the last item belongs to the section, not to it.
                item = None
                continue
            text = line.text()
            if item is not None:
                item.body.append(text)
            elif not current.items:
                current.lead.append(text)

    def section(self, title):
        for s in self.sections:
            if s.title == title:
                return s
        return None

    def synopsis(self):
        """Each .SY ... .YS block as (line number, [words as printed])."""
        blocks = []
        current = None
        section = self.section('SYNOPSIS')
        for line in section.lines if section else []:
            if line.macro == 'SY':
                current = (line.number, [unescape(a) for a in line.args])
                blocks.append(current)
            elif line.macro == 'YS':
                current = None
            elif current is not None:
                text = line.text()
                if text:
                    current[1].append(text)
        return blocks


# ---------------------------------------------------------------------------
# What brevduva-cli says
# ---------------------------------------------------------------------------

def run_cli(cli, *args):
    """brevduva-cli's exit status, standard output and standard error."""
    run = run_program([cli] + list(args), timeout=30)
    return run.rc, run.stdout, run.stderr


class ProgramHelp:
    """`brevduva-cli --help`: its usage lines and its commands."""

    def __init__(self, text):
        self.usage = {}            # command -> usage line
        self.commands = {}         # command -> description
        part = None
        for line in text.splitlines():
            if not line.strip():
                continue
            if not line.startswith(' '):
                part = line.strip().rstrip(':')
                continue
            words = line.split()
            if part == 'Usage' and len(words) > 1:
                self.usage[words[1]] = line.strip()
            elif part == 'Commands':
                name, _, description = line.strip().partition(' ')
                self.commands[name] = normalize(description)


class CommandHelp:
    """`brevduva-cli COMMAND --help`: parameter, summary and options."""

    def __init__(self, text):
        self.usage = ''
        self.summary = ''
        self.options = []          # (tag, description, group)
        group = None
        for line in text.splitlines():
            if not line.strip():
                continue
            if not line.startswith(' '):
                if line.rstrip().endswith(':'):
                    group = line.strip().rstrip(':')
                elif group == 'Usage' and not self.summary:
                    self.summary = normalize(line)
                continue
            if group == 'Usage':
                self.usage = normalize(line)
            elif group is not None and group.endswith('Options'):
                parts = re.split(r'\s{2,}', line.strip(), maxsplit=1)
                self.options.append((normalize(parts[0]),
                                     normalize(parts[1]) if len(parts) > 1 else '',
                                     group))

    def parameters(self):
        """What follows the command word in the usage line, as "ADDRESS"."""
        words = self.usage.split()
        return [w for w in words[3:]] if len(words) > 3 else []


def option_names(text):
    return OPTION_RE.findall(text)


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

def report(tap, name, problems):
    """One TAP result: ok when there are no problems, else each as a comment."""
    problems = list(problems)
    tap.ok(not problems, name, '\n'.join(problems))


def check_groff(tap, man_path):
    groff = shutil.which('groff')
    name = 'groff -man -Tutf8 -ww finds nothing to warn about'
    if groff is None:
        tap.skip(name, 'groff is not installed (Debian: groff-base)')
        return
    proc = subprocess.run([groff, '-man', '-Tutf8', '-ww', '-z', man_path],
                          capture_output=True, text=True)
    problems = [l for l in proc.stderr.splitlines() if l.strip()]
    if proc.returncode != 0:
        problems.append('groff exited with %d' % proc.returncode)
    report(tap, name, problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cli', default=os.environ.get('BD_CLI'),
                        help='the built brevduva-cli (default: $BD_CLI)')
    parser.add_argument('--man', required=True, help='the man page, docs/brevduva-cli.1')
    args = parser.parse_args()
    if not args.cli:
        parser.error('--cli is required (or BD_CLI in the environment)')

    # --help in English, whatever the caller's locale.
    os.environ.update({'LC_ALL': 'C.UTF-8', 'LANGUAGE': 'C'})
    os.environ.pop('BREVDUVA_LOCALEDIR', None)
    tap = Tap()
    man = ManPage(args.man)

    rc, out, err = run_cli(args.cli, '--help')
    program = ProgramHelp(out)
    report(tap, 'brevduva-cli --help lists commands', [] if rc == 0 and program.commands else
              ['exit %d, commands found: %s; stderr: %s' % (rc, program.commands, err.strip())])
    if not program.commands:
        return tap.finish()

    # The commands: --help's, the man page's sections and its synopsis.
    sections = {}
    for ss in man.subsections.get('COMMANDS', []):
        sections[ss.title.split()[0] if ss.title else ''] = ss
    problems = []
    for command in program.commands:
        if command not in sections:
            problems.append('“%s” (--help: %s) has no .SS under COMMANDS'
                            % (command, program.commands[command]))
    for command, ss in sections.items():
        if command not in program.commands:
            problems.append('line %d: .SS “%s” is a command --help does not list'
                            % (ss.number, ss.title))
    report(tap, 'every command of --help has a section under COMMANDS, and no other', problems)

    synopsis = {}
    problems = []
    for number, words in man.synopsis():
        rest = ' '.join(words[1:]).split()
        first = rest[0] if rest else ''
        if re.fullmatch(r'[a-z][a-z0-9-]*', first):
            if first not in program.commands:
                problems.append('line %d: the synopsis names “%s”, which --help does not list'
                                % (number, first))
            synopsis[first] = (number, ' '.join(rest[1:]))
    for command in program.commands:
        if command not in synopsis:
            problems.append('“%s” has no synopsis line (.SY)' % command)
    report(tap, 'every command of --help has a synopsis line, and no other', problems)

    # The options that stand in place of a command.
    options_section = man.section('OPTIONS')
    global_items = options_section.items if options_section else []
    problems = []
    if not global_items:
        problems.append('no .TP item under OPTIONS')
    for item in global_items:
        names = option_names(item.tag)
        if not names:
            problems.append('line %d: “%s” is not an option' % (item.number, item.tag))
        for option in names:
            rc, out, err = run_cli(args.cli, option)
            if rc != 0 or not out.strip():
                problems.append('line %d: brevduva-cli %s exits %d%s; stderr: %s'
                                % (item.number, option, rc,
                                   '' if out.strip() else ' and prints nothing', err.strip()))
    report(tap, 'each option of the OPTIONS section works', problems)

    rc, out, err = run_cli(args.cli, '--version')
    version = out.split()[-1] if rc == 0 and out.split() else None
    source = man.th[3] if len(man.th) > 3 else ''
    report(tap, '.TH names the version that brevduva-cli --version prints',
              [] if version and source.split()[-1:] == [version] else
              ['.TH says “%s”, brevduva-cli --version “%s”' % (source, out.strip())])

    global_tags = {item.tag: item for item in global_items}
    for command in program.commands:
        rc, out, err = run_cli(args.cli, command, '--help')
        help_ = CommandHelp(out)
        if rc != 0 or not help_.options:
            report(tap, '%s --help lists options' % command,
                      ['exit %d; stderr: %s' % (rc, err.strip())])
            continue
        ss = sections.get(command)
        if ss is None:
            report(tap, '%s: the man page has its section' % command,
                      ['no .SS “%s” under COMMANDS' % command])
            continue
        items = {item.tag: item for item in ss.items}

        # Its section: summary, options (both ways), descriptions, order.
        report(tap, '%s: the section opens with the --help summary' % command,
                  [] if ss.lead_text().startswith(help_.summary) else
                  ['line %d: --help says “%s”; the section opens “%s”'
                   % (ss.number, help_.summary, ss.lead_text()[:len(help_.summary) + 20])])

        problems = []
        for tag, description, group in help_.options:
            if tag in items:
                continue
            if group.startswith('Help') and tag in global_tags:
                continue
            documented = [i.tag for i in ss.items + global_items
                          if set(option_names(i.tag)) & set(option_names(tag))]
            problems.append('“%s” (%s) is not an item of “%s”%s'
                            % (tag, description, ss.title,
                               '; the man page has “%s”' % '”, “'.join(documented)
                               if documented else ''))
        report(tap, '%s: every option of %s --help is documented, long and short form, '
                  'with its argument' % (command, command), problems)

        help_tags = {tag for tag, _, _ in help_.options}
        problems = ['line %d: “%s” is not an option of %s --help'
                    % (item.number, item.tag, command)
                    for item in ss.items if item.tag not in help_tags]
        report(tap, '%s: the man page documents no option that %s --help lacks'
                  % (command, command), problems)

        problems = []
        for tag, description, group in help_.options:
            item = items.get(tag) or global_tags.get(tag)
            if item is not None and not item.text().startswith(description):
                problems.append('line %d: “%s”: --help says “%s”; the man page “%s”'
                                % (item.number, tag, description,
                                   item.text()[:len(description) + 20]))
        report(tap, '%s: each option\'s text opens with its --help description' % command,
                  problems)

        order = [tag for tag, _, _ in help_.options if tag in items]
        documented = [item.tag for item in ss.items if item.tag in help_tags]
        report(tap, '%s: the options are in the order of --help' % command,
                  [] if order == documented else
                  ['--help: %s; the man page: %s' % (', '.join(order), ', '.join(documented))])

        # Its synopsis line: exactly its options, its parameter; and every
        # option the program's own usage line gives it.
        problems = []
        number, line = synopsis.get(command, (0, ''))
        wanted = {name for tag, _, group in help_.options if not group.startswith('Help')
                  for name in option_names(tag) if name.startswith('--')}
        listed = set(option_names(line))
        for name in sorted(wanted - listed):
            problems.append('line %d: the synopsis of %s lacks %s' % (number, command, name))
        for name in sorted(listed - wanted):
            problems.append('line %d: the synopsis of %s has %s, which %s --help lacks'
                            % (number, command, name, command))
        for parameter in help_.parameters():
            if normalize(parameter) not in normalize(line).split():
                problems.append('line %d: the synopsis of %s lacks its parameter %s'
                                % (number, command, parameter))
        for name in option_names(program.usage.get(command, '')):
            if name not in option_names(' '.join(items)):
                problems.append('brevduva-cli --help gives %s %s, which its section lacks'
                                % (command, name))
        report(tap, '%s: the synopsis names its parameter and exactly its options' % command,
                  problems)

    check_groff(tap, args.man)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
