#!/usr/bin/env bash
# Disk full: skd runs under a file size limit (prlimit) that stops its data
# file from growing, as a full disk would. A large upload is refused with
# RESOURCE_EXHAUSTED and skd keeps serving; what was committed stays.
# Restarted with room, the upload resumes where it stopped, the file comes
# back exact and the decision log still verifies. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_UPLOAD:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh disk
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "kiem.h phuc-tho auditor"
upload() { "$TOOL_UPLOAD" "$U/an.hm.conf" "127.0.0.1:$PORT" 1 "$work/f.bin" "$1"; }
as an.hm initiative create --title "Kho lưu trữ số" --category 6 --author "Người an.hm" >/dev/null
head -c 5000000 /dev/urandom >"$work/f.bin"
sk_stop "$SKD_PID"; SK_PIDS=()

# The data file may not grow past 3 MB from here on.
SKD_WRAP="prlimit --fsize=3000000" sk_start "$D" || exit 1
expect_out 1 "RESOURCE_EXHAUSTED: storage is full" "a 5 MB upload on a full disk is refused" upload all
expect_out 0 "Kho lưu trữ số" "skd still serves what it has" as an.hm initiative get 1
expect_out 0 "User: .*an.hm" "and new connections" as an.hm hello
kill -0 "$SKD_PID" 2>/dev/null && ok "skd kept running" || bad "skd kept running"
sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "and stops cleanly" || { echo "exit $rc" >"$work/out"; bad "and stops cleanly"; }

# Room again: nothing committed was lost.
sk_start "$D" || exit 1
expect_out 0 "^received [1-9][0-9]* of 5000000" "with room, the upload resumes where it stopped" upload 0
expect_out 0 "^attached" "and finishes" upload all
as an.hm download 1 tool-upload.bin --out "$work/back.bin" >/dev/null 2>&1
cmp -s "$work/f.bin" "$work/back.bin" && ok "the file comes back exact" || bad "the file comes back exact"
expect_out 0 "" "the decision log verifies" as kiem.h audit verify xa-hat-mon --state "$work/audit"
sk_stop "$SKD_PID"; SK_PIDS=()

# A real full filesystem too, where this machine lets us mount a small
# tmpfs (root with CAP_SYS_ADMIN); elsewhere this part is skipped, and says so.
M=$work/mnt
mkdir -p "$M"
if mount -t tmpfs -o size=6m tmpfs "$M" 2>/dev/null; then
	trap 'sk_cleanup; umount "$M" 2>/dev/null; rm -rf "$work"' EXIT
	U=$work/u2
	mkdir -p "$U"
	"$SKD" init "$M/d" >/dev/null 2>&1
	sk_start "$M/d" || exit 1
	sk_enrol "$M/d" "an.hm xa-hat-mon author"
	as an.hm initiative create --title "Kho lưu trữ số" --category 6 --author "Người an.hm" >/dev/null
	head -c 9000000 /dev/urandom >"$work/f.bin"
	expect_out 1 "RESOURCE_EXHAUSTED: storage is full" "a 9 MB upload to a 6 MiB filesystem is refused" upload all
	expect_out 0 "Kho lưu trữ số" "skd still serves what it has" as an.hm initiative get 1
	sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
	[[ $rc == 0 ]] && ok "and stops cleanly" || { echo "exit $rc" >"$work/out"; bad "and stops cleanly"; }
	umount "$M"
else
	echo "skip a full tmpfs: this machine does not let us mount one"
fi

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
