#!/usr/bin/env bash
# Files: each unit may hold unit_files_max bytes of files. An upload counts
# from its start and stops counting when it fails its hash check or turns
# out to be bytes the unit already holds; those count once. Another unit
# has its own allowance. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_UPLOAD:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh files
sk_start "$D" --unit_files_max=3M || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "binh.hm xa-hat-mon author" \
	"dung.sp xa-sen-phuong author"
upload() { "$TOOL_UPLOAD" "$U/$1.conf" "127.0.0.1:$PORT" "$2" "$work/$3" "$4"; }
draft() { as "$1" initiative create --title "$2" --category 6 --author "Người $1" >/dev/null; }
head -c 1200000 /dev/urandom >"$work/a.bin"
head -c 900000 /dev/urandom >"$work/b.bin"
head -c 1100000 /dev/urandom >"$work/c.bin"
draft an.hm "Hồ sơ một"            # 1
draft binh.hm "Hồ sơ hai"          # 2
draft dung.sp "Hồ sơ Sen Phương"   # 1 of Sen Phương

# 1.2 MB that fail their hash stop counting: otherwise 3 x 1.2 MB below.
expect_out 1 "DATA_LOSS" "bytes that do not match their hash are refused" upload an.hm 1 a.bin bad
# Two uploads of the same bytes at once each hold their size...
expect_out 0 "^received 0 of 1200000" "an.hm begins a.bin again, from 0, and sends a chunk" upload an.hm 1 a.bin 1
expect_out 0 "^attached" "binh.hm uploads the same a.bin whole" upload binh.hm 2 a.bin all
# ...until the second finds them stored already and counts them once.
expect_out 0 "^attached" "an.hm finishes a.bin: stored once" upload an.hm 1 a.bin all
expect_out 0 "^received 1200000 of 1200000" "a.bin again for dossier 2 is there at once" upload binh.hm 2 a.bin 0
expect_out 0 "^attached" "0.9 MB more fit: 2.1 of 3 MiB" upload an.hm 1 b.bin all
expect_out 1 "RESOURCE_EXHAUSTED: your unit's files would take 3.05 of the 3.00 MiB" \
	"1.1 MB more would not: refused at the start" upload an.hm 1 c.bin 0
expect_out 0 "tool-upload.bin" "dossier 2 lists its file" as binh.hm attachments 2
expect_out 0 "^attached" "Sen Phương has its own allowance" upload dung.sp 1 c.bin all
sk_stop "$SKD_PID"; SK_PIDS=()

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
