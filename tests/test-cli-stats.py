#!/usr/bin/env python3
# test-cli-stats.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli stats, stats export-anon and stats merge end to end against a
# real vault: figures, suppression in every output, exit codes (0 ok,
# 1 failed, 2 bad usage or invalid input), files written 0600, and no
# name, national number, birth date or note word in anything written.
# Speaks TAP.  Usage: test-cli-stats.py SESSIO_CLI
#
# Synthetic data only.

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from cli_tap import check, finish, insz

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-stats-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("violet harbour 47 lantern drift\n")
vault = os.path.join(work, "vault")
out_dir = os.path.join(work, "out")
os.mkdir(out_dir)


def run(*args, json_output=False, use_vault=True):
    cmd = [cli]
    if use_vault:
        cmd += ["--vault", vault, "--passphrase-file", passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def expect(code, what, *args, json_output=False, use_vault=True):
    rc, out, err = run(*args, json_output=json_output, use_vault=use_vault)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out


def new_id(*args):
    return str(json.loads(expect(0, " ".join(args[:2]), *args, json_output=True))["id"])


secrets = ["Fien Testermans", "Bram Voorbeeldt", "Kwartelkoning", "Vlindertuin"]
expect(0, "vault init", "vault", "init")
youth = new_id("engagement", "add", "--network-name", "Netwerk Test", "--network", "youth",
               "--model", "clb-salaried")
people = []
for i, (name, birth) in enumerate([("Fien Testermans", "2011-04-03"), ("Bram Voorbeeldt", "2009-10-12")]):
    number = insz(int(birth[:4]), int(birth[5:7]), int(birth[8:]), 21 + i)
    secrets += [number, birth]
    pid = new_id("patient", "add", "--name", name, "--birth", birth, "--insz", number,
                 "--segment", "secondary", "--problem", "anxiety", "--vulnerable")
    tid = new_id("trajectory", "add", "--patient", pid, "--engagement", youth, "--start", "2025-01-06")
    people.append(tid)
for day in ["2025-01-07", "2025-01-14", "2025-01-21"]:
    for tid in people:
        new_id("session", "add", "--trajectory", tid, "--date", day, "--care", "support",
               "--setting", "individual", "--location", "school", "--context", "clb",
               "--note", "Vlindertuin bij de Kwartelkoning")
new_id("session", "add", "--trajectory", people[0], "--date", "2025-02-04", "--care", "support",
       "--setting", "individual", "--location", "video")

# Text and JSON on standard output, suppressed.
out = expect(0, "stats as text", "stats", "--from", "2025-01-01", "--to", "2025-03-31")
check("the text names the period", "1 January 2025 to 31 March 2025" in out, out[:300])
check("2 patients are shown as <5", "Patients with at least one session held: <5" in out, out[:600])
check("7 sessions are shown", "Sessions held: 7" in out, out[:600])
out = expect(0, "stats --json", "stats", "--from", "2025-01-01", "--to", "2025-03-31", json_output=True)
doc = json.loads(out)
rows = {r["id"]: r for s in doc["sections"] for r in s["rows"] + ([s["total"]] if s["total"] else [])}
check("JSON: format and threshold", doc["format"] == "sessio-stats-report" and doc["threshold"] == 5, out[:200])
check("JSON: 7 sessions; video 1 is <5, school 6 its complement x; practice 0 stays 0",
      rows["sessions"]["value"] == 7 and rows["location.video"]["value"] == "<5"
      and rows["location.practice"]["value"] == 0 and rows["location.school"]["value"] == "x", out[:2000])
out = expect(0, "stats --threshold 1 shows everything", "stats", "--from", "2025-01-01", "--to", "2025-03-31",
             "--threshold", "1", json_output=True)
rows = {r["id"]: r for s in json.loads(out)["sections"] for r in s["rows"]}
check("threshold 1: 2 patients, 6 at school", rows["patients"]["value"] == 2 and rows["location.school"]["value"] == 6)

csv_path = os.path.join(out_dir, "report.csv")
pdf_path = os.path.join(out_dir, "report.pdf")
expect(0, "stats --csv", "stats", "--from", "2025-01-01", "--to", "2025-03-31", "--csv", csv_path)
with open(csv_path, newline="") as f:
    table = list(csv.reader(f))
check("CSV has a header and a sessions row", table[0] == ["section", "row", "label", "value"]
      and ["overview", "sessions", "Sessions held", "7"] in table, table[:5])
expect(0, "stats --pdf", "stats", "--from", "2025-01-01", "--to", "2025-03-31", "--pdf", pdf_path)
text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True).stdout
check("PDF text has the title and a suppressed count", "Anonymous statistics" in text and "<5" in text, text[:300])
for path in [csv_path, pdf_path]:
    check("%s is 0600" % os.path.basename(path), stat.S_IMODE(os.stat(path).st_mode) == 0o600)

# School periods: school year 2024-2025 and its semesters (1 September to
# 31 January, 1 February to 31 August).
for args, period, sessions in [(["--school-year", "2024"], ("2024-09-01", "2025-08-31"), 7),
                               (["--semester", "2024-1"], ("2024-09-01", "2025-01-31"), 6),
                               (["--semester", "2024-2"], ("2025-02-01", "2025-08-31"), 1)]:
    out = expect(0, "stats " + " ".join(args), "stats", *args, "--threshold", "1", json_output=True)
    doc = json.loads(out)
    rows = {r["id"]: r for s in doc["sections"] for r in s["rows"]}
    check("%s: %s to %s, %d sessions" % (" ".join(args), period[0], period[1], sessions),
          (doc["from"], doc["to"]) == period and rows["sessions"]["value"] == sessions, out[:300])
expect(0, "stats export-anon --semester", "stats", "export-anon", "--semester", "2024-1",
       os.path.join(out_dir, "semester.json"))
expect(2, "stats --semester 2024-3", "stats", "--semester", "2024-3")
expect(2, "stats --school-year 24", "stats", "--school-year", "24")
expect(2, "stats --school-year with --from", "stats", "--school-year", "2024", "--from", "2024-09-01")
expect(2, "stats --school-year with --semester", "stats", "--school-year", "2024", "--semester", "2024-1")

# The CLB guidance domain of a trajectory: kept, counted in clb-domains.
expect(0, "trajectory set-domain", "trajectory", "set-domain", people[0], "psychosocial")
expect(2, "trajectory set-domain with an unknown domain", "trajectory", "set-domain", people[0], "leren")
expect(2, "trajectory set-domain of an unknown trajectory", "trajectory", "set-domain", "999", "learning")
out = expect(0, "stats with domains", "stats", "--from", "2025-01-01", "--to", "2025-03-31", "--threshold", "1",
             json_output=True)
rows = {r["id"]: r for s in json.loads(out)["sections"] for r in s["rows"]}
check("domains: the first pupil psychosocial (4 sessions), the second not recorded (3)",
      rows["clb.domain.psychosocial.pupils"]["value"] == 1
      and rows["clb.domain.psychosocial.attendances"]["value"] == 4
      and rows["clb.domain.unknown.pupils"]["value"] == 1
      and rows["clb.domain.unknown.attendances"]["value"] == 3
      and rows["clb.segment.secondary.pupils"]["value"] == 2
      and rows["clb.domain.psychosocial.per-pupil"]["value"] == 4.0, out[:300])
expect(0, "trajectory add --clb-domain", "trajectory", "add", "--patient", "1", "--engagement", youth,
       "--start", "2025-03-01", "--clb-domain", "learning", json_output=True)
expect(2, "trajectory add with an unknown domain", "trajectory", "add", "--patient", "1", "--engagement", youth,
       "--start", "2025-03-01", "--clb-domain", "studie")

# Bad usage: exit 2.
expect(2, "stats without --to", "stats", "--from", "2025-01-01")
expect(2, "stats with a bad date", "stats", "--from", "2025-13-01", "--to", "2025-03-31")
expect(2, "stats with the period reversed", "stats", "--from", "2025-03-31", "--to", "2025-01-01")
expect(2, "stats with threshold 0", "stats", "--from", "2025-01-01", "--to", "2025-03-31", "--threshold", "0")
expect(2, "stats with two outputs", "stats", "--from", "2025-01-01", "--to", "2025-03-31",
       "--csv", csv_path, "--pdf", pdf_path)
expect(2, "stats of an unknown engagement", "stats", "--from", "2025-01-01", "--to", "2025-03-31",
       "--engagement", "42")

# Team report: two exports of the same vault merged.
anon_a = os.path.join(out_dir, "a.json")
anon_b = os.path.join(out_dir, "b.json")
expect(0, "stats export-anon", "stats", "export-anon", "--from", "2025-01-01", "--to", "2025-03-31", anon_a)
shutil.copy(anon_a, anon_b)
check("the anonymous file is 0600", stat.S_IMODE(os.stat(anon_a).st_mode) == 0o600)
with open(anon_a) as f:
    anon = json.load(f)
check("the anonymous file has exact counts", anon["counts"]["patients"] == 2 and anon["counts"]["sessions"] == 7)
out = expect(0, "stats merge needs no vault", "stats", "merge", anon_a, anon_b, json_output=True, use_vault=False)
rows = {r["id"]: r for s in json.loads(out)["sections"] for r in s["rows"]}
check("merged: 4 patients still <5, 14 sessions, video 2 <5 and school 12 x",
      rows["patients"]["value"] == "<5" and rows["sessions"]["value"] == 14
      and rows["location.video"]["value"] == "<5" and rows["location.school"]["value"] == "x", out[:1500])
merged_pdf = os.path.join(out_dir, "team.pdf")
expect(0, "stats merge --pdf", "stats", "merge", anon_a, anon_b, "--pdf", merged_pdf, use_vault=False)
with open(os.path.join(out_dir, "team.txt"), "w") as f:
    f.write(subprocess.run(["pdftotext", merged_pdf, "-"], capture_output=True, text=True).stdout)
with open(os.path.join(out_dir, "report.txt"), "w") as f:
    f.write(text)
expect(2, "stats merge of something else", "stats", "merge", csv_path, use_vault=False)
expect(2, "stats merge of a missing file", "stats", "merge", os.path.join(out_dir, "nope.json"), use_vault=False)
expect(2, "stats export-anon without a file", "stats", "export-anon", "--from", "2025-01-01", "--to", "2025-03-31")

# Nothing identifying in anything written (PDF text included).
for name in sorted(os.listdir(out_dir)):
    with open(os.path.join(out_dir, name), "rb") as f:
        data = f.read()
    found = [i for i, s in enumerate(secrets) if s.encode() in data or s.encode("utf-16-le") in data]
    check("no patient data in %s" % name, not found, "secret indexes %s" % found)

shutil.rmtree(work)
sys.exit(finish())
