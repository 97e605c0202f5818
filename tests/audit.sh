#!/usr/bin/env bash
# The decision log, end to end: auditors verify a unit's log offline with
# `sk audit` against a pinned key; altering an entry, removing the last
# one, rolling the data directory back or forking the log are each caught.
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_TAMPER:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh audit
KEY=$(cat "$D/log.key.pub")
start() { sk_start "$1" || { echo "FAIL cannot start skd"; exit 1; }; }
stop() { sk_stop "$SKD_PID"; SK_PIDS=(); }
start "$D"
ADM=(-c "$D/admin.conf" --server "127.0.0.1:$PORT")
sk_enrol "$D" "aud.huyen phuc-tho auditor" "aud.hm xa-hat-mon auditor" "an.hm xa-hat-mon author"
audit() { local st=$1; shift; as aud.huyen audit "$@" --state "$st" --log-key "$KEY"; }
as an.hm initiative create --title "Sáng kiến một" --category 1 --author "An" >/dev/null
as an.hm initiative update 1 --title "Sáng kiến một (sửa)" >/dev/null

expect_out 0 "all [0-9]+ entries hash to the signed root" "a district auditor verifies a commune's log" audit "$work/st" verify xa-hat-mon
expect_out 0 "initiative.edited +initiative/1" "history shows who did what" audit "$work/st" history xa-hat-mon --initiative 1
expect_out 0 "entry 1 is in the signed tree" "one entry by its inclusion proof" audit "$work/st" verify xa-hat-mon --entry 1
expect_out 0 "user.enrol +user/admin" "the district's own log starts with the administrator" audit "$work/st" history phuc-tho
expect_out 0 "signature verified" "a unit auditor verifies their own unit" as aud.hm audit verify --state "$work/st-hm" --log-key "$KEY"
expect_out 4 "PERMISSION_DENIED" "a unit auditor cannot read another unit's log" as aud.hm audit verify xa-sen-phuong --state "$work/st-hm" --log-key "$KEY"
expect_out 4 "PERMISSION_DENIED" "an author cannot read logs" as an.hm audit verify --state "$work/st-x" --log-key "$KEY"
"$SKD" init "$work/other" >/dev/null 2>&1
expect_out 5 "no valid signature" "a checkpoint is refused under a wrong pinned key" as aud.huyen audit verify xa-hat-mon --state "$work/st-w" --log-key "$(cat "$work/other/log.key.pub")"
expect_out 1 "no pinned log key" "without a pinned key nothing is trusted" as aud.huyen audit verify xa-hat-mon --state "$work/st-n" --log-key ""
[[ ! -e $work/st-w && ! -e $work/st-n ]] && ok "nothing is trusted after a failure" || { ls "$work" >"$work/out"; bad "nothing is trusted after a failure"; }

# A snapshot (for rollback), then more history.
stop; cp -a "$D" "$work/snap"; start "$D"
as an.hm initiative create --title "Sáng kiến hai" --category 2 --author "An" >/dev/null
expect_out 0 "consistent with the checkpoint trusted before \(size [0-9]+\)" "a grown log is consistent with the trusted one" audit "$work/st" verify xa-hat-mon
stop

# Each dishonest change on its own copy, audited with the trusted state.
tamper_case() {	# NAME PATTERN TAMPER-ARGS...
	local name=$1 pat=$2; shift 2
	rm -rf "$work/x" "$work/stx"; cp -a "$D" "$work/x"; cp -a "$work/st" "$work/stx"
	"$TOOL_TAMPER" "$work/x" 3 "$@" || { bad "$name (tamper)"; return; }
	start "$work/x"
	expect_out 5 "$pat" "$name" audit "$work/stx" verify xa-hat-mon
	stop
}
tamper_case "an altered entry is caught" "entry 1 was altered" alter-entry 1
tamper_case "a removed last entry is caught" "entries were removed" drop-last-entry

# Rollback: the old snapshot served to an auditor who trusted the newer log.
start "$work/snap"
expect_out 5 "ROLLBACK" "a data directory rolled back is caught" audit "$work/st" verify xa-hat-mon
grep -q "trusted before:" "$work/out" && grep -q "served now:" "$work/out" && ok "both checkpoints are printed" || bad "both checkpoints are printed"
# Fork: the snapshot takes a different change than the real log did.
PORT_SNAP=$PORT
"$SK" -c "$U/an.hm.conf" --server "127.0.0.1:$PORT_SNAP" initiative create --title "Lịch sử khác" --category 3 --author "An" >/dev/null
expect_out 5 "FORK" "a forked log is caught" audit "$work/st" verify xa-hat-mon
stop

# The server itself refuses to sign a tree that disagrees with its last checkpoint.
rm -rf "$work/y"; cp -a "$D" "$work/y"
"$TOOL_TAMPER" "$work/y" 3 alter-node 2 0 || bad "tamper node"	# the hash over entries 0-3
start "$work/y"
expect_out 4 "DATA_LOSS" "skd refuses writes when its tree disagrees with its signature" as an.hm initiative update 1 --title "Sau khi sửa cây"
grep -q "not signing" "$work/y/skd.log" && ok "skd logs that it will not sign" || { tail -3 "$work/y/skd.log" >"$work/out"; bad "skd logs that it will not sign"; }
stop

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
