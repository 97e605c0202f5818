#!/usr/bin/env bash
# The reports through sk on a real skd, on a known set of dossiers: in Xã
# Hát Môn a topic, a topic started, filed 10 days ago, recognised, decided,
# sent to the district in round 1 and recognised there, a dossier refused,
# one awaiting its council, a draft; in Xã Sen Phương a dossier filed 4
# days ago and recognised, one returned for correction, a topic; at the
# district the copy, registered and recognised by its council. skd's clock
# is moved by libfaketime: the data directory is made 10 days ago (so that
# its certificates are valid then), receipts are issued 10 and 4 days ago,
# and 120 days on two dossiers are overdue. Checks the table (the figures
# known, the columns), the CSV read by Python's csv module (the BOM, CRLF,
# quoting, Vietnamese intact, every figure the server's), the workbook read
# by openpyxl (its sheets, bold headings, widths, numbers and dates as
# such, every figure the server's, the charts), a period, a round, the
# overdue dossiers, the authors for commendation; that a commune's users
# see their commune alone, and are refused the other's, while the
# district's office sees both; help, usage errors and files kept.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
ft=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)
[[ -n $ft ]] || { echo "libfaketime is missing (apt-get install faketime)"; echo "0 passed, 1 failed"; exit 1; }
# Debian's python3 (python3-openpyxl), not one a user put first in PATH.
PY=${PYTHON:-/usr/bin/python3}
[[ -x $PY ]] || PY=python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
	{ echo "openpyxl is missing (apt-get install python3-openpyxl)"; echo "0 passed, 1 failed"; exit 1; }
check() { "$PY" "$here/reports_check.py" "$@"; }

sk_fresh reports
rm -rf "$D"
LD_PRELOAD=$ft FAKETIME=-10d "$SKD" init "$D" >/dev/null 2>&1 || { echo "FAIL skd init"; exit 1; }
# clock OFFSET: skd again, its clock moved by OFFSET ("" for the true one).
clock() {
	[[ -n ${SKD_PID:-} ]] && { sk_stop "$SKD_PID"; SK_PIDS=(); }
	if [[ -n $1 ]]; then SKD_WRAP="env LD_PRELOAD=$ft FAKETIME=$1" sk_start "$D" || exit 1
	else SKD_WRAP= sk_start "$D" || exit 1; fi
}
clock -10d
adm() { "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" "$@"; }
person() {
	adm user create "$1" --name "$2" --unit "$3" --roles "$4" --out "$U" >/dev/null ||
		{ echo "FAIL cannot enrol $1"; exit 1; }
}
person an.hm "Nguyễn Văn An" xa-hat-mon author
person an.sp "Lê Văn Cường" xa-sen-phuong author
for s in hm sp; do
	code=xa-hat-mon; [[ $s == sp ]] && code=xa-sen-phuong
	person "clerk.$s" "Văn thư $s" "$code" clerk
	person "head.$s" "Chủ tịch $s" "$code" council,head
	person "m1.$s" "Ủy viên một $s" "$code" council
	person "m2.$s" "Ủy viên hai $s" "$code" council
done
person vp.pt "Phòng Kinh tế" phuc-tho district
person chu.pt "Chủ tịch huyện" phuc-tho council,head
person tv1.pt "Ủy viên một huyện" phuc-tho council
person tv2.pt "Ủy viên hai huyện" phuc-tho council
person nv.pt "Phòng Nội vụ" phuc-tho commendation
person aud.pt "Thanh tra huyện" phuc-tho auditor
for s in hm sp; do
	as "head.$s" council set --member "head.$s:chair" --member "m1.$s:secretary" --member "m2.$s:expert" >/dev/null
done
as chu.pt council set --member chu.pt:chair --member tv1.pt:secretary --member tv2.pt:expert >/dev/null

applied=$(date -d '-60 days' +%d/%m/%Y)
today() { date -d "${1:-now}" +%d/%m/%Y; }
# dossier LOGIN TITLE CATEGORY AUTHOR... [--register]: a complete dossier.
dossier() {
	local who=$1 title=$2 cat=$3; shift 3
	as "$who" initiative create --title "$title" --summary "Tóm tắt: $title" --category "$cat" \
		--field "Lĩnh vực" --description "Mô tả giải pháp" --benefits "Lợi ích" --applied \
		--first-applied "$applied" "$@" >/dev/null || echo "FAIL cannot create $title"
}
AN="name=Nguyễn Văn An;share=60;workplace=Trường Tiểu học Hát Môn;login=an.hm"
BINH="name=Trần Thị Bình;share=40;workplace=Trường Tiểu học Hát Môn"
CUONG="name=Lê Văn Cường;share=100;workplace=HTX Sen Phương;login=an.sp"
WHOLE="Ứng dụng bảng tương tác, học liệu số trong dạy học"
WAITING='Chờ hội đồng "xét" lại'
# Ten days ago: Hát Môn's 1 topic, 2 topic started and filed, 3 refused,
# 4 filed, 5 a draft; Sen Phương's 1 filed, 2 returned, 3 a topic.
dossier an.hm "Đề tài: sổ tay số, bản 2024" 3 --author "$AN" --author "$BINH" --register
dossier an.hm "$WHOLE" 4 --author "$AN" --author "$BINH" --register
dossier an.hm "Giải pháp bị từ chối" 3 --author "name=Nguyễn Văn An;share=100;workplace=UBND xã Hát Môn;login=an.hm"
dossier an.hm "$WAITING" 3 --author "$AN" --author "$BINH"
dossier an.hm "Bản nháp chưa nộp" 6 --author "$AN" --author "$BINH"
dossier an.sp "Mô hình trồng rau an toàn" 5 --author "$CUONG"
dossier an.sp "Sổ tay nông dân" 5 --author "$CUONG"
dossier an.sp "Đề tài: chuỗi nông sản" 5 --author "$CUONG" --register
{
	as an.hm initiative start 2 && as an.hm initiative submit 2 && as clerk.hm initiative accept 2
	as an.hm initiative submit 3 && as clerk.hm initiative refuse 3 --reason "Trùng với sáng kiến đã công nhận"
	as an.hm initiative submit 4 && as clerk.hm initiative accept 4
	as an.sp initiative submit 1
	as an.sp initiative submit 2 && as clerk.sp initiative return 2 --reason "Bổ sung số liệu"
} >/dev/null || echo "FAIL the flow ten days ago"
# Four days ago Sen Phương accepts its own.
clock -4d
as clerk.sp initiative accept 1 >/dev/null || echo "FAIL accepting four days ago"
# Today: the councils recognise, the heads decide, Hát Môn's goes up.
clock ""
recognise() { # SUFFIX ID DECISION
	local s=$1 id=$2 sid m
	sid=$(as "clerk.$s" --json session open --title "Phiên họp" "$id" | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
	for m in head m1 m2; do as "$m.$s" vote "$sid" "$id" yes; done >/dev/null
	as "head.$s" session close "$sid" >/dev/null && as "head.$s" decision issue --number "$3" "$id" >/dev/null
}
recognise hm 2 "125/QĐ-UBND" || echo "FAIL Hát Môn's council"
recognise sp 1 "40/QĐ-UBND" || echo "FAIL Sen Phương's council"
{
	as vp.pt round create --name "Đợt 1 năm 2024" --closes "$(today '+3 days')"
	as head.hm forward nominate --number 15/TTr-UBND --reasons "Áp dụng toàn huyện" --sector giao-duc 2
	as an.hm forward complete 2 --scope "Các trường tiểu học trong huyện"
	as head.hm forward send 1
	as vp.pt initiative register 1
	as chu.pt session open --title "Hội đồng Sáng kiến huyện" 1
	for m in chu.pt tv1.pt tv2.pt; do as "$m" vote 1 1 yes; done
	as chu.pt session close 1
	as chu.pt decision issue --number 88/QĐ-UBND 1
} >/dev/null || echo "FAIL the way up"
expect_out 0 "Recognised: +decision 88/QĐ-UBND" "setup: Hát Môn's initiative 2 is recognised at the district" as an.hm initiative get 2

# ---- the summary, as people read it ---------------------------------------------------
as vp.pt report summary >"$work/summary.txt" 2>&1
row() { # NAME PATTERN FILE
	grep -qE "$2" "$3" && ok "$1" || { cp "$3" "$work/out"; bad "$1"; }
}
S="$work/summary.txt"
row "summary: the heading says of how many units, as of today, all time" "^Figures of 39 units as of $(today); all time\.$" "$S"
row "summary: the columns" "^UNIT +TOPICS +FILED +RECEIPTS +RECOGNISED +NOT REC\. +REFUSED +SENT UP +REC\. ABOVE +PENDING +OVERDUE +DECIDED +MEDIAN DAYS +MAX DAYS$" "$S"
row "summary: Hát Môn: 2 topics, 3 filed, 2 receipts, 1 recognised, 1 refused, sent up and recognised above, 1 pending, decided in 10 days" \
	"^Xã Hát Môn +2 +3 +2 +1 +0 +1 +1 +1 +1 +0 +1 +10 +10$" "$S"
row "summary: Sen Phương: decided in 4 days" "^Xã Sen Phương +1 +2 +1 +1 +0 +0 +0 +0 +0 +0 +1 +4 +4$" "$S"
row "summary: the district: its copy received, registered, recognised the same day" "^Huyện Phúc Thọ +0 +1 +1 +1 +0 +0 +0 +0 +0 +0 +1 +0 +0$" "$S"
row "summary: the total, the median of 0, 4 and 10 days" "^TOTAL +3 +6 +4 +3 +0 +1 +1 +1 +1 +0 +3 +4 +10$" "$S"
row "summary: the units with nothing are counted, not listed" "^\(3 of the 39 rows have figures; --all lists every one\)$" "$S"
expect_out 0 "^Xã Xuân Đình( +0){11}$" "summary --all lists every unit" as vp.pt report summary --all
expect_out 0 "^4\. Ứng dụng tiến bộ vào thực ?… +1 +2 +2 +2 +0 +0 +1 +1 +0 +0 +2 +5 +10$" "summary --by category: category 4, named, its copy counted" as vp.pt report summary --by category
expect_out 0 "^Giáo dục và đào tạo +1 +2 +2 +2 +0 +0 +1 +1 +0 +0 +2 +5 +10$" "summary --by sector: education" as vp.pt report summary --by sector
expect_out 0 "^\(not sent up\) +" "and those not sent up" as vp.pt report summary --by sector
expect_out 0 "^1 Đợt 1 năm 2024 +1 +2 +2 +2 +0 +0 +1 +1 +0 +0 +2 +5 +10$" "summary --by round: round 1, named" as vp.pt report summary --by round
expect_out 0 "^Xã Hát Môn +1 +1 +1 +1 +0 +0 +1 +1 +0 +0 +1 +10 +10$" "summary --round 1: what went up in it" as vp.pt report summary --round 1
expect_not 0 "Sen Phương" "and nothing else" as vp.pt report summary --round 1
expect_out 0 "^Figures of 39 units as of $(today); all time; round 1 \"Đợt 1 năm 2024\"\.$" "whose heading names the round" as vp.pt report summary --round 1
expect_out 0 "^Xã Hát Môn +0 +0 +0 +1 +0 +0 +1 +1 +1 +0 +1 +10 +10$" "summary --from today: what happened today (the pending one is today's)" \
	as vp.pt report summary --from "$(today)"
expect_out 0 "from $(today) to $(today)" "whose heading names the period" as vp.pt report summary --from "$(today)" --to "$(today)"
expect_out 0 "^TOTAL( +0){8} +1 +0 +0$" "a period long past: nothing happened in it" \
	as vp.pt report summary --from 01/01/2020 --to 31/12/2020
expect_json 0 '^\{"as_of":"[0-9-]{10}","total":\{"by_state":\[0,2,1,0,1,1,0,3,0,0,1,0,0,0\],"registered":3,"applied":6,"accepted":4,"recognised":3,.*"units":\[' \
	"summary --json: the StatsResponse" as vp.pt --json report summary

# ---- states --------------------------------------------------------------------------
expect_out 0 "^UNIT +REGISTERED +DRAFT +RETURNED +ACCEPTED +RECOGNISED +REFUSED +ALL$" "states: only the states there are" as vp.pt report states
expect_out 0 "^Xã Hát Môn +1 +1 +0 +1 +1 +1 +5$" "states: Hát Môn's five" as vp.pt report states
expect_out 0 "^TOTAL +2 +1 +1 +1 +3 +1 +9$" "states: the total" as vp.pt report states

# ---- who sees what -------------------------------------------------------------------------
as vp.pt --json report summary >"$work/pt.json" 2>/dev/null
expect 0 "the district's office sees the 39 units: both communes, the district" \
	check json-units-include "$work/pt.json" 39 xa-hat-mon xa-sen-phuong phuc-tho
"$SK" -c "$U/clerk.sp.conf" --server "127.0.0.1:$PORT" --json report summary >"$work/sp.json" 2>/dev/null
expect 0 "Sen Phương's clerk sees Sen Phương alone" check json-units "$work/sp.json" xa-sen-phuong
expect_not 0 "Hát Môn|Phúc Thọ|xa-hat-mon" "nothing of Hát Môn's, in the table either" as clerk.sp report summary --all
expect_out 4 "PERMISSION_DENIED: reading the figures of reports: your roles reach your own unit, not xa-hat-mon" \
	"and is refused Hát Môn's" as clerk.sp report summary --unit xa-hat-mon
expect_out 4 "PERMISSION_DENIED: .*not xa-sen-phuong" "Hát Môn's head is refused Sen Phương's" as head.hm report authors --unit xa-sen-phuong
expect_out 4 "PERMISSION_DENIED: .*not phuc-tho" "and the district's" as head.hm report overdue --unit phuc-tho
expect_out 4 "PERMISSION_DENIED: reading the figures of reports needs the role" "an author has no figures" as an.hm report summary
expect_out 4 "NOT_FOUND: unit_code: no unit \"xa-khong-co\"" "a unit that is not" as vp.pt report summary --unit xa-khong-co
as aud.pt --json report summary >"$work/aud.json" 2>/dev/null
expect 0 "the district's auditor sees the district's own" check json-units "$work/aud.json" phuc-tho
as vp.pt --json report summary --unit xa-hat-mon >"$work/hm.json" 2>/dev/null
expect 0 "the district's office names one unit below it" check json-units "$work/hm.json" xa-hat-mon

# ---- authors, for commendation -------------------------------------------------------------
as nv.pt report authors >"$work/authors.txt" 2>&1
A="$work/authors.txt"
row "authors: the columns" "^AUTHOR +WORKPLACE +N +SHARES % +UNIT +ID +TITLE +SHARE % +DECISION +SIGNED +FROM +AWARD$" "$A"
row "authors: Lê Văn Cường first (as people sort names), once" "^Lê Văn Cường +HTX Sen Phương +1 +100 +xa-sen-phuong +1 +Mô hình trồng rau an toàn +100 +40/QĐ-UBND +$(today)$" "$A"
row "authors: Nguyễn Văn An, twice: 120 % in all" "^Nguyễn Văn An +Trường Tiểu học Hát Môn +2 +120 +phuc-tho +1 +Ứng dụng bảng tương tác, học liệu số trong … +60 +88/QĐ-UBND +$(today) +xa-hat-mon$" "$A"
row "authors: his recognition at Hát Môn on a line of its own" "^ +xa-hat-mon +2 +Ứng dụng bảng tương tác, học liệu số trong … +60 +125/QĐ-UBND +$(today)$" "$A"
row "authors: Trần Thị Bình, named without a login" "^Trần Thị Bình +Trường Tiểu học Hát Môn +2 +80 +phuc-tho" "$A"
expect_out 0 "no initiative was recognised in the period" "authors: none in a period long past" as nv.pt report authors --to 31/12/2020

# ---- CSV, read by Python's csv module ---------------------------------------------------------
as vp.pt --json report summary >"$work/all.json" 2>/dev/null
expect_out 0 "^Wrote $work/summary\.csv: 40 rows\.$" "summary --csv writes every unit and the total" as vp.pt report summary --csv "$work/summary.csv"
expect 0 "summary CSV: BOM, CRLF, RFC 4180; every figure the server's" check csv-rows "$work/summary.csv" "$work/all.json" unit
expect 0 "summary CSV: Vietnamese intact" check raw-has "$work/summary.csv" "Xã Sen Phương,1,2,1,1"
as vp.pt report summary --by category --csv "$work/category.csv" >/dev/null
expect 0 "summary --by category CSV: every figure the server's" check csv-rows "$work/category.csv" "$work/all.json" category
as vp.pt report summary --by round --csv "$work/round.csv" >/dev/null
expect 0 "summary --by round CSV: every figure the server's" check csv-rows "$work/round.csv" "$work/all.json" round
as nv.pt --json report authors >"$work/authors.json" 2>/dev/null
as nv.pt report authors --csv "$work/authors.csv" >/dev/null
expect 0 "authors CSV: every recognition the server's, names and dates intact" check csv-authors "$work/authors.csv" "$work/authors.json"
expect 0 "authors CSV: a title with a comma is quoted" check raw-has "$work/authors.csv" "\"$WHOLE\""
expect_out 1 "authors\.csv: exists; give --force to replace it" "an existing file is kept" as nv.pt report authors --csv "$work/authors.csv"
expect 0 "--force replaces it" as nv.pt report authors --csv "$work/authors.csv" --force
expect_out 2 "--csv and --xlsx name the same file" "one file for both is refused" as nv.pt report authors --csv "$work/x" --xlsx "$work/x"
expect_out 1 "cannot write" "a file that cannot be written" as nv.pt report authors --csv /nonexistent/dir/a.csv

# ---- the workbook, read by openpyxl -------------------------------------------------------------
expect_out 0 "^Wrote $work/report\.xlsx: 8 sheets\.$" "summary --xlsx writes the workbook" as vp.pt report summary --xlsx "$work/report.xlsx"
expect 0 "workbook: its sheets, bold headings, widths, numbers and dates, figures the server's, charts by unit and category" \
	check xlsx "$work/report.xlsx" "$work/all.json" "Theo đơn vị"
as vp.pt report authors --xlsx "$work/authors.xlsx" >/dev/null
expect 0 "report authors --xlsx: the authors' sheet is shown first" check xlsx "$work/authors.xlsx" "$work/all.json" "Tác giả"
as clerk.sp report summary --xlsx "$work/sp.xlsx" >/dev/null
expect 0 "Sen Phương's clerk's workbook holds nothing of Hát Môn's" check xlsx-absent "$work/sp.xlsx" "Hát Môn"
expect 0 "nor of the district's" check xlsx-absent "$work/sp.xlsx" "Phúc Thọ"

# ---- overdue, 120 days on ------------------------------------------------------------------------
expect_out 0 "nothing is overdue" "overdue: nothing today" as vp.pt report overdue
clock +120d
expect_out 0 "^UNIT +ID +STATE +LATE FOR +DUE +DAYS LATE +TITLE$" "overdue: the columns" as vp.pt report overdue
expect_out 0 "^xa-sen-phuong +2 +returned +correction +$(today '+20 days') +100 +Sổ tay nông dân$" \
	"overdue: Sen Phương's correction, 30 days after its return, the latest first" as vp.pt report overdue
expect_out 0 "^xa-hat-mon +4 +accepted +council review +[0-9/]{10} +[0-9]+ +Chờ hội đồng \"xét\" lại$" \
	"overdue: Hát Môn's council, three months after the receipt" as vp.pt report overdue
as vp.pt --json report overdue >"$work/late.json" 2>/dev/null
expect 0 "overdue JSON: each late by the server's day less its due day, in that order" \
	check json-overdue "$work/late.json" xa-sen-phuong/2 xa-hat-mon/4
as vp.pt report overdue --csv "$work/late.csv" >/dev/null
expect 0 "overdue CSV: quotes doubled" check raw-has "$work/late.csv" '"Chờ hội đồng ""xét"" lại"'
expect 0 "overdue CSV: dates ISO 8601" check raw-has "$work/late.csv" ",$(date -d '+20 days' +%Y-%m-%d),100,"
expect_out 0 "^Xã Hát Môn +2 +3 +2 +1 +0 +1 +1 +1 +1 +1 " "summary: Hát Môn's one pending is overdue" as vp.pt report summary
expect_not 0 "xa-hat-mon" "Sen Phương's clerk sees its own alone" as clerk.sp report overdue
clock ""

# ---- help and usage ------------------------------------------------------------------------------
expect_out 0 "^  sk report summary " "sk help lists the reports" "$SK" help
expect_out 0 "^  sk report authors" "sk report --help" "$SK" report --help
expect_out 0 "--by G +one row per unit" "sk report summary --help" "$SK" report summary --help
expect_out 0 "--xlsx FILE +a workbook of every report" "sk help report authors" "$SK" help report authors
expect_out 2 "report needs a command: summary, states, overdue, authors" "a group alone lists its commands" "$SK" report
expect_out 2 "--by \"town\": give unit, category, sector or round" "a bad grouping" as vp.pt report summary --by town
expect_out 2 "--by \"unit\": only summary and states are grouped" "overdue is not grouped" as vp.pt report overdue --by unit
expect_out 2 "--from \"31/02/2024\": no such date: month 2 of 2024 has 29 days" "an impossible date" as vp.pt report summary --from 31/02/2024
expect_out 2 "--to 2024-01-01 is before --from 2024-12-31" "a period the wrong way round" as vp.pt report summary --from 31/12/2024 --to 01/01/2024
expect_out 2 "--round \"x\": give a round's ID" "a bad round" as vp.pt report summary --round x

sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "skd stops cleanly" || bad "skd stops cleanly"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
