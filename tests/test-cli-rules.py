#!/usr/bin/env python3
# test-cli-rules.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `sessio-cli rules evaluate` and `id check` against their contracts
# (domain/EVALUATE.md, CLI.md): every tests/rules/NAME.input.json gives
# NAME.expected.json (the contract's fields; added fields such as the
# explanation are allowed), every tests/rules/bad/*.json exits 2 with one
# line on stderr and nothing on stdout.  Speaks TAP.

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

cli = sys.argv[1]
srcdir = sys.argv[2]
n = 0
failed = 0


def ok(good, name, detail=""):
    global n, failed
    n += 1
    if good:
        print(f"ok {n} - {name}")
    else:
        failed += 1
        print(f"not ok {n} - {name}")
        for line in str(detail).splitlines():
            print(f"# {line}")


def run(args, stdin=None):
    return subprocess.run([cli] + args, input=stdin, capture_output=True, timeout=120)


def subset(expected, actual, path="$"):
    """Every member of expected is in actual with the same value."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object"
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: missing"
            problem = subset(value, actual[key], f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{path}: expected a list of {len(expected)}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            problem = subset(e, a, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if type(expected) is not type(actual) or expected != actual:
        return f"{path}: expected {expected!r}, got {actual!r}"
    return None


def check_one_line_failure(name, result, code=2):
    stderr = result.stderr.decode("utf-8", "replace")
    good = (result.returncode == code and result.stdout == b""
            and stderr.count("\n") == 1 and stderr.endswith("\n"))
    ok(good, name, f"exit {result.returncode}, stdout {result.stdout[:200]!r}, stderr {stderr!r}")


inputs = sorted(glob.glob(os.path.join(srcdir, "rules", "*.input.json")))
for path in inputs:
    name = os.path.basename(path)[: -len(".input.json")]
    expected = json.load(open(path.replace(".input.json", ".expected.json")))
    for how in ("file", "stdin"):
        if how == "file":
            result = run(["rules", "evaluate", path])
        else:
            result = run(["rules", "evaluate", "-"], stdin=open(path, "rb").read())
        if result.returncode != 0:
            ok(False, f"evaluate {name} ({how})", result.stderr.decode())
            continue
        try:
            actual = json.loads(result.stdout)
        except ValueError as e:
            ok(False, f"evaluate {name} ({how})", f"output is not JSON: {e}")
            continue
        problem = subset(expected, actual)
        if problem is None and set(actual) != {"sessions"}:
            problem = f"unexpected top-level members {sorted(actual)}"
        ok(problem is None and result.stderr == b"", f"evaluate {name} ({how})",
           problem or result.stderr.decode())
        # Output in input order, one per input session
        ids = [s["id"] for s in json.load(open(path))["sessions"]]
        ok([s["id"] for s in actual["sessions"]] == ids, f"evaluate {name} ({how}) keeps input order")

for path in sorted(glob.glob(os.path.join(srcdir, "rules", "bad", "*.json"))):
    name = os.path.basename(path)
    check_one_line_failure(f"bad input {name}", run(["rules", "evaluate", path]))
    check_one_line_failure(f"bad input {name} on stdin",
                           run(["rules", "evaluate", "-"], stdin=open(path, "rb").read()))

# A birth date in the input never shows up in an error message.
result = run(["rules", "evaluate", "-"],
             stdin=b'{ "patient": { "birth_date": "1980-06-15" x } }')
ok(b"1980" not in result.stderr, "parse errors do not quote the input", result.stderr)

check_one_line_failure("evaluate without a file", run(["rules", "evaluate"]))
check_one_line_failure("evaluate with two files", run(["rules", "evaluate", "a", "b"]))
check_one_line_failure("evaluate a missing file",
                       run(["rules", "evaluate", os.path.join(srcdir, "rules", "no-such-file.json")]))

result = run(["rules", "list"])
ok(result.returncode == 0 and b"2024-04-01" in result.stdout, "rules list", result.stderr)
result = run(["--json", "rules", "list"])
try:
    listed = [s["id"] for s in json.loads(result.stdout)["rule_sets"]]
except ValueError:
    listed = None
ok(listed == ["2022-01-01", "2023-09-01", "2024-04-01"], "rules list --json", result.stdout[:200])

# id check: synthetic numbers
for kind, value, normal in [
    ("insz", "85.07.14-001.55", "85071400155"),
    ("insz", "09051400324", "09051400324"),
    ("kbo", "BE 0456.789.034", "0456789034"),
    ("iban", "BE68 5390 0754 7034", "BE68539007547034"),
    ("ogm", "+++123/4567/89002+++", "123456789002"),
    ("riziv", "1-23456-25-780", "12345625780"),
]:
    result = run(["--json", "id", "check", kind, value])
    try:
        doc = json.loads(result.stdout)
    except ValueError:
        doc = {}
    ok(result.returncode == 0 and doc.get("value") == normal and result.stderr == b"",
       f"id check {kind} valid", f"{result.returncode} {result.stdout!r} {result.stderr!r}")

result = run(["--json", "id", "check", "insz", "85071400155"])
doc = json.loads(result.stdout or b"{}")
ok(doc.get("birth_date") == "1985-07-14" and doc.get("sex") == "male" and doc.get("birth_year") == 1985
   and doc.get("birth_month") == 7 and doc.get("number_kind") == "national", "id check insz details", doc)

# Issue 16: what the number does not say stays unknown (JSON null), never
# an impossible date or a guessed sex.
for value, expected in [
    # 1958, month 02, day 00: the day is unknown
    ("58020012342", {"birth_date": None, "birth_year": 1958, "birth_month": 2, "sex": "male"}),
    # 1900, month and day 00
    ("00000004552", {"birth_date": None, "birth_year": 1900, "birth_month": None, "sex": "male"}),
    # BIS, month + 20: the sex was unknown at registration
    ("88322491648", {"birth_date": "1988-12-24", "birth_year": 1988, "birth_month": 12, "sex": None,
                     "number_kind": "bis-20"}),
    # BIS, month + 40: the sex was known, the even sequence says female
    ("88522491691", {"birth_date": "1988-12-24", "sex": "female", "number_kind": "bis-40"}),
]:
    result = run(["--json", "id", "check", "insz", value])
    try:
        doc = json.loads(result.stdout)
    except ValueError:
        doc = {}
    ok(result.returncode == 0 and all(k in doc and doc[k] == v for k, v in expected.items()),
       f"id check insz {value}: unknown parts are null", doc)

result = run(["id", "check", "insz", "58020012342"])
ok(result.returncode == 0 and b"1958-02-00" not in result.stdout, "id check insz: no impossible date in text", result)


for kind, value in [("insz", "85071400156"), ("kbo", "0456789035"), ("iban", "BE69539007547034"),
                    ("ogm", "+++123/4567/89003+++"), ("riziv", "1234562578"), ("insz", "abc"),
                    # born 2034-05-10 (check for 20xx): in the future
                    ("insz", "34051070861"),
                    # mod 97 holds, but enterprise numbers start with 0 or 1
                    ("kbo", "8959048177")]:
    check_one_line_failure(f"id check {kind} invalid", run(["id", "check", kind, value]))

check_one_line_failure("id check unknown kind", run(["id", "check", "vat", "1"]))
check_one_line_failure("id check without value", run(["id", "check", "insz"]))

result = run(["id", "check", "riziv", "12345699780"])
ok(result.returncode == 0 and result.stderr.count(b"\n") == 1 and b"12345699780" not in result.stderr,
   "id check riziv: bad checksum is a warning", result)

# The user's amounts in a vault (amounts): set-amount, set-code,
# import, reset, and `rules list --effective` with the source of each amount.

work = tempfile.mkdtemp(prefix="sessio-cli-rules-")
try:
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(work, "state"), SESSIO_TEST_KDF_FLOOR="1",
               SESSIO_VAULT=os.path.join(work, "vault"))
    passfile = os.path.join(work, "pass")
    with open(passfile, "w") as f:
        f.write("a test passphrase for the rules\n")

    def vrun(args):
        return subprocess.run([cli, "--passphrase-file", passfile] + args, capture_output=True,
                              timeout=120, env=env)

    def effective():
        result = vrun(["--json", "rules", "list", "--effective"])
        doc = json.loads(result.stdout or b"{}")
        return {s["id"]: s for s in doc.get("rule_sets", [])}

    result = vrun(["vault", "init"])
    ok(result.returncode == 0, "vault for rules", result.stderr)

    result = vrun(["rules", "set-amount", "--rule-set", "2024-04-01", "--item", "individual", "--cents", "7890"])
    ok(result.returncode == 0, "rules set-amount", result.stderr)
    sets = effective()
    one = sets.get("2024-04-01", {})
    ok(one.get("amounts_cents", {}).get("individual") == 7890
       and one.get("amount_sources", {}).get("individual", {}).get("kind") == "user"
       and one.get("amount_sources", {}).get("group", {}).get("kind") == "shipped"
       and one.get("amounts_to_confirm") is False,
       "rules list --effective shows the user's amount and its source", one)

    result = vrun(["rules", "list", "--effective"])
    text = result.stdout.decode()
    ok(result.returncode == 0 and "€78.90, Set by you on " in text
       and "Shipped (rules of 1 January 2022)" in text, "rules list --effective as text", text)

    # Without --effective: the shipped sets, no passphrase asked.
    result = run(["--json", "rules", "list"])
    doc = json.loads(result.stdout or b"{}")
    ok(result.returncode == 0 and doc["rule_sets"][2]["amounts_cents"]["individual"] == 7500,
       "rules list without a vault", result.stderr)

    check_one_line_failure("rules set-amount: no such amount in 2024",
                           vrun(["rules", "set-amount", "--rule-set", "2024-04-01", "--item", "mdo",
                                 "--cents", "100"]))
    check_one_line_failure("rules set-amount: negative",
                           vrun(["rules", "set-amount", "--rule-set", "2024-04-01", "--item", "group",
                                 "--cents", "-5"]))
    check_one_line_failure("rules set-amount: unknown item",
                           vrun(["rules", "set-amount", "--rule-set", "2024-04-01", "--item", "lunch",
                                 "--cents", "5"]))
    check_one_line_failure("rules set-amount: missing --cents",
                           vrun(["rules", "set-amount", "--rule-set", "2024-04-01", "--item", "group"]))

    result = vrun(["rules", "set-code", "--rule-set", "2024-04-01", "--care", "treatment",
                   "--setting", "individual", "--code", "798010"])
    ok(result.returncode == 0, "rules set-code", result.stderr)
    check_one_line_failure("rules set-code: community is group only",
                           vrun(["rules", "set-code", "--rule-set", "2024-04-01", "--care", "community",
                                 "--setting", "individual", "--code", "1"]))

    shipped = open(os.path.join(srcdir, "..", "data", "rules", "2024-04-01.json")).read()
    good = shipped.replace('"2024-04-01"', '"2025-01-01"', 1).replace('"cents": 7500', '"cents": 8011', 1)
    good_path = os.path.join(work, "netwerk-2025.json")
    with open(good_path, "w") as f:
        f.write(good)
    bad_lines = good.split("\n")
    line = next(i for i, l in enumerate(bad_lines) if '"individual": 10' in l)
    bad_lines[line] = bad_lines[line].replace('"individual": 10', '"individual": "ten"')
    bad_path = os.path.join(work, "bad.json")
    with open(bad_path, "w") as f:
        f.write("\n".join(bad_lines))

    result = vrun(["rules", "import", bad_path])
    check_one_line_failure("rules import: a bad file is exit 2 with one line", result)
    stderr = result.stderr.decode()
    ok(f"line {line + 1}" in stderr and "whole number" in stderr, "rules import: the line and the reason",
       stderr)
    ok("2025-01-01" not in effective(), "rules import: a bad file changes nothing")

    result = vrun(["rules", "import", good_path])
    ok(result.returncode == 0, "rules import", result.stderr)
    sets = effective()
    new = sets.get("2025-01-01", {})
    ok(new.get("amounts_cents", {}).get("individual") == 8011
       and new.get("amount_sources", {}).get("individual", {}).get("file") == "netwerk-2025.json",
       "rules import: the new set with its source", new)

    result = vrun(["rules", "reset", "--rule-set", "2024-04-01"])
    ok(result.returncode == 0 and effective()["2024-04-01"]["amounts_cents"]["individual"] == 7500,
       "rules reset", result.stderr)
    result = vrun(["rules", "reset", "--rule-set", "2025-01-01"])
    ok(result.returncode == 0 and "2025-01-01" not in effective(), "rules reset of an imported set", result.stderr)
    check_one_line_failure("rules reset: no such rule set", vrun(["rules", "reset", "--rule-set", "2019-01-01"]))

    result = vrun(["vault", "check"])
    ok(result.returncode == 0, "vault check after the changes (audit chain)", result.stderr)
finally:
    shutil.rmtree(work, ignore_errors=True)

print(f"1..{n}")
sys.exit(1 if failed else 0)
