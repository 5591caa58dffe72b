#!/usr/bin/env python3
# test-cli-backup.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli backup create|verify|restore end to end against a real vault:
# the restored vault holds what the original held; a backup with a byte
# flipped (header, middle, last byte) or cut short fails `backup verify`
# with exit 1 and a one-line message naming the problem.  Speaks TAP.
# Usage: test-cli-backup.py SESSIO_CLI
#
# Synthetic data only (`dev generate`).

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

from cli_tap import check, finish

# The schema version this build writes, as the core defines it.
with open(os.path.join(os.environ["G_TEST_SRCDIR"], "..", "app", "core", "vault", "sessio-schema.h")) as header:
    SCHEMA_VERSION = int(re.search(r"#define SESSIO_SCHEMA_VERSION (\d+)", header.read()).group(1))

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-backup-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("backup cli test\n")
wrong = os.path.join(work, "wrong")
with open(wrong, "w") as f:
    f.write("not the passphrase\n")
vault = os.path.join(work, "vault")
backup = os.path.join(work, "backup.sessiobackup")


def run(*args, vault_dir=vault, pw=passphrase, json_output=False, state=None):
    cmd = [cli, "--vault", vault_dir, "--passphrase-file", pw]
    if json_output:
        cmd.append("--json")
    cmd += list(args)
    env = dict(os.environ)
    if state is not None:
        env["XDG_STATE_HOME"] = state
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout, p.stderr


def expect(code, what, *args, message=None, **kwargs):
    rc, out, err = run(*args, **kwargs)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    if message is not None:
        check(what + ": says " + message, message in err, err)
    return out


def table_dump(vault_dir, state=None):
    """The patient list, and everything stored about each patient (the
    export: trajectories, sessions, notes), as the CLI shows them."""
    _, patients, _ = run("patient", "list", vault_dir=vault_dir, json_output=True, state=state)
    exports = []
    for p in json.loads(patients or "[]"):
        _, out, _ = run("patient", "export", str(p["id"]), vault_dir=vault_dir, json_output=True, state=state)
        doc = json.loads(out or "{}")
        doc.pop("exported_at", None)
        # The export itself is logged (the access trail): that entry is
        # made now, in each vault, and is not part of what was restored.
        audit = doc.get("audit", [])
        if audit and audit[-1].get("action") == "export":
            audit.pop()
        exports.append(doc)
    return patients, exports


rc, out, err = run("vault", "init")
check("vault init", rc == 0, err)
m = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){13}", out)
recovery = os.path.join(work, "recovery")
with open(recovery, "w") as f:
    f.write((m.group(0) if m else "") + "\n")
expect(0, "dev generate", "dev", "generate", "--patients", "12", "--sessions", "60")

out = expect(0, "backup create", "backup", "create", backup, json_output=True)
check("backup create --json names the file", json.loads(out or "{}").get("file") == backup, out)
check("the backup file is 0600", stat.S_IMODE(os.stat(backup).st_mode) == 0o600)
expect(1, "backup create refuses an existing file", "backup", "create", backup,
       message="already exists")
expect(2, "backup create without a file", "backup", "create")

out = expect(0, "backup verify", "backup", "verify", backup, json_output=True)
doc = json.loads(out or "{}")
check("backup verify --json", doc.get("ok") is True and doc.get("schema_version") == SCHEMA_VERSION
      and doc.get("bytes") == os.path.getsize(backup), out)
expect(0, "backup verify with the recovery key", "backup", "verify", backup,
       "--recovery-key-file", recovery)
expect(1, "backup verify with a wrong passphrase", "backup", "verify", backup, pw=wrong,
       message="passphrase")
expect(2, "backup verify of a missing file", "backup", "verify", os.path.join(work, "nothing"))

with open(backup, "rb") as f:
    data = f.read()


def write_variant(name, content):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(content)
    return path


def flipped(offset):
    b = bytearray(data)
    b[offset] ^= 0x01
    return bytes(b)


for what, offset in [("the magic", 0), ("the version", 8), ("the KDF parameters", 60),
                     ("the passphrase wrap", 120), ("the stream header", 250),
                     ("the first chunk", 400), ("the middle", len(data) // 2),
                     ("the last byte", len(data) - 1)]:
    path = write_variant("flipped.sessiobackup", flipped(offset))
    msg = "not a Sessio backup" if offset == 0 else "damaged or has been modified"
    expect(1, "backup verify with a byte flipped in " + what, "backup", "verify", path, message=msg)

for what, size in [("to its header", 304), ("by one byte", len(data) - 1), ("to half", len(data) // 2)]:
    path = write_variant("cut.sessiobackup", data[:size])
    expect(1, "backup verify of a backup cut " + what, "backup", "verify", path,
           message="incomplete: the file was cut short")
path = write_variant("empty.sessiobackup", b"")
expect(1, "backup verify of an empty file", "backup", "verify", path, message="not a Sessio backup")
path = write_variant("longer.sessiobackup", data + b"\0")
expect(1, "backup verify of a backup with a byte appended", "backup", "verify", path,
       message="damaged or has been modified")

# Restore: a new vault equal to the original, the original untouched.
before = {name: open(os.path.join(vault, name), "rb").read()
          for name in ("vault.sessio", "journal.sessio")}
restored = os.path.join(work, "restored")
expect(2, "backup restore without --to", "backup", "restore", backup)
os.mkdir(os.path.join(work, "full"))
with open(os.path.join(work, "full", "x"), "w") as f:
    f.write("x")
expect(2, "backup restore into a folder with files", "backup", "restore", backup,
       "--to", os.path.join(work, "full"), message="not empty")
expect(2, "backup restore over the vault itself", "backup", "restore", backup, "--to", vault)
expect(1, "backup restore of a damaged backup", "backup", "restore",
       write_variant("flipped.sessiobackup", flipped(len(data) // 2)), "--to", restored)
check("a failed restore leaves no folder", not os.path.exists(restored))
out = expect(0, "backup restore", "backup", "restore", backup, "--to", restored, json_output=True)
check("backup restore --json names the vault", json.loads(out or "{}").get("vault") == restored, out)
after = {name: open(os.path.join(vault, name), "rb").read()
         for name in ("vault.sessio", "journal.sessio")}
check("restore did not touch the original vault", before == after)
check("the restored vault's files are 0600",
      all(stat.S_IMODE(os.stat(os.path.join(restored, f)).st_mode) == 0o600
          for f in ("vault.sessio", "journal.sessio")))
expect(0, "vault check of the restored vault", "vault", "check", vault_dir=restored)
original = table_dump(vault)
# Read as on another computer: here, once the original has moved on (the
# exports above are audited), the restored copy is an older copy of the
# same vault, which is refused until accepted (see below).
copy = table_dump(restored, state=os.path.join(work, "restored-state"))
check("the restored vault lists the same patients", original[0] == copy[0] and len(json.loads(copy[0])) == 12,
      copy[0][:300])
check("the restored vault holds the same patient files and sessions",
      original[1] == copy[1] and sum(len(e.get("sessions", [])) for e in copy[1]) > 0,
      json.dumps(copy[1])[:300])
expect(0, "the original vault still checks", "vault", "check")

# The laptop died: the backup restored on another computer with the
# recovery key (the passphrase is forgotten too); the vault still opens
# with the recovery key it had.
restored2 = os.path.join(work, "restored-by-key")
elsewhere = os.path.join(work, "other-computer-state")
expect(0, "backup restore with the recovery key", "backup", "restore", backup, "--to", restored2,
       "--recovery-key-file", recovery, pw=wrong, state=elsewhere)
new_pw = os.path.join(work, "new-pw")
with open(new_pw, "w") as f:
    f.write("a brand new passphrase\n")
expect(0, "vault recover of the restored vault", "vault", "recover", "--recovery-key-file", recovery,
       "--new-passphrase-file", new_pw, vault_dir=restored2, state=elsewhere)
expect(0, "vault check of the vault restored by key", "vault", "check", vault_dir=restored2, pw=new_pw,
       state=elsewhere)
# On this computer, a second copy of the same vault restored from the
# same backup is an older copy of the vault, and said so (see
# docs/backup-format.md).
restored3 = os.path.join(work, "restored-again")
expect(0, "backup restore a second time here", "backup", "restore", backup, "--to", restored3)
expect(1, "vault check warns about a second, older copy on the same computer", "vault", "check",
       vault_dir=restored3, message="older copy")

shutil.rmtree(work)
sys.exit(finish())
