#!/usr/bin/env python3
# test-cli-patients.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli provider|engagement|patient|trajectory|session|group end to
# end against a real vault: outputs, --json documents, exit codes (0 ok,
# 1 failed or refused, 2 bad usage or invalid input) and one-line errors.
# Speaks TAP.  Usage: test-cli-patients.py SESSIO_CLI
#
# Synthetic data only: the INSZ numbers are computed here with valid
# check digits for invented people.

import json
import os
import subprocess
import sys
import tempfile

from cli_tap import check, finish, insz

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-patients-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("patients cli test\n")
vault = os.path.join(work, "vault")


def run(*args, json_output=False, today=None):
    cmd = [cli, "--vault", vault, "--passphrase-file", passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    env = dict(os.environ)
    if today is not None:
        env["SESSIO_TEST_TODAY"] = today
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout, p.stderr


def expect(code, what, *args, json_output=False):
    rc, out, err = run(*args, json_output=json_output)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out


def expect_id(what, *args):
    out = expect(0, what, *args, json_output=True)
    try:
        doc = json.loads(out)
        check(what + ": prints {\"id\": N}", list(doc.keys()) == ["id"] and doc["id"] > 0, out)
        return str(doc["id"])
    except ValueError:
        check(what + ": prints JSON", False, out)
        return "0"


expect(0, "vault init", "vault", "init")

# Provider and engagements.
expect(0, "provider set", "provider", "set", "--name", "Psycholoog Test", "--riziv", "1-23456-78-901",
       "--kbo", "0203.201.340", "--address", "Teststraat 1, 1000 Brussel")
expect(2, "provider set with a bad KBO", "provider", "set", "--name", "P", "--riziv", "12345678901",
       "--kbo", "0123456788")
expect(2, "provider set without --riziv", "provider", "set", "--name", "P")
adult = expect_id("engagement add (adult)", "engagement", "add", "--network-name", "Netwerk Volwassenen",
                  "--network", "adult", "--model", "independent")
youth = expect_id("engagement add (youth)", "engagement", "add", "--network-name", "Netwerk Jeugd",
                  "--network", "youth", "--model", "clb-salaried", "--invoice-to", "CLB Test", "--language", "fr")
expect(2, "engagement add with a bad network", "engagement", "add", "--network-name", "X",
       "--network", "elderly", "--model", "independent")
rc, out, _ = run("engagement", "add", "--network-name", "Netwerk Drie", "--network", "adult", "--model",
                 "organisation-salaried")
check("engagement add prints the id alone without --json", rc == 0 and out.strip() == "3", out)

# Patients.
number = insz(1985, 7, 31, 123)
wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
expect(2, "patient add with a bad INSZ", "patient", "add", "--name", "Testpersoon Een", "--birth", "1985-07-31",
       "--insz", wrong)
rc, _, err = run("patient", "add", "--name", "Testpersoon Een", "--birth", "1985-07-31", "--insz", wrong)
check("the INSZ message does not repeat the number", wrong not in err and "check digits" in err, err)
expect(2, "patient add with an INSZ of another birth date", "patient", "add", "--name", "Testpersoon Een",
       "--birth", "1985-07-30", "--insz", number)
expect(2, "patient add with an impossible birth date", "patient", "add", "--name", "X", "--birth", "1985-02-30")
expect(2, "patient add with an unknown problem category", "patient", "add", "--name", "X", "--birth", "1985-02-03",
       "--problem", "astrology")
expect(2, "patient add without --birth", "patient", "add", "--name", "X")
p1 = expect_id("patient add", "patient", "add", "--name", "Testpersoon Een", "--birth", "1985-07-31",
               "--insz", number, "--insurer", "116", "--bim", "--language", "nl", "--problem", "anxiety",
               "--problem", "sleep", "--vulnerable", "--note", "Synthetische notitie")
expect(2, "the same INSZ twice", "patient", "add", "--name", "Testpersoon Dubbel", "--birth", "1985-07-31",
       "--insz", number)
p2 = expect_id("patient add (pupil)", "patient", "add", "--name", "Leerling Élodie", "--birth", "2011-03-04",
               "--language", "fr", "--segment", "secondary", "--problem", "school-functioning")
p3 = expect_id("patient add (pupil 2)", "patient", "add", "--name", "Leerling Twee", "--birth", "2012-05-06")

out = expect(0, "patient list --json", "patient", "list", json_output=True)
patients = json.loads(out)
check("the list has three patients", len(patients) == 3, out)
out = expect(0, "patient list --search (accents and case)", "patient", "list", "--search", "ELODIE", json_output=True)
check("the search finds Élodie only", [p["name"] for p in json.loads(out)] == ["Leerling Élodie"], out)
out = expect(0, "patient list --search by INSZ with dots", "patient", "list", "--search", "85.07.31",
             json_output=True)
check("the INSZ search finds patient one", [str(p["id"]) for p in json.loads(out)] == [p1], out)
expect(2, "patient show of an unknown id", "patient", "show", "999")
expect(2, "patient show of a non-number", "patient", "show", "abc")

# Trajectories.
expect(2, "trajectory add with a bad date", "trajectory", "add", "--patient", p1, "--engagement", adult,
       "--start", "2025-13-01")
expect(2, "trajectory add: assessment before the start", "trajectory", "add", "--patient", p1,
       "--engagement", adult, "--start", "2025-01-06", "--bilan", "2025-01-01")
expect(2, "trajectory add for an unknown patient", "trajectory", "add", "--patient", "999", "--engagement", adult,
       "--start", "2025-01-06")
t1 = expect_id("trajectory add", "trajectory", "add", "--patient", p1, "--engagement", adult, "--start", "2025-01-06")
t2 = expect_id("trajectory add (pupil)", "trajectory", "add", "--patient", p2, "--engagement", youth,
               "--start", "2025-01-06", "--bilan", "2025-01-10")
t3 = expect_id("trajectory add (pupil 2)", "trajectory", "add", "--patient", p3, "--engagement", youth,
               "--start", "2025-01-06")

# Sessions: eight support sessions for the adult, the ninth over the limit.
for month in range(1, 9):
    expect_id("support session %d" % month, "session", "add", "--trajectory", t1, "--date",
              "2025-%02d-12T10:00" % month, "--care", "support", "--setting", "individual", "--location", "practice")
expect(1, "the ninth support session is refused", "session", "add", "--trajectory", t1, "--date",
       "2025-09-12T10:00", "--care", "support", "--setting", "individual")
rc, _, err = run("session", "add", "--trajectory", t1, "--date", "2025-09-12T10:00", "--care", "support",
                 "--setting", "individual")
check("the refusal says why and how", "limit of 8" in err and "outside the convention" in err, err)
ninth = expect_id("the ninth outside the convention", "session", "add", "--trajectory", t1, "--date",
                  "2025-09-12T10:00", "--care", "support", "--setting", "individual", "--outside-convention")
expect(2, "a held session in the future", "session", "add", "--trajectory", t1, "--date", "2099-01-01",
       "--care", "support", "--setting", "individual")
expect_id("a planned session in the future", "session", "add", "--trajectory", t1, "--date", "2099-01-01T09:00",
          "--care", "support", "--setting", "individual", "--status", "planned")
expect(1, "treatment without a functional assessment", "session", "add", "--trajectory", t1, "--date",
       "2025-03-01", "--care", "treatment", "--setting", "individual")
expect(2, "a care type of another rule set", "session", "add", "--trajectory", t1, "--date", "2025-03-01",
       "--care", "first-line", "--setting", "individual")
expect(2, "an unknown location", "session", "add", "--trajectory", t1, "--date", "2025-03-01",
       "--care", "support", "--setting", "individual", "--location", "moon")
expect(2, "session add without --care", "session", "add", "--trajectory", t1, "--date", "2025-03-01",
       "--setting", "individual")
expect_id("treatment for the pupil after the assessment", "session", "add", "--trajectory", t2, "--date",
          "2025-02-03T14:00", "--care", "treatment", "--setting", "individual", "--location", "school",
          "--context", "clb", "--note", "Synthetische sessienotitie")

out = expect(0, "session list --trajectory --json", "session", "list", "--trajectory", t1, json_output=True)
sessions = json.loads(out)
check("ten sessions, newest first", len(sessions) == 10 and sessions[0]["status"] == "planned", out)
by_id = {str(s["id"]): s for s in sessions}
check("the ninth is outside the convention and not billable",
      by_id[ninth]["outside_convention"] and not by_id[ninth]["billable"], out)
first = sessions[-1]
check("the first session is free, the second costs 4.00 (BIM)",
      first["copay_cents"] == 0 and sessions[-2]["copay_cents"] == 400 and sessions[-2]["count"] == 2, out)

# Group sessions.
expect(2, "group add without participants", "group", "add", "--engagement", youth, "--date", "2025-03-05",
       "--care", "support", "--trajectories", "")
expect(2, "group add across engagements", "group", "add", "--engagement", youth, "--date", "2025-03-05",
       "--care", "support", "--trajectories", "%s,%s" % (t2, t1))
group = expect_id("group add", "group", "add", "--engagement", youth, "--date", "2025-03-05T13:00",
                  "--care", "support", "--trajectories", "%s,%s" % (t2, t3), "--location", "school",
                  "--context", "clb", "--co-facilitator")
out = expect(0, "session list --patient (pupil 2)", "session", "list", "--patient", p3, json_output=True)
check("the group session is in the pupil's history, free for a pupil",
      [str(s["id"]) for s in json.loads(out)] == [group] and json.loads(out)[0]["copay_cents"] == 0, out)

# Show, export, erase.
out = expect(0, "patient show", "patient", "show", p1)
check("show prints the meter", "Support: " in out and "of 8 in the last 12 months" in out, out)
check("show names the health insurer with its code", "Health insurer: Christian Mutuality (116)" in out, out)
check("show --json keeps the code", '"insurer" : "116"' in expect(0, "patient show --json (insurer)", "patient", "show", p1, json_output=True), "")
out = expect(0, "patient show --json", "patient", "show", p1, json_output=True)
doc = json.loads(out)
check("show --json has the patient, sessions and meters",
      doc["patient"]["name"] == "Testpersoon Een" and len(doc["sessions"]) == 10 and "meters" in doc, out[:400])

export_json = os.path.join(work, "export.json")
export_pdf = os.path.join(work, "export.pdf")
expect(0, "patient export --json F --pdf F", "patient", "export", p2, "--json", export_json, "--pdf", export_pdf)
check("the export files are private",
      os.stat(export_json).st_mode & 0o777 == 0o600 and os.stat(export_pdf).st_mode & 0o777 == 0o600)
with open(export_json) as f:
    doc = json.load(f)
check("the JSON export holds the pupil's session note",
      doc["format_version"] == 1 and any(s["notes"] == "Synthetische sessienotitie" for s in doc["sessions"]))
check("the JSON export lists the export itself in the audit",
      any(a["action"] == "export" for a in doc["audit"]))
rc, out, _ = run("patient", "export", p2)
check("patient export without files prints the JSON", rc == 0 and json.loads(out)["patient"]["name"] == "Leerling Élodie")
expect(2, "patient export without an id", "patient", "export")

# Within 30 years of the last contact the file is kept.
rc, _, err = run("patient", "erase", p2)
check("patient erase within the retention period exits 1", rc == 1 and "30 years" in err, err)
rc, _, err = run("patient", "erase", p2, today="2060-01-01")
check("patient erase past the retention period", rc == 0, err)
expect(2, "patient erase of an unknown id", "patient", "erase", "999")
out = expect(0, "patient list after erasure", "patient", "list", json_output=True)
check("the erased patient is no longer listed", p2 not in [str(p["id"]) for p in json.loads(out)], out)
rc, out, _ = run("patient", "export", p2)
doc = json.loads(out) if rc == 0 else {}
check("after erasure no notes, problems or session notes remain",
      rc == 0 and doc["patient"]["notes"] is None and doc["problems"] == []
      and all(s["notes"] is None for s in doc["sessions"]), out[:400])

expect(0, "vault check after everything", "vault", "check")

sys.exit(finish())
