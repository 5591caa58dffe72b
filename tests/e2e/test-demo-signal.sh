#!/bin/sh
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `sessio --demo` stopped by a signal (a logout, a closed terminal, Ctrl+C)
# leaves nothing behind: it quits as Ctrl+Q does, and its throwaway vault
# is removed.  Runs the real binary under its own X server; speaks TAP.
#
# Usage: test-demo-signal.sh SESSIO_BINARY
set -u
sessio=$1
n=0
status=0
echo "TAP version 13"
for sig in TERM INT HUP; do
  n=$((n + 1))
  tmp=$(mktemp -d)
  TMPDIR=$tmp XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config \
    "$sessio" --demo >"$tmp/log" 2>&1 &
  pid=$!
  # Until the demo vault is made and the window is up (the vault's files
  # are written before the window is shown).
  for i in $(seq 1 300); do
    if ls "$tmp"/sessio-demo-*/vault/* >/dev/null 2>&1 && xdotool search --name "^Sessio" >/dev/null 2>&1; then
      break
    fi
    sleep 0.2
  done
  made=$(ls -d "$tmp"/sessio-demo-* 2>/dev/null | wc -l)
  kill -"$sig" "$pid"
  wait "$pid"
  code=$?
  left=$(ls -d "$tmp"/sessio-demo-* 2>/dev/null | wc -l)
  if [ "$made" -eq 1 ] && [ "$left" -eq 0 ] && [ "$code" -eq 0 ]; then
    echo "ok $n - SIG$sig: the demo quits cleanly and its vault is removed"
  else
    echo "not ok $n - SIG$sig: demo folders made $made, left $left, exit status $code"
    sed 's/^/# /' "$tmp/log"
    status=1
  fi
  rm -rf "$tmp"
done
echo "1..$n"
exit $status
