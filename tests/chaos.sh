#!/usr/bin/env bash
# Chaos: random well-formed requests of every call (test_chaos) from an
# author, a clerk, a head and council member of Hát Môn, a user with every
# unit role in Sen Phương, an auditor and the administrator, against one
# skd. Every request is answered, none with INTERNAL, none with another
# unit's initiative; then skd still serves and stops cleanly. The seed is printed:
# CHAOS_SEED=N reruns the same requests. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TEST_CHAOS:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

seed=${CHAOS_SEED:-20261127}
count=${CHAOS_COUNT:-1000}
sk_fresh chaos
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "clerk.hm xa-hat-mon clerk" \
	"head.hm xa-hat-mon council,head" "dung.sp xa-sen-phuong author,clerk,council,head" \
	"kiem.h phuc-tho auditor"
echo "     seed $seed, $count requests per user"
"$TEST_CHAOS" "127.0.0.1:$PORT" "$seed" "$count" "$U/an.hm.conf" "$U/clerk.hm.conf" \
	"$U/head.hm.conf" "$U/dung.sp.conf" "$U/kiem.h.conf" "$D/admin.conf" >"$work/out" 2>&1
rc=$?
sed 's/^/     /' "$work/out" | grep -v '^     [0-9]* passed' | head -60
if [[ $rc == 0 ]]; then ok "random requests: each answered, none INTERNAL, no other unit's"
else
	grep -A30 -E 'ERROR: AddressSanitizer|runtime error:' "$D/skd.log" | head -40 >"$work/out" ||
		tail -20 "$D/skd.log" >"$work/out"
	bad "random requests: each answered, none INTERNAL (seed $seed)"
fi
expect_out 0 "Roles: +admin" "skd still serves" "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" hello
sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "and stops cleanly" || { tail -20 "$D/skd.log" >"$work/out"; bad "and stops cleanly"; }
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
