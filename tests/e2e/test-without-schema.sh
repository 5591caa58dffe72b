#!/bin/sh
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The uninstalled binary started by hand, without its compiled settings
# schema (no `build-aux/dev run`, no `meson install`), must not abort in
# GLib: it exits 1 with one sentence that names the two ways to start it,
# in the user's language.  Speaks TAP.
#
# Usage: test-without-schema.sh SESSIO_BINARY
set -u
sessio=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/no-schemas"
status=0
echo "TAP version 13"

GSETTINGS_SCHEMA_DIR=$tmp/no-schemas XDG_DATA_DIRS=$tmp/no-schemas \
  "$sessio" >"$tmp/out" 2>"$tmp/err" </dev/null
code=$?
if [ "$code" -eq 1 ] && grep -q 'build-aux/dev run' "$tmp/err" && grep -q 'meson install' "$tmp/err" &&
   ! grep -q 'GLib-GIO-ERROR' "$tmp/err"; then
  echo "ok 1 - without its schema: exit 1, naming build-aux/dev run and meson install"
else
  echo "not ok 1 - without its schema: exit $code"
  sed 's/^/# /' "$tmp/err"
  status=1
fi

LANGUAGE=nl GSETTINGS_SCHEMA_DIR=$tmp/no-schemas XDG_DATA_DIRS=$tmp/no-schemas \
  "$sessio" >"$tmp/out" 2>"$tmp/err" </dev/null
if grep -q 'niet geïnstalleerd' "$tmp/err"; then
  echo "ok 2 - ...said in the user's language"
else
  echo "not ok 2 - ...not said in Dutch"
  sed 's/^/# /' "$tmp/err"
  status=1
fi
echo "1..2"
exit $status
