#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Lists the C functions in app/ longer than a limit (120 lines, counted from
# the line with the function's name to its closing brace) and fails when one
# is not on the allow-list below.  A long function hides its steps; split it
# into named static helpers in the same file instead of raising the limit.
#
#   build-aux/long-functions.py [--limit N] [--all] [SOURCE_ROOT]
#
# --all lists every long function, allowed or not.  The output is TAP, so
# that meson shows each file's verdict.
#
# The parser knows the house style only (GNU: the name at the start of a
# line, the body's braces alone in the first column), which is all app/ uses.

import argparse
import fnmatch
import pathlib
import re
import sys

LIMIT = 120

# Functions allowed to be long, as (file pattern, function pattern).
ALLOWED = [
    # Class setup: a line per property, signal, template child and action;
    # splitting them would only scatter one table.
    ('app/*', '*_class_init'),
]

NAME_RE = re.compile(r'^(?:[A-Za-z_][\w \t\*]*?[\s\*])?([A-Za-z_]\w*)\s*\(')


def functions(path):
    """Yields (name, first line, last line) of each function body in PATH."""
    lines = path.read_text(encoding='utf-8', errors='replace').splitlines()
    i = 0
    while i < len(lines):
        if lines[i].rstrip() != '{':
            i += 1
            continue
        # Walk back over the signature to the line with the name.
        name, start = None, None
        for j in range(i - 1, max(i - 20, -1), -1):
            text = lines[j]
            if not text.strip() or text.rstrip().endswith((';', '=', '}')) \
               or text.startswith(('#', '/*', ' *')):
                break
            m = NAME_RE.match(text)
            if m and not text[0].isspace():
                name, start = m.group(1), j
                break
        end = i + 1
        while end < len(lines) and not lines[end].startswith('}'):
            end += 1
        if name is not None:
            yield name, start + 1, end + 1
        i = end + 1


def allowed(rel, name):
    return any(fnmatch.fnmatch(rel, f) and fnmatch.fnmatch(name, n)
               for f, n in ALLOWED)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('root', nargs='?',
                        default=pathlib.Path(__file__).resolve().parent.parent)
    parser.add_argument('--limit', type=int, default=LIMIT)
    parser.add_argument('--all', action='store_true',
                        help='list allowed long functions too')
    args = parser.parse_args()
    root = pathlib.Path(args.root)

    files = sorted((root / 'app').rglob('*.c'))
    print(f'1..{len(files)}')
    failed = 0
    for n, path in enumerate(files, 1):
        rel = path.relative_to(root).as_posix()
        bad = []
        for name, first, last in functions(path):
            length = last - first + 1
            if length <= args.limit:
                continue
            ok = allowed(rel, name)
            if not ok or args.all:
                bad.append((name, first, length, ok))
        too_long = [b for b in bad if not b[3]]
        print(f'{"not ok" if too_long else "ok"} {n} {rel}')
        for name, first, length, ok in bad:
            note = ' (allowed)' if ok else ''
            print(f'# {rel}:{first}: {name}: {length} lines{note}')
        failed += bool(too_long)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
