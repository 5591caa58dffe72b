#!/usr/bin/env python3
# test-cli-eid.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `sessio-cli eid read` and `patient add --from-eid` against virtual eID
# cards: a private pcscd (started and stopped here) with Debian's vpcd
# driver, and the card emulator of eid_card.py.  Each card of the issue:
# adult, Kids-ID, foreign resident, expired, French and German birth-date
# spellings, truncated and corrupt files; and an unknown card, a card
# removed halfway, no card, no pcscd.  Speaks TAP.
# Usage: test-cli-eid.py SESSIO_CLI
#
# Synthetic data only: invented people, national numbers with valid check
# digits computed from invented birth dates.

import json
import os
import subprocess
import sys
import tempfile

from cli_tap import check, finish
import eid_card

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-eid-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("violet harbour 47 lantern drift\n")
vault = os.path.join(work, "vault")

# Every number and name on the cards, to check that no error repeats one.
CARD_DATA = ["85071400155", "Peeters", "16030901207", "Claes", "79112303343", "Novák",
             "61122406892", "Janssens", "90021504452", "Dubois", "72030305728", "Schmitz"]


def run(*args, env=None, json_output=False):
    cmd = [cli, "--vault", vault, "--passphrase-file", passphrase]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, **(env or {})), timeout=60)
    return p.returncode, p.stdout, p.stderr


def expect_failure(what, code, sentence, *args, env=None):
    rc, out, err = run(*args, env=env)
    check(what + ": exit %d" % code, rc == code, "exit %d: %s" % (rc, err))
    check(what + ": one clear line", err.strip() == "sessio-cli: " + sentence, err)
    check(what + ": nothing on stdout", out == "", out)
    check(what + ": no card data in the message", not any(d in err for d in CARD_DATA), err)


NO_PCSCD = {"PCSCLITE_CSOCK_NAME": os.path.join(work, "no-such-pcscd.comm")}

run("vault", "init")

# Without pcscd: a sentence, and no passphrase asked for nothing.
expect_failure("eid read without pcscd", 1, "The smart card service (pcscd) is not running",
               "eid", "read", env=NO_PCSCD)
expect_failure("patient add --from-eid without pcscd", 1,
               "The smart card service (pcscd) is not running",
               "patient", "add", "--from-eid", env=NO_PCSCD)
rc, out, err = run("patient", "add", "--from-eid", "--name", "X")
check("--from-eid with --name is a usage error", rc == 2, err)
rc, out, err = run("eid", "read", "--wait", "-1")
check("--wait -1 is a usage error", rc == 2, err)

available, why = eid_card.pcscd_available()
if not available:
    print("# SKIP the virtual cards: " + why)
    sys.exit(finish())

EXPECTED = {
    "adult": {"insz": "85071400155", "name": "Jan Pieter K. Peeters-Verhoeven",
              "surname": "Peeters-Verhoeven", "given_names": "Jan Pieter K.",
              "birth_date": "1985-07-14", "sex": "m", "card": "belgian", "document_type": 1,
              "valid_from": "2024-02-01", "valid_until": "2034-02-01", "expired": False},
    "kids": {"insz": "16030901207", "name": "Lotte Claes", "birth_date": "2016-03-09",
             "sex": "f", "card": "kids", "document_type": 6, "expired": False},
    "foreigner": {"insz": "79112303343", "name": "Tomáš Novák", "birth_date": "1979-11-23",
                  "sex": "m", "card": "foreigner", "document_type": 12, "expired": False},
    "expired": {"insz": "61122406892", "name": "Maria Janssens", "birth_date": "1961-12-24",
                "sex": "f", "card": "belgian", "valid_until": "2024-05-15", "expired": True},
    "french": {"insz": "90021504452", "name": "Élodie Marie Dubois", "birth_date": "1990-02-15",
               "sex": "f", "expired": False},
    "german": {"insz": "72030305728", "name": "Günter Schmitz", "birth_date": "1972-03-03",
               "sex": "m", "expired": False},
}

pcscd = eid_card.Pcscd()
try:
    pcscd.start()
    env = pcscd.env

    expect_failure("eid read with an empty reader", 1, "There is no card in the reader",
                   "eid", "read", env=env)

    def with_card(name, **kwargs):
        card = eid_card.eid_card(name, pcscd.port, **kwargs)
        card.insert()
        return card

    for name, wanted in EXPECTED.items():
        card = with_card(name)
        try:
            rc, out, err = run("eid", "read", "--wait", "10", env=env, json_output=True)
            check("%s card: read" % name, rc == 0, err)
            try:
                doc = json.loads(out)
            except (ValueError, KeyError):
                doc = {}
            for key, value in wanted.items():
                check("%s card: %s" % (name, key), doc.get(key) == value,
                      "%r, wanted %r" % (doc.get(key), value))
            if wanted["expired"]:
                check("%s card: flagged on stderr" % name,
                      "Warning: this card has expired; it was read anyway" in err, err)
            else:
                check("%s card: nothing on stderr" % name, err == "", err)
            if name == "adult":
                rc, out, err = run("eid", "read", "--wait", "10", env=env)
                check("adult card: readable output",
                      rc == 0 and "Name: Jan Pieter K. Peeters-Verhoeven\n" in out
                      and "Birth date: 1985-07-14\n" in out and "INSZ: 85071400155\n" in out
                      and "Card: Belgian identity card\n" in out, out + err)
                rc, out, err = run("eid", "read", "--reader", "No Such Reader", env=env)
                check("an unknown reader: no reader", rc == 1 and "No card reader is connected" in err, err)
        finally:
            card.remove()
        # A fresh pcscd per card: the next card never meets the last one's state.
        pcscd.stop()
        pcscd = eid_card.Pcscd()
        pcscd.start()
        env = pcscd.env

    for name, sentence in [("truncated", "The identity file on the card is damaged or incomplete"),
                           ("corrupt", "The identity file on the card is damaged or incomplete"),
                           ("unknown", "The card in the reader is not a Belgian eID card")]:
        card = with_card(name)
        try:
            expect_failure("%s card" % name, 1, sentence, "eid", "read", "--wait", "10", env=env)
        finally:
            card.remove()
        pcscd.stop()
        pcscd = eid_card.Pcscd()
        pcscd.start()
        env = pcscd.env

    card = with_card("adult", remove_after_reads=2)
    try:
        expect_failure("a card removed halfway", 1, "The card was removed before it was read completely",
                       "eid", "read", "--wait", "10", env=env)
    finally:
        card.remove()
    pcscd.stop()
    pcscd = eid_card.Pcscd()
    pcscd.start()
    env = pcscd.env

    # patient add --from-eid: the patient from the card, then no namesake.
    card = with_card("adult")
    try:
        rc, out, err = run("patient", "add", "--from-eid", "--wait", "10", "--insurer", "116",
                           env=env, json_output=True)
        check("patient add --from-eid", rc == 0, err)
        new_id = json.loads(out)["id"] if rc == 0 else 0
        rc, out, err = run("patient", "show", str(new_id), json_output=True)
        try:
            patient = json.loads(out)["patient"]
        except (ValueError, KeyError):
            patient = {}
        check("the patient has the card's name", patient.get("name") == "Jan Pieter K. Peeters-Verhoeven", out)
        check("the patient has the card's birth date", patient.get("birth_date") == "1985-07-14", out)
        check("the patient has the card's INSZ", patient.get("insz") == "85071400155", out)
        check("the patient has the card's sex", patient.get("sex") == "m", out)
        check("the other options are kept", patient.get("insurer") == "116", out)
        expect_failure("the same card again", 1,
                       "The patient on this card is already in the patient file (id %d)" % new_id,
                       "patient", "add", "--from-eid", "--wait", "10", env=env)
        rc, out, err = run("patient", "list", json_output=True)
        check("no namesake was made", rc == 0 and len(json.loads(out)) == 1, out)
    finally:
        card.remove()
finally:
    pcscd.stop()

check("pcscd is stopped", pcscd.proc is None)
sys.exit(finish())
