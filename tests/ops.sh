#!/usr/bin/env bash
# Seeing what skd does (issue 14, point 9): sk admin stats reports
# connections, requests per call, latency percentiles, batches, commit
# times, the map and each unit's storage, to administrators only; skd logs
# one line per connection and per refused request with its reason, and
# under systemd (JOURNAL_STREAM) lines the journal keeps with their
# priority. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh ops
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "qt.hm xa-hat-mon admin" || exit 1
adm() { "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" "$@"; }
for i in 1 2 3; do as an.hm initiative create --title "Sáng kiến $i" --category 3 --author "Người an.hm:100" >/dev/null; done
as an.hm initiative get 1 >/dev/null
as an.hm initiative get 99 >/dev/null 2>&1
head -c 3000 /dev/urandom >"$work/f.bin"
as an.hm attach 1 "$work/f.bin" >/dev/null

adm admin stats >"$work/stats" 2>&1
cp "$work/stats" "$work/out"
for pat in "^Connections: +[0-9]+ open, [0-9]+ since start, 0 handshakes refused" \
	"^Latency: +p50 ≤ [0-9.]+ ms, p90 ≤ [0-9.]+ ms, p99 ≤ [0-9.]+ ms, max [0-9.]+ ms \([0-9]+\)" \
	"^Batches: +[1-9][0-9]* commits of [1-9][0-9]* writes" "^Commits: +p50 ≤ " \
	"^Store: +[0-9.]+ MiB used of a [0-9.]+ MiB map" \
	"^initiative_create +3 +0$" "^initiative_get +2 +1$" "^attachment_begin +1 +0$" \
	"^xa-hat-mon +[0-9]+ +3 +3000$" "^phuc-tho +[0-9]+ +0 +0$"; do
	grep -qE "$pat" "$work/stats" && ok "admin stats: $pat" || bad "admin stats: $pat"
done
expect_json 0 '"connections_total":"[0-9]+".*"units":\[' "admin stats --json" adm --json admin stats
expect_out 4 "PERMISSION_DENIED: reading the server's figures needs the role admin" \
	"an author is refused" as an.hm admin stats
expect_out 0 "^xa-hat-mon " "a unit's administrator sees their unit's storage" as qt.hm admin stats
expect_not 0 "^phuc-tho |^xa-sen-phuong " "and no other unit's" as qt.hm admin stats
"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$PORT" --cert "$D/server.crt" --key "$D/server.key" hello >/dev/null 2>&1
expect_out 0 "handshakes refused" "admin stats still answers" adm admin stats
grep -qE "[1-9][0-9]* handshakes refused" "$work/out" && ok "a refused certificate is counted" ||
	bad "a refused certificate is counted"

# The log: a line per connection, and per refusal with its reason.
sleep 0.2
cp "$D/skd.log" "$work/out"
grep -qE "skd info: an\.hm: connection closed after [0-9]+ requests in [0-9.]+ s$" "$D/skd.log" &&
	ok "skd logs each connection's end, with its requests" || bad "skd logs each connection's end, with its requests"
grep -qE "skd info: .*: user an\.hm, unit 3$" "$D/skd.log" && ok "and its start, with who" ||
	bad "and its start, with who"
grep -qE "skd info: an\.hm: request [0-9]+ \(reading an initiative\): refused: NOT_FOUND: " "$D/skd.log" &&
	ok "each refused request, with the call and the reason" || bad "each refused request, with the call and the reason"
grep -qE "skd info: an\.hm: request [0-9]+ \(reading the server's figures\): refused: PERMISSION_DENIED" "$D/skd.log" &&
	ok "the author's refused admin stats too" || bad "the author's refused admin stats too"
sk_stop "$SKD_PID"; SK_PIDS=()

# Under systemd: "<N>" priorities, no timestamp of our own.
JOURNAL_STREAM=8:1234 "$SKD" -d "$D" --listen=127.0.0.1:0 --port-file="$D/port2" 2>"$work/journal" &
SK_PIDS+=($!); J=$!
for _ in $(seq 1 100); do [[ -s $D/port2 ]] && break; sleep 0.05; done
"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$(cat "$D/port2")" initiative get 77 >/dev/null 2>&1
sk_stop "$J"; SK_PIDS=()
cp "$work/journal" "$work/out"
grep -qE "^<6>info: listening on port [0-9]+$" "$work/journal" && ok "JOURNAL_STREAM: info lines as <6>" ||
	bad "JOURNAL_STREAM: info lines as <6>"
grep -qE "^<6>info: an\.hm: request [0-9]+ \(reading an initiative\): refused: NOT_FOUND" "$work/journal" &&
	ok "the refusal, for journalctl -u skd" || bad "the refusal, for journalctl -u skd"
! grep -qE "^[0-9]{4}-" "$work/journal" && ok "no timestamp of our own (the journal stamps)" ||
	bad "no timestamp of our own (the journal stamps)"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
