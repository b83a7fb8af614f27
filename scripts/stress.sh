#!/usr/bin/env bash
# stress.sh runs the long part of the reliability suite (`make stress`): the long
# variants of tests/reliability/ (load, faults, crashes, database pressure, secrets) with
# NEZUKO_STRESS=1, then every Go fuzz target for FUZZTIME each, and prints a summary.
#
#   FUZZTIME=30s scripts/stress.sh      # default 30s per fuzz target
#   FUZZ=0 scripts/stress.sh            # skip fuzzing
set -uo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-30s}
logdir=$(mktemp -d "${TMPDIR:-/tmp}/nezuko-stress-XXXXXX")
status=0

echo "== reliability suite, long variants (log: $logdir/reliability.log)"
start=$(date +%s)
if NEZUKO_STRESS=1 go test -count=1 -timeout 60m -v ./tests/reliability/ >"$logdir/reliability.log" 2>&1; then
	suite="PASS"
else
	suite="FAIL"
	status=1
	grep -E -- '^(\s*--- FAIL|FAIL|panic:)' "$logdir/reliability.log" | head -40
fi
elapsed=$(($(date +%s) - start))
grep -E -- '^(--- |=== RUN)' "$logdir/reliability.log" | grep -E -- '^--- ' | sed 's/^/  /'
awk '/^Reliability figures/ {on=1; print; print ""; next} on && /^\|/ {print}' "$logdir/reliability.log"

declare -a fuzzrows
if [ "${FUZZ:-1}" != "0" ]; then
	echo "== fuzzing, $fuzztime per target"
	while IFS=: read -r file name; do
		pkg="./$(dirname "$file")/"
		log="$logdir/fuzz-$(basename "$(dirname "$file")")-$name.log"
		if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" >"$log" 2>&1; then
			result="PASS"
		else
			result="FAIL (see $log)"
			status=1
		fi
		execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
		fuzzrows+=("| $pkg | $name | ${execs:-?} | $result |")
		echo "  $pkg $name: ${execs:-?} execs, $result"
	done < <(grep -rlE --include='*_test.go' --exclude-dir=node_modules '^func Fuzz' . | sort |
		while read -r f; do grep -oE '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |${f#./}:|"; done)
fi

echo
echo "## make stress summary"
echo
echo "| part | result |"
echo "|---|---|"
echo "| reliability long variants (${elapsed}s) | $suite |"
if [ ${#fuzzrows[@]} -gt 0 ]; then
	echo
	echo "| package | fuzz target ($fuzztime) | execs | result |"
	echo "|---|---|---|---|"
	printf '%s\n' "${fuzzrows[@]}"
fi
echo
echo "logs: $logdir"
exit $status
