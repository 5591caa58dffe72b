#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every file that carries a licence line (SPDX-License-Identifier) also
# carries a copyright line (SPDX-FileCopyrightText) in the same comment
# syntax, as REUSE asks.  Exit 1 and name the files that do not.
#
#   build-aux/check-spdx.py [SOURCE_ROOT]

import os
import re
import sys

# Spelt in two halves so that this file's own code is not a licence line.
LICENCE = re.compile(r'SPDX-' + r'License-Identifier:')
COPYRIGHT = re.compile(r'SPDX-' + r'FileCopyrightText:')
SKIP_DIRS = {'.git', 'subprojects', 'node_modules', '__pycache__'}


def files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith('_build'))
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    missing = []
    checked = 0
    for path in files(root):
        try:
            with open(path, encoding='utf-8') as f:
                head = f.read(4096)
        except (UnicodeDecodeError, OSError):
            continue
        if not LICENCE.search(head):
            continue
        checked += 1
        if not COPYRIGHT.search(head):
            missing.append(os.path.relpath(path, root))
    for path in missing:
        print('FAIL: %s has a licence line and no SPDX-FileCopyrightText' % path)
    print('%d files with a licence line, %d without a copyright line' % (checked, len(missing)))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
