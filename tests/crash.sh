#!/usr/bin/env bash
# Crash safety (issue 14, point 6): 20 rounds of kill -9 of skd while two
# clients pipeline creates (16 in flight each) and, in some rounds, an
# upload runs. After each restart on the same data directory every
# create the server acknowledged is there; at the end the decision log
# verifies (sk audit verify, skd check) and the upload, resumed, completes
# with the very bytes. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_ACKED:?}" "${TOOL_UPLOAD:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
ROUNDS=${CRASH_ROUNDS:-20}

sk_fresh crash
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "ks.hm xa-hat-mon auditor" || exit 1
KEY=$(cat "$D/log.key.pub")
P=$PORT
as an.hm initiative create --title "Hồ sơ có tệp lớn" --category 3 --author "Người an.hm:100" >/dev/null
head -c 12000000 /dev/urandom >"$work/big.bin"
: >"$work/acked"
: >"$work/upload"
lost_rounds=0 uploads=0
for r in $(seq 1 "$ROUNDS"); do
	if (( r > 1 )); then
		sk_start "$D" --listen="127.0.0.1:$P" || { echo "FAIL round $r: skd does not restart"; break; }
	fi
	# Every acknowledged create of the rounds before is still there.
	"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$P" --json initiative list --all 2>/dev/null |
		grep -o '"id":"[0-9]*"' | tr -dc '0-9\n' | sort >"$work/have"
	if [[ -n $(comm -23 <(sort "$work/acked") "$work/have") ]]; then
		lost_rounds=$((lost_rounds + 1))
		echo "     round $r: lost $(comm -23 <(sort "$work/acked") "$work/have" | wc -l) acknowledged creates"
	fi
	"$TOOL_ACKED" "$U/an.hm.conf" "127.0.0.1:$P" 16 "Vòng $r, người 1" >>"$work/acked" 2>/dev/null &
	A1=$!
	"$TOOL_ACKED" "$U/an.hm.conf" "127.0.0.1:$P" 16 "Vòng $r, người 2" >>"$work/acked" 2>/dev/null &
	A2=$!
	# Every fourth round an upload goes on (two chunks more, never the
	# last): what the server said it had must never go back.
	if (( r % 4 == 1 )); then
		seen=$(grep -c '^received' "$work/upload" 2>/dev/null)
		"$TOOL_UPLOAD" "$U/an.hm.conf" "127.0.0.1:$P" 1 "$work/big.bin" 2 >>"$work/upload" 2>&1 &
		uploads=$((uploads + 1))
		# The kill comes once the server has answered the upload's begin
		# (a slow build hashes the file for a while first).
		for _ in $(seq 1 200); do
			(( $(grep -c '^received' "$work/upload" 2>/dev/null) > seen )) && break
			sleep 0.05
		done
	fi
	sleep "0.$(( (RANDOM % 4) + 1 ))"
	kill -9 "$SKD_PID"
	wait "$SKD_PID" 2>/dev/null
	wait $A1 $A2 2>/dev/null
	wait 2>/dev/null
	SK_PIDS=()
done
sk_start "$D" --listen="127.0.0.1:$P" || { echo "FAIL skd does not restart"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$P" --json initiative list --all 2>/dev/null |
	grep -o '"id":"[0-9]*"' | tr -dc '0-9\n' | sort >"$work/have"
n=$(sort -n "$work/acked" | uniq | wc -l)
echo "     $ROUNDS rounds of kill -9: $n creates acknowledged, $(wc -l <"$work/have") initiatives held, $uploads uploads cut"
[[ $lost_rounds == 0 && -z $(comm -23 <(sort -u "$work/acked") "$work/have") && $n -gt 0 ]] &&
	ok "no acknowledged create lost in $ROUNDS rounds of kill -9" ||
	{ : >"$work/out"; bad "no acknowledged create lost in $ROUNDS rounds of kill -9"; }
[[ -z $(sort -n "$work/acked" | uniq -d) ]] && ok "no id acknowledged twice" || bad "no id acknowledged twice"
sed -n 's/^received \([0-9]*\) of.*/\1/p' "$work/upload" >"$work/had"
cp "$work/upload" "$work/out"
[[ $(wc -l <"$work/had") -ge 2 ]] && sort -n -c "$work/had" 2>/dev/null &&
	ok "the upload's bytes on the server never went back across the crashes ($(tr '\n' ' ' <"$work/had"))" ||
	bad "the upload's bytes on the server never went back across the crashes"
expect_out 0 "checkpoint" "the decision log verifies after the crashes" \
	as ks.hm audit verify --state "$work/st" --log-key "$KEY"
expect_out 0 "^Resumed: the server had [1-9][0-9]* of its 12000000 bytes already" \
	"the upload cut by kill -9 resumes where the server was, and completes" as an.hm attach 1 "$work/big.bin"
sha=$(sha256sum "$work/big.bin" | cut -c1-16)
expect 0 "and downloads with its bytes" as an.hm download 1 "$sha" --out "$work/got.bin"
expect 0 "byte for byte" cmp "$work/big.bin" "$work/got.bin"
sk_stop "$SKD_PID"; SK_PIDS=()
expect_out 0 "verified$" "skd check: every log, tree and record after the crashes" "$SKD" check "$D"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
