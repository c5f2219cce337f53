#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when po/sv.po misses, or has fuzzy, any string the sources hold.

Extracts a fresh template from po/POTFILES.in with xgettext (the same keywords
as meson's 'glib' preset), merges sv.po into it, and counts what is left
untranslated or fuzzy. Also checks sv.po with msgfmt --check.
"""
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, 'po')
failures = []

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'brevduva.pot')
    subprocess.run(
        ['xgettext', '--files-from=' + os.path.join(po_dir, 'POTFILES.in'),
         '--directory=' + root, '--from-code=UTF-8', '--add-comments',
         '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
         '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
         '--output=' + pot],
        check=True, capture_output=True)
    # xgettext leaves the charset for the translator to fill in; ours is UTF-8.
    with open(pot, encoding='utf-8') as f:
        template = f.read().replace('charset=CHARSET', 'charset=UTF-8')
    with open(pot, 'w', encoding='utf-8') as f:
        f.write(template)
    for lang in open(os.path.join(po_dir, 'LINGUAS')).read().split():
        po = os.path.join(po_dir, lang + '.po')
        merged = os.path.join(tmp, lang + '.po')
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + merged,
                        po, pot], check=True)
        for what, flag in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
            out = subprocess.run(['msgattrib', flag, '--no-obsolete', merged],
                                 check=True, capture_output=True, text=True).stdout
            ids = [line for line in out.splitlines() if line.startswith('msgid ')]
            ids = [i for i in ids if i != 'msgid ""']
            for msgid in ids:
                failures.append('%s.po: %s: %s' % (lang, what, msgid))
        check = subprocess.run(['msgfmt', '--check', '--output-file=/dev/null', po],
                               capture_output=True, text=True)
        if check.returncode != 0:
            failures.append('%s.po: msgfmt --check: %s' % (lang, check.stderr.strip()))

for failure in failures:
    print(failure)
if failures:
    sys.exit('%d problem(s) in the translations' % len(failures))
print('every string is translated')
