#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source, build, test or data file lacks its SPDX header."""
import os
import sys

root = sys.argv[1]
exts = ('.c', '.h', '.ui', '.xml', '.in', '.py', '.build', '.txt', '.svg', '.sh')
missing = []
checked = 0
for top in ('src', 'tests', 'data', 'build-aux', 'po', 'flatpak', '.ci'):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        # Fuzzing seeds are raw inputs, not source files.
        dirnames[:] = [d for d in dirnames if d != 'corpus']
        for name in filenames:
            path = os.path.join(dirpath, name)
            is_script = os.access(path, os.X_OK) and not name.endswith('.json')
            if not (name.endswith(exts) or name == 'meson.build' or is_script):
                continue
            if name.endswith('.json'):
                path_license = path + '.license'
                if os.path.exists(path_license):
                    continue
            head = open(path, encoding='utf-8', errors='replace').read(2048)
            checked += 1
            if 'SPDX-License-Identifier' not in head:
                missing.append(os.path.relpath(path, root))
for m in missing:
    print('no SPDX header:', m)
if missing:
    sys.exit(1)
print('%d files have an SPDX header' % checked)
