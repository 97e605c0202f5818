#!/usr/bin/env bash
# Backup and restore while serving (issue 14, point 8): authors write while
# skd backup copies the data directory; a server started on the copy has
# every write acknowledged before the backup began, and its decision log
# verifies (sk audit verify, skd check). skd check refuses a data
# directory whose log entry, tree or record was altered.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_TAMPER:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh backup
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "ks.hm xa-hat-mon auditor" "an.sp xa-sen-phuong author" || exit 1
KEY=$(cat "$D/log.key.pub")
mk() { as "$1" --json initiative create --title "Sáng kiến $2" --category 3 --author "Người $1:100" |
	sed -n 's/^{"id":"\([0-9]*\)".*/\1/p'; }
for i in 1 2 3; do mk an.sp "Sen Phương $i" >/dev/null; done

# Writers: each acknowledged id is appended once sk has the answer.
: >"$work/acked"
writer() { local n=0; while [[ ! -e $work/stop ]]; do id=$(mk an.hm "số $n") && [[ -n $id ]] && echo "$id" >>"$work/acked"; n=$((n + 1)); done; }
writer & W1=$!
writer & W2=$!
for _ in $(seq 1 100); do [[ $(wc -l <"$work/acked" 2>/dev/null || echo 0) -ge 20 ]] && break; sleep 0.05; done
before=$(sort -n "$work/acked" | uniq)
expect_out 0 "^backed up $D to $work/copy" "skd backup, while two authors write" "$SKD" backup "$work/copy" -d "$D"
sleep 0.3
touch "$work/stop"; wait $W1 $W2
echo "     $(echo "$before" | wc -l) writes acknowledged before the backup, $(wc -l <"$work/acked") in all"
expect_out 1 "already exists|File exists" "a backup never overwrites" "$SKD" backup "$work/copy" -d "$D"
expect_out 1 "not a data directory" "a directory that is no data directory is refused" "$SKD" backup "$work/x" -d "$work"
[[ $(stat -c %a "$work/copy/log.key") == 600 && $(stat -c %a "$work/copy/ca.key") == 600 && \
	$(stat -c %a "$work/copy") == 700 ]] && ok "the keys stay private (0600, in a 0700 folder)" ||
	{ ls -la "$work/copy" >"$work/out"; bad "the keys stay private (0600, in a 0700 folder)"; }

# A server on the copy, beside the first.
P1=$PORT PID1=$SKD_PID
sk_start "$work/copy" || { echo "FAIL cannot start skd on the backup"; exit 1; }
P2=$PORT
missing=0
for id in $before; do
	"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$P2" initiative get "$id" >/dev/null 2>&1 || missing=$((missing + 1))
done
[[ $missing == 0 && -n $before ]] && ok "every write acknowledged before the backup is in it" ||
	{ echo "     $missing missing" >"$work/out"; bad "every write acknowledged before the backup is in it"; }
expect_out 0 "Sáng kiến Sen Phương 3" "another unit's records too" \
	"$SK" -c "$U/an.sp.conf" --server "127.0.0.1:$P2" initiative get 3
expect_out 0 "checkpoint" "sk audit verify on the restored server" \
	"$SK" -c "$U/ks.hm.conf" --server "127.0.0.1:$P2" audit verify --state "$work/st" --log-key "$KEY"
sk_stop "$SKD_PID"
sk_stop "$PID1"; SK_PIDS=()

# skd check, offline.
expect_out 0 "verified$" "skd check: the backup verifies" "$SKD" check "$work/copy"
expect_out 0 "^ok   xa-hat-mon: [0-9]+ entries, [0-9]+ initiatives" "one line per unit" "$SKD" check "$work/copy"
expect_out 0 "verified$" "skd check: the original too" "$SKD" check "$D"
expect_out 5 "NOT VERIFIED" "with another log key, nothing verifies" "$SKD" check "$work/copy" \
	--log-key "$(sed 's/+[^+]*$/+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/' <<<"$KEY")"
tamper() {
	local name=$1 pat=$2; shift 2
	rm -rf "$work/t"; cp -a "$work/copy" "$work/t"
	"$TOOL_TAMPER" "$work/t" 3 "$@" || { : >"$work/out"; bad "$name (tamper)"; return; }
	expect_out 5 "$pat" "skd check: $name" "$SKD" check "$work/t"
}
tamper "an altered entry is found" "FAIL xa-hat-mon|xa-hat-mon: the entries do not hash" alter-entry 2
tamper "an altered tree hash is found" "xa-hat-mon: a hash of the tree the store keeps is not its entries" alter-node 0 1
tamper "an altered inner hash is found" "xa-hat-mon: (the entries do not hash to the tree|a hash of the tree)" alter-node 2 0
tamper "a record edited behind the log's back is found" \
	"xa-hat-mon: initiative 1 is not the state its last log entry recorded" alter-record 1
tamper "an initiative missing from the indexes is found" \
	"xa-hat-mon: index: initiative 1 is missing from by_state" drop-index 1
expect_out 1 "skd check: " "a directory that is no data directory" "$SKD" check "$work/nothing"
expect 2 "skd check without a directory: usage" "$SKD" check
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
