#!/usr/bin/env bash
# Deadlines: a dossier accepted today is due for the council's answer in
# 3 months; a returned one is overdue after correction_days; an upload left
# unfinished is dropped after upload_days. The server is restarted 100 days
# later (libfaketime, Debian's faketime package): `sk overdue` lists both
# dossiers, and the upload is gone.
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_UPLOAD:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# The library itself, preloaded through env (which execs), so that the
# process started is skd and SIGTERM reaches it.
ft=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)
[[ -n $ft ]] || { echo "libfaketime is missing (apt-get install faketime)"; echo "0 passed, 1 failed"; exit 1; }

sk_fresh deadlines
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "clerk.hm xa-hat-mon clerk"
dossier() {
	as an.hm initiative create --title "$1" --summary "Tóm tắt" --category 6 \
		--field "Nghiệp vụ" --description "Mô tả" --benefits "Lợi ích" --applied \
		--first-applied "$(date -d '-30 days' +%d/%m/%Y)" \
		--author "name=Nguyễn Văn An;share=100;workplace=UBND xã Hát Môn;login=an.hm" >/dev/null
}
dossier "Hồ sơ chờ hội đồng"
dossier "Hồ sơ chờ bổ sung"
as an.hm initiative submit 1 >/dev/null && as clerk.hm initiative accept 1 >/dev/null
as an.hm initiative submit 2 >/dev/null && as clerk.hm initiative return 2 --reason "Bổ sung" >/dev/null
due=$(date -d '+3 months' +%d/%m/%Y)
expect_out 0 "Hạn trả kết quả: +$due" "the receipt's due date is 3 calendar months on" as an.hm initiative receipt 1
expect_out 0 "nothing overdue" "nothing is overdue today" as clerk.hm overdue
# Dossier 3 gets half of a two-chunk file, then the client goes away.
dossier "Hồ sơ có tệp dở dang"
head -c 300000 /dev/urandom >"$work/file.bin"
upload() { "$TOOL_UPLOAD" "$U/an.hm.conf" "127.0.0.1:$PORT" 3 "$work/file.bin" "$1"; }
expect_out 0 "^received 0 of 300000" "an upload begins at 0" upload 1
expect_out 0 "^received 262144 of 300000" "begun again, it resumes after its first chunk" upload 0
sk_stop "$SKD_PID"; SK_PIDS=()

SKD_WRAP="env LD_PRELOAD=$ft FAKETIME=+100d" sk_start "$D" || exit 1
expect_out 0 "^ +1 +council review +$due" "100 days later the council's answer is overdue" as clerk.hm overdue
expect_out 0 "^ +2 +correction " "and the correction not returned in 30 days is too" as clerk.hm overdue
expect_out 0 '"days_late":[0-9]+' "overdue in json names the days late" as clerk.hm --json overdue
expect_out 4 "PERMISSION_DENIED" "an author does not see the clerk's deadlines" as an.hm overdue
expect_out 0 "sweep: dropped 1 uploads unfinished for 7 days" "skd drops the unfinished upload on start" cat "$D/skd.log"
expect_out 0 "^received 0 of 300000" "so the upload begins again at 0" upload 0
sk_stop "$SKD_PID"; SK_PIDS=()

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
