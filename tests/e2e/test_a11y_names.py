#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A screen reader hears each name once.

GTK 4.8 reads a widget's accessible name as its label property followed by
the text of whatever labels it ("Amber Simon Amber Simon", "_Save Save"),
so a check box, switch or spin button named twice is read twice.  This
scenario opens the main window and every dialog a newcomer meets on the
demo vault (new patient, new group session, other task, a session,
trajectory, practice details, Preferences) and reads the name of every
widget through AT-SPI, as Orca would; it fails on any name that is a
phrase said twice.  Screenshots of each dialog.

Usage: test_a11y_names.py SESSIO_BINARY SCREENSHOT_DIR
"""

import os
import shutil
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, descendants, find_app, find_window,
                          has_state, press_key, screenshot, start_app, stop_app,
                          type_text, wait_closed, wait_find, wait_for)


def doubled(name):
    """'Amber Simon Amber Simon', '_Save Save' or 'Duration in minutes Duration
    in Minutes': the same words twice, whatever their case."""
    words = name.replace("_", "").casefold().split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def doubled_names(root):
    found = []
    count = 0
    for acc in descendants(root):
        try:
            name = acc.name
            role = acc.getRoleName()
        except Exception:
            continue
        if not name:
            continue
        count += 1
        if doubled(name):
            found.append("%s %r" % (role, name))
    return count, found


def check(tap, pid, title, shot):
    window = find_window(pid, title)
    wait_for(lambda: doubled_names(window)[0] > 3, "the widgets of %r" % title)
    shot(title.lower().replace(" ", "-"))
    count, found = doubled_names(window)
    if found:
        tap.not_ok("%s: %d of %d names said twice: %s" % (title, len(found), count, "; ".join(found)))
    else:
        tap.ok("%s: each of %d names said once" % (title, count))
    return window


def close(pid, window, n_left):
    activate(wait_find(window, "Cancel", pyatspi.ROLE_PUSH_BUTTON))
    wait_closed(pid, n_left)


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    env = {
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "HOME": home,
    }
    shot = lambda name: screenshot(os.path.join(outdir, "a11y-names-" + name + ".png"))

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = start_app(binary, args=["--demo"], env_extra=env)
    try:
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")
        wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)
        check(tap, proc.pid, "Sessio", shot)

        press_key("ctrl+n")
        close(proc.pid, check(tap, proc.pid, "New Patient", shot), 1)

        press_key("ctrl+g")
        close(proc.pid, check(tap, proc.pid, "New Group Session", shot), 1)

        tab = wait_find(frame, "Agenda", pyatspi.ROLE_PAGE_TAB)
        activate(tab)
        wait_for(lambda: has_state(tab, pyatspi.STATE_SELECTED), "the Agenda tab to be selected")
        activate(wait_find(frame, "Log Other Task…", pyatspi.ROLE_PUSH_BUTTON))
        close(proc.pid, check(tap, proc.pid, "Log Other Task", shot), 1)

        # A patient of the demo, found as a person would.
        tab = wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)
        activate(tab)
        wait_for(lambda: has_state(tab, pyatspi.STATE_SELECTED), "the Patients tab to be selected")
        press_key("ctrl+f")
        type_text("a")
        press_key("Return")
        activate(wait_find(frame, "Log Session", pyatspi.ROLE_PUSH_BUTTON))
        close(proc.pid, check(tap, proc.pid, "Log Session", shot), 1)

        press_key("ctrl+comma")
        prefs = check(tap, proc.pid, "Preferences", shot)
        press_key("Escape")
        wait_closed(proc.pid, 1)
        del prefs

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)
    except ScenarioError as e:
        tap.not_ok(str(e))
        shot("failure")
    finally:
        stop_app(proc)
        shutil.rmtree(home, ignore_errors=True)

    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
