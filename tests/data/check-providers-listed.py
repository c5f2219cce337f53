#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file in data/providers/ is missing from providers.gresource.xml
(and so would silently not ship), or the list names a file that is gone, or a
provider file does not cite its source page in its opening comment."""
import os
import re
import sys
import xml.etree.ElementTree as ET

folder = os.path.join(sys.argv[1], 'data', 'providers')
listed = {f.text for f in ET.parse(os.path.join(folder, 'providers.gresource.xml')).iter('file')}
present = {n for n in os.listdir(folder) if n.endswith('.xml') and n != 'providers.gresource.xml'}
problems = ['not listed: ' + n for n in sorted(present - listed)]
problems += ['listed but missing: ' + n for n in sorted(listed - present)]
for name in sorted(present):
    head = open(os.path.join(folder, name), encoding='utf-8').read(4096)
    comment = head.split('-->')[0]
    if not re.search(r'https://\S+', comment):
        problems.append('no source page cited in the opening comment: ' + name)
    root = ET.parse(os.path.join(folder, name)).getroot()
    provider = root.find('emailProvider')
    if provider is None or provider.get('id') + '.xml' != name:
        problems.append('file name is not the provider id: ' + name)
for p in problems:
    print(p)
if problems:
    sys.exit(1)
print('%d provider files, all listed and citing their source' % len(present))
