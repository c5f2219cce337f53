#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations against the sources as they are now.

    check-translations.py po ROOT XGETTEXT-ARG...
    check-translations.py potfiles ROOT XGETTEXT-ARG...

The XGETTEXT-ARGs are po/meson.build's xgettext_args, which meson's
brevduva-pot target uses too, so the template this script extracts at test
time is the one `meson compile brevduva-pot` would write: it cannot go stale.

po: for each language in po/LINGUAS, fails on
  - stale entries: a msgid (with its msgctxt) in the .po that the fresh
    template lacks (obsolete "#~" entries do not count);
  - missing entries: a template msgid the .po lacks, or has untranslated or
    fuzzy;
  - what `msgfmt --check --check-accelerators=_` finds;
  - a header that msginit left unfilled (translator, language, plural forms);
  - a mnemonic clash: two labels of one .ui file (a page, a window or a menu)
    whose access keys differ in English but are the same letter in the
    translation.
potfiles: fails when a file under src/, data/ or tests/ holds a translatable
  string but is not in po/POTFILES.in, when POTFILES.in names a file that does
  not exist, or one that holds no translatable string.
"""
import os
import re
import subprocess
import sys
import tempfile

# The files xgettext reads for the POTFILES check, by how their names end.
CANDIDATES = ('.c', '.h', '.ui', '.desktop.in', '.metainfo.xml.in', '.gschema.xml')
SKIP_DIRS = {'providers', 'corpus', '__pycache__'}


def unquote(text):
    """The value of a PO string literal, without its quotes."""
    out = []
    i = 0
    escapes = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\'}
    body = text[1:-1]
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


class Entry:
    def __init__(self):
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}
        self.flags = set()
        self.references = []
        self.obsolete = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def describe(self):
        text = 'msgid "%s"' % self.msgid
        if self.msgctxt is not None:
            text = 'msgctxt "%s" ' % self.msgctxt + text
        return text


def parse_po(path):
    """The entries of a PO or POT file, the header among them (msgid "")."""
    entries = []
    entry = Entry()
    field = None

    def finish():
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        entry = Entry()
        field = None

    for raw in open(path, encoding='utf-8'):
        line = raw.rstrip('\n')
        obsolete = line.startswith('#~')
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith('|'):
                continue
        if not line.strip():
            finish()
            continue
        if line.startswith('#'):
            if field is not None and field != 'comments':
                finish()
            field = 'comments'
            if line.startswith('#,'):
                entry.flags.update(f.strip() for f in line[2:].split(','))
            elif line.startswith('#:'):
                entry.references.extend(line[2:].split())
            continue
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            keyword = match.group(1)
            if keyword in ('msgctxt', 'msgid') and field is not None and \
                    field not in ('comments', 'msgctxt'):
                finish()
            entry.obsolete = entry.obsolete or obsolete
            value = unquote(match.group(3))
            if keyword.startswith('msgstr'):
                field = ('msgstr', int(match.group(2) or 0))
                entry.msgstr[field[1]] = value
            else:
                field = keyword
                setattr(entry, keyword, value)
            continue
        if line.startswith('"') and field is not None:
            value = unquote(line)
            if isinstance(field, tuple):
                entry.msgstr[field[1]] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
            continue
        raise SystemExit('%s: cannot read the line %r' % (path, raw))
    finish()
    return entries


def extract(root, files, xgettext_args, out):
    """Runs xgettext as meson's brevduva-pot does, over @files."""
    listing = out + '.files'
    with open(listing, 'w', encoding='utf-8') as f:
        f.write('\n'.join(files) + '\n')
    result = subprocess.run(
        ['xgettext', '--package-name=brevduva', '-f', listing, '-D', root, '-k_',
         '-o', out] + xgettext_args,
        capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit('xgettext failed:\n' + result.stderr)
    return parse_po(out)


def potfiles(root):
    listed = []
    for line in open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8'):
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)
    return listed


def mnemonic(text):
    """The access key of a label ("_Save" → "s"), or None."""
    match = re.search(r'_([^_\s])', text.replace('__', ''))
    return match.group(1).lower() if match else None


def check_po(root, xgettext_args):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        template = [e for e in extract(root, potfiles(root), xgettext_args,
                                       os.path.join(tmp, 'brevduva.pot'))
                    if e.msgid != '']
    wanted = {e.key: e for e in template}
    po_dir = os.path.join(root, 'po')
    for lang in open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8').read().split():
        name = lang + '.po'
        path = os.path.join(po_dir, name)
        entries = parse_po(path)
        header = next((e for e in entries if e.msgid == '' and not e.obsolete), None)
        live = {e.key: e for e in entries if e.msgid != '' and not e.obsolete}

        for key, entry in live.items():
            if key not in wanted:
                problems.append('%s: stale (no longer in the sources): %s'
                                % (name, entry.describe()))
        for key, entry in wanted.items():
            ours = live.get(key)
            if ours is None:
                problems.append('%s: missing: %s' % (name, entry.describe()))
            elif not ours.msgstr or any(v == '' for v in ours.msgstr.values()):
                problems.append('%s: untranslated: %s' % (name, entry.describe()))
            elif 'fuzzy' in ours.flags:
                problems.append('%s: fuzzy: %s' % (name, entry.describe()))

        if header is None:
            problems.append('%s: no header entry' % name)
        else:
            fields = dict(line.split(':', 1) for line in header.msgstr.get(0, '').splitlines()
                          if ':' in line)
            fields = {k.strip(): v.strip() for k, v in fields.items()}
            if fields.get('Language') != lang:
                problems.append('%s: the header\'s Language is not "%s"' % (name, lang))
            if not fields.get('Plural-Forms'):
                problems.append('%s: the header has no Plural-Forms' % name)
            translator = fields.get('Last-Translator', '')
            if not translator or 'Automatically generated' in translator or \
                    'FULL NAME' in translator:
                problems.append('%s: the header names no translator' % name)

        # Access keys: within one .ui file, keys that English keeps apart
        # must stay apart in the translation.
        by_file = {}
        for entry in template:
            if mnemonic(entry.msgid) is None:
                continue
            for ref in entry.references:
                ui = ref.rsplit(':', 1)[0]
                if ui.endswith('.ui'):
                    by_file.setdefault(ui, []).append(entry)
        for ui, labels in sorted(by_file.items()):
            english = [mnemonic(e.msgid) for e in labels]
            if len(set(english)) != len(english):
                continue
            seen = {}
            for entry in labels:
                ours = live.get(entry.key)
                if ours is None or not ours.msgstr.get(0):
                    continue
                key = mnemonic(ours.msgstr[0])
                if key is None:
                    continue
                if key in seen:
                    problems.append('%s: %s: "%s" and "%s" both use the access key "%s"'
                                    % (name, ui, seen[key], ours.msgstr[0], key))
                else:
                    seen[key] = ours.msgstr[0]

        check = subprocess.run(['msgfmt', '--check', '--check-accelerators=_',
                                '--output-file=/dev/null', path],
                               capture_output=True, text=True)
        if check.returncode != 0:
            problems.append('%s: msgfmt --check: %s' % (name, check.stderr.strip()))
    return problems, 'every string of the sources is translated, and nothing else'


def check_potfiles(root, xgettext_args):
    problems = []
    listed = potfiles(root)
    for path in listed:
        if not os.path.exists(os.path.join(root, path)):
            problems.append('POTFILES.in names a file that does not exist: ' + path)
    candidates = []
    for top in ('src', 'data', 'tests'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith(CANDIDATES):
                    candidates.append(os.path.relpath(os.path.join(dirpath, name), root))
    with tempfile.TemporaryDirectory() as tmp:
        entries = extract(root, candidates, xgettext_args, os.path.join(tmp, 'all.pot'))
    holding = {ref.rsplit(':', 1)[0] for e in entries if e.msgid != '' for ref in e.references}
    for path in sorted(holding - set(listed)):
        problems.append('holds translatable strings but is not in POTFILES.in: ' + path)
    for path in listed:
        if path not in holding and os.path.exists(os.path.join(root, path)):
            problems.append('POTFILES.in names a file without translatable strings: ' + path)
    return problems, '%d files listed in POTFILES.in, and no other holds a translatable string' \
        % len(listed)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('po', 'potfiles'):
        raise SystemExit(__doc__)
    mode, root, xgettext_args = sys.argv[1], sys.argv[2], sys.argv[3:]
    check = check_po if mode == 'po' else check_potfiles
    problems, success = check(root, xgettext_args)
    for problem in problems:
        print(problem)
    if problems:
        if mode == 'po':
            print('%d problem(s). To bring po/ up to date: meson compile -C BUILDDIR '
                  'brevduva-pot brevduva-update-po, then translate what is new and drop '
                  'the obsolete "#~" entries (msgattrib --no-obsolete).' % len(problems))
        else:
            print('%d problem(s): list in po/POTFILES.in exactly the files that hold '
                  'translatable strings.' % len(problems))
        sys.exit(1)
    print(success)


if __name__ == '__main__':
    main()
