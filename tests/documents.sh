#!/usr/bin/env bash
# Official documents, looked at as a person would: a dossier is walked
# through the flow with sk on a real skd (returned with a notice, accepted
# with a receipt, reviewed in a secret and in an open session, decided,
# nominated to the district); then for each document `sk document KIND ID
# --out F.pdf`, its text as poppler extracts it (pdftotext -layout: the
# national title and motto, the issuing body, the number, the place and
# date, the subject, the names, the tally, with their diacritics), A4 by
# pdfinfo, a PNG by pdftoppm, the QR code read back by zbarimg and equal
# to the log line printed under it, that log position checked by an
# auditor against the signed log (the entry is the step the document
# records), everything `--text` prints found in the PDF, nothing in the
# secret ballot's minutes that puts a member next to a vote, and wrong
# IDs, open sessions, missing papers and a wrong log key refused with
# sk's exit statuses. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
for t in pdftotext pdfinfo pdftoppm zbarimg; do
	command -v $t >/dev/null || { echo "$t is missing (apt-get install poppler-utils zbar-tools)"; echo "0 passed, 1 failed"; exit 1; }
done

sk_fresh documents
sk_start "$D" || { echo "FAIL cannot start skd"; exit 1; }
sk_enrol "$D" "an.hm xa-hat-mon author" "clerk.hm xa-hat-mon clerk" "head.hm xa-hat-mon council,head" \
	"m1.hm xa-hat-mon council" "m2.hm xa-hat-mon council" "aud.hm xa-hat-mon auditor" || exit 1
KEY=$(cat "$D/log.key.pub")
P=$work/pdf
mkdir -p "$P"

# ---- the flow ----------------------------------------------------------------------------
applied=$(date -d '-60 days' +%d/%m/%Y)
TITLE="Số hóa hồ sơ một cửa điện tử"
dossier() {
	as an.hm initiative create --title "$1" --summary "Tóm tắt: $1" --category 3 --field "Cải cách hành chính" \
		--description "Quét, lưu và tra cứu hồ sơ theo mã vạch." --benefits "Giảm 30% thời gian xử lý." \
		--conditions "Máy quét, phần mềm một cửa." --applied --first-applied "$applied" \
		--author "name=Người an.hm;share=60;born=12/05/1985;workplace=UBND xã Hát Môn;title=Công chức văn phòng;qualification=Cử nhân;login=an.hm" \
		--author "name=Trần Thị Bình;share=40;born=03/09/1990;workplace=Trường Tiểu học Hát Môn;title=Giáo viên;qualification=Thạc sĩ" >/dev/null
}
as head.hm council set --member head.hm:chair --member m1.hm:secretary --member m2.hm:expert >/dev/null
dossier "$TITLE"
dossier "Sổ tay điện tử cho tổ dân phố"
dossier "Bản đồ số các hộ sản xuất"
for i in 1 2 3; do as an.hm initiative submit $i; done >/dev/null
as clerk.hm initiative return 2 --reason "Bổ sung đánh giá của người áp dụng thử." >/dev/null
as clerk.hm initiative accept 1 >/dev/null && as clerk.hm initiative accept 3 >/dev/null
expect_out 0 "^Session 1: " "a secret session on initiative 1" as clerk.hm session open --title "Phiên họp kín" --secret 1
as head.hm vote 1 1 yes --scores 8,9,9 >/dev/null; as m1.hm vote 1 1 yes --scores 9,9,8 >/dev/null; as m2.hm vote 1 1 no >/dev/null
expect_out 0 "^Session 2: " "an open session on initiative 3" as clerk.hm session open --title "Phiên họp công khai" 3
as head.hm vote 2 3 yes --scores 7,8,8 >/dev/null; as m1.hm vote 2 3 yes >/dev/null; as m2.hm vote 2 3 abstain >/dev/null
expect_out 4 "FAILED_PRECONDITION: session 2 is still open" "an open session has no minutes yet" as head.hm document minutes 2 --out "$work/x.pdf"
as head.hm session close 1 >/dev/null && as head.hm session close 2 >/dev/null
expect_out 0 "^Số: 125/QĐ-UBND$" "the head decides" as head.hm decision issue --number 125/QĐ-UBND 1 3
expect_out 0 "asked to complete" "and nominates initiative 1 to the district" \
	as head.hm forward nominate --number 15/TTr-UBND --reasons "Áp dụng được cho mọi xã trong huyện" --sector hanh-chinh 1
as an.hm forward complete 1 --scope "Nhân rộng tại 18 xã, thị trấn" >/dev/null

# ---- what each document must say ------------------------------------------------------------
d=$(date +%d) m=$(date +%-m) y=$(date +%Y)
((m <= 2)) && m=0$m
TODAY="Hát Môn, ngày $d tháng $m năm $y"
ENTRY='' # the log entry the last document named

# pdf NAME FILE: the checks every document passes: A4, a PNG, its text.
pdf() {
	local name=$1 f=$2
	pdfinfo "$f" >"$work/out" 2>&1
	grep -qE "^Page size: +595(\.[0-9]+)? x 841(\.[0-9]+)? pts \(A4\)" "$work/out" && ok "$name: A4 (pdfinfo)" || bad "$name: A4 (pdfinfo)"
	rm -f "$work/png"-*.png
	pdftoppm -png -r 50 -f 1 -l 1 "$f" "$work/png" >"$work/out" 2>&1
	if [[ $(head -c 8 "$work"/png-*1.png 2>/dev/null | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] &&
		(($(stat -c %s "$work"/png-*1.png) > 2000)); then ok "$name: pdftoppm renders it"; else bad "$name: pdftoppm renders it"; fi
	pdftotext -layout "$f" - 2>/dev/null | tr -d '\f' | tr -s ' ' >"$f.txt"
	tr '\n' ' ' <"$f.txt" | tr -s ' ' >"$f.flat"
}

# has NAME FILE PATTERN...: each PATTERN in the text of the PDF (its lines
# as laid out, or all of it on one line for what wraps).
has() {
	local name=$1 f=$2 pat; shift 2
	for pat in "$@"; do
		if grep -qE -- "$pat" "$f.txt" || grep -qE -- "$pat" "$f.flat"; then ok "$name: $pat"
		else cp "$f.txt" "$work/out"; bad "$name: $pat"; fi
	done
}

# logpos NAME FILE ACTION OBJECT: the line printed under the document and
# in its QR code: the log of Hát Môn, an entry that an auditor finds in
# the signed log as the step the document records.
logpos() {
	local name=$1 f=$2 action=$3 object=$4 line qrline entry last
	line=$(grep -oE 'Nhật ký quyết định: [^;]*; điểm kiểm tra [0-9]+ mục, gốc [0-9a-f]{64}( \([^)]*\))?' "$f.flat" | tail -1)
	if [[ $line =~ ^Nhật\ ký\ quyết\ định:\ sk\.phuc-tho-[0-9a-f]+/xa-hat-mon,\ mục\ ([0-9]+)(,\ [0-9]+)*\;\ điểm\ kiểm\ tra\ [0-9]+\ mục,\ gốc\ [0-9a-f]{64}$ ]]; then
		ok "$name: the log line"; ENTRY=${BASH_REMATCH[1]}
	else echo "     $line" >"$work/out"; bad "$name: the log line"; return; fi
	last=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	rm -f "$work/qr"-*.png
	pdftoppm -png -r 200 -f "$last" -l "$last" "$f" "$work/qr" 2>/dev/null
	qrline=$(zbarimg -q --raw "$work"/qr-*.png 2>/dev/null)
	[[ $qrline == "$line" ]] && ok "$name: the QR code reads the same line (zbarimg)" ||
		{ printf '     printed: %s\n     QR:      %s\n' "$line" "$qrline" >"$work/out"; bad "$name: the QR code reads the same line (zbarimg)"; }
	expect_out 0 "entry $ENTRY is in the signed tree" "$name: the auditor finds entry $ENTRY in the signed log" \
		as aud.hm audit verify xa-hat-mon --entry "$ENTRY" --state "$work/st" --log-key "$KEY"
	as aud.hm --json audit history xa-hat-mon --state "$work/st" --log-key "$KEY" 2>&1 |
		grep -o "{\"origin\":[^{}]*\"seq\":\"$ENTRY\"[^{}]*}" >"$work/out"
	grep -q "\"action\":\"$action\",\"object\":\"$object\"" "$work/out" && ok "$name: entry $ENTRY is $action of $object" ||
		bad "$name: entry $ENTRY is $action of $object"
}

# same NAME FILE KIND ID: every line --text prints is in the PDF (spaces
# aside, table rows aside: their cells are laid out in columns there).
same() {
	local name=$1 f=$2 kind=$3 id=$4 flat line missing=0
	flat=$(tr -d ' \n' <"$f.txt")
	as head.hm document "$kind" "$id" --text >"$work/text.txt" 2>&1
	while IFS= read -r line; do
		[[ -z $line || $line == *" | "* || $line == "-----"* ]] && continue
		[[ $flat == *"${line// /}"* ]] || { echo "     not in the PDF: $line"; missing=1; }
	done <"$work/text.txt" >"$work/out"
	((missing == 0)) && ok "$name: what --text prints is what the PDF says" || bad "$name: what --text prints is what the PDF says"
}

# common NAME FILE: the national title, the motto, the body, the date.
common() {
	has "$1" "$2" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" "UBND HUYỆN PHÚC THỌ" \
		"UBND XÃ HÁT MÔN" "$TODAY"
}

# ---- the receipt -----------------------------------------------------------------------------
F=$P/bien-nhan.pdf
expect_out 0 "^Wrote $F: receipt 1, 1 page$" "document receipt writes the PDF" as clerk.hm document receipt 1 --out "$F"
pdf receipt "$F"; common receipt "$F"
has receipt "$F" "GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN" "Số: 1/$y/TN" "UBND xã Hát Môn đã nhận hồ sơ" \
	"\"$TITLE\"" "Tác giả: Người an.hm \(60%\), Trần Thị Bình \(40%\)" "Hạn trả kết quả: [0-9]{2}/[0-9]{2}/[0-9]{4}" \
	"NGƯỜI NHẬN HỒ SƠ" "Người clerk.hm" "Nơi nhận:"
logpos receipt "$F" initiative.accept initiative/1
same receipt "$F" receipt 1
expect_out 0 "^GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN$" "sk initiative receipt prints the same paper" as an.hm initiative receipt 1
expect_out 0 "^Nhật ký quyết định: sk.phuc-tho-[0-9a-f]+/xa-hat-mon, mục $ENTRY;" "with its log line" as an.hm initiative receipt 1
expect_out 1 "the file exists \(--force replaces it\)" "an existing file is kept" as clerk.hm document receipt 1 --out "$F"
expect_out 0 "^Wrote $F" "--force replaces it" as clerk.hm document receipt 1 --out "$F" --force
(cd "$work" && as clerk.hm document receipt 1 >/dev/null)
[[ -s $work/bien-nhan-1.pdf ]] && ok "the default file name is bien-nhan-1.pdf" || bad "the default file name is bien-nhan-1.pdf"

# ---- the notice --------------------------------------------------------------------------------
F=$P/thong-bao.pdf
as an.hm document notice 2 --out "$F" >/dev/null
pdf notice "$F"; common notice "$F"
has notice "$F" "THÔNG BÁO" "Về việc trả lại hồ sơ yêu cầu công nhận sáng kiến để sửa đổi, bổ sung" \
	"Kính gửi: Người an.hm, Trần Thị Bình" "Bổ sung đánh giá của người áp dụng thử\." "Số: 1/$y/TB" "NGƯỜI LẬP THÔNG BÁO"
logpos notice "$F" initiative.return initiative/2
same notice "$F" notice 2

# ---- the minutes of the secret ballot, and of the open one ------------------------------------
F=$P/bien-ban-kin.pdf
as m1.hm document minutes 1 --out "$F" >/dev/null
pdf "secret minutes" "$F"
has "secret minutes" "$F" "BIÊN BẢN" "Họp Hội đồng Sáng kiến xét công nhận sáng kiến" "HỘI ĐỒNG SÁNG KIẾN" "Số: 1/BB-HĐSK" \
	"UBND XÃ HÁT MÔN" "$TODAY" "Hình thức biểu quyết: bỏ phiếu kín" "Hội đồng có 3 thành viên; có mặt và bỏ phiếu 3 thành viên" \
	"Người head.hm Chủ tịch Hội đồng" "Người m1.hm Thư ký" "Người m2.hm Thành viên chuyên gia" \
	"từ 2/3 tổng số thành viên Hội đồng đồng ý" "từ 1/2 tổng số thành viên Hội đồng tham gia" \
	"$TITLE 3 2 1 0 2 Đạt" "1 2 8,50 9,00 8,50" "Người head.hm, Người m1.hm, Người m2.hm" "CHỦ TỊCH HỘI ĐỒNG" "THƯ KÝ"
logpos "secret minutes" "$F" initiative.recognise initiative/1
same "secret minutes" "$F" minutes 1
# A member's name and a vote on one line would say how they voted.
if grep -E "(head|m1|m2)\.hm" "$F.txt" | grep -qE "Đồng ý|Không đồng ý|Không ý kiến"; then
	grep -E "(head|m1|m2)\.hm" "$F.txt" >"$work/out"; bad "the secret minutes put no member next to a vote"
else ok "the secret minutes put no member next to a vote"; fi
F=$P/bien-ban-cong-khai.pdf
as head.hm document minutes 2 --out "$F" >/dev/null
pdf "open minutes" "$F"
has "open minutes" "$F" "Hình thức biểu quyết: biểu quyết công khai" "Người m2.hm 3 Không ý kiến" "Người head.hm 3 Đồng ý 7/8/8"
grep -E "m2\.hm" "$F.txt" | grep -qE "Không ý kiến" && ok "the open minutes do record each member's vote" ||
	{ cp "$F.txt" "$work/out"; bad "the open minutes do record each member's vote"; }

# ---- the decision ---------------------------------------------------------------------------------
F=$P/quyet-dinh.pdf
as head.hm document decision 1 --out "$F" >/dev/null
pdf decision "$F"; common decision "$F"
has decision "$F" "Số: 125/QĐ-UBND" "QUYẾT ĐỊNH" "Về việc công nhận sáng kiến cấp cơ sở" "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÁT MÔN" \
	"Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;" \
	"Căn cứ Thông tư số 18/2013/TT-BKHCN" "năm 2024;" "Căn cứ Biên bản họp Hội đồng Sáng kiến số 1/BB-HĐSK" \
	"Căn cứ Biên bản họp Hội đồng Sáng kiến số 2/BB-HĐSK" "QUYẾT ĐỊNH:" "Điều 1\. Công nhận sáng kiến cấp cơ sở đối với 2 sáng kiến" \
	"1 $TITLE Người an.hm 60" "Trần Thị Bình 40" "Bản đồ số các hộ sản xuất" "Điều 2\." "Điều 3\." \
	"TM\. ỦY BAN NHÂN DÂN" "CHỦ TỊCH" "Người head.hm" "- Như Điều 3;" "UBND huyện Phúc Thọ \(để báo cáo\)"
logpos decision "$F" initiative.decide initiative/1
same decision "$F" decision 1

# ---- the certificates: a page per author --------------------------------------------------------
F=$P/chung-nhan.pdf
expect_out 0 "^Wrote $F: certificate 1, 2 pages$" "document certificate: a page per author" as an.hm document certificate 1 --out "$F"
pdf certificate "$F"; common certificate "$F"
pdftotext -layout -f 1 -l 1 "$F" - 2>/dev/null | tr -s ' ' >"$F.p1"
pdftotext -layout -f 2 -l 2 "$F" - 2>/dev/null | tr -s ' ' >"$F.p2"
grep -q "Ông/Bà: Người an.hm" "$F.p1" && grep -q "Ông/Bà: Trần Thị Bình" "$F.p2" && ok "certificate: page 1 is the first author's, page 2 the second's" ||
	{ cat "$F.p1" "$F.p2" >"$work/out"; bad "certificate: page 1 is the first author's, page 2 the second's"; }
has certificate "$F" "GIẤY CHỨNG NHẬN SÁNG KIẾN" "Số: [0-9]+/$y/GCN-SK" "Căn cứ Quyết định số 125/QĐ-UBND" "CHỨNG NHẬN" \
	"Nơi công tác: Trường Tiểu học Hát Môn" "tỷ lệ đóng góp 40%" "Đồng tác giả: Người an.hm" "Người head.hm"
logpos certificate "$F" initiative.decide initiative/1
same certificate "$F" certificate 1

# ---- the submission ------------------------------------------------------------------------------
F=$P/to-trinh.pdf
as head.hm document submission 1 --out "$F" >/dev/null
pdf submission "$F"; common submission "$F"
has submission "$F" "TỜ TRÌNH" "Số: 15/TTr-UBND" "phạm vi ảnh hưởng cấp huyện" "Kính gửi: Hội đồng Sáng kiến huyện Phúc Thọ" \
	"1 Số hóa hồ sơ" "Người an.hm \(60%\)" "125/QĐ-UBND" "Nhân rộng tại" "Lý do đề nghị: Áp dụng được cho mọi xã trong huyện" \
	"kính trình Hội đồng Sáng kiến huyện Phúc Thọ"
logpos submission "$F" initiative.nominate initiative/1
same submission "$F" submission 1

# ---- the application: Form I ---------------------------------------------------------------------
F=$P/don.pdf
as an.hm document application 1 --out "$F" >/dev/null
pdf application "$F"
has application "$F" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN" \
	"Kính gửi: Hội đồng Sáng kiến cơ sở Xã Hát Môn" "Tôi \(chúng tôi\) ghi tên dưới đây:" "Người an.hm 12/05/1985" \
	"Trần Thị Bình 03/09/1990" "Thạc sĩ" "60%" "Là tác giả \(nhóm tác giả\) đề nghị xét công nhận sáng kiến: \"$TITLE\"" \
	"Lĩnh vực áp dụng sáng kiến: Cải cách hành chính" "Mô tả bản chất của sáng kiến: Quét, lưu và tra cứu" \
	"Các điều kiện cần thiết để áp dụng sáng kiến: Máy quét" "xin cam đoan mọi thông tin nêu trong đơn là trung thực" \
	"NGƯỜI NỘP ĐƠN" "$TODAY"
logpos application "$F" initiative.submit initiative/1
same application "$F" application 1

# ---- refusals -------------------------------------------------------------------------------------
expect_out 4 "NOT_FOUND: decision 99 " "a decision that does not exist: exit 4" as head.hm document decision 99 --out "$P/x.pdf"
expect_out 4 "NOT_FOUND: initiative 99 " "an initiative that does not exist" as clerk.hm document receipt 99 --out "$P/x.pdf"
expect_out 4 "NOT_FOUND: session 9 " "a session that does not exist" as head.hm document minutes 9 --out "$P/x.pdf"
expect_out 4 "NOT_FOUND: submission 7 " "a submission that does not exist" as head.hm document submission 7 --out "$P/x.pdf"
expect_out 4 "FAILED_PRECONDITION: initiative 2 has no receipt" "a dossier not accepted has no receipt" as clerk.hm document receipt 2 --out "$P/x.pdf"
expect_out 4 "NOT_FOUND: initiative 1 has no notice" "nor a notice when none was given" as clerk.hm document notice 1 --out "$P/x.pdf"
expect_out 4 "FAILED_PRECONDITION: initiative 2 is in state \"returned\"; certificates exist only" "nor certificates before a decision" as clerk.hm document certificate 2 --out "$P/x.pdf"
[[ ! -e $P/x.pdf ]] && ok "a refused document writes no file" || bad "a refused document writes no file"
"$SKD" init "$work/other" >/dev/null 2>&1
expect_out 5 "does not verify against the pinned log key" "a log that fails the pinned key: exit 5, no document" \
	as clerk.hm document receipt 1 --out "$P/x.pdf" --log-key "$(cat "$work/other/log.key.pub")"
grep -v '^log_key' "$U/clerk.hm.conf" >"$U/nokey.conf"
expect_out 0 "gốc [0-9a-f]{64} \(gốc chưa kiểm chứng: không có khóa nhật ký" "without a pinned key the root is said unverified" \
	"$SK" -c "$U/nokey.conf" --server "127.0.0.1:$PORT" document receipt 1 --text
expect_out 2 "document decision needs one ID" "usage: the ID is needed" as head.hm document decision
expect_out 2 "unknown command \"document memo\"; the commands of document: receipt, notice, minutes" "usage: the kinds are listed" as head.hm document memo 1
expect_out 2 "--text prints the document: it takes no --out" "usage: --text or --out" as head.hm document decision 1 --text --out x.pdf
expect_out 0 "sk document minutes SESSION" "sk document --help lists the documents" "$SK" document --help
expect_out 0 "^usage: sk document application ID \[--out FILE.pdf\]" "sk document application --help" "$SK" document application --help
expect_json 0 '^\{"path":"[^"]+/q.pdf","document":"decision","id":"1","pages":[0-9]+,"log":"Nhật ký quyết định: sk.phuc-tho-' \
	"--json says what it wrote" as head.hm --json document decision 1 --out "$P/q.pdf"
expect_json 4 '^\{"error":\{"exit":4,"code":"NOT_FOUND"' "--json: a refusal" as head.hm --json document decision 99 --out "$P/y.pdf"

sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "skd stops cleanly" || bad "skd stops cleanly"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
