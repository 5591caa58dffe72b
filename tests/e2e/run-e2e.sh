#!/bin/sh
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one AT-SPI scenario against the real binary on its own session bus
# (which starts the accessibility bus on demand) and its own X server.
# The scenario's TAP goes to our stdout through fd 3; whatever the bus and
# the services it activates print goes to stderr, where it cannot be
# mistaken for test results.
#
# Usage: run-e2e.sh SCENARIO.py SESSIO_BINARY SCREENSHOT_DIR
set -eu
scenario=$1
shift
export GTK_A11Y=atspi
unset NO_AT_BRIDGE
# A private runtime folder: the accessibility bus puts its socket there,
# and runs of other scenarios at the same time must not take it over.
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
export XDG_RUNTIME_DIR="$runtime"
exec 3>&1
dbus-run-session -- xvfb-run -a -s "-screen 0 1100x760x24 -nolisten tcp" \
  /bin/sh -c 'exec /usr/bin/python3 "$@" >&3 3>&-' sh "$scenario" "$@" >&2
