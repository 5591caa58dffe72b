#!/usr/bin/env python3
# test-cli-invoices.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli invoice draft|issue|paid|credit|delete|list|show|export and
# receipt end to end against a real vault: ids, --json documents, exit
# codes (0 ok, 1 failed or refused, 2 bad usage or invalid input),
# one-line errors, the files written (0600) and the personal-data preview.
# Speaks TAP.  Usage: test-cli-invoices.py SESSIO_CLI
#
# Synthetic data only.

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

from cli_tap import check, finish, insz

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-invoices-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("invoices cli test\n")
vault = os.path.join(work, "vault")


def run(*args, json_output=False):
    cmd = [cli, "--vault", vault, "--passphrase-file", passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
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
expect(0, "provider set", "provider", "set", "--name", "Psycholoog Test", "--riziv", "1-23456-78-901",
       "--kbo", "0203.201.340", "--iban", "BE68539007547034", "--address", "Teststraat 1, 1000 Brussel")
adult = expect_id("engagement add", "engagement", "add", "--network-name", "Netwerk Volwassenen",
                  "--network", "adult", "--model", "independent", "--invoice-to", "Netwerk vzw", "--language", "nl")
p1 = expect_id("patient add", "patient", "add", "--name", "Testpersoon Een", "--birth", "1985-07-31",
               "--insz", insz(1985, 7, 31, 123), "--insurer", "116", "--language", "fr")
p2 = expect_id("patient add", "patient", "add", "--name", "Testpersoon Twee", "--birth", "1975-01-02",
               "--insz", insz(1975, 1, 2, 45), "--insurer", "216")
t1 = expect_id("trajectory add", "trajectory", "add", "--patient", p1, "--engagement", adult, "--start", "2025-01-06")
t2 = expect_id("trajectory add", "trajectory", "add", "--patient", p2, "--engagement", adult, "--start", "2025-01-06")
s1 = expect_id("session add", "session", "add", "--trajectory", t1, "--date", "2025-02-03T10:00",
               "--care", "support", "--setting", "individual")
expect_id("session add", "session", "add", "--trajectory", t1, "--date", "2025-02-10T10:00",
          "--care", "support", "--setting", "individual")
expect_id("session add", "session", "add", "--trajectory", t2, "--date", "2025-02-11T10:00",
          "--care", "support", "--setting", "individual")
expect_id("group add", "group", "add", "--engagement", adult, "--date", "2025-02-12",
          "--care", "support", "--trajectories", t1 + "," + t2, "--co-facilitator")

# Usage errors: exit 2.
expect(2, "invoice draft without --month", "invoice", "draft", "--engagement", adult)
expect(2, "invoice draft with --month and --from", "invoice", "draft", "--engagement", adult,
       "--month", "2025-02", "--from", "2025-02-01", "--to", "2025-02-28")
expect(2, "invoice draft with a bad month", "invoice", "draft", "--engagement", adult, "--month", "2025-13")
expect(2, "invoice draft with a bad period", "invoice", "draft", "--engagement", adult,
       "--from", "2025-02-10", "--to", "2025-02-01")
expect(2, "invoice issue of a non-number", "invoice", "issue", "abc")
expect(1, "invoice draft of an empty month", "invoice", "draft", "--engagement", adult, "--month", "2025-01")
expect(2, "invoice issue of an unknown id", "invoice", "issue", "99")

deleted = expect_id("invoice draft of a chosen period", "invoice", "draft", "--engagement", adult,
                    "--from", "2025-02-11", "--to", "2025-02-11")
out = expect(0, "invoice show of the period's draft", "invoice", "show", deleted, json_output=True)
check("the chosen period has its one session and the trajectory fee", len(json.loads(out)["lines"]) == 2, out)
expect(0, "invoice delete of a draft", "invoice", "delete", deleted)
expect(2, "invoice delete twice (no such invoice)", "invoice", "delete", deleted)
draft = expect_id("invoice draft", "invoice", "draft", "--engagement", adult, "--month", "2025-02")
again = expect_id("invoice draft again refreshes the draft", "invoice", "draft", "--engagement", adult,
                  "--month", "2025-02")
check("the same draft", draft == again, again)
expect(1, "a second draft cannot take sessions of the first", "invoice", "draft", "--engagement", adult,
       "--from", "2025-02-03", "--to", "2025-02-03")

out = expect(0, "invoice list --json", "invoice", "list", json_output=True)
items = json.loads(out)
check("one draft, unnumbered", len(items) == 1 and items[0]["state"] == "draft" and items[0]["number"] is None, out)

out = expect(0, "invoice issue --json", "invoice", "issue", draft, "--date", "2025-03-01", json_output=True)
doc = json.loads(out)
check("issued as 2025-0001 (the deleted draft took no number)", doc.get("number") == "2025-0001", out)
expect(1, "invoice issue twice", "invoice", "issue", draft)
expect(1, "invoice delete of an issued invoice", "invoice", "delete", draft)

out = expect(0, "invoice show --json", "invoice", "show", draft, json_output=True)
shown = json.loads(out)
total = shown["totals"]["amount_cents"]
check("the totals are the sum of the lines",
      total == sum(line["amount_cents"] for line in shown["lines"]) and total > 0, out)
check("the group session is one line",
      sum(1 for line in shown["lines"] if line["setting"] == "group") == 1, out)
check("the structured communication is there", shown["structured_communication"].startswith("+++"), out)

# Export: the preview first, then the files (0600), agreeing to the cent.
out = expect(0, "invoice export --preview", "invoice", "export", draft, "--preview")
check("the preview names the fields, not the data",
      "Testpersoon" not in out and "INSZ" in out and "2 patients" in out, out)
pdf = os.path.join(work, "f.pdf")
csv_path = os.path.join(work, "f.csv")
json_path = os.path.join(work, "f.json")
rc, out, err = run("invoice", "export", draft, "--pdf", pdf, "--csv", csv_path, "--json", json_path)
check("invoice export writes three files", rc == 0 and all(os.path.exists(p) for p in (pdf, csv_path, json_path)), err)
check("invoice export lists the personal data on stderr", "personal data" in err, err)
check("the files are 0600", all((os.stat(p).st_mode & 0o777) == 0o600 for p in (pdf, csv_path, json_path)))
with open(csv_path, encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
csv_total = sum(round(float(row["amount"]) * 100) for row in rows)
check("the CSV has one row per line and the same total", len(rows) == len(shown["lines"]) and csv_total == total,
      "%d rows, %d cents" % (len(rows), csv_total))
with open(json_path, encoding="utf-8") as f:
    exported = json.load(f)
check("the JSON file is the shown document", exported == shown)
if shutil.which("pdftotext"):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
    check("the PDF names the number, the RIZIV number and the patients",
          "2025-0001" in text and "1-23456-78-901" in text and "Testpersoon Een" in text
          and "Testpersoon Twee" in text, text)

# Paid, credit, corrections.
expect(2, "invoice paid with a bad date", "invoice", "paid", draft, "--date", "2025-02-30")
expect(0, "invoice paid", "invoice", "paid", draft, "--date", "2025-03-15")
expect(1, "invoice paid twice", "invoice", "paid", draft)
credit = expect_id("invoice credit", "invoice", "credit", draft, "--date", "2025-03-20")
out = expect(0, "invoice list after the credit", "invoice", "list", json_output=True)
items = {str(item["id"]): item for item in json.loads(out)}
check("the invoice is credited, the credit note numbered next",
      items[draft]["state"] == "credited" and items[credit]["number"] == "2025-0002"
      and items[credit]["total_cents"] == -total and items[credit]["credits_number"] == "2025-0001", out)
expect(1, "invoice credit twice", "invoice", "credit", draft)
redraft = expect_id("invoice draft after the credit note", "invoice", "draft", "--engagement", adult,
                    "--month", "2025-02")
out = expect(0, "invoice list (text)", "invoice", "list")
check("the text list shows the numbers", "2025-0001" in out and "2025-0002" in out, out)

# Receipts.
receipt = os.path.join(work, "r.pdf")
expect(2, "receipt without --month", "receipt", "--patient", p1, "--pdf", receipt)
expect(2, "receipt of an unknown patient", "receipt", "--patient", "99", "--month", "2025-02", "--pdf", receipt)
out = expect(0, "receipt --json", "receipt", "--patient", p1, "--month", "2025-02", "--pdf", receipt,
             json_output=True)
doc = json.loads(out)
check("the receipt lists the held sessions, the free first one too",
      len(doc["lines"]) == 3 and doc["lines"][0]["copay_cents"] == 0 and doc["language"] == "fr"
      and doc["total_cents"] == sum(line["copay_cents"] for line in doc["lines"]), out)
check("the receipt is written 0600", os.path.exists(receipt) and (os.stat(receipt).st_mode & 0o777) == 0o600)
if shutil.which("pdftotext"):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", receipt, "-"], capture_output=True, text=True).stdout
    check("the receipt is in the patient's language (French dates)", "février 2025" in text, text)
out = expect(0, "receipt of one session", "receipt", "--patient", p1, "--month", "2025-02", "--session", s1,
             "--pdf", receipt, json_output=True)
check("one line", len(json.loads(out)["lines"]) == 1, out)

shutil.rmtree(work)
sys.exit(finish())
