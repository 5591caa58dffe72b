#!/bin/sh
# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every catalogue must be valid and complete against the sources as they
# are now, not against a stale template: extract the strings afresh, merge
# each catalogue with them in a temporary folder, and demand no fuzzy and
# no untranslated message.
#
# Usage: check-po.sh SOURCE_ROOT
set -eu
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
files=$(grep -v '^#' po/POTFILES.in | grep -v '^$')
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=D_ --keyword=ngettext:1,2 \
  --add-comments=Translators \
  -o "$tmp/sessio.pot" $files 2>"$tmp/xgettext.err" || {
    cat "$tmp/xgettext.err" >&2; exit 1; }

status=0
n=0
echo "TAP version 13"
for lang in $(grep -v '^#' po/LINGUAS); do
  n=$((n + 1))
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/sessio.pot"
  if ! stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1); then
    echo "not ok $n - po/$lang.po does not compile: $stats"
    status=1
    continue
  fi
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "not ok $n - po/$lang.po is incomplete: $stats"
      msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | head -40 | sed 's/^/# /'
      msgattrib --untranslated "$tmp/$lang.po" 2>/dev/null | grep '^msgid' | head -20 | sed 's/^/# /'
      status=1 ;;
    *) echo "ok $n - po/$lang.po: $stats" ;;
  esac
done

# Terms a Belgian reader would misread.  "erhöhte Kostenbeteiligung" says
# the opposite of verhoogde tegemoetkoming / intervention majorée (an
# increased co-payment); the Belgian German term is "erhöhte
# Kostenerstattung" (domain/RULES.md, Terms).
n=$((n + 1))
if grep -n 'Kostenbeteiligung' po/de.po >"$tmp/terms" 2>&1; then
  echo "not ok $n - po/de.po says \"Kostenbeteiligung\" where RULES.md has \"erhöhte Kostenerstattung\""
  sed 's/^/# /' "$tmp/terms"
  status=1
else
  echo "ok $n - po/de.po uses \"erhöhte Kostenerstattung\" for the increased reimbursement"
fi

# "CLB" is the Flemish pupil guidance centre.  French-speaking schools work
# with centres PMS, the German-speaking Community with Kaleido Ostbelgien:
# fr and de name the centre the reader knows, and say "CLB" only next to
# the Flemish arrangement (Flandre/Flandern) or as a search keyword.
for lang in fr de; do
  n=$((n + 1))
  if msggrep --msgstr -F -e CLB "po/$lang.po" 2>/dev/null \
       | msggrep --no-wrap --invert-match --msgstr -E -e 'Flandre|Flandern|;CLB;' 2>/dev/null \
       | grep '^msgid' | grep -v '^msgid ""$' >"$tmp/clb-$lang"; then
    echo "not ok $n - po/$lang.po says \"CLB\" where its readers know another centre"
    sed 's/^/# /' "$tmp/clb-$lang"
    status=1
  else
    echo "ok $n - po/$lang.po names the pupil guidance centre its readers know"
  fi
done

echo "1..$n"
exit $status
