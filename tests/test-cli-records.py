#!/usr/bin/env python3
# test-cli-records.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli session show|edit|history, trajectory show|edit, group
# show|attendance, patient close|reopen|timeline and the retention rules
# of patient erase, end to end against a real vault: outputs,
# --json documents, exit codes (0 ok, 1 failed or refused, 2 bad usage or
# invalid input) and one-line errors naming the option at fault.
# Speaks TAP.  Usage: test-cli-records.py SESSIO_CLI
#
# Synthetic data only.

import json
import os
import subprocess
import sys
import tempfile

from cli_tap import check, finish, insz

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-records-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("LANGUAGE", None)
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("violet harbour 47 lantern drift\n")
vault = os.path.join(work, "vault")


def run(*args, json_output=False, stdin=None, today=None):
    cmd = [cli, "--vault", vault, "--passphrase-file", passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    env = dict(os.environ)
    if today is not None:
        env["SESSIO_TEST_TODAY"] = today
    p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def expect(code, what, *args, json_output=False, stdin=None, today=None):
    rc, out, err = run(*args, json_output=json_output, stdin=stdin, today=today)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out, err


def expect_json(what, *args, today=None):
    out, _ = expect(0, what, *args, json_output=True, today=today)
    try:
        return json.loads(out)
    except ValueError:
        check(what + ": prints JSON", False, out)
        return {}


def new_id(what, *args):
    return str(expect_json(what, *args).get("id", 0))


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


expect(0, "vault init", "vault", "init")
expect(0, "provider set", "provider", "set", "--name", "Psycholoog Test", "--riziv", "1-23456-78-901")
adult = new_id("engagement add", "engagement", "add", "--network-name", "Netwerk Volwassenen",
               "--network", "adult", "--model", "independent")
patient = new_id("patient add", "patient", "add", "--name", "Correctie Testpersoon", "--birth", "1980-02-03",
                 "--insz", insz(1980, 2, 3, 117))
trajectory = new_id("trajectory add", "trajectory", "add", "--patient", patient, "--engagement", adult,
                    "--start", "2025-01-06", "--bilan", "2025-01-20")
session = new_id("session add", "session", "add", "--trajectory", trajectory, "--date", "2025-01-08T10:00",
                 "--care", "support", "--setting", "individual", "--note", "Eerste notitie")

# --- session show, edit, history -------------------------------------------
doc = expect_json("session show --json", "session", "show", session)
check("session show: the note is shown", doc.get("notes") == "Eerste notitie", doc)
check("session show: every field", doc.get("location") == "practice" and doc.get("copay") == "not-yet"
      and doc.get("copay_date") is None and doc.get("invoice_number") is None, doc)
out, _ = expect(0, "session show", "session", "show", session)
check("session show (text) prints the note", "Eerste notitie" in out and "support" in out, out)

note = write("note.txt", "Tweede versie van de notitie.\nMet twee regels.\n")
expect(0, "session edit: location, time, note, co-payment", "session", "edit", session, "--location", "video",
       "--time", "11:30", "--note-file", note, "--copay-received", "transfer", "--copay-date", "2025-01-15")
doc = expect_json("session show after the edit", "session", "show", session)
check("the edit is saved", doc.get("location") == "video" and doc.get("starts_at") == "2025-01-08T11:30"
      and doc.get("copay") == "transfer" and doc.get("copay_date") == "2025-01-15"
      and doc.get("notes", "").startswith("Tweede versie"), doc)
history = expect_json("session history --json", "session", "history", session)
fields = {h["field"]: h["old_value"] for h in history} if isinstance(history, list) else {}
check("the history keeps the earlier note and fields",
      fields.get("notes") == "Eerste notitie" and fields.get("location") == "practice"
      and fields.get("starts_at") == "2025-01-08T10:00" and fields.get("copay") == "not-yet", history)
out, _ = expect(0, "session history (text)", "session", "history", session)
check("session history (text) shows the earlier note", "Eerste notitie" in out, out)

big = write("big.txt", ("Een lange notitie met veel woorden. " * 30 + "\n") * 3000)
expect(0, "a note of several megabytes is accepted", "session", "edit", session, "--note-file", big)
expect(0, "a note from standard input", "session", "edit", session, "--note-file", "-", stdin="Korte notitie\n")
doc = expect_json("session show after the note from stdin", "session", "show", session)
check("the note from standard input is saved", doc.get("notes") == "Korte notitie\n", doc)

out, err = expect(2, "a held session in the future is refused", "session", "edit", session, "--date", "2099-01-08")
check("the refusal names --status or --date", err.count("--status") == 1, err)
rc, _, err = run("session", "edit", session, "--care", "treatment")
check("treatment before the assessment is refused (exit 1)", rc == 1, err)
check("the refusal names --care", "--care:" in err and "functional assessment" in err, err)
expect(2, "a co-payment date on one not received is refused", "session", "edit", session,
       "--copay-received", "not-yet", "--copay-date", "2025-01-15")
expect(2, "--time must be HH:MM", "session", "edit", session, "--time", "25")
expect(2, "a bad status", "session", "edit", session, "--status", "maybe")
expect(2, "an unknown session", "session", "edit", "999", "--location", "home")
expect(2, "session show needs an id", "session", "show")
doc = expect_json("nothing half saved after refusals", "session", "show", session)
check("a refused edit changes nothing", doc.get("care") == "support" and doc.get("starts_at") == "2025-01-08T11:30"
      and doc.get("copay") == "transfer", doc)

# An invoiced session: the invoice keeps its line, the CLI says how to settle.
billed = new_id("session add (to invoice)", "session", "add", "--trajectory", trajectory, "--date",
                "2025-02-10T09:00", "--care", "support", "--setting", "individual")
draft = new_id("invoice draft", "invoice", "draft", "--engagement", adult, "--month", "2025-02")
expect(0, "invoice issue", "invoice", "issue", draft, "--date", "2025-03-01")
before = expect_json("invoice show before", "invoice", "show", draft)
doc = expect_json("session show names the invoice", "session", "show", billed)
check("session show names the issued invoice", doc.get("invoice_number") is not None, doc)
rc, out, err = run("session", "edit", billed, "--location", "home")
check("correcting a billed field of an invoiced session works", rc == 0, err)
check("… with a warning naming a credit note", "credit note" in err and doc.get("invoice_number", "-") in err, err)
rc, out, err = run("session", "edit", billed, "--note-file", note)
check("a note on an invoiced session: no warning", rc == 0 and err.strip() == "", err)
after = expect_json("invoice show after", "invoice", "show", draft)
check("the issued invoice keeps its line unchanged", before == after, after)

# --- trajectory show, edit -------------------------------------------------
doc = expect_json("trajectory show --json", "trajectory", "show", trajectory)
check("trajectory show: the assessment date", doc.get("bilan_date") == "2025-01-20"
      and doc.get("bilan_summary") is None, doc)
summary = write("bilan.txt", "Samenvatting van het functioneel bilan.\n")
goals = write("goals.txt", "Doelen van de behandeling.\n")
expect(0, "trajectory edit: the assessment's summary and goals", "trajectory", "edit", trajectory,
       "--bilan-file", summary, "--goals-file", goals)
summary2 = write("bilan2.txt", "Bijgewerkte samenvatting.\n")
expect(0, "trajectory edit: a new summary, the end and the outcome", "trajectory", "edit", trajectory,
       "--bilan-file", summary2, "--end", "2025-06-30", "--outcome", "referred", "--referred-to", "CGG Test")
doc = expect_json("trajectory show after the edits", "trajectory", "show", trajectory)
check("the trajectory is corrected", doc.get("bilan_summary") == "Bijgewerkte samenvatting.\n"
      and doc.get("goals") == "Doelen van de behandeling.\n" and doc.get("outcome") == "referred"
      and doc.get("referred_to") == "CGG Test" and doc.get("end_date") == "2025-06-30", doc)
out, _ = expect(0, "trajectory show (text)", "trajectory", "show", trajectory)
check("trajectory show (text) prints the summaries", "Bijgewerkte samenvatting." in out
      and "Doelen van de behandeling." in out, out)
history = expect_json("trajectory history --json", "trajectory", "history", trajectory)
fields = {h["field"]: h["old_value"] for h in history} if isinstance(history, list) else {}
check("the earlier summary is kept", fields.get("bilan_summary") == "Samenvatting van het functioneel bilan.\n"
      and "end_date" in fields and fields["end_date"] is None, history)
_, err = expect(2, "an end before the start is refused", "trajectory", "edit", trajectory, "--end", "2024-12-31")
check("the refusal names --end", err.count("--end:") == 1, err)
_, err = expect(2, "an end before sessions already logged", "trajectory", "edit", trajectory, "--end", "2025-01-31")
check("… names --end", "--end:" in err, err)
_, err = expect(2, "a bad outcome", "trajectory", "edit", trajectory, "--outcome", "finished")
check("… names --outcome", "--outcome:" in err, err)
other = new_id("a trajectory for treatment", "trajectory", "add", "--patient", patient, "--engagement", adult,
               "--start", "2025-03-03", "--bilan", "2025-03-03")
new_id("a treatment session held", "session", "add", "--trajectory", other, "--date", "2025-03-10",
       "--care", "treatment", "--setting", "individual")
_, err = expect(1, "an assessment moved after held treatment is refused", "trajectory", "edit", other,
                "--bilan", "2025-03-20")
check("… names --bilan", "--bilan:" in err, err)
expect(2, "trajectory show of an unknown trajectory", "trajectory", "show", "999")

# --- groups and timeline ----------------------------------------------------
pupil = new_id("patient add (group)", "patient", "add", "--name", "Groepslid Testpersoon", "--birth", "1983-03-03")
pupil_t = new_id("trajectory add (group)", "trajectory", "add", "--patient", pupil, "--engagement", adult,
                 "--start", "2025-01-06")
group = new_id("group add", "group", "add", "--engagement", adult, "--date", "2025-04-07T14:00", "--care", "support",
               "--trajectories", trajectory + "," + pupil_t)
doc = expect_json("group show --json", "group", "show", group)
names = {p["name"]: p["status"] for p in doc.get("participants", [])}
check("group show lists each participant with their attendance",
      names == {"Correctie Testpersoon": "held", "Groepslid Testpersoon": "held"}, doc)
expect(0, "group attendance: excused", "group", "attendance", group, "--patient", pupil, "--status", "excused")
expect(0, "group attendance: the co-payment", "group", "attendance", group, "--patient", patient,
       "--copay-received", "cash", "--copay-date", "2025-04-07")
doc = expect_json("group show after attendance", "group", "show", group)
rows = {p["name"]: p for p in doc.get("participants", [])}
check("the attendance and co-payment are saved",
      rows.get("Groepslid Testpersoon", {}).get("status") == "excused"
      and rows.get("Correctie Testpersoon", {}).get("copay") == "cash"
      and rows.get("Correctie Testpersoon", {}).get("copay_date") == "2025-04-07", doc)
out, _ = expect(0, "group show (text)", "group", "show", group)
check("group show (text) lists the participants", "Groepslid Testpersoon\texcused" in out, out)
_, err = expect(2, "a bad attendance", "group", "attendance", group, "--patient", pupil, "--status", "late")
check("… names --status", "--status:" in err, err)
expect(2, "a patient not in the group", "group", "attendance", group, "--patient", "999", "--status", "held")
expect(2, "group attendance needs --patient", "group", "attendance", group, "--status", "held")
expect(2, "group show of an individual session", "group", "show", session)
history = expect_json("the group session's history", "session", "history", group)
check("the participant's earlier attendance is kept",
      any(h["field"] == "participant_status:" + pupil_t and h["old_value"] == "held" for h in history), history)

doc = expect_json("patient timeline --json", "patient", "timeline", patient)
kinds = [e["kind"] for e in doc]
check("the timeline holds sessions, the assessment and corrections",
      "session" in kinds and "assessment" in kinds and "trajectory-start" in kinds and "correction" in kinds, doc)
check("the timeline is in date order", [e["when"] for e in doc] == sorted(e["when"] for e in doc), doc)
check("a group session is on the timeline",
      any(e["kind"] == "session" and str(e["entity_id"]) == group for e in doc), doc)
out, _ = expect(0, "patient timeline (text)", "patient", "timeline", patient)
check("the text timeline shows the trajectory's end", "Trajectory ended: referred to CGG Test" in out, out)
expect(2, "the timeline of an unknown patient", "patient", "timeline", "999")

# --- retention: close, reopen, erase, the list past 30 years -------------
kept = new_id("patient add (retention)", "patient", "add", "--name", "Bewaard Testpersoon", "--birth", "1975-05-05")
kept_t = new_id("trajectory add (retention)", "trajectory", "add", "--patient", kept, "--engagement", adult,
                "--start", "2025-01-06")
kept_s = new_id("a held session", "session", "add", "--trajectory", kept_t, "--date", "2025-03-10",
                "--care", "support", "--setting", "individual")
_, err = expect(1, "patient erase within 30 years exits 1", "patient", "erase", kept)
check("… says why and from when", "30 years" in err and "10 March 2055" in err, err)
expect(2, "patient close needs --reason", "patient", "close", kept)
_, err = expect(2, "an empty reason", "patient", "close", kept, "--reason", " ")
check("… names --reason", "--reason:" in err, err)
expect(0, "patient close", "patient", "close", kept, "--reason", "Begeleiding afgerond")
doc = expect_json("patient list after closing", "patient", "list")
check("a closed file is not listed", kept not in [str(p["id"]) for p in doc], doc)
out, _ = expect(0, "patient list --search after closing", "patient", "list", "--search", "Bewaard")
check("… nor found", out.strip() == "", out)
_, err = expect(1, "a closed file is read only", "session", "edit", kept_s, "--note-file", note)
check("… says so", "closed" in err, err)
expect(1, "no new session in a closed file", "session", "add", "--trajectory", kept_t, "--date", "2025-04-01",
       "--care", "support", "--setting", "individual")
out, _ = expect(0, "a closed file can still be read", "patient", "show", kept)
check("patient show says the file is closed", "closed" in out, out)
expect(1, "closing twice", "patient", "close", kept, "--reason", "Nog eens")
expect(0, "patient reopen", "patient", "reopen", kept, "--reason", "Nieuwe aanmelding")
doc = expect_json("patient list after reopening", "patient", "list")
check("a reopened file is listed again", kept in [str(p["id"]) for p in doc], doc)

doc = expect_json("patient list --retention-expired today", "patient", "list", "--retention-expired")
check("nothing is past 30 years today", doc == [], doc)
doc = expect_json("patient list --retention-expired in 2055", "patient", "list", "--retention-expired",
                  today="2055-03-10")
row = [p for p in doc if str(p["id"]) == kept]
check("past 30 years: listed, erasure not yet proposed", len(row) == 1 and row[0]["erasable_from"] == "2055-03-10"
      and row[0]["erasure_proposed"] is False and row[0]["last_contact"] == "2025-03-10", doc)
doc = expect_json("patient list --retention-expired in 2075", "patient", "list", "--retention-expired",
                  today="2075-03-10")
row = [p for p in doc if str(p["id"]) == kept]
check("past 50 years: erasure proposed", len(row) == 1 and row[0]["erasure_proposed"] is True, doc)
out, _ = expect(0, "patient list --retention-expired (text)", "patient", "list", "--retention-expired",
                today="2075-03-10")
check("the text names the proposal", "Bewaard Testpersoon" in out and "50 years" in out, out)
expect(0, "patient erase past 30 years", "patient", "erase", kept, today="2055-03-10")
mistake = new_id("patient add (by mistake)", "patient", "add", "--name", "Vergissing Testpersoon", "--birth",
                 "1990-09-09")
expect(0, "a file without a held session is erased at once", "patient", "erase", mistake)

sys.exit(finish())
