#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, the monthly invoice, against the real sessio binary through
AT-SPI on the demo vault, with a screenshot of every step:

  sessio --demo → the Invoices section shows last month's sessions not yet
  invoiced → draft the invoice → issue it (after the confirmation) → export
  it: the personal data that will leave the computer are listed first, then
  a folder is chosen in the file chooser → the PDF, CSV and JSON are there,
  the PDF read back with pdftotext carries the invoice number → mark it
  paid → the month has nothing left to invoice → quit.

Usage: test_invoice.py SESSIO_BINARY SCREENSHOT_DIR
"""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import pyatspi

from sessio_atspi import (ScenarioError, Tap, activate, find_app, find_where, find_window,
                          has_state, press_key, screenshot, start_app, stop_app,
                          type_text, wait_closed, wait_find, wait_for)


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="sessio-e2e-")
    export_dir = os.path.join(home, "export")
    os.makedirs(export_dir)
    env = {
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "HOME": home,
    }
    shot = lambda name: screenshot(os.path.join(outdir, "invoice-" + name + ".png"))
    number = "%d-0001" % datetime.date.today().year

    print("TAP version 13", flush=True)
    tap = Tap()
    proc = start_app(binary, args=["--demo"], env_extra=env)
    try:
        find_app(proc.pid)
        frame = find_window(proc.pid, "Sessio")

        tab = wait_find(frame, "Invoices", pyatspi.ROLE_PAGE_TAB)
        activate(tab)
        wait_for(lambda: has_state(tab, pyatspi.STATE_SELECTED), "the Invoices tab to be selected")
        draft = wait_find(frame, "Draft Invoice", pyatspi.ROLE_PUSH_BUTTON)
        wait_for(lambda: has_state(draft, pyatspi.STATE_SENSITIVE), "sessions to invoice")
        wait_find(frame, "Sessions not yet invoiced", pyatspi.ROLE_LIST)
        shot("01-not-yet-invoiced")
        tap.ok("the demo's sessions of last month are shown as not yet invoiced")

        activate(draft)
        invoice = find_window(proc.pid, "Draft invoice")
        wait_find(invoice, "Total claimed", pyatspi.ROLE_LABEL)
        shot("02-draft")
        tap.ok("a draft invoice is made from them")

        activate(wait_find(invoice, "Issue Invoice…", pyatspi.ROLE_PUSH_BUTTON))
        ask = find_window(proc.pid, "Issue the Invoice?")
        activate(wait_find(ask, "Issue", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 2)
        invoice = find_window(proc.pid, "Invoice " + number)
        shot("03-issued")
        tap.ok("issued after the confirmation, as invoice " + number)

        activate(wait_find(invoice, "Export…", pyatspi.ROLE_PUSH_BUTTON))
        ask = find_window(proc.pid, "Export the Invoice?")
        wait_for(lambda: find_where(ask, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                    and "personal data" in (a.name or "")),
                 "the list of personal data")
        shot("04-personal-data")
        activate(wait_find(ask, "Choose Folder…", pyatspi.ROLE_PUSH_BUTTON))
        # The question goes and the file chooser comes: three windows.
        wait_closed(proc.pid, 3)
        tap.ok("the personal data that will leave the computer are listed before exporting")

        find_window(proc.pid, "Export the Invoice To")
        press_key("ctrl+l")
        type_text(export_dir + "/")
        shot("05-folder")
        # Enter accepts the folder typed (GTK 4.8 names the chooser's own
        # buttons with their mnemonic marks, so they are not looked up).
        press_key("Return")
        wait_closed(proc.pid, 2)
        stem = os.path.join(export_dir, "Invoice " + number)
        wait_for(lambda: all(os.path.exists(stem + ext) for ext in (".pdf", ".csv", ".json")),
                 "the PDF, CSV and JSON files")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", stem + ".pdf", "-"],
                              check=True, capture_output=True, text=True).stdout
        if number not in text:
            raise ScenarioError("the PDF does not carry the invoice number")
        for ext in (".pdf", ".csv", ".json"):
            if os.stat(stem + ext).st_mode & 0o777 != 0o600:
                raise ScenarioError("%s is readable by others" % (stem + ext))
        tap.ok("exported as PDF, CSV and JSON, private, the PDF carrying the number")

        activate(wait_find(invoice, "Mark as Paid…", pyatspi.ROLE_PUSH_BUTTON))
        ask = find_window(proc.pid, "Mark as Paid?")
        wait_find(ask, "Payment Date", pyatspi.ROLE_TEXT)
        shot("06-payment-date")
        activate(wait_find(ask, "Mark as Paid", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 2)
        wait_find(invoice, "paid", pyatspi.ROLE_LABEL)
        wait_find(invoice, "Credit…", pyatspi.ROLE_PUSH_BUTTON)
        shot("07-paid")
        tap.ok("marked paid on the day asked for; a paid invoice can still be credited")

        activate(wait_find(invoice, "Close", pyatspi.ROLE_PUSH_BUTTON))
        wait_closed(proc.pid, 1)
        wait_find(frame, "Every held session of this month is invoiced", pyatspi.ROLE_LABEL)
        shot("08-all-invoiced")
        tap.ok("the month has nothing left to invoice")

        press_key("ctrl+q")
        code = wait_for(lambda: proc.poll() is not None and (proc.returncode,), "sessio to quit")[0]
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
