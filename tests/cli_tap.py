# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every sessio-cli test script needs: TAP results numbered as they
come (check), the plan and exit status at the end (finish), and synthetic
INSZ numbers with valid check digits (insz)."""

_count = 0
_failed = False


def check(what, ok, detail=""):
    global _count, _failed
    _count += 1
    if ok:
        print("ok %d - %s" % (_count, what))
    else:
        _failed = True
        print("not ok %d - %s" % (_count, what))
        for line in str(detail).splitlines():
            print("# " + line)


def has_failed():
    return _failed


def finish():
    """Prints the plan; the exit status for sys.exit()."""
    print("1..%d" % _count)
    return 1 if _failed else 0


def insz(year, month, day, serial):
    """A national number: YYMMDD, a 3-digit serial, 97 - (n mod 97)."""
    base = "%02d%02d%02d%03d" % (year % 100, month, day, serial)
    number = int(base) if year < 2000 else int("2" + base)
    return base + "%02d" % (97 - number % 97)
