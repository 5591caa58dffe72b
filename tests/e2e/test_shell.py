#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: start the real sessio, find its window through AT-SPI, walk
to every section and save a screenshot of each.

Usage: test_shell.py SESSIO_BINARY SCREENSHOT_DIR
"""

import os
import sys

import pyatspi

from sessio_atspi import (ScenarioError, activate, find_app, has_state, log,
                          screenshot, start_app, stop_app, wait_find, wait_for)

SECTIONS = [
    ("agenda", "Agenda"),
    ("invoices", "Invoices"),
    ("statistics", "Statistics"),
    ("patients", "Patients"),
]


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    print("TAP version 13")
    print("1..%d" % (len(SECTIONS) + 1), flush=True)

    proc = start_app(binary)
    n = 0
    try:
        app = find_app(proc.pid)
        frame = wait_find(app, "Sessio", pyatspi.ROLE_FRAME)
        n += 1
        print("ok %d - the Sessio window is on the accessibility bus" % n, flush=True)

        for name, tab in SECTIONS:
            n += 1
            # The first match is the wide view switcher in the header bar.
            button = wait_find(frame, tab, pyatspi.ROLE_PAGE_TAB)
            activate(button)
            wait_for(lambda: has_state(button, pyatspi.STATE_SELECTED),
                     "the %s tab to be selected" % tab)
            screenshot(os.path.join(outdir, "shell-%s.png" % name))
            print("ok %d - section %s shown" % (n, name), flush=True)
    except ScenarioError as e:
        n += 1
        print("not ok %d - %s" % (n, e), flush=True)
        screenshot(os.path.join(outdir, "shell-failure.png"))
        return 1
    finally:
        stop_app(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
