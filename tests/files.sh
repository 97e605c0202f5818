#!/usr/bin/env bash
# Files: each unit may hold unit_files_max bytes of files (uploads count
# from their start). A refused upload stores nothing; the same bytes
# attached again are stored once and count once; another unit has its own
# allowance. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_UPLOAD:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

work=$(mktemp -d /tmp/sk-files.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT

D=$work/d U=$work/u
mkdir -p "$U"
"$SKD" init "$D" >/dev/null 2>&1
sk_start "$D" --unit_files_max=1M || exit 1
for u in "an.hm xa-hat-mon" "dung.sp xa-sen-phuong"; do
	set -- $u
	"$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" user create "$1" --name "Người $1" \
		--unit "$2" --roles author --out "$U" >/dev/null
done
as() { local who=$1; shift; "$SK" -c "$U/$who.conf" --server "127.0.0.1:$PORT" "$@"; }
upload() { "$TOOL_UPLOAD" "$U/$1.conf" "127.0.0.1:$PORT" "$2" "$work/$3" "$4"; }
draft() { as "$1" initiative create --title "$2" --category 6 --author "Người $1" >/dev/null; }
head -c 700000 /dev/urandom >"$work/a.bin"
head -c 400000 /dev/urandom >"$work/b.bin"
draft an.hm "Hồ sơ một"
draft an.hm "Hồ sơ hai"
draft dung.sp "Hồ sơ Sen Phương"

expect_out 0 "^attached" "a 700 KB file fits in 1 MiB" upload an.hm 1 a.bin all
expect_out 1 "RESOURCE_EXHAUSTED: your unit's files would take 1.05 of the 1.00 MiB" \
	"400 KB more would not: refused at the start" upload an.hm 1 b.bin 0
expect_out 0 "^received 700000 of 700000" "the same 700 KB for another dossier are stored once, not counted again" upload an.hm 2 a.bin 0
expect_out 0 "tool-upload.bin" "and listed there" as an.hm attachments 2
expect_out 0 "^attached" "Sen Phương has its own 1 MiB" upload dung.sp 1 b.bin all
sk_stop "$SKD_PID"; SK_PIDS=()

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
