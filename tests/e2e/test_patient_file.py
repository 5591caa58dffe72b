#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, the daily work, against the real sessio binary through
AT-SPI, with a screenshot of every step:

  create a vault → set up the practice (an adult network) → add a
  patient: a wrong INSZ is refused with its reason, then the right one →
  add a trajectory → log nine support sessions: the ninth is over the
  limit and is saved only as outside the convention → plan one more and
  mark it a no-show in one click → plan one a minute from now: the Agenda
  offers to mark it once it has begun; held in one click (over the limit:
  outside the convention), undone from the toast → lock → unlock → find the patient
  again → quit; and no file of the vault holds the patient's name, INSZ or
  note.

Usage: test_patient_file.py SESSIO_BINARY SCREENSHOT_DIR
"""

import datetime
import os
import shutil
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, find, find_app, find_window,
                          has_state, press_key, screenshot, start_app, stop_app,
                          type_text, wait_closed, wait_find, wait_for, window_gone)

PASSPHRASE = "tulpen regen fiets zeven lepels"
NAME = "Marieke Testelinck"
NOTE = "Ademhalingsoefening besproken"


def insz_for(birth, sequence):
    """A synthetic INSZ number with valid check digits (RULES.md)."""
    base = "%02d%02d%02d%03d" % (birth.year % 100, birth.month, birth.day, sequence)
    number = int(("2" if birth.year >= 2000 else "") + base)
    return base + "%02d" % (97 - number % 97)


def set_text(acc, text):
    acc.queryEditableText().setTextContents(text)


def dmy(day):
    return "%d/%d/%d" % (day.day, day.month, day.year)


def log_session(pid, frame, day, note=None):
    activate(wait_find(frame, "Log Session", pyatspi.ROLE_PUSH_BUTTON))
    dialog = find_window(pid, "Log Session")
    set_text(wait_find(dialog, "Date", pyatspi.ROLE_TEXT), dmy(day))
    if note:
        set_text(wait_find(dialog, "Note", pyatspi.ROLE_TEXT), note)
    return dialog


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    data_home = os.path.join(home, "data")
    env = {
        "XDG_DATA_HOME": data_home,
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
    }
    shot = lambda name: screenshot(os.path.join(outdir, "patient-file-" + name + ".png"))
    today = datetime.date.today()
    birth = datetime.date(1990, 5, 14)
    insz = insz_for(birth, 18)
    wrong_insz = insz[:-1] + str((int(insz[-1]) + 1) % 10)

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = start_app(binary, env_extra=env)
    try:
        app = find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")

        # A vault, as in the shell scenario.
        activate(wait_find(frame, "Create a Vault", pyatspi.ROLE_PUSH_BUTTON))
        wait_find(frame, "Choose a Passphrase", pyatspi.ROLE_LABEL)
        type_text(PASSPHRASE)
        press_key("Return")
        type_text(PASSPHRASE)
        press_key("Return")
        check = wait_find(frame, "I have stored my recovery key in a safe place", pyatspi.ROLE_CHECK_BOX)
        wait_for(lambda: has_state(check, pyatspi.STATE_FOCUSED), "the check box to have the focus")
        press_key("space")
        cont = wait_find(frame, "Continue", pyatspi.ROLE_PUSH_BUTTON)
        wait_for(lambda: has_state(cont, pyatspi.STATE_SENSITIVE), "Continue to be possible")
        activate(cont)
        tap.ok("a vault is created")

        # The practice, with an adult network.
        setup = find_window(proc.pid, "Set Up Your Practice")
        set_text(wait_find(setup, "Name", pyatspi.ROLE_TEXT), "Sam Voorbeeld")
        set_text(wait_find(setup, "RIZIV Number", pyatspi.ROLE_TEXT), "1-23456-78-958")
        set_text(wait_find(setup, "Network Name", pyatspi.ROLE_TEXT), "Netwerk Volwassenen Testregio")
        shot("01-practice")
        activate(wait_find(setup, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tap.ok("the practice is set up with an adult network")

        # A patient: the wrong INSZ first.
        activate(wait_find(frame, "Add Patient", pyatspi.ROLE_PUSH_BUTTON))
        dialog = find_window(proc.pid, "New Patient")
        set_text(wait_find(dialog, "Name", pyatspi.ROLE_TEXT), NAME)
        set_text(wait_find(dialog, "INSZ Number", pyatspi.ROLE_TEXT), wrong_insz)
        reason = "The INSZ number’s check digits do not match: a digit is probably mistyped"
        wait_find(dialog, reason, pyatspi.ROLE_LABEL)
        activate(wait_find(dialog, "Add", pyatspi.ROLE_PUSH_BUTTON))
        shot("02-wrong-insz")
        if window_gone(proc.pid, "New Patient"):
            raise ScenarioError("a patient with a wrong INSZ was saved")
        tap.ok("a wrong INSZ is refused with its reason")

        set_text(wait_find(dialog, "INSZ Number", pyatspi.ROLE_TEXT), insz)
        wait_for(lambda: find(dialog, reason, pyatspi.ROLE_LABEL) is None, "the reason to go")
        shot("03-right-insz")
        # The dialog looked up afresh: GTK 4.8 may drop accessible objects
        # of a window whose rows just changed (the reason went away).
        activate(wait_find(lambda: find_window(proc.pid, "New Patient"), "Add", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        wait_find(frame, NAME, pyatspi.ROLE_LABEL)
        tap.ok("the right INSZ is accepted and the patient shown")

        # A trajectory in the adult network, started ten months ago.
        activate(wait_find(frame, "Add Trajectory", pyatspi.ROLE_PUSH_BUTTON))
        trajectory = lambda: find_window(proc.pid, "New Trajectory")
        set_text(wait_find(trajectory, "Start", pyatspi.ROLE_TEXT), dmy(today - datetime.timedelta(days=300)))
        activate(wait_find(trajectory, "Add", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        wait_find(frame, "Log Session", pyatspi.ROLE_PUSH_BUTTON)
        shot("04-trajectory")
        tap.ok("a trajectory is added")

        # Eight support sessions, the adult limit in 12 months.
        for i in range(8):
            day = today - datetime.timedelta(days=25 * (8 - i))
            dialog = log_session(proc.pid, frame, day, NOTE if i == 0 else None)
            if i == 7:
                shot("05-eighth-session")
            activate(wait_find(dialog, "Save", pyatspi.ROLE_PUSH_BUTTON))
            wait_closed(proc.pid, 1)
        tap.ok("eight support sessions are logged")

        # The ninth: flagged before saving, saved only outside the convention.
        dialog = log_session(proc.pid, frame, today)
        wait_find(dialog, "9 of 8", pyatspi.ROLE_LABEL)
        shot("06-ninth-flagged")
        activate(wait_find(dialog, "Save", pyatspi.ROLE_PUSH_BUTTON))
        ask = find_window(proc.pid, "Save Outside the Convention?")
        shot("07-outside-the-convention")
        activate(wait_find(ask, "Save Outside the Convention", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tap.ok("the ninth session is flagged over the limit and saved outside the convention")

        # One more, planned for tonight, then a no-show in one click.
        dialog = log_session(proc.pid, frame, today)
        set_text(wait_find(dialog, "Time", pyatspi.ROLE_TEXT), "23:59")
        activate(wait_find(dialog, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        activate(wait_find(frame, "No-Show", pyatspi.ROLE_PUSH_BUTTON))
        wait_find(frame, "No-show", pyatspi.ROLE_LABEL)
        shot("08-no-show")
        tap.ok("a planned session is marked as a no-show in one click")

        # The agenda: a session planned a minute or so from now gets its
        # one-click buttons once it has begun, without a click; marked held
        # (over the limit, so only outside the convention), and the toast's
        # Undo plans it again.
        now = datetime.datetime.now()
        start = (now + datetime.timedelta(seconds=80)).replace(second=0, microsecond=0)
        if (start - now).total_seconds() < 20:
            start += datetime.timedelta(minutes=1)
        dialog = log_session(proc.pid, frame, start.date())
        set_text(wait_find(dialog, "Time", pyatspi.ROLE_TEXT), start.strftime("%H:%M"))
        activate(wait_find(dialog, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tab = wait_find(frame, "Agenda", pyatspi.ROLE_PAGE_TAB)
        activate(tab)
        wait_for(lambda: has_state(tab, pyatspi.STATE_SELECTED), "the Agenda tab to be selected")
        wait_find(frame, "%s %s" % (start.strftime("%H:%M"), NAME))
        mark = "Mark %s %s as held" % (start.strftime("%H:%M"), NAME)
        if find(frame, mark, pyatspi.ROLE_PUSH_BUTTON) is not None:
            raise ScenarioError("a session still to come can be marked held")
        shot("09-agenda-planned")
        activate(wait_find(frame, mark, pyatspi.ROLE_PUSH_BUTTON, timeout=150))
        ask = find_window(proc.pid, "Save Outside the Convention?")
        activate(wait_find(ask, "Save Outside the Convention", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        # The toast says it is done, and goes after a few seconds: its Undo
        # first, the rest after.
        undo = wait_find(frame, "Undo", pyatspi.ROLE_PUSH_BUTTON)
        shot("10-agenda-held")
        activate(undo)
        tap.ok("a planned session is marked held in one click from the agenda")
        wait_find(frame, mark, pyatspi.ROLE_PUSH_BUTTON)
        tap.ok("the toast's Undo plans it again")

        # The keyboard: Alt+Right to next week, Alt+Home back to today's.
        wait_find(frame, "Previous Week", pyatspi.ROLE_PUSH_BUTTON)
        press_key("alt+Right")
        wait_for(lambda: find(frame, mark, pyatspi.ROLE_PUSH_BUTTON) is None, "the next week")
        press_key("alt+Home")
        wait_find(frame, mark, pyatspi.ROLE_PUSH_BUTTON)
        tap.ok("Alt+Right and Alt+Home move between weeks")

        # Lock, unlock, find the patient again.
        activate(wait_find(frame, "Lock", pyatspi.ROLE_PUSH_BUTTON))
        page = wait_find(frame, "SessioUnlockPage", pyatspi.ROLE_FILLER)
        entry = wait_find(page, "Passphrase", pyatspi.ROLE_TEXT)
        wait_for(lambda: has_state(entry, pyatspi.STATE_SENSITIVE), "the vault to be closed")
        shot("11-locked")
        if find(frame, NAME, pyatspi.ROLE_LABEL) is not None:
            raise ScenarioError("the patient's name is still shown after locking")
        type_text(PASSPHRASE)
        press_key("Return")
        wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)
        press_key("ctrl+f")
        type_text("teste")
        press_key("Return")
        wait_find(frame, NAME, pyatspi.ROLE_LABEL)
        wait_find(frame, "No-show", pyatspi.ROLE_LABEL)
        shot("12-found-again")
        tap.ok("after lock and unlock the patient and sessions are found again")

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)

        # Nothing of the patient in plaintext in any file of the vault.
        vault = os.path.join(data_home, "sessio", "vault")
        needles = [NAME, insz, NOTE, "Testelinck"]
        forms = []
        for n in needles:
            forms += [n.encode("utf-8"), n.encode("utf-16-le"), n.encode("utf-16-be"),
                      n.encode("utf-8").hex().encode()]
        for root, _, files in os.walk(home):
            for f in files:
                with open(os.path.join(root, f), "rb") as fh:
                    blob = fh.read()
                for form in forms:
                    if form in blob:
                        raise ScenarioError("%s holds patient data in plaintext" % f)
        if not os.path.exists(os.path.join(vault, "vault.sessio")):
            raise ScenarioError("no vault was written")
        tap.ok("no file written holds the patient's name, INSZ or note in plaintext")
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
