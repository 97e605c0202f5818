#!/usr/bin/env bash
# Flow: the review flow of a unit, end to end, against a real skd on
# loopback, through the client library (test_flow). Enrols the people of
# Xã Hát Môn and Xã Sen Phương with the admin CLI, runs test_flow, then
# stops skd and checks it stopped cleanly. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TEST_FLOW:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

work=$(mktemp -d /tmp/sk-flow.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT
finish() {
	if [[ $failed != 0 && -s $D/skd.log ]]; then
		# A sanitizer report from its start; else the end of the log.
		if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$D/skd.log"; then
			echo "     skd.log, from the sanitizer's report:"
			sed -n '/ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer/,$p' "$D/skd.log" | head -40 | sed 's/^/     | /'
		else
			echo "     last lines of skd.log:"
			tail -30 "$D/skd.log" | sed 's/^/     | /'
		fi
	fi
	echo "$passed passed, $failed failed"
	[[ $failed == 0 ]]
	exit
}

D=$work/data U=$work/users
mkdir -p "$U"
if "$SKD" init "$D" >"$work/out" 2>&1; then ok "skd init"; else bad "skd init"; finish; fi
if sk_start "$D" 2>"$work/out"; then ok "skd starts on port $PORT"; else bad "skd starts"; finish; fi

# enrol LOGIN NAME UNIT ROLES
enrol() {
	if "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" user create "$1" \
		--name "$2" --unit "$3" --roles "$4" --out "$U" >"$work/out" 2>&1
	then ok "enrol $1 ($4, $3)"; else bad "enrol $1"; fi
}
# Logins need 3 characters at least: a1 of the plan is a1.hm, and so on.
enrol a1.hm "Nguyễn Văn Một" xa-hat-mon author
enrol a2.hm "Trần Thị Hai" xa-hat-mon author
enrol clerk.hm "Lê Văn Cường" xa-hat-mon clerk
enrol head.hm "Đỗ Mạnh Hùng" xa-hat-mon council,head
enrol m1.hm "Vũ Thị Lan" xa-hat-mon council
enrol m2.hm "Hoàng Văn Minh" xa-hat-mon council
enrol m3.hm "Phạm Văn Ba" xa-hat-mon council
enrol o1.sp "Phạm Thị Dung" xa-sen-phuong author
enrol o2.sp "Bùi Văn Sơn" xa-sen-phuong clerk,council,head
enrol gone.hm "Đinh Văn Cũ" xa-hat-mon author
enrol aud.hm "Kiều Thị Soát" xa-hat-mon auditor
if "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" user disable gone.hm >"$work/out" 2>&1
then ok "disable gone.hm"; else bad "disable gone.hm"; fi
[[ $failed == 0 ]] || finish

# The cases, each reported on its own line.
"$TEST_FLOW" "$PORT" "$D/ca.crt" "$U" >"$work/flow.out" 2>&1
rc=$?
cat "$work/flow.out"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/flow.out" | tail -1)
if [[ -n $summary ]]; then
	passed=$((passed + ${summary%% *}))
	n=${summary#*, }; failed=$((failed + ${n%% *}))
else
	: >"$work/out"; bad "test_flow ran to its end"
fi
# A nonzero exit with no failed case: e.g. a leak found by the sanitizer.
if [[ $rc == 0 ]]; then ok "test_flow exits 0"; else : >"$work/out"; bad "test_flow exits 0 (got $rc)"; fi

sk_stop "$SKD_PID"; rc=$?
SK_PIDS=()
if [[ $rc == 0 ]]; then ok "skd stops cleanly on SIGTERM"; else echo "exit $rc" >"$work/out"; bad "skd stops cleanly on SIGTERM"; fi
finish
