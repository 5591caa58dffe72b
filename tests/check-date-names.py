#!/usr/bin/env python3
# check-date-names.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Month and weekday names come from Sessio's own tables (sessio-format.c),
# never from the C library: a minimal system or a Flatpak often has no
# nl_BE/fr_BE/de_BE C locale, and strftime() then silently writes
# "November" in a French window.  This fails when any source in
# app/ formats a date with a conversion that names a month or weekday, or
# depends on the locale's date order (%a %A %b %B %h %c %x %X %p, the
# %E and %O variants), through strftime(), g_date_strftime() or
# g_date_time_format(), including through a translated format string.
# Numeric formats such as "%Y-%m-%d %H:%M" are fine.  Speaks TAP.
#
# Usage: check-date-names.py SOURCE_ROOT

import os
import re
import sys

root = sys.argv[1]
call = re.compile(r"\b(strftime|g_date_strftime|g_date_time_format)\s*\(")
named = re.compile(r"%[-_0^#]?[EO]?[aAbBhcxXp]")
string = re.compile(r'"((?:[^"\\]|\\.)*)"')

n = 0
failed = 0
for base, dirs, files in os.walk(os.path.join(root, "app")):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(base, name)
        rel = os.path.relpath(path, root)
        problems = []
        with open(path, encoding="utf-8") as f:
            source = f.read()
        # Comments may well say "strftime()"; keep the line numbers.
        source = re.sub(r"/\*.*?\*/", lambda c: re.sub(r"[^\n]", " ", c.group(0)), source, flags=re.S)
        source = re.sub(r"//[^\n]*", "", source)
        lines = source.split("\n")
        for i, line in enumerate(lines):
            m = call.search(line)
            if not m:
                continue
            if m.group(1) in ("strftime", "g_date_strftime"):
                problems.append(f"{rel}:{i + 1}: {m.group(1)}() depends on the C locale")
                continue
            # The format is the second argument; it may run on to the next
            # lines of the call.
            text = " ".join(lines[i:i + 3])
            text = text[m.end():]
            for literal in string.findall(text.split(";")[0]):
                if named.search(literal):
                    problems.append(f"{rel}:{i + 1}: g_date_time_format() with \"{literal}\" "
                                    "takes names from the C locale; use sessio-format.h")
        n += 1
        if problems:
            failed += 1
            print(f"not ok {n} - {rel}")
            for p in problems:
                print(f"# {p}")
        else:
            print(f"ok {n} - {rel}")

print(f"1..{n}")
sys.exit(1 if failed else 0)
