#!/usr/bin/env python3
# test-cli-vault-misuse.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli used the way an unlucky user, a sync client or a careless
# script would: an older copy of the vault put back, a journal cut, input
# without limits or with control characters, and the exit codes scripts
# rely on (0 ok, 1 failed, 2 bad usage or input, 3 the vault is in use).
# Speaks TAP.  Usage: test-cli-vault-misuse.py SESSIO_CLI
#
# Synthetic data only: invented names.

import os
import shutil
import subprocess
import sys
import tempfile

from cli_tap import check, finish

cli = sys.argv[1]
work = tempfile.mkdtemp(prefix="sessio-cli-misuse-")
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
os.environ["SESSIO_TEST_KDF_FLOOR"] = "1"
passphrase = os.path.join(work, "pw")
with open(passphrase, "w") as f:
    f.write("violet harbour 47 lantern drift\n")
vault = os.path.join(work, "vault")


def run(*args, vault_dir=None, stdin=None):
    cmd = [cli, "--vault", vault_dir or vault, "--passphrase-file", passphrase] + list(args)
    p = subprocess.run(cmd, capture_output=True, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def expect(code, what, *args, **kwargs):
    rc, out, err = run(*args, **kwargs)
    check(what, rc == code, "exit %d, wanted %d: %s" % (rc, code, err))
    if code != 0:
        check(what + ": one line on stderr", len(err.strip().splitlines()) == 1, err)
    return out, err


def names(vault_dir=None, *extra):
    rc, out, err = run("--json", *extra, "patient", "list", vault_dir=vault_dir)
    import json
    return sorted(p["name"] for p in json.loads(out)) if rc == 0 else None


expect(0, "vault init", "vault", "init")
expect(0, "patient add (before the copy)", "patient", "add", "--name", "Kopie Een", "--birth", "1990-01-02")

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

shutil.rmtree(work)
sys.exit(finish())
