#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sessio in French and in German, as a reader of each sees it, against the
real binary on the demo vault through AT-SPI: the sections, a patient's
page, the session editor and the statistics are in the user's language,
from Sessio's own catalogue (the machine has no French or German locale),
with a screenshot of each for people to review.

Usage: test_languages.py SESSIO_BINARY SCREENSHOT_DIR
"""

import os
import shutil
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, find_app, find_window, has_state,
                          press_key, screenshot, start_app, stop_app, type_text, wait_closed,
                          wait_find, wait_for)

WORDS = {
    "fr": {"patients": "Patients", "invoices": "Factures", "statistics": "Statistiques",
           "log": "Enregistrer une séance", "cancel": "Annuler"},
    "de": {"patients": "Patienten", "invoices": "Rechnungen", "statistics": "Statistik",
           "log": "Sitzung erfassen", "cancel": "Abbrechen"},
}


def run_language(binary, outdir, lang, tap):
    words = WORDS[lang]
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    env = {
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "HOME": home,
        "LANGUAGE": lang,
    }
    shot = lambda name: screenshot(os.path.join(outdir, "languages-%s-%s.png" % (lang, name)))
    proc = start_app(binary, args=["--demo"], env_extra=env)
    try:
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")
        wait_find(frame, words["patients"], pyatspi.ROLE_PAGE_TAB)
        wait_find(frame, words["invoices"], pyatspi.ROLE_PAGE_TAB)
        tap.ok("%s: the sections are named in the reader's language" % lang)

        press_key("ctrl+f")
        type_text("a")
        press_key("Return")
        activate(wait_find(frame, words["log"], pyatspi.ROLE_PUSH_BUTTON))
        shot("patient-page")
        dialog = find_window(proc.pid, words["log"])
        shot("session-editor")
        activate(wait_find(dialog, words["cancel"], pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tap.ok("%s: a patient's page and the session editor" % lang)

        tab = wait_find(frame, words["statistics"], pyatspi.ROLE_PAGE_TAB)
        activate(tab)
        wait_for(lambda: has_state(tab, pyatspi.STATE_SELECTED), "the statistics to be shown")
        shot("statistics")
        tap.ok("%s: the statistics" % lang)

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)
    except ScenarioError as e:
        tap.not_ok("%s: %s" % (lang, e))
        shot("failure")
    finally:
        stop_app(proc)
        shutil.rmtree(home, ignore_errors=True)


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    print("TAP version 13", flush=True)
    tap = Tap()
    for lang in ("fr", "de"):
        run_language(binary, outdir, lang, tap)
    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
