#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, against the real sessio binary through AT-SPI, with a
screenshot of every step:

  welcome page → create a vault (passphrase twice) → the recovery key,
  "I have stored it" → every section of the main window → lock →
  a wrong passphrase is refused → the right one unlocks → quit.

Usage: test_shell.py SESSIO_BINARY SCREENSHOT_DIR
"""

import os
import re
import shutil
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, find_app, find_where, find_window,
                          wait_closed, has_state,
                          log, press_key, screenshot, start_app, stop_app,
                          text_of, type_text, wait_find, wait_for)

PASSPHRASE = "tulpen regen fiets zeven lepels"
RECOVERY_KEY = re.compile(r"([0-9A-Z]{4}[ \n]){13}[0-9A-Z]{4}")
SECTIONS = [
    ("agenda", "Agenda"),
    ("invoices", "Invoices"),
    ("statistics", "Statistics"),
    ("patients", "Patients"),
]


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    env = {
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
    }
    shot = lambda name: screenshot(os.path.join(outdir, name + ".png"))

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = start_app(binary, env_extra=env)
    try:
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")
        wait_find(frame, "Welcome to Sessio", pyatspi.ROLE_LABEL)
        shot("01-welcome")
        tap.ok("a first start shows the welcome page")

        activate(wait_find(frame, "Create a Vault", pyatspi.ROLE_PUSH_BUTTON))
        wait_find(frame, "Choose a Passphrase", pyatspi.ROLE_LABEL)
        type_text(PASSPHRASE)
        press_key("Return")
        type_text(PASSPHRASE)
        shot("02-create-passphrase")
        press_key("Return")
        tap.ok("the passphrase is typed twice")

        wait_find(frame, "Store Your Recovery Key", pyatspi.ROLE_LABEL)
        # A screen reader reads the key itself: 14 groups of four.
        key_label = wait_for(lambda: find_where(frame, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                                and RECOVERY_KEY.fullmatch(a.name or "")),
                             "the recovery key to be shown")
        key = key_label.name
        shot("03-recovery-key")
        tap.ok("the vault is created and its recovery key shown")

        cont = wait_find(frame, "Continue", pyatspi.ROLE_PUSH_BUTTON)
        if has_state(cont, pyatspi.STATE_SENSITIVE):
            raise ScenarioError("Continue is possible before the key is stored")
        # GTK 4.8 gives check boxes no AT-SPI action: use the keyboard, as
        # the focus is on the check box once the key is shown.
        check = wait_find(frame, "I have stored my recovery key in a safe place",
                          pyatspi.ROLE_CHECK_BOX)
        wait_for(lambda: has_state(check, pyatspi.STATE_FOCUSED), "the check box to have the focus")
        press_key("space")
        wait_for(lambda: has_state(cont, pyatspi.STATE_SENSITIVE), "Continue to be possible")
        activate(cont)
        tap.ok("continuing needs “I have stored it”")

        # The first-run practice details come up once; they can wait.
        setup = find_window(proc.pid, "Set Up Your Practice")
        shot("04-practice-setup")
        activate(wait_find(setup, "Skip", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tap.ok("the practice details can be skipped")

        for name, tab in SECTIONS:
            button = wait_find(frame, tab, pyatspi.ROLE_PAGE_TAB)
            activate(button)
            wait_for(lambda: has_state(button, pyatspi.STATE_SELECTED),
                     "the %s tab to be selected" % tab)
            shot("05-section-" + name)
            tap.ok("section %s shown" % name)

        activate(wait_find(frame, "Lock", pyatspi.ROLE_PUSH_BUTTON))
        wait_find(frame, "Sessio Is Locked", pyatspi.ROLE_LABEL)
        unlock = wait_find(frame, "Unlock", pyatspi.ROLE_PUSH_BUTTON)
        shot("06-locked")
        tap.ok("the lock button locks the vault")

        # The passphrase entry takes the focus once the vault is closed.
        page = wait_find(frame, "SessioUnlockPage", pyatspi.ROLE_FILLER)
        entry = wait_find(page, "Passphrase", pyatspi.ROLE_TEXT)
        wait_for(lambda: has_state(entry, pyatspi.STATE_SENSITIVE), "the vault to be closed")
        type_text("not my passphrase")
        press_key("Return")
        wait_find(page, "The passphrase is not correct", pyatspi.ROLE_LABEL)
        shot("07-wrong-passphrase")
        tap.ok("a wrong passphrase is refused with a message")

        # The refused text is selected: typing replaces it.
        type_text(PASSPHRASE)
        press_key("Return")
        wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)
        shot("08-unlocked")
        tap.ok("the right passphrase unlocks")

        # Quitting locks and folds the vault before the process ends.
        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,),
                        "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)
        tap.ok("Ctrl+Q quits cleanly")
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
