#!/usr/bin/env bash
# Isolation, as a matrix (issue 10, point 9): on one skd, the people of
# Xã Hát Môn, Xã Sen Phương and the district (Huyện Phúc Thọ) are enrolled
# by the administrator; test_isolation makes objects of every family as
# their owners (Sen Phương forwards one dossier to the district, whose
# council recognises it and whose office publishes it; Hát Môn only
# nominates, and publishes one), and the administrators link servers (with
# link cards it makes: users "peer.NAME" of Hát Môn, Sen Phương and the
# district), then sends every call of sk.v1.Request as each stranger (a
# user of Sen Phương on Hát Môn's objects, a district role on Hát Môn's
# objects that were not forwarded, a Hát Môn role on the district's) and
# the same request naming what never existed, and checks
# that the answers are refusals that reveal nothing, and that nothing
# changed; then the owners make the writes the strangers were refused (the
# controls, PeerAdd among them). Then the three logs verify (sk audit
# verify) and skd stops cleanly.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TEST_ISOLATION:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh isolation
sk_start "$D" || exit 1
# Each unit: author, clerk, council members, the head, an auditor, an
# administrator; the district: its office, head, council, auditor and the
# commendation office. The second and third council members only vote.
if ! sk_enrol "$D" \
	"tg.hm xa-hat-mon author" "tg2.hm xa-hat-mon author" "vt.hm xa-hat-mon clerk" \
	"tv1.hm xa-hat-mon council" "tv2.hm xa-hat-mon council" "tv3.hm xa-hat-mon council" \
	"ct.hm xa-hat-mon council,head" "ks.hm xa-hat-mon auditor" "qt.hm xa-hat-mon admin" \
	"tg.sp xa-sen-phuong author" "tg2.sp xa-sen-phuong author" "vt.sp xa-sen-phuong clerk" \
	"tv1.sp xa-sen-phuong council" "tv2.sp xa-sen-phuong council" \
	"ct.sp xa-sen-phuong council,head" "ks.sp xa-sen-phuong auditor" \
	"qt.sp xa-sen-phuong admin" \
	"vp.pt phuc-tho district" "ct.pt phuc-tho council,head" "tv.pt phuc-tho council" \
	"ks.pt phuc-tho auditor" "nv.pt phuc-tho commendation" 2>"$work/out"; then
	bad "enrol the people of the three units"
	echo "$passed passed, $failed failed"
	exit 1
fi
ok "enrol the people of Hát Môn, Sen Phương and the district"

"$TEST_ISOLATION" "127.0.0.1:$PORT" "$U" "$D/admin.conf" >"$work/iso.out" 2>&1
rc=$?
grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$work/iso.out" | sed 's/^/     /'
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/iso.out" | tail -1)
if [[ -n $summary ]]; then
	passed=$((passed + ${summary%% *}))
	n=${summary#*, }
	failed=$((failed + ${n%% *}))
else
	: >"$work/out"
	bad "test_isolation ran to its end"
fi
# A nonzero exit with no failed check: e.g. a leak found by the sanitizer.
if [[ $rc == 0 ]]; then ok "test_isolation exits 0"
else
	if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$D/skd.log"; then
		sed -n '/ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer/,$p' \
			"$D/skd.log" | head -40 >"$work/out"
	else
		: >"$work/out"
	fi
	bad "test_isolation exits 0 (got $rc)"
fi

# The logs of the three units are whole: every entry hashed, the signature
# and the checkpoint's consistency checked, as an auditor of the district.
KEY=$(sed -n 's/^log_key = //p' "$D/admin.conf")
for unit in xa-hat-mon xa-sen-phuong phuc-tho; do
	expect_out 0 "checkpoint" "sk audit verify $unit after the matrix" \
		as ks.pt audit verify "$unit" --state "$work/audit" --log-key "$KEY"
done

expect_out 0 "Roles: +admin" "skd still serves" "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" hello
sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
if [[ $rc == 0 ]]; then ok "skd stops cleanly"
else
	tail -20 "$D/skd.log" >"$work/out"
	bad "skd stops cleanly (exit $rc)"
fi
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
