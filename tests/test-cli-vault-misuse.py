#!/usr/bin/env python3
# test-cli-vault-misuse.py
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli used the way an unlucky user, a sync client or a careless
# script would: an older copy of the vault put back, a journal cut, input
# without limits or with control characters, and the exit codes scripts
# rely on (0 ok, 1 failed, 2 bad usage or input, 3 the vault is in use).
# Speaks TAP.  Usage: test-cli-vault-misuse.py SESSIO_CLI
#
# Synthetic data only: invented names.

import fcntl
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

from cli_tap import check, finish

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-misuse-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("violet harbour 47 lantern drift\n")
vault = os.path.join(work, "vault")


def run(*args, vault_dir=None, stdin=None, state=None):
    cmd = [cli, "--vault", vault_dir or vault, "--passphrase-file", passphrase] + list(args)
    env = dict(os.environ)
    if state is not None:
        env["XDG_STATE_HOME"] = state
    p = subprocess.run(cmd, capture_output=True, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                       timeout=120, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def expect(code, what, *args, **kwargs):
    rc, out, err = run(*args, **kwargs)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out, err


def journal_records(path):
    """The end offsets of the complete records in a journal file."""
    with open(path, "rb") as f:
        data = f.read()
    offset, ends = 72, []
    while offset + 8 <= len(data):
        length, = struct.unpack_from("<I", data, offset)
        if length == 0 or offset + 8 + length > len(data):
            break
        offset += 8 + length
        ends.append(offset)
    return data, ends


expect(0, "vault init", "vault", "init")
expect(0, "patient add (before the copy)", "patient", "add", "--name", "Kopie Een", "--birth", "1990-01-02")

# 1. The lock file deleted while dev generate writes: five patient add
# follow.  Two writers must never both succeed: every add that said yes
# must be there at the end, and a refusal is "in use" (exit 3).
race = os.path.join(work, "race")
expect(0, "vault init (lock removed)", "vault", "init", vault_dir=race)
journal = os.path.join(race, "journal.sessio")
writer = subprocess.Popen([cli, "--vault", race, "--passphrase-file", passphrase, "dev", "generate",
                           "--patients", "2000", "--sessions", "20000"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
deadline = time.time() + 60
while time.time() < deadline and os.path.getsize(journal) <= 72 and writer.poll() is None:
    time.sleep(0.02)
check("dev generate is writing", writer.poll() is None)
os.unlink(os.path.join(race, "lock"))
added, codes = [], []
for i in range(5):
    name = "Slot Patient %d" % i
    rc, out, err = run("patient", "add", "--name", name, "--birth", "1990-01-0%d" % (i + 1), vault_dir=race)
    codes.append(rc)
    if rc == 0:
        added.append(name)
_, generate_err = writer.communicate()
check("each patient add either succeeded or said the vault is in use", all(c in (0, 3) for c in codes), codes)
check("dev generate either succeeded or said the vault is in use", writer.returncode in (0, 3),
      "%d %s" % (writer.returncode, generate_err))
check("not both writers succeeded", not (writer.returncode == 0 and added), "%d %s" % (writer.returncode, codes))
rc, out, err = run("--json", "patient", "list", "--search", "Slot Patient", vault_dir=race)
listed = sorted(p["name"] for p in json.loads(out or "[]")) if rc == 0 else None
check("every acknowledged patient add is in the vault", listed is not None and all(n in listed for n in added),
      "%s %s %s" % (added, listed, err))
expect(0, "vault check after the race", "vault", "check", vault_dir=race)

# 2. An older copy put back stops everything until accepted.
old = os.path.join(work, "old")
shutil.copytree(vault, old)
expect(0, "patient add (after the copy)", "patient", "add", "--name", "Kopie Twee", "--birth", "1990-01-03")
shutil.rmtree(vault)
shutil.copytree(old, vault)
expect(1, "older copy: vault check reports it", "vault", "check")
_, err = expect(1, "older copy: patient list is refused", "patient", "list")
check("...saying how to go on", "--accept-older-copy" in err, err)
expect(1, "older copy: patient add is refused", "patient", "add", "--name", "Kopie Drie", "--birth", "1990-01-04")
expect(1, "older copy: still reported after the refused add", "vault", "check")
expect(1, "older copy: still refused at the next command", "patient", "list")
rc, out, err = run("--accept-older-copy", "--json", "patient", "list")
check("--accept-older-copy goes on with this copy", rc == 0 and "Kopie Een" in out and "Kopie Twee" not in out,
      "%d %s %s" % (rc, out, err))
expect(0, "accepted: vault check passes", "vault", "check")
expect(0, "accepted: patient add works", "patient", "add", "--name", "Kopie Drie", "--birth", "1990-01-04")
export = os.path.join(work, "export")
expect(0, "export all", "export", "all", export)
found = False
for root, _, files in os.walk(export):
    for name in files:
        with open(os.path.join(root, name), "rb") as f:
            found = found or b"accept-older-copy" in f.read()
check("the choice is in the audit log", found)

# 5. A journal cut at a record boundary is reported, not "intact".
cut = os.path.join(work, "cut")
expect(0, "vault init (journal cut)", "vault", "init", vault_dir=cut)
journal = os.path.join(cut, "journal.sessio")
writer = subprocess.Popen([cli, "--vault", cut, "--passphrase-file", passphrase, "dev", "generate",
                           "--patients", "4000", "--sessions", "40000"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 60
while time.time() < deadline and len(journal_records(journal)[1]) < 5 and writer.poll() is None:
    time.sleep(0.05)
writer.send_signal(signal.SIGKILL)
writer.wait()
data, ends = journal_records(journal)
check("dev generate was killed with records in its journal", len(ends) >= 5, len(ends))
if len(ends) >= 5:
    # Two records off: the last complete one may not have been counted
    # yet when the writer died (its count is written after the fdatasync).
    with open(journal, "r+b") as f:
        f.truncate(ends[-3])
    copy = os.path.join(work, "cut-copy")
    shutil.copytree(cut, copy)
    _, err = expect(1, "journal cut: vault check fails", "vault", "check", vault_dir=cut)
    check("...saying the journal is shorter", "journal is shorter" in err, err)
    _, err = expect(1, "journal cut: patient list is refused", "patient", "list", vault_dir=cut)
    check("...saying so", "journal is shorter" in err and "--accept-older-copy" in err, err)
    # The same files on a computer that never saw the vault: the check
    # passes, and says what it could not verify.
    rc, out, err = run("vault", "check", vault_dir=copy, state=os.path.join(work, "other-computer"))
    check("elsewhere: vault check passes", rc == 0, err)
    check("...saying what it could not verify", "had not opened this vault before" in out, out)
    rc, out, err = run("--json", "vault", "check", vault_dir=copy, state=os.path.join(work, "third-computer"))
    check("elsewhere: --json says history_known false",
          rc == 0 and json.loads(out or "{}").get("history_known") is False, out + err)

# 6. import csv reads with limits: /dev/zero, a line without end, a
# file larger than any practice's data.  Exit 2, quickly.
start = time.time()
_, err = expect(2, "import csv of /dev/zero", "import", "csv", "patients", "/dev/zero")
check("...refused within seconds", time.time() - start < 30, time.time() - start)
long_line = os.path.join(work, "long-line.csv")
with open(long_line, "w") as f:
    f.write("name,birth_date\n" + "N" * 100000 + ",2001-02-03\n")
_, err = expect(2, "import csv with a 100 KB line", "import", "csv", "patients", long_line)
check("...saying the line is too long", "longer than" in err, err)
huge = os.path.join(work, "huge.csv")
with open(huge, "wb") as f:
    f.write(b"name,birth_date\n" + b"Naam,2001-02-03\n" * (70 * 1024 * 1024 // 16))
_, err = expect(2, "import csv of a 70 MB file", "import", "csv", "patients", huge)
check("...saying the file is too large", "larger than" in err, err)
os.unlink(huge)

# 7. Control characters: refused in names (from --name and from a CSV
# file), escaped when notes are printed.
fresh = os.path.join(work, "fresh")
expect(0, "vault init (control characters)", "vault", "init", vault_dir=fresh)
expect(2, "patient add --name with an escape sequence", "patient", "add", "--name", "Naam\x1b]0;pwned\x07",
       "--birth", "1990-01-02", vault_dir=fresh)
expect(2, "patient add --name with a line break", "patient", "add", "--name", "Twee\nregels",
       "--birth", "1990-01-02", vault_dir=fresh)
hostile = os.path.join(work, "hostile.csv")
with open(hostile, "w") as f:
    f.write("name,birth_date\nNaam Een,1990-01-02\n\"Naam\x1b[2J Twee\",1990-01-03\n")
_, err = expect(2, "import csv with an escape sequence in a name", "import", "csv", "patients", hostile,
                vault_dir=fresh)
rc, out, err = run("patient", "list", vault_dir=fresh)
check("...and nothing was imported", rc == 0 and out.strip() == "", out + err)
pid = None
rc, out, err = run("patient", "add", "--name", "Notitie Test", "--birth", "1990-01-02",
                   "--note", "eerste regel\ntweede\x1b[2J regel\x9b", vault_dir=fresh)
check("a note may hold a line break and control characters", rc == 0, err)
pid = out.strip()
rc, out, err = run("patient", "show", pid, vault_dir=fresh)
check("patient show escapes them", rc == 0 and "\x1b" not in out and "\x9b" not in out and
      "\\x1b[2J" in out and "\\u009b" in out and "eerste regel\ntweede" in out, repr(out))
rc, out, err = run("--json", "patient", "show", pid, vault_dir=fresh)
check("...and --json keeps them, escaped by JSON", rc == 0 and "\x1b" not in out and
      json.loads(out or "{}").get("patient", {}).get("notes", "").endswith("\x1b[2J regel\x9b"), repr(out))

# 8. Small things scripts and users trip on.
# A folder that is not a vault is left as it was.
empty = os.path.join(work, "not-a-vault")
os.mkdir(empty)
expect(1, "a folder without a vault", "patient", "list", vault_dir=empty)
check("...gets no lock file", os.listdir(empty) == [], os.listdir(empty))
# Hidden temporaries of a crashed backup create are cleaned at the next.
backups = os.path.join(work, "backups")
os.mkdir(backups)
dead = subprocess.Popen(["true"])
dead.wait()
stale = os.path.join(backups, ".crashed.sessiobackup.%d.0badf00d.tmp" % dead.pid)
fresh_tmp = os.path.join(backups, ".busy.sessiobackup.%d.0badf00d.tmp" % dead.pid)
alive = os.path.join(backups, ".alive.sessiobackup.%d.0badf00d.tmp" % os.getpid())
other = os.path.join(backups, ".not-ours.tmp")
for path in (stale, fresh_tmp, alive, other):
    with open(path, "wb") as f:
        f.write(b"x")
for path in (stale, alive, other):
    os.utime(path, (time.time() - 7200, time.time() - 7200))
expect(0, "backup create", "backup", "create", os.path.join(backups, "new.sessiobackup"), vault_dir=fresh)
check("...removed the stale temporary of a crashed backup", not os.path.exists(stale))
check("...kept one still being written (changed in the last minute)", os.path.exists(fresh_tmp))
check("...kept one whose writer is running", os.path.exists(alive))
check("...kept a file that is not a backup temporary", os.path.exists(other))
# "In use" has its own exit status.
with open(os.path.join(fresh, "lock"), "r+") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _, err = expect(3, "a vault in use exits 3", "patient", "list", vault_dir=fresh)
    check("...saying so", "another" in err, err)
    fcntl.flock(lock, fcntl.LOCK_UN)
# An id that does not exist is invalid input.
expect(2, "patient show of an id that does not exist", "patient", "show", "999", vault_dir=fresh)
# A CSV with a header and no rows says that nothing was imported.
header_only = os.path.join(work, "header-only.csv")
with open(header_only, "w") as f:
    f.write("name,birth_date\n")
_, err = expect(2, "import csv of a header without rows", "import", "csv", "patients", header_only,
                vault_dir=fresh)
check("...saying nothing was imported", "nothing was imported" in err, err)

# 3 (in part). vault new-recovery-key: a new key shown once, the old one
# stops opening the vault, but still opens a backup made before.
rk = os.path.join(work, "rk")
out, _ = expect(0, "vault init (recovery key)", "--json", "vault", "init", vault_dir=rk)
key1 = json.loads(out or "{}").get("recovery_key", "")
old_backup = os.path.join(work, "before-new-key.sessiobackup")
expect(0, "backup create before the new key", "backup", "create", old_backup, vault_dir=rk)
out, _ = expect(0, "vault new-recovery-key", "--json", "vault", "new-recovery-key", vault_dir=rk)
key2 = json.loads(out or "{}").get("recovery_key", "")
check("...prints a new key of 14 groups", len(key2.split("-")) == 14 and key2 != key1, out)
for name, key in (("key1", key1), ("key2", key2)):
    with open(os.path.join(work, name), "w") as f:
        f.write(key + "\n")
new_pw = os.path.join(work, "pw-after-recovery")
with open(new_pw, "w") as f:
    f.write("amber meadow 82 copper lantern\n")
_, err = expect(1, "the old recovery key no longer opens the vault", "vault", "recover", "--recovery-key-file",
                os.path.join(work, "key1"), "--new-passphrase-file", new_pw, vault_dir=rk)
expect(0, "the new recovery key opens it", "vault", "recover", "--recovery-key-file", os.path.join(work, "key2"),
       "--new-passphrase-file", new_pw, vault_dir=rk)
expect(0, "the old key still opens the backup made before", "backup", "restore", old_backup, "--to",
       os.path.join(work, "rk-restored"), "--recovery-key-file", os.path.join(work, "key1"),
       state=os.path.join(work, "rk-elsewhere"))
expect(2, "vault new-recovery-key takes no arguments", "vault", "new-recovery-key", "extra", vault_dir=rk)

# 3. vault passwd replaces the data key; the recovery key keeps working,
# and backups made before keep their own passphrase.
rot = os.path.join(work, "rot")
out, _ = expect(0, "vault init (passphrase change)", "--json", "vault", "init", vault_dir=rot)
with open(os.path.join(work, "rot-key"), "w") as f:
    f.write(json.loads(out or "{}").get("recovery_key", "") + "\n")
expect(0, "patient add (passphrase change)", "patient", "add", "--name", "Sleutel Test", "--birth", "1990-01-02",
       vault_dir=rot)
before = os.path.join(work, "before-passwd.sessiobackup")
after = os.path.join(work, "after-passwd.sessiobackup")
expect(0, "backup create before passwd", "backup", "create", before, vault_dir=rot)
pw2 = os.path.join(work, "pw2")
with open(pw2, "w") as f:
    f.write("quiet orchard 19 silver compass\n")
out, _ = expect(0, "vault passwd", "vault", "passwd", "--new-passphrase-file", pw2, vault_dir=rot)
check("...says the vault is encrypted under a new key and old backups keep the old passphrase",
      "new key" in out and "Backups made before still open with the old passphrase" in out, out)
expect(1, "the old passphrase no longer opens it", "vault", "check", vault_dir=rot)
rc, out, err = subprocess.run([cli, "--vault", rot, "--passphrase-file", pw2, "backup", "create", after],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL).returncode, "", ""
check("backup create after passwd", rc == 0)
expect(0, "the backup made before opens with the old passphrase", "backup", "restore", before, "--to",
       os.path.join(work, "rot-before"), state=os.path.join(work, "rot-state-1"))
expect(0, "the backup made after opens with the recovery key", "backup", "restore", after, "--to",
       os.path.join(work, "rot-after"), "--recovery-key-file", os.path.join(work, "rot-key"),
       state=os.path.join(work, "rot-state-2"))
expect(0, "vault recover with the recovery key after passwd", "vault", "recover", "--recovery-key-file",
       os.path.join(work, "rot-key"), "--new-passphrase-file", new_pw, vault_dir=rot)

shutil.rmtree(work)
sys.exit(finish())
