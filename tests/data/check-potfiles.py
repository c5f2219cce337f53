#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist."""
import os
import re
import sys

root = sys.argv[1]
listed = set()
for line in open(os.path.join(root, 'po', 'POTFILES.in')):
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

marks = {
    '.c': re.compile(r'\b(N?C?_|g_dngettext)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
    '.in': re.compile(r'.'),
}
found = set()
for top in ('src', 'data'):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        if 'providers' in dirpath.split(os.sep):
            continue
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            ext = os.path.splitext(name)[1]
            if name.endswith('.gschema.xml'):
                found.add(rel)
            elif ext in marks and marks[ext].search(open(path, encoding='utf-8').read()):
                found.add(rel)

problems = ['not in POTFILES.in: ' + f for f in sorted(found - listed)]
problems += ['listed but missing: ' + f for f in sorted(listed)
             if not os.path.exists(os.path.join(root, f))]
for p in problems:
    print(p)
if problems:
    sys.exit(1)
print('%d files listed, all present' % len(listed))
