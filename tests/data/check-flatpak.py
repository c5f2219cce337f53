#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Brevduva developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak.py SOURCE_ROOT APP_ID PROGRAM: the Flatpak manifest, checked
where no Flatpak runtime can be fetched (issue 15).

- It parses as JSON with the keys flatpak-builder needs, and its app id,
  command, desktop file, metainfo and icons agree with the build's.
- Every module's every source is pinned: an archive or file by a sha256 or
  sha512 checksum, a git source by a commit (and a tag, when it names one).
  Only the app itself, the last module, may be built from the checkout.
- finish-args holds exactly the permissions flatpak/README.md explains, no
  more: each one is named there, and nothing broad (the home folder, the
  whole session or system bus, devices beyond the GPU) is granted.
Prints one line per problem and exits 1 when there is any."""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(sys.argv[1])
APP_ID = sys.argv[2]
PROGRAM = sys.argv[3]
MANIFEST = ROOT / "flatpak" / f"{APP_ID}.json"
README = ROOT / "flatpak" / "README.md"
HEX = re.compile(r"^[0-9a-f]+$")
BROAD = ("--filesystem=home", "--filesystem=host", "--socket=session-bus",
         "--socket=system-bus", "--device=all", "--talk-name=org.freedesktop.secrets")

problems = []


def problem(text):
    problems.append(text)


def check_source(module, source, is_app):
    kind = source.get("type")
    where = f"module {module}: {kind} source"
    if kind in ("archive", "file"):
        digest = source.get("sha256") or source.get("sha512")
        length = 64 if "sha256" in source else 128
        if not digest or len(digest) != length or not HEX.match(digest):
            problem(f"{where} {source.get('url')}: no valid sha256/sha512 checksum")
        if not str(source.get("url", "")).startswith("https://"):
            problem(f"{where}: its URL is not https://")
    elif kind == "git":
        commit = source.get("commit", "")
        if len(commit) != 40 or not HEX.match(commit):
            problem(f"{where} {source.get('url')}: not pinned to a full commit")
        if "branch" in source and "tag" not in source:
            problem(f"{where}: follows a branch instead of a tag")
    elif kind == "dir":
        if not is_app:
            problem(f"{where}: only the app itself may be built from a folder")
    else:
        problem(f"{where}: a source type this check does not know")


def check_manifest(manifest):
    for key in ("id", "runtime", "runtime-version", "sdk", "command", "modules", "finish-args"):
        if key not in manifest:
            problem(f"manifest: no {key!r}")
    if manifest.get("id") != APP_ID:
        problem(f"manifest: id {manifest.get('id')!r} is not {APP_ID!r}")
    if manifest.get("command") != PROGRAM:
        problem(f"manifest: command {manifest.get('command')!r} is not {PROGRAM!r}")
    modules = manifest.get("modules", [])
    for index, module in enumerate(modules):
        name = module.get("name", f"#{index}")
        if not module.get("sources"):
            problem(f"module {name}: no sources")
        for source in module.get("sources", []):
            check_source(name, source, index == len(modules) - 1)
    if modules and modules[-1].get("name") != "brevduva":
        problem("manifest: the last module is not the app")


def check_permissions(manifest):
    readme = README.read_text(encoding="utf-8") if README.exists() else ""
    for arg in manifest.get("finish-args", []):
        if arg in BROAD or arg.startswith("--filesystem=/"):
            problem(f"finish-args: {arg} is broader than the app needs")
        if f"`{arg}`" not in readme:
            problem(f"finish-args: {arg} is not explained in flatpak/README.md")
    for arg in re.findall(r"^\| `(--[^`]+)` \|", readme, re.M):
        if arg not in manifest.get("finish-args", []):
            problem(f"flatpak/README.md explains {arg}, which the manifest does not grant")


def check_data():
    desktop = ROOT / "data" / f"{APP_ID}.desktop.in"
    metainfo = ROOT / "data" / f"{APP_ID}.metainfo.xml.in"
    icons = [ROOT / "data/icons/hicolor/scalable/apps" / f"{APP_ID}.svg",
             ROOT / "data/icons/hicolor/symbolic/apps" / f"{APP_ID}-symbolic.svg"]
    for path in [desktop, metainfo] + icons:
        if not path.exists():
            problem(f"missing: {path.relative_to(ROOT)}")
    if desktop.exists():
        entries = dict(line.split("=", 1) for line in desktop.read_text().splitlines()
                       if "=" in line and not line.startswith("#"))
        if entries.get("Icon") != APP_ID:
            problem(f"desktop file: Icon={entries.get('Icon')} is not {APP_ID}")
        if entries.get("Exec", "").split()[0:1] != [PROGRAM]:
            problem(f"desktop file: Exec={entries.get('Exec')} does not run {PROGRAM}")
    if metainfo.exists():
        tree = ET.parse(metainfo)
        if tree.findtext("id") != APP_ID:
            problem(f"metainfo: <id> is {tree.findtext('id')!r}")
        launchables = [l.text for l in tree.iter("launchable")
                       if l.get("type") == "desktop-id"]
        if launchables != [f"{APP_ID}.desktop"]:
            problem(f"metainfo: launchable {launchables} is not {APP_ID}.desktop")


def main():
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{MANIFEST}: {error}")
        return 1
    check_manifest(manifest)
    check_permissions(manifest)
    check_data()
    for text in problems:
        print(text)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
