#!/usr/bin/env bash
# Integration: a real skd on loopback with certificates from `skd init`,
# driven through the real sk CLI. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_ENROLL:?}" "${TEST_WIRE:?}" "${TEST_KICK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

work=$(mktemp -d /tmp/sk-it.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT

D=$work/data
expect_out 0 "loaded 39 units" "skd init makes a data directory" "$SKD" init "$D"
expect 1 "skd init refuses to overwrite" "$SKD" init "$D"
mode=$(stat -c %a "$D/ca.key")$(stat -c %a "$D/server.key")$(stat -c %a "$D/admin.key")
[[ $mode == 600600600 ]] && ok "key files are 0600" || { echo "$mode" >"$work/out"; bad "key files are 0600"; }
expect_out 0 "max_frame" "skd --help" "$SKD" --help
expect 2 "skd rejects an unknown flag" "$SKD" -d "$D" --bogus
expect 2 "skd rejects a bad setting" "$SKD" -d "$D" --max_frame=abc

sk_start "$D" --max_frame=320k || { echo "FAIL cannot start skd"; exit 1; }
ADM=(-c "$D/admin.conf" --server "127.0.0.1:$PORT")

expect_out 0 "Roles: +admin" "admin hello" "$SK" "${ADM[@]}" hello
expect_out 0 '"code":"xa-hat-mon","name":"Xã Hát Môn"' "units keep diacritics (json)" "$SK" "${ADM[@]}" --json units
expect_out 0 "Xã Phúc Hòa" "units search without diacritics" "$SK" "${ADM[@]}" units "phuc hoa"
n=$("$SK" "${ADM[@]}" --json units | grep -oE '"id":[0-9]+' | wc -l)
[[ $n == 39 ]] && ok "39 units listed" || { echo "$n" >"$work/out"; bad "39 units listed"; }

# Enrol people in two communes and the district.
U=$work/users; mkdir -p "$U"
enrol() { "$SK" "${ADM[@]}" user create "$1" --name "$2" --unit "$3" --roles "$4" --out "$U" >/dev/null; }
expect 0 "enrol an author in Hát Môn" enrol an.hatmon "Nguyễn Văn An" xa-hat-mon author
expect 0 "enrol a second author in Hát Môn" enrol binh.hatmon "Trần Thị Bình" xa-hat-mon author
expect 0 "enrol a clerk in Hát Môn" enrol clerk.hatmon "Lê Văn Cường" xa-hat-mon clerk
expect 0 "enrol an author in Sen Phương" enrol dung.senphuong "Phạm Thị Dung" xa-sen-phuong author
[[ $(stat -c %a "$U/an.hatmon.key") == 600 ]] && ok "issued key is 0600" || bad "issued key is 0600"
expect_out 4 "ALREADY_EXISTS" "a taken login is refused" "$SK" "${ADM[@]}" user create an.hatmon --name "X" --unit xa-hat-mon --roles author --out "$work"
expect_out 4 "unit_code" "an unknown unit is refused" "$SK" "${ADM[@]}" user create zz.zz --name "Z" --unit nowhere --roles author --out "$work"
expect_out 2 "unknown role" "an unknown role is a usage error" "$SK" "${ADM[@]}" user create zz.zz --name "Z" --unit xa-hat-mon --roles wizard
expect_out 4 "login" "a bad login is refused" "$SK" "${ADM[@]}" user create "A B" --name "Z" --unit xa-hat-mon --roles author --out "$work"
long="$(printf 'Nguyễn %.0s' $(seq 1 10))Văn An"
expect_out 4 "name: at most 64 characters" "a name longer than a certificate allows is refused" "$SK" "${ADM[@]}" user create zz.zz --name "$long" --unit xa-hat-mon --roles author --out "$work"
expect_out 4 "valid_days: at most 730" "a certificate longer than cert_days is refused" "$SK" "${ADM[@]}" user create zz.zz --name "Z" --unit xa-hat-mon --roles author --days 731 --out "$work"
expect_out 0 "zz.zz" "a 64-character name with diacritics is taken" "$SK" "${ADM[@]}" user create zz.zz --name "$(printf 'Đặng %.0s' $(seq 1 12))Thị" --unit xa-hat-mon --roles author --days 730 --out "$work"
expect_out 0 "an.hatmon" "admin lists users" "$SK" "${ADM[@]}" user list --unit xa-hat-mon

sk_as() { local who=$1; shift; "$SK" -c "$U/$who.conf" --server "127.0.0.1:$PORT" "$@"; }
expect_out 0 "Unit: +Xã Hát Môn" "an author's hello names the unit" sk_as an.hatmon hello
expect_out 4 "PERMISSION_DENIED" "an author cannot list users" sk_as an.hatmon user list
expect_out 4 "PERMISSION_DENIED" "a clerk cannot create an initiative" sk_as clerk.hatmon initiative create --title "X" --category 1 --author "X"
expect_out 4 "PERMISSION_DENIED" "the admin cannot read a unit's initiatives" "$SK" "${ADM[@]}" initiative get 1

# The first initiative, walked through what this server supports.
expect_out 0 "Initiative 1 \(version 1\)" "create an initiative" sk_as an.hatmon initiative create \
	--title "Số hóa hồ sơ một cửa" --summary "Quét, lưu và tra cứu hồ sơ" --category 3 \
	--field "Cải cách hành chính" --author "Nguyễn Văn An:60" --author "Trần Thị Bình:40" \
	--first-applied 15/03/2026
expect_out 0 '"first_applied":"2026-03-15"' "dates go out as ISO in json" sk_as an.hatmon --json initiative get 1
expect_out 0 "First applied: 15/03/2026" "dates show as dd/mm/yyyy" sk_as an.hatmon initiative get 1
expect_out 0 "Trần Thị Bình" "co-authors keep diacritics" sk_as an.hatmon initiative get 1
expect_out 0 "version 2" "update the draft" sk_as an.hatmon initiative update 1 --title "Số hóa hồ sơ một cửa cấp xã"
expect_out 0 "cấp xã" "the update is stored" sk_as clerk.hatmon initiative get 1
expect_out 4 "PERMISSION_DENIED.*authors" "a co-worker cannot edit another's draft" sk_as binh.hatmon initiative update 1 --title "Khác"
expect_out 0 "Số hóa" "search ignores diacritics" sk_as an.hatmon initiative list --query "so hoa ho so"
expect_out 0 "^ +1 +draft" "list by state" sk_as an.hatmon initiative list --state draft
for i in 2 3 4 5 6; do sk_as an.hatmon initiative create --title "Sáng kiến số $i" --category 6 --author "Nguyễn Văn An" >/dev/null; done
expect_out 0 "more: --page-token after:2" "paging gives a token" sk_as an.hatmon initiative list --page-size 2
expect_out 0 "Sáng kiến số 4" "the next page follows the token" sk_as an.hatmon initiative list --page-size 2 --page-token after:2
n=$(sk_as an.hatmon --json initiative list --page-size 2 --all | grep -oE '"id":"[0-9]+"' | wc -l)
[[ $n == 6 ]] && ok "--all walks every page" || { echo "$n" >"$work/out"; bad "--all walks every page"; }
expect_out 4 "page_token" "a forged page token is refused" sk_as an.hatmon initiative list --page-token "xyz"
expect_out 0 "Sáng kiến số 5" "filter by category" sk_as an.hatmon initiative list --category 6

# Invalid fields: INVALID_ARGUMENT naming the field; nothing stored.
expect_out 4 "INVALID_ARGUMENT: title" "empty title" sk_as an.hatmon initiative create --title " " --category 1 --author "X"
expect_out 4 "INVALID_ARGUMENT: authors: .*90.00%" "percentages not summing to 100" sk_as an.hatmon initiative create --title "T" --category 1 --author "X:50" --author "Y:40"
expect_out 4 "INVALID_ARGUMENT: category" "unknown category" sk_as an.hatmon initiative create --title "T" --category 7 --author "X"
tomorrow=$(date -d tomorrow +%F)
expect_out 4 "INVALID_ARGUMENT: first_applied.*future" "first application in the future" sk_as an.hatmon initiative create --title "T" --category 1 --author "X" --first-applied "$tomorrow"
expect_out 4 "INVALID_ARGUMENT: authors" "no author" sk_as an.hatmon initiative create --title "T" --category 1
expect_out 2 "first-applied" "a malformed date is a usage error" sk_as an.hatmon initiative create --title "T" --category 1 --author X --first-applied 31/02/2024
expect_out 4 "INVALID_ARGUMENT" "an invalid update is refused" sk_as an.hatmon initiative update 1 --category 0
expect_out 0 "version 2" "refused writes changed nothing" sk_as an.hatmon initiative get 1
n=$(sk_as an.hatmon --json initiative list --page-size 100 | grep -oE '"id":"[0-9]+"' | wc -l)
[[ $n == 6 ]] && ok "still six initiatives" || { echo "$n" >"$work/out"; bad "still six initiatives"; }

# Tenant isolation: Sen Phương sees its own id 1, never Hát Môn's.
expect_out 4 "NOT_FOUND" "another commune cannot read by id" sk_as dung.senphuong initiative get 3
expect_out 0 "Initiative 1 " "the other commune's own id 1" sk_as dung.senphuong initiative create --title "Vườn rau sạch" --category 4 --author "Phạm Thị Dung"
expect_out 0 "Vườn rau sạch" "id 1 in Sen Phương is Sen Phương's" sk_as dung.senphuong initiative get 1
n=$(sk_as dung.senphuong --json initiative list | grep -oE '"id":"[0-9]+"' | wc -l)
[[ $n == 1 ]] && ok "another commune lists only its own" || { echo "$n" >"$work/out"; bad "another commune lists only its own"; }
expect_out 4 "NOT_FOUND" "another commune cannot update by id" sk_as dung.senphuong initiative update 3 --title "Chiếm"
expect_out 0 "Sáng kiến số 3" "Hát Môn's initiative 3 is unchanged" sk_as an.hatmon initiative get 3
expect_out 0 "cấp xã" "Hát Môn's initiative 1 is unchanged" sk_as an.hatmon initiative get 1

# Text is stored in NFC whatever the keyboard sends: a title typed with
# combining marks comes back precomposed, byte for byte.
decomposed=$(printf 'Phu\xcc\x81c Tho\xcc\xa3 so\xcc\x82\xcc\x81 ho\xcc\x81a')
expect 0 "a decomposed title is taken" sk_as an.hatmon initiative create --title "$decomposed" --category 1 --author "Nguyễn Văn An"
expect_out 0 '"title":"Phúc Thọ số hóa"' "it is stored precomposed (NFC)" sk_as an.hatmon --json initiative list --query "phuc tho so hoa"

# Exit statuses a script can tell apart.
expect 2 "usage error exits 2" "$SK" "${ADM[@]}" initiative frobnicate
expect 2 "missing id exits 2" "$SK" "${ADM[@]}" initiative get
expect_out 3 "^sk: cannot connect to 127.0.0.1:1: Connection refused" "connection refused exits 3" "$SK" -c "$D/admin.conf" --server 127.0.0.1:1 hello
expect_out 4 "NOT_FOUND" "server refusal exits 4" sk_as an.hatmon initiative get 999
expect_out 1 "" "a missing config exits 1" "$SK" -c "$work/nope.conf" hello
cp "$U/an.hatmon.key" "$work/loose.key"; chmod 644 "$work/loose.key"
expect_out 1 "readable by others" "a key readable by others is refused" "$SK" -c "$U/an.hatmon.conf" --server "127.0.0.1:$PORT" --key "$work/loose.key" hello

# Certificates: another CA, expired, not yet valid, disabled.
"$SKD" init "$work/other" >/dev/null
expect_out 3 "^sk: the server refused your certificate .*/other/admin.crt: it is not from this deployment's CA \(unknown CA\)" "a certificate from another CA is refused (TLS: exit 3)" "$SK" --server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/other/admin.crt" --key "$work/other/admin.key" hello
"$TOOL_ENROLL" "$D" old.hatmon 3 author -30 -1 "$work" || bad "tool_enroll"
expect_out 3 "^sk: the server refused your certificate .*/old.hatmon.crt: it has expired" "an expired certificate is refused (TLS: exit 3)" "$SK" --server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/old.hatmon.crt" --key "$work/old.hatmon.key" hello
"$TOOL_ENROLL" "$D" future.hatmon 3 author 2 30 "$work" || bad "tool_enroll"
expect_out 3 "^sk: the server refused your certificate .*/future.hatmon.crt: it is not valid yet" "a not-yet-valid certificate is refused (TLS: exit 3)" "$SK" --server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/future.hatmon.crt" --key "$work/future.hatmon.key" hello
"$TOOL_ENROLL" "$D" good.hatmon 3 author -1 30 "$work" || bad "tool_enroll"
expect_out 0 "good.hatmon" "the control: a valid tool-made certificate works" "$SK" --server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/good.hatmon.crt" --key "$work/good.hatmon.key" hello
"$SKD" init "$work/third" >/dev/null
expect_out 3 "^sk: the server's certificate is not from your deployment's CA \(unknown CA\): is .*/third/ca.crt" "the client refuses a server from another CA" "$SK" -c "$work/third/admin.conf" --server "127.0.0.1:$PORT" hello

# Disable: open connections close, the next connection is refused.
expect_out 0 "DISABLED" "disable a user" "$SK" "${ADM[@]}" user disable binh.hatmon
expect_out 4 "UNAUTHENTICATED.*disabled" "a disabled user's next connection is refused" sk_as binh.hatmon hello
expect_out 4 "NOT_FOUND" "disabling an unknown user" "$SK" "${ADM[@]}" user disable nobody.here

# Bad input on the wire, and open connections being closed on disable.
"$TEST_WIRE" "$PORT" "$D/ca.crt" "$U/an.hatmon.crt" "$U/an.hatmon.key" "$U/dung.senphuong.crt" "$U/dung.senphuong.key" >"$work/out" 2>&1
rc=$?
sed 's/^/     wire: /' "$work/out"
[[ $rc == 0 ]] && ok "wire-level bad input (test_wire)" || bad "wire-level bad input (test_wire)"
"$TEST_KICK" "$PORT" "$D/ca.crt" "$D/admin.crt" "$D/admin.key" "$U" >"$work/out" 2>&1
rc=$?
sed 's/^/     kick: /' "$work/out"
[[ $rc == 0 ]] && ok "disabling closes open connections (test_kick)" || bad "disabling closes open connections (test_kick)"

# A peer that starts a handshake and trickles it, a byte every 2 s, is cut
# at the handshake's deadline (10 s in all, not per read); others are
# served meanwhile.
exec 9<>"/dev/tcp/127.0.0.1/$PORT"
t0=$SECONDS
printf '\x16\x03\x01\x02\x00' >&9 # a handshake record of 512 bytes, begun
(for _ in $(seq 15); do sleep 2; printf '\x00' >&9 2>/dev/null || exit 0; done) &
trickle=$!
expect_out 0 "Roles: +admin" "served while another peer trickles its handshake" "$SK" "${ADM[@]}" hello
timeout 25 cat <&9 >/dev/null
held=$((SECONDS - t0))
exec 9<&-
kill $trickle 2>/dev/null; wait $trickle 2>/dev/null
(( held >= 9 && held <= 14 )) && ok "a trickled handshake is cut at its deadline (${held} s)" ||
	bad "a trickled handshake is cut at its deadline (${held} s)"

expect_out 0 "Roles: +admin" "the server still serves after all that" "$SK" "${ADM[@]}" hello
sk_stop "$SKD_PID"; rc=$?
[[ $rc == 0 ]] && ok "SIGTERM stops skd cleanly" || { echo "exit $rc" >"$work/out"; bad "SIGTERM stops skd cleanly"; }
SK_PIDS=()
grep -q "stopped" "$D/skd.log" && ok "skd logs its stop" || { tail "$D/skd.log" >"$work/out"; bad "skd logs its stop"; }

# The data survives a restart.
sk_start "$D" || { echo "FAIL cannot restart skd"; exit 1; }
expect_out 0 "cấp xã" "data survives a restart" "$SK" -c "$U/an.hatmon.conf" --server "127.0.0.1:$PORT" initiative get 1

# Storage: a small map grows under load; at its cap writes are refused
# with RESOURCE_EXHAUSTED, nothing half-written, and reads keep working.
sk_stop "$SKD_PID"; SK_PIDS=()
S=$work/small
"$SKD" init "$S" >/dev/null
"$TOOL_ENROLL" "$S" big.hatmon 3 author -1 30 "$work" || bad "tool_enroll"
big=$(printf 'Nội dung dài %.0s' $(seq 1 300))
sk_start "$S" --map_size=1M --map_max=2M || { echo "FAIL cannot start skd"; exit 1; }
BIG=(--server "127.0.0.1:$PORT" --ca "$S/ca.crt" --cert "$work/big.hatmon.crt" --key "$work/big.hatmon.key")
made=0 last=0
for i in $(seq 1 2000); do
	"$SK" "${BIG[@]}" initiative create --title "Sáng kiến $i" --summary "$big" --category 2 --author "Đỗ Văn Lớn" >"$work/out" 2>&1
	last=$?
	[[ $last == 0 ]] || break
	made=$i
done
grep -q "map grown" "$S/skd.log" && ok "the map grows when full" || { tail -5 "$S/skd.log" >"$work/out"; bad "the map grows when full"; }
[[ $last == 4 ]] && grep -q "RESOURCE_EXHAUSTED" "$work/out" && ok "at the cap, writes get RESOURCE_EXHAUSTED ($made stored)" || bad "at the cap, writes get RESOURCE_EXHAUSTED"
n=$("$SK" "${BIG[@]}" --json initiative list --page-size 500 --all | grep -oE '"id":"[0-9]+"' | wc -l)
[[ $n == "$made" ]] && ok "every acknowledged write is readable, nothing more" || { echo "$n vs $made" >"$work/out"; bad "every acknowledged write is readable, nothing more"; }
expect_out 0 "Sáng kiến $made" "the last stored initiative is intact" "$SK" "${BIG[@]}" initiative get "$made"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
