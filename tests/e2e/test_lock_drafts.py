#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, a psychologist called away in the middle of a note,
against the real sessio binary through AT-SPI, with a screenshot of every
step:

  a vault with a few invented patients (sessio-cli) → auto-lock after one
  minute → unlock → find a patient → Log Session, type a note → nobody
  touches the computer: the idle lock comes, and the screen shows the lock
  page only (the editor is gone) → unlock → the editor is back with the
  note, and says so → save it → quit; and no file of the vault holds the
  note's words in plaintext.

Usage: test_lock_drafts.py SESSIO_BINARY SCREENSHOT_DIR
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, count_windows, find, find_app,
                          find_window, has_state, press_key, screenshot, start_app, stop_app,
                          text_of, type_text, wait_closed, wait_find, wait_for)

PASSPHRASE = "violet harbour 47 lantern drift"
NOTE = "Piekeren over examens besproken, ademhalingsoefening meegegeven"
NOTE_WORDS = ["Piekeren", "examens", "ademhalingsoefening"]


def cli(env, vault, *args):
    p = subprocess.run([os.environ["SESSIO_CLI"], "--vault", vault,
                        "--passphrase-file", env["PASSFILE"]] + list(args),
                       capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise ScenarioError("sessio-cli %s failed: %s" % (" ".join(args), p.stderr.strip()))
    return p.stdout


def set_text(acc, text):
    acc.queryEditableText().setTextContents(text)


def unlock(frame):
    page = wait_find(frame, "SessioUnlockPage", pyatspi.ROLE_FILLER)
    entry = wait_find(page, "Passphrase", pyatspi.ROLE_TEXT)
    wait_for(lambda: has_state(entry, pyatspi.STATE_SENSITIVE), "the vault to be closed")
    set_text(entry, PASSPHRASE)
    button = wait_find(page, "Unlock", pyatspi.ROLE_PUSH_BUTTON)
    wait_for(lambda: has_state(button, pyatspi.STATE_SENSITIVE), "Unlock to be possible")
    activate(button)
    wait_find(frame, "Patients", pyatspi.ROLE_PAGE_TAB)


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    data_home = os.path.join(home, "data")
    config_home = os.path.join(home, "config")
    vault = os.path.join(data_home, "sessio", "vault")
    passfile = os.path.join(home, "pw")
    with open(passfile, "w") as f:
        f.write(PASSPHRASE + "\n")
    # The auto-lock after one minute, as a user would set it in Preferences.
    keyfile_dir = os.path.join(config_home, "glib-2.0", "settings")
    os.makedirs(keyfile_dir)
    with open(os.path.join(keyfile_dir, "keyfile"), "w") as f:
        f.write("[be/sessio/Sessio]\nauto-lock-minutes=1\n")
    env = {
        "XDG_DATA_HOME": data_home,
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": config_home,
        "GSETTINGS_BACKEND": "keyfile",
        "HOME": home,
    }
    cli_env = dict(os.environ, **env, PASSFILE=passfile, SESSIO_TEST_KDF_FLOOR="1")
    shot = lambda name: screenshot(os.path.join(outdir, "lock-drafts-" + name + ".png"))

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = None
    try:
        os.makedirs(os.path.dirname(vault))
        cli(cli_env, vault, "vault", "init")
        cli(cli_env, vault, "dev", "generate", "--patients", "3", "--sessions", "4", "--seed", "11")
        patients = json.loads(cli(cli_env, vault, "--json", "patient", "list"))
        rows = patients["patients"] if isinstance(patients, dict) else patients
        name = rows[0]["name"]
        tap.ok("a vault with three invented patients")

        proc = start_app(binary, env_extra=env)
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")
        unlock(frame)
        press_key("ctrl+f")
        type_text(name.split()[0])
        press_key("Return")
        wait_find(frame, name, pyatspi.ROLE_LABEL)
        activate(wait_find(frame, "Log Session", pyatspi.ROLE_PUSH_BUTTON))
        dialog = find_window(proc.pid, "Log Session")
        set_text(wait_find(dialog, "Note", pyatspi.ROLE_TEXT), NOTE)
        shot("01-note-typed")
        tap.ok("a session editor is open with a note typed")

        # Nobody touches the computer.  The lock takes the editor away.
        # Counted, not read: GTK 4.8 crashes when asked about a window it
        # is destroying.
        wait_for(lambda: count_windows(proc.pid) == 1, "the idle lock to close the editor",
                 timeout=150)
        wait_find(frame, "SessioUnlockPage", pyatspi.ROLE_FILLER)
        if find(frame, name, pyatspi.ROLE_LABEL) is not None:
            raise ScenarioError("the patient's name is still shown after the idle lock")
        shot("02-locked")
        tap.ok("the idle lock hides the editor: only the lock page is on screen")

        unlock(frame)
        dialog = find_window(proc.pid, "Log Session")
        note = wait_find(dialog, "Note", pyatspi.ROLE_TEXT)
        wait_for(lambda: text_of(note) == NOTE, "the note to be back")
        wait_find(dialog, "Restored what you were typing when Sessio locked. Save it, or Cancel to discard it.",
                  pyatspi.ROLE_LABEL)
        shot("03-restored")
        tap.ok("after the unlock the editor is back with the note, and says so")

        activate(wait_find(dialog, "Save", pyatspi.ROLE_PUSH_BUTTON))
        # Saved, or first asked whether to keep it outside the convention
        # (the generated trajectory's limits): counted, then answered.
        n = wait_for(lambda: count_windows(proc.pid) in (1, 3) and count_windows(proc.pid),
                     "the session to be saved or a question asked")
        if n == 3:
            ask = find_window(proc.pid, "Save Outside the Convention?")
            activate(wait_find(ask, "Save Outside the Convention", pyatspi.ROLE_PUSH_BUTTON))
            wait_closed(proc.pid, 1)
        shot("04-saved")
        tap.ok("the restored session is saved")

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
        if code != 0:
            raise ScenarioError("sessio exited with status %d" % code)

        # The note is in the vault (read back through a full export, kept
        # outside the scanned folder), and nowhere in plaintext.
        export_dir = os.path.join(tempfile.mkdtemp(prefix="sessio-e2e-export-"), "export")
        try:
            cli(cli_env, vault, "export", "all", export_dir)
            with open(os.path.join(export_dir, "sessio-export.json"), encoding="utf-8") as fh:
                if NOTE not in fh.read():
                    raise ScenarioError("the saved session's note is not in the vault")
        finally:
            shutil.rmtree(os.path.dirname(export_dir), ignore_errors=True)
        forms = []
        for word in NOTE_WORDS:
            forms += [word.encode("utf-8"), word.encode("utf-16-le"), word.encode("utf-8").hex().encode()]
        for root, _, files in os.walk(home):
            for f in files:
                with open(os.path.join(root, f), "rb") as fh:
                    blob = fh.read()
                for form in forms:
                    if form in blob:
                        raise ScenarioError("%s holds the note in plaintext" % f)
        tap.ok("the note is in the patient file, and no file holds its words in plaintext")
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
