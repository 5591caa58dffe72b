#!/usr/bin/env bash
# test-cli-vault.sh
#
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sessio-cli vault init|check|passwd|recover and dev generate: outputs and
# the documented exit codes (0 success, 1 failed, 2 bad usage or input,
# 3 the vault is in use).
# Speaks TAP.  Needs $SESSIO_CLI.

set -u

cli=${SESSIO_CLI:?SESSIO_CLI is not set}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state"
export SESSIO_TEST_KDF_FLOOR=1
cd "$work" || exit 1

n=0
failed=0

# expect CODE DESCRIPTION -- COMMAND...
expect () {
  local want=$1 what=$2
  shift 3
  n=$((n + 1))
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" -eq "$want" ]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what (exit $got, wanted $want)"
    sed 's/^/# /' "$work/err"
    failed=1
  fi
}

check () {
  n=$((n + 1))
  if eval "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    failed=1
  fi
}

printf 'first passphrase\n' > p1
printf 'second passphrase\n' > p2
printf 'third passphrase\n' > p3
V=(--vault "$work/v")

expect 0 "init creates a vault" -- "$cli" "${V[@]}" --passphrase-file p1 --json vault init
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recovery_key"])' out)
check "init prints a recovery key of 14 groups" '[[ "$key" =~ ^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$ ]]'
check "files are private" '[ "$(stat -c %a v)" = 700 ] && [ "$(stat -c %a v/vault.sessio)" = 600 ]'
expect 1 "init refuses an existing vault" -- "$cli" "${V[@]}" --passphrase-file p1 vault init
check "the refusal is one line" '[ "$(wc -l < err)" -eq 1 ]'
expect 2 "init takes no arguments" -- "$cli" "${V[@]}" --passphrase-file p1 vault init extra
expect 2 "no passphrase and no terminal" -- "$cli" "${V[@]}" vault check

expect 0 "check passes" -- "$cli" "${V[@]}" --passphrase-file p1 vault check
check "check says so" 'grep -q . out'
expect 1 "check with a wrong passphrase" -- "$cli" "${V[@]}" --passphrase-file p2 vault check

expect 0 "dev generate" -- "$cli" "${V[@]}" --passphrase-file p1 dev generate --patients 40 --sessions 300 --seed 7
expect 2 "dev generate rejects a negative count" -- "$cli" "${V[@]}" --passphrase-file p1 dev generate --patients -1
expect 2 "dev generate needs patients for sessions" -- "$cli" "${V[@]}" --passphrase-file p1 dev generate --sessions 5
expect 0 "check after generate (json)" -- "$cli" "${V[@]}" --passphrase-file p1 --json vault check
check "json says ok" 'python3 -c "import json,sys; d=json.load(open(\"out\")); sys.exit(0 if d[\"ok\"] else 1)"'

expect 0 "passwd" -- "$cli" "${V[@]}" --passphrase-file p1 vault passwd --new-passphrase-file p2
expect 1 "the old passphrase no longer opens" -- "$cli" "${V[@]}" --passphrase-file p1 vault check
expect 0 "the new passphrase opens" -- "$cli" "${V[@]}" --passphrase-file p2 vault check
expect 2 "passwd with an empty new passphrase file" -- "$cli" "${V[@]}" --passphrase-file p2 vault passwd --new-passphrase-file /dev/null

printf '%s\n' "$key" > key
printf '%s\n' "$key" | tr 'A-Z' 'a-z' | tr -d '-' > key-lower
printf '%s\n' "${key:0:10}X${key:11}" > key-typo
[ "${key:10:1}" = X ] && printf '%s\n' "${key:0:10}Y${key:11}" > key-typo
expect 0 "recover with the recovery key" -- "$cli" "${V[@]}" vault recover --recovery-key-file key --new-passphrase-file p3
expect 0 "the recovered passphrase opens" -- "$cli" "${V[@]}" --passphrase-file p3 vault check
expect 1 "the passphrase before recovery no longer opens" -- "$cli" "${V[@]}" --passphrase-file p2 vault check
expect 0 "recovery keys ignore case and dashes" -- "$cli" "${V[@]}" vault recover --recovery-key-file key-lower --new-passphrase-file p1
expect 2 "a mistyped recovery key is bad input" -- "$cli" "${V[@]}" vault recover --recovery-key-file key-typo --new-passphrase-file p1
expect 2 "recover with a missing file" -- "$cli" "${V[@]}" vault recover --recovery-key-file nope --new-passphrase-file p1

# One passphrase policy with the app: a weak new passphrase is refused with
# exit 2 and the app's reason, before anything is written.
printf 'kort\n' > weak
printf 'aaaaaaaaaaaaaaaa\n' > weak-repeated
snapshot () { (cd v && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(snapshot)
expect 2 "init refuses a weak passphrase" -- "$cli" --vault "$work/weak-init" --passphrase-file weak vault init
check "...saying why, as the app does" 'grep -q "Too short: use at least 10 characters" err'
check "...and writes nothing" '[ ! -e "$work/weak-init" ]'
expect 2 "passwd refuses a weak new passphrase" -- "$cli" "${V[@]}" --passphrase-file p1 vault passwd --new-passphrase-file weak
check "...saying why" 'grep -q "Too short" err'
expect 2 "passwd refuses a repetitive new passphrase" -- "$cli" "${V[@]}" --passphrase-file p1 vault passwd --new-passphrase-file weak-repeated
check "...saying why" 'grep -q "Too repetitive" err'
expect 2 "recover refuses a weak new passphrase" -- "$cli" "${V[@]}" vault recover --recovery-key-file key --new-passphrase-file weak
check "...saying why" 'grep -q "Too short" err'
check "no file of the vault changed" '[ "$(snapshot)" = "$before" ]'
expect 0 "the passphrase before stays the one that opens" -- "$cli" "${V[@]}" --passphrase-file p1 vault check

# One writer at a time.
if command -v flock >/dev/null; then
  flock v/lock sleep 3 &
  sleep 0.5
  expect 3 "a vault in use is refused with its own exit status" -- "$cli" "${V[@]}" --passphrase-file p1 vault check
  check "...saying so" 'grep -qi "another" err'
  wait
fi

# Damage: one flipped byte in the snapshot.
cp v/vault.sessio saved
python3 - <<'PY'
with open("v/vault.sessio", "r+b") as f:
    f.seek(5000)
    b = f.read(1)
    f.seek(5000)
    f.write(bytes([b[0] ^ 1]))
PY
expect 1 "check fails on a damaged vault" -- "$cli" "${V[@]}" --passphrase-file p1 vault check
check "...saying damaged or modified" 'grep -q "damaged or has been modified" err'
cp saved v/vault.sessio
expect 0 "and passes again once repaired" -- "$cli" "${V[@]}" --passphrase-file p1 vault check

# An older copy of the whole vault is reported.
cp -r v old
expect 0 "dev generate more" -- "$cli" "${V[@]}" --passphrase-file p1 dev generate --patients 2 --sessions 2
rm -rf v && mv old v
expect 1 "check reports an older copy of the whole vault" -- "$cli" "${V[@]}" --passphrase-file p1 vault check

expect 1 "no vault there" -- "$cli" --vault "$work/none" --passphrase-file p1 vault check

echo "1..$n"
exit $failed
