#!/usr/bin/env python3
# test-cli-export.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli export all, import all and import csv end to end against real
# vaults: outputs, --json documents, exit codes (0 ok, 1 failed, 2 bad
# usage or invalid input) and one-line errors.  Speaks TAP.
# Usage: test-cli-export.py SESSIO_CLI
#
# Synthetic data only: dev generate, invented names, INSZ numbers computed
# here with valid check digits.

import filecmp
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from cli_tap import check, finish, has_failed, insz

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-export-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("export cli test\n")
new_passphrase = os.path.join(work, "pw2")
with open(new_passphrase, "w") as f:
    f.write("another passphrase\n")
vault = os.path.join(work, "vault")


def run(*args, json_output=False, vault_dir=None, pw=None):
    cmd = [cli, "--vault", vault_dir or vault, "--passphrase-file", pw or passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def expect(code, what, *args, **kwargs):
    rc, out, err = run(*args, **kwargs)
    check(what, rc == code, "exit %d, wanted %d: %s %s" % (rc, code, out, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    for name in cmp.common_files:
        if not filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False):
            return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def write(name, text, encoding="utf-8"):
    path = os.path.join(work, name)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)
    return path


expect(0, "vault init", "vault", "init")
expect(0, "dev generate", "dev", "generate", "--patients", "15", "--sessions", "80", "--seed", "4")

# ---------------------------------------------------------------- export all
e1 = os.path.join(work, "e1")
out = expect(0, "export all", "export", "all", e1, json_output=True)
check("export all --json prints {\"ok\": true}", json.loads(out or "{}") == {"ok": True}, out)
check("export folder is 0700", stat.S_IMODE(os.stat(e1).st_mode) == 0o700)
check("JSON document is 0600",
      stat.S_IMODE(os.stat(os.path.join(e1, "sessio-export.json")).st_mode) == 0o600)
check("a CSV file per table", os.path.exists(os.path.join(e1, "csv", "session.csv")))
sums = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=e1, capture_output=True, text=True)
check("sha256sum -c SHA256SUMS passes", sums.returncode == 0, sums.stdout + sums.stderr)
expect(2, "export all refuses a folder that is not empty", "export", "all", e1)
expect(2, "export all needs a folder", "export", "all")

# ---------------------------------------------------------------- import all
v2 = os.path.join(work, "v2")
# The app's passphrase policy: a weak one is refused before anything is written.
weak = write("weak-pw", "kort\n")
v_weak = os.path.join(work, "v-weak")
expect(2, "import all refuses a weak passphrase", "import", "all", e1, vault_dir=v_weak, pw=weak)
check("...and writes nothing", not os.path.exists(v_weak))
rc, _, err = run("import", "all", e1, vault_dir=v_weak, pw=weak)
check("...saying why, as the app does", "Too short: use at least 10 characters" in err, err)

out = expect(0, "import all into a new vault", "import", "all", e1, json_output=True,
             vault_dir=v2, pw=new_passphrase)
doc = json.loads(out or "{}")
check("import all --json gives the vault and a recovery key", doc.get("vault") == v2 and
      len(doc.get("recovery_key", "")) > 20, out)
expect(0, "the new vault checks out", "vault", "check", vault_dir=v2, pw=new_passphrase)
e2 = os.path.join(work, "e2")
expect(0, "export all of the imported vault", "export", "all", e2, vault_dir=v2, pw=new_passphrase)
check("export → import → export gives identical files", same_tree(e1, e2))
expect(1, "import all never over an existing vault", "import", "all", e1, vault_dir=v2, pw=new_passphrase)

broken = os.path.join(work, "broken")
shutil.copytree(e1, broken)
with open(os.path.join(broken, "csv", "patient.csv"), "a") as f:
    f.write("extra\r\n")
v3 = os.path.join(work, "v3")
expect(1, "import all refuses a modified export", "import", "all", broken, vault_dir=v3)
check("nothing left behind", not os.path.exists(v3))
expect(2, "import all refuses a folder that is no export", "import", "all", work, vault_dir=v3)
check("nothing left behind either", not os.path.exists(v3))

# ---------------------------------------------------------------- import csv
a = insz(2012, 3, 3, 2)
b = insz(2009, 9, 9, 3)
bad = a[:10] + str((int(a[10]) + 1) % 10)
patients_ok = write("patients.csv",
                    "\ufeffVoornaam;Achternaam;Geboortedatum;Rijksregisternummer;Geslacht\r\n"
                    "Lotte;Peeters;03/03/2012;%s;v\r\n"
                    "Jan;Janssens;09/09/2009;%s;m\r\n" % (a, b))
patients_bad = write("patients-bad.csv",
                     "Naam,Geboortedatum,INSZ\n"
                     "An Janssens,03/03/2012,%s\n"
                     ",01/01/2001,\n"
                     "Tom Maes,31/02/2011,\n" % bad)

rc, out, err = run("patient", "list", json_output=True)
before = len(json.loads(out))

out = expect(2, "import csv with errors exits 2", "import", "csv", "patients", patients_bad)
check("the report names row and column", "2\tINSZ\t" in out and "3\tNaam\tA required value is missing" in out
      and "4\tGeboortedatum\t31 February 2011 does not exist" in out, out)
out = expect(2, "the same with --json", "import", "csv", "patients", patients_bad, json_output=True)
doc = json.loads(out or "{}")
check("--json report: rows, columns, reasons",
      [(p["row"], p["column"]) for p in doc.get("problems", [])] == [(2, "INSZ"), (3, "Naam"), (4, "Geboortedatum")]
      and doc.get("imported") is False, out)

out = expect(0, "import csv --dry-run", "import", "csv", "patients", patients_ok, "--dry-run")
check("dry run shows mapping and preview", "Rijksregisternummer → insz" in out and "name=Lotte Peeters" in out
      and "birth_date=2012-03-03" in out, out)
rc, out, err = run("patient", "list", json_output=True)
check("dry run and errors import nothing", len(json.loads(out)) == before, out)

out = expect(0, "import csv", "import", "csv", "patients", patients_ok, json_output=True)
doc = json.loads(out or "{}")
check("--json says imported", doc.get("imported") is True and doc.get("valid") == 2, out)
rc, out, err = run("patient", "list", json_output=True)
check("two patients more", len(json.loads(out)) == before + 2, out)

sessions = write("sessions.csv",
                 "INSZ;Datum;Uur;Zorgtype\r\n%s;13/01/2025;14:30;support\r\n" % a)
out = expect(2, "a session needs a trajectory", "import", "csv", "sessions", sessions)
check("reported on the date", "Datum\tThe patient has no trajectory on this date" in out, out)

custom = write("custom.csv", "Wie;Wanneer geboren\nKim Claes;01/02/2003\n")
expect(2, "unmapped required columns", "import", "csv", "patients", custom, "--dry-run")
out = expect(0, "--map maps columns by hand", "import", "csv", "patients", custom, "--dry-run",
             "--map", "Wie=name", "--map", "Wanneer geboren=birth_date")
check("mapped by hand", "name=Kim Claes" in out and "birth_date=2003-02-01" in out, out)
expect(2, "--map with an unknown field", "import", "csv", "patients", custom, "--map", "Wie=shoe")
expect(2, "import csv with an unknown kind", "import", "csv", "invoices", custom)

if not has_failed():
    shutil.rmtree(work, ignore_errors=True)
sys.exit(finish())
