#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, the clinical file read and corrected, against the real
sessio binary through AT-SPI, with a screenshot of every step:

  a vault with three invented patients in one adult network and a group
  session held a week ago (sessio-cli) → unlock → open a patient → log a
  session with a note → reopen it from the timeline: the note is there →
  correct its location and its note, record the co-payment received in
  cash → the timeline shows the new note, not the old one → reopen it: the
  history holds the old note → reopen the group session from the timeline
  and mark another participant a no-show, by keyboard as a keyboard user
  would → close the patient's file with a reason → a search finds it no
  more → quit; and the vault, read back with sessio-cli, holds every
  correction and every earlier version.

Combo rows are driven by keyboard (their mnemonic, the arrow keys and
Enter), and the group editor's participant rows are reached with Tab:
GTK 4.8 exports no AT-SPI action for list rows.

Usage: test_clinical_file.py SESSIO_BINARY SCREENSHOT_DIR
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, count_windows, find, find_app,
                          find_where, find_window, has_state, press_key, screenshot,
                          start_app, stop_app, text_of, type_text, wait_closed, wait_find,
                          wait_for)

PASSPHRASE = "violet harbour 47 lantern drift"
NAME = "Lotte Verhaegen"
OTHER = "Bram Dewulf"
NOTE = "Slaapproblemen besproken, slaapdagboek meegegeven"
NOTE_CORRECTED = "Slaapdagboek overlopen, ontspanningsoefening samen ingeoefend"
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def cli(env, vault, *args):
    p = subprocess.run([os.environ["SESSIO_CLI"], "--vault", vault,
                        "--passphrase-file", env["PASSFILE"], "--json"] + list(args),
                       capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise ScenarioError("sessio-cli %s failed: %s" % (" ".join(args), p.stderr.strip()))
    return json.loads(p.stdout) if p.stdout.strip() else None


def long_date(day):
    """As Sessio writes a date in English: "6 December 2026"."""
    return "%d %s %d" % (day.day, MONTHS[day.month - 1], day.year)


def set_text(acc, text):
    acc.queryEditableText().setTextContents(text)


def focused(root):
    return find_where(root, lambda a: a.getState().contains(pyatspi.STATE_FOCUSED))


def tab_to(window, name, presses=40):
    """Moves the keyboard focus with Tab until the widget called @name has
    it, as a keyboard user does."""
    for _ in range(presses):
        acc = focused(window())
        if acc is not None and acc.name == name:
            return acc
        press_key("Tab")
    raise ScenarioError("Tab never reached %r" % name)


def choose(window, mnemonic, combo, downs, expected):
    """Opens a combo row with its mnemonic (or Enter when it has the
    focus), moves @downs items down and takes it; the row then shows
    @expected."""
    press_key(mnemonic)
    for _ in range(downs):
        press_key("Down")
    press_key("Return")
    wait_for(lambda: find(wait_find(window, combo, pyatspi.ROLE_COMBO_BOX), expected, pyatspi.ROLE_LABEL),
             "%s to show %r" % (combo, expected))


def other_window(pid, known=("Sessio",)):
    """The one top-level window that is not the main window."""
    from sessio_atspi import _windows
    for w in _windows(pid):
        try:
            if w.name not in known:
                return w
        except Exception:
            continue
    return None


def unlock(frame):
    page = wait_find(frame, "SessioUnlockPage", pyatspi.ROLE_FILLER)
    entry = wait_find(page, "Passphrase", pyatspi.ROLE_TEXT)
    wait_for(lambda: has_state(entry, pyatspi.STATE_SENSITIVE), "the vault to be closed")
    set_text(entry, PASSPHRASE)
    button = wait_find(page, "Unlock", pyatspi.ROLE_PUSH_BUTTON)
    wait_for(lambda: has_state(button, pyatspi.STATE_SENSITIVE), "Unlock to be possible")
    activate(button)
    wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)


def open_session(frame, when):
    """The timeline's own button for the session of @when."""
    name = "Open the session of " + when
    activate(wait_for(lambda: find_where(frame, lambda a: a.name.startswith(name)
                                         and a.getRole() == pyatspi.ROLE_PUSH_BUTTON),
                      "the button %r" % name))


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    data_home = os.path.join(home, "data")
    vault = os.path.join(data_home, "sessio", "vault")
    passfile = os.path.join(home, "pw")
    with open(passfile, "w") as f:
        f.write(PASSPHRASE + "\n")
    env = {
        "XDG_DATA_HOME": data_home,
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "HOME": home,
    }
    cli_env = dict(os.environ, **env, PASSFILE=passfile, SESSIO_TEST_KDF_FLOOR="1")
    shot = lambda name: screenshot(os.path.join(outdir, "clinical-file-" + name + ".png"))
    today = datetime.date.today()
    week_ago = today - datetime.timedelta(days=7)
    start = (today - datetime.timedelta(days=60)).isoformat()

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = None
    try:
        # The practice, three patients with a trajectory each, and a group
        # session they all attended a week ago.
        os.makedirs(os.path.dirname(vault))
        cli(cli_env, vault, "vault", "init")
        cli(cli_env, vault, "provider", "set", "--name", "Sam Voorbeeld", "--riziv", "1-23456-78-958")
        network = cli(cli_env, vault, "engagement", "add", "--network-name", "Netwerk Volwassenen Testregio",
                      "--network", "adult", "--model", "independent")["id"]
        patients = {}
        trajectories = []
        for name, birth in ((NAME, "1988-04-12"), (OTHER, "1979-11-03"), ("Ines Claeys", "1992-07-25")):
            patients[name] = cli(cli_env, vault, "patient", "add", "--name", name, "--birth", birth)["id"]
            trajectories.append(cli(cli_env, vault, "trajectory", "add", "--patient", str(patients[name]),
                                    "--engagement", str(network), "--start", start, "--bilan", start)["id"])
        group = cli(cli_env, vault, "group", "add", "--engagement", str(network),
                    "--date", week_ago.isoformat() + "T14:00", "--care", "support",
                    "--trajectories", ",".join(str(t) for t in trajectories))["id"]
        tap.ok("a vault with three invented patients and a group session a week ago")

        proc = start_app(binary, env_extra=env)
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")
        unlock(frame)
        press_key("ctrl+f")
        type_text(NAME.split()[0])
        press_key("Return")
        wait_find(frame, NAME, pyatspi.ROLE_LABEL)

        # A session with a note, logged as every day.
        activate(wait_find(frame, "Log Session", pyatspi.ROLE_PUSH_BUTTON))
        editor = lambda: find_window(proc.pid, "Log Session")
        set_text(wait_find(editor, "Note", pyatspi.ROLE_TEXT), NOTE)
        shot("01-log-session")
        activate(wait_find(editor, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        wait_find(frame, NOTE, pyatspi.ROLE_LABEL)
        shot("02-logged")
        tap.ok("a session is logged with a note, and the timeline shows the note")

        # Reopened from the timeline: every field and the note.
        open_session(frame, long_date(today))
        editor = lambda: find_window(proc.pid, "Session")
        note = wait_find(editor, "Note", pyatspi.ROLE_TEXT)
        wait_for(lambda: text_of(note) == NOTE, "the note in the reopened session")
        wait_find(editor, "Location", pyatspi.ROLE_COMBO_BOX)
        shot("03-reopened")
        tap.ok("the session reopens in its editor with its note")

        # Corrected: at the patient's home, a new note, the co-payment
        # received in cash.
        choose(editor, "alt+l", "Location", 4, "At home")
        set_text(note, NOTE_CORRECTED)
        choose(editor, "alt+p", "Co-payment", 1, "Received in cash")
        wait_find(editor, "Received On", pyatspi.ROLE_TEXT)
        shot("04-corrected")
        activate(wait_find(editor, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        wait_find(frame, NOTE_CORRECTED, pyatspi.ROLE_LABEL)
        if find(frame, NOTE, pyatspi.ROLE_LABEL) is not None:
            raise ScenarioError("the timeline still shows the note as it was before the correction")
        shot("05-timeline-corrected")
        tap.ok("the correction is saved: the timeline shows the new note only")

        # The earlier note is kept in the session's history.
        open_session(frame, long_date(today))
        wait_find(editor, "Location", pyatspi.ROLE_COMBO_BOX)
        wait_find(editor, "At home", pyatspi.ROLE_LABEL)
        activate(wait_find(editor, "History", pyatspi.ROLE_PUSH_BUTTON))
        history = lambda: find_window(proc.pid, "History")
        wait_for(lambda: find_where(history(), lambda a: NOTE in a.name), "the earlier note in the history")
        shot("06-history")
        tap.ok("the history holds the note as it was first written")
        press_key("Escape")
        wait_closed(proc.pid, 2)
        activate(wait_find(editor, "Cancel", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)

        # The group session, reopened: another participant did not come.
        open_session(frame, long_date(week_ago) + ", 14:00")
        group_editor = lambda: find_window(proc.pid, "Group Session")
        wait_find(group_editor, OTHER, pyatspi.ROLE_LABEL)
        tab_to(group_editor, OTHER)
        press_key("Return")
        press_key("Tab")
        wait_for(lambda: (focused(group_editor()) or frame).name == "Attendance", "the attendance row")
        choose(group_editor, "Return", "Attendance", 1, "No-show")
        shot("07-group-no-show")
        activate(wait_find(group_editor, "Save", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        tap.ok("the group session reopens and a participant is marked a no-show")

        # The file closed with a reason, and found no more.
        # A menu button is exported as a button holding its own toggle
        # button: the inner one opens the menu.
        menu = wait_find(frame, "Patient menu", pyatspi.ROLE_PUSH_BUTTON)
        activate(wait_find(menu.getChildAtIndex(0), "Patient menu", pyatspi.ROLE_PUSH_BUTTON))
        activate(wait_find(frame, "Close File…"))
        ask = lambda: find_window(proc.pid, "Close the File?")
        set_text(wait_find(ask, "Reason", pyatspi.ROLE_TEXT), "Begeleiding afgerond")
        shot("08-close-file")
        activate(wait_find(ask, "Close File", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        press_key("ctrl+f")
        press_key("ctrl+a")
        type_text(NAME.split()[0])
        wait_find(frame, "No Matching Patients", pyatspi.ROLE_LABEL)
        shot("09-closed-file-hidden")
        tap.ok("a closed file is no longer found")

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)
        proc = None

        # What the vault holds now.
        sessions = cli(cli_env, vault, "session", "list", "--patient", str(patients[NAME]))
        rows = sessions["sessions"] if isinstance(sessions, dict) else sessions
        mine = [s for s in rows if s.get("setting") != "group"]
        if len(mine) != 1:
            raise ScenarioError("expected one individual session, found %r" % rows)
        shown = cli(cli_env, vault, "session", "show", str(mine[0]["id"]))
        if (shown.get("location") != "home" or shown.get("notes") != NOTE_CORRECTED
                or shown.get("copay") != "cash" or not shown.get("copay_date")):
            raise ScenarioError("the corrected session reads %r" % shown)
        history = cli(cli_env, vault, "session", "history", str(mine[0]["id"]))
        if not any(h.get("old_value") == NOTE for h in history):
            raise ScenarioError("the history lacks the first note: %r" % history)
        attendance = {p["name"]: p["status"] for p in cli(cli_env, vault, "group", "show", str(group))["participants"]}
        if attendance != {NAME: "held", OTHER: "no-show", "Ines Claeys": "held"}:
            raise ScenarioError("the group's attendance reads %r" % attendance)
        listed = cli(cli_env, vault, "patient", "list")
        listed = listed["patients"] if isinstance(listed, dict) else listed
        if any(p["name"] == NAME for p in listed):
            raise ScenarioError("the closed file is still listed")
        tap.ok("the vault holds the corrections, the first note in the history, the no-show and the closure")
    except ScenarioError as e:
        tap.not_ok(str(e))
        shot("failure")
    finally:
        if proc is not None:
            stop_app(proc)
        shutil.rmtree(home, ignore_errors=True)

    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
