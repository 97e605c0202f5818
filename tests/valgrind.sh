#!/usr/bin/env bash
# Valgrind (memcheck) over the unit tests and over skd as the integration
# scripts drive it: any error or definite leak fails. Prints "N passed,
# N failed".
#
#   BUILD=build tests/valgrind.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
B=$(cd "${BUILD:-build}" && pwd)
logs=$(mktemp -d /tmp/sk-valgrind.XXXXXX)
trap 'rm -rf "$logs"' EXIT
passed=0 failed=0
# Only definite leaks are shown: glib and pango keep interned strings for
# the process ("possibly lost"), which are not ours.
vg="valgrind -q --error-exitcode=9 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"

for t in "$B"/tests/unit_*; do
	[[ -x $t ]] || continue
	if $vg --log-file="$logs/$(basename "$t").log" "$t" >/dev/null 2>&1 &&
		[[ ! -s $logs/$(basename "$t").log ]]; then
		echo "ok   $(basename "$t")"; passed=$((passed + 1))
	else
		echo "FAIL $(basename "$t")"; sed 's/^/     | /' "$logs/$(basename "$t").log" | head -30
		failed=$((failed + 1))
	fi
done

export SKD=$B/skd SK=$B/sk TEST_FLOW=$B/tests/test_flow TOOL_ENROLL=$B/tests/tool_enroll \
	TEST_WIRE=$B/tests/test_wire TEST_KICK=$B/tests/test_kick TOOL_TAMPER=$B/tests/tool_tamper \
	TOOL_UPLOAD=$B/tests/tool_upload TEST_CHAOS=$B/tests/test_chaos
for s in integration flow audit files disk deadlines chaos cli; do
	rm -f "$logs"/skd.*.log
	if SKD_WRAP="$vg --log-file=$logs/skd.%p.log" "$here/$s.sh" >"$logs/$s.out" 2>&1 &&
		! find "$logs" -name 'skd.*.log' -size +0 | grep -q .; then
		echo "ok   skd under $s.sh"; passed=$((passed + 1))
	else
		echo "FAIL skd under $s.sh: $(tail -1 "$logs/$s.out")"
		cat "$logs"/skd.*.log 2>/dev/null | head -40 | sed 's/^/     | /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
