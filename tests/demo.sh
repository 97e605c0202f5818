#!/usr/bin/env bash
# The demo: a server on an embedded LMDB data directory with development
# certificates, and a real initiative walked through the CLI; last, a
# commune on a server of its own, linked by cards. Every step
# prints the command it runs. The data directory is left for inspection.
#
#   SKD=build/skd SK=build/sk tests/demo.sh [DATA_DIR]
set -euo pipefail
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

D=${1:-demo-data}
rm -rf "$D"
trap 'sk_cleanup' EXIT

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold= plain=; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$1" "$plain"; }
# Show a command as one would type it: arguments with spaces in quotes.
show() {
	local a out='$'
	for a in "$@"; do
		[[ $a == *[[:space:]]* || -z $a ]] && a="\"$a\""
		out+=" $a"
	done
	printf '%s\n' "$out"
}
run() { show "$@"; "$@"; }
# Steps whose output would only repeat what was shown: the command alone.
quiet() { show "$@"; "$@" >/dev/null; }
# Steps that must be refused: show the refusal, fail the demo if it passes.
refused() {
	show "$@"
	"$@" && { echo "demo: that should have been refused" >&2; exit 1; } ||
		echo "(refused with exit status $?, as it should be)"
}

step "Initialise a data directory: CA, certificates, LMDB store, the Phúc Thọ 2024 units"
run "$SKD" init "$D"

step "Start the server on loopback"
sk_start "$D"
echo "skd is listening on 127.0.0.1:$PORT (log: $D/skd.log)"
ADMIN=(-c "$D/admin.conf" --server "127.0.0.1:$PORT")
U=$D/users; mkdir -p "$U"

step "The administrator checks who they are"
run "$SK" "${ADMIN[@]}" hello

step "The units of the district (search works without diacritics)"
run "$SK" "${ADMIN[@]}" units
run "$SK" "${ADMIN[@]}" units "phuc tho"

step "Enrol people of Xã Hát Môn: two authors, the clerk, three council members (one also the unit head); and an author of Xã Sen Phương"
enrol() { run "$SK" "${ADMIN[@]}" user create "$1" --name "$2" --unit "$3" --roles "$4" --out "$U" >/dev/null && echo "enrolled $1 ($2), roles $4"; }
enrol an.hatmon "Nguyễn Văn An" xa-hat-mon author
enrol binh.hatmon "Trần Thị Bình" xa-hat-mon author
enrol cuong.hatmon "Lê Văn Cường" xa-hat-mon clerk
enrol hung.hatmon "Đỗ Mạnh Hùng" xa-hat-mon council,head
enrol lan.hatmon "Vũ Thị Lan" xa-hat-mon council
enrol minh.hatmon "Hoàng Văn Minh" xa-hat-mon council
enrol dung.senphuong "Phạm Thị Dung" xa-sen-phuong author
enrol kiem.huyen "Ngô Thị Kiểm" phuc-tho auditor
run "$SK" "${ADMIN[@]}" user list --unit xa-hat-mon

step "The author connects with the certificate they were given"
run as an.hatmon hello

step "1. Registration: early in the year the author registers a topic"
run as an.hatmon initiative create --register \
	--title "Số hóa hồ sơ một cửa tại UBND xã Hát Môn" --category 3 \
	--author "Nguyễn Văn An:60" --author "Trần Thị Bình:40"

step "2. The author starts the dossier and writes the full application"
run as an.hatmon initiative start 1
run as an.hatmon initiative update 1 \
	--summary "Quét, lưu trữ và tra cứu điện tử hồ sơ thủ tục hành chính, rút ngắn thời gian trả kết quả." \
	--field "Cải cách hành chính" --applied --first-applied "$(date -d '-3 months' +%d/%m/%Y)" \
	--author "name=Nguyễn Văn An;share=60;born=12/05/1985;workplace=UBND xã Hát Môn;title=Công chức Văn phòng - Thống kê;qualification=Cử nhân Luật;login=an.hatmon" \
	--author "name=Trần Thị Bình;share=40;born=03/09/1990;workplace=UBND xã Hát Môn;title=Công chức Tư pháp - Hộ tịch;qualification=Cử nhân Hành chính;login=binh.hatmon" \
	--description "Bộ phận một cửa quét hồ sơ khi tiếp nhận, đặt tên theo mã hồ sơ và lưu trên máy chủ của xã; cán bộ tra cứu theo tên, ngày hoặc mã." \
	--confidential "Cấu hình máy chủ và mật khẩu quản trị." \
	--conditions "Một máy quét, một máy chủ lưu trữ, tập huấn 2 buổi." \
	--benefits "Thời gian tìm hồ sơ giảm từ 15 phút xuống dưới 1 phút; giảm 30% giấy in." \
	--state-funded no --participant "Lê Văn Cường" --participant "Nguyễn Thị Hoa"

step "Invalid input is refused with a message naming the field"
refused as an.hatmon initiative create --title "Thử" --category 3 --author "A:50" --author "B:40"
refused as an.hatmon initiative create --title "Thử" --category 9 --author "A"

step "The co-author named by login confirms; until then the dossier cannot go in"
refused as an.hatmon initiative submit 1
show as binh.hatmon initiative list --mine
as binh.hatmon initiative list --mine | tee "$D/mine.txt"
grep -q "(confirm?) Số hóa hồ sơ" "$D/mine.txt" || { echo "demo: the dossier is not marked for confirmation" >&2; exit 1; }
# Off a terminal, confirm shows the entry and asks for the version read.
show as binh.hatmon initiative confirm 1
as binh.hatmon initiative confirm 1 || echo "(exit status $?: nothing confirmed yet)"
run as binh.hatmon initiative confirm 1 --version 3

step "The author attaches a supporting file (checked against its SHA-256)"
printf 'Báo cáo kết quả áp dụng thử sáng kiến tại Bộ phận một cửa.\n' > "$D/bao-cao.txt"
run as an.hatmon attach 1 "$D/bao-cao.txt"
run as cuong.hatmon attachments 1

step "The author submits; the clerk returns it for correction with reasons, in a written notice"
run as an.hatmon initiative submit 1
run as cuong.hatmon initiative return 1 --reason "Bổ sung đánh giá lợi ích của người áp dụng thử."
run as an.hatmon initiative notice 1
run as an.hatmon initiative update 1 --trial-benefits "Bộ phận một cửa xác nhận: tiết kiệm khoảng 10 giờ công mỗi tháng."
run as an.hatmon initiative submit 1

step "The clerk accepts the dossier; the author gets a receipt with the due date (3 months)"
run as cuong.hatmon initiative accept 1
run as an.hatmon initiative receipt 1

step "Tenant isolation: another commune cannot see Hát Môn's initiative"
refused as dung.senphuong initiative get 1

step "3. The unit head sets up the council: chair, secretary, expert"
run as hung.hatmon council set --member hung.hatmon:chair --member lan.hatmon:secretary --member minh.hatmon:expert
run as cuong.hatmon session open --title "Phiên họp Hội đồng sáng kiến cơ sở quý IV" 1

step "Council members score and vote (open ballot); nobody votes twice"
run as hung.hatmon vote 1 1 yes --scores 8,9,9
run as lan.hatmon vote 1 1 yes --scores 7,8,9
refused as lan.hatmon vote 1 1 yes
run as minh.hatmon vote 1 1 no --scores 6,7,7

step "The chair closes the session: 2 of 3 agree, which meets the 2/3 threshold"
run as hung.hatmon session close 1
run as hung.hatmon session show 1
run as an.hatmon initiative get 1

step "The unit head issues the recognition decision; each author gets a certificate"
run as hung.hatmon decision issue --number "125/QĐ-UBND" 1
run as an.hatmon certificates 1

step "The papers as PDF, laid out as Nghị định 30/2020 has it, each with its place in the decision log (and a QR code of it)"
run as hung.hatmon document decision 1 --out "$D/quyet-dinh-1.pdf"
run as lan.hatmon document minutes 1 --out "$D/bien-ban-1.pdf"
run as an.hatmon document application 1 --out "$D/don-yeu-cau-1.pdf"
quiet as an.hatmon document certificate 1 --out "$D/chung-nhan-1.pdf"

step "The whole history, as the clerk sees it"
run as cuong.hatmon initiative history 1
run as cuong.hatmon overdue

step "An auditor of the district checks Hát Môn's decision log offline against the pinned key"
run as kiem.huyen audit verify xa-hat-mon --state "$D/audit-state"
run as kiem.huyen audit history xa-hat-mon --initiative 1 --state "$D/audit-state"

step "The level above: enrol Xã Sen Phương's staff, the district's two receiving offices (one inbox per sector), its council and chairman"
enrol hoa.senphuong "Đặng Thị Hòa" xa-sen-phuong clerk
enrol phong.senphuong "Bùi Văn Phong" xa-sen-phuong council,head
enrol son.senphuong "Lý Văn Sơn" xa-sen-phuong council
enrol tam.senphuong "Mai Thị Tâm" xa-sen-phuong council
office() { run "$SK" "${ADMIN[@]}" user create "$1" --name "$2" --unit phuc-tho --roles district --office "$3" --out "$U" >/dev/null && echo "enrolled $1 ($2), inbox of $3"; }
office giang.huyen "Phạm Văn Giang" phong-gd-dt
office kim.huyen "Lương Thị Kim" phong-kinh-te
enrol chung.huyen "Trịnh Văn Chung" phuc-tho council,head
enrol thu.huyen "Đinh Thị Thu" phuc-tho council
enrol tuan.huyen "Phan Văn Tuấn" phuc-tho council

step "Phòng Kinh tế opens the district's first round of the year; a unit's head sees it"
run as kim.huyen round create --name "Đợt 1 năm $(date +%Y)" --closes "$(date -d '+30 days' +%d/%m/%Y)"
run as hung.hatmon round list phuc-tho

step "Meanwhile Xã Sen Phương recognises an education initiative (the same steps as above, output hidden)"
quiet as dung.senphuong initiative create --title "Bảng tương tác trong dạy học tại Trường Tiểu học Sen Phương" \
	--summary "Dùng bảng tương tác và kho bài giảng số trong các tiết Toán, Tiếng Việt." --category 4 \
	--field "Giáo dục tiểu học" --applied --first-applied "$(date -d '-4 months' +%d/%m/%Y)" \
	--author "name=Phạm Thị Dung;share=100;workplace=Trường Tiểu học Sen Phương;login=dung.senphuong" \
	--description "Mỗi lớp soạn bài trên kho chung; giáo viên dùng lại bài của nhau." \
	--benefits "Học sinh tích cực hơn; giáo viên tiết kiệm 3 giờ soạn bài mỗi tuần."
quiet as dung.senphuong initiative submit 1
quiet as hoa.senphuong initiative accept 1
quiet as phong.senphuong council set --member phong.senphuong:chair --member son.senphuong:secretary --member tam.senphuong:expert
quiet as hoa.senphuong session open --title "Phiên họp Hội đồng sáng kiến cơ sở" 1
for m in phong son tam; do quiet as $m.senphuong vote 1 1 yes; done
quiet as phong.senphuong session close 1
quiet as phong.senphuong decision issue --number "40/QĐ-UBND" 1

step "4. Each unit head selects what reaches the whole district: a submission (tờ trình), its sector choosing the office"
run as hung.hatmon forward nominate --number "15/TTr-UBND" --sector hanh-chinh \
	--reasons "Áp dụng được cho bộ phận một cửa của mọi xã, thị trấn trong huyện." 1
quiet as phong.senphuong forward nominate --number "8/TTr-UBND" --sector giao-duc \
	--reasons "Nhân rộng được tại các trường tiểu học trong huyện." 1 && echo "(recorded: submission 1 of Xã Sen Phương)"

step "Not sent before the authors complete each dossier with its effect and scope at district level"
refused as hung.hatmon forward send 1
quiet as an.hatmon forward complete 1 --scope "Áp dụng cho 19 xã, thị trấn: thời gian tìm hồ sơ dưới 1 phút." && echo "(completed)"
quiet as dung.senphuong forward complete 1 --scope "Nhân rộng tại 18 trường tiểu học của huyện." && echo "(completed)"

step "5. The heads send them, into the district's round open by the server's clock"
run as hung.hatmon forward send 1
quiet as phong.senphuong forward send 1 && echo "(sent: Xã Sen Phương's copy is in round 1 too)"

step "The offices receive by sector: Phòng Kinh tế the administrative one, Phòng GD&ĐT the education one"
run as kim.huyen inbox
run as giang.huyen inbox

step "The copy is immutable and carries the proofs of its recognition, checked offline against the pinned log key"
run as kim.huyen copy show 1 --verify

step "6. Phòng Kinh tế registers it; the district council reviews it with the same commands as a unit's council"
quiet as kim.huyen initiative register 1 && echo "(registered: accepted, with a receipt)"
run as chung.huyen council set --member chung.huyen:chair --member thu.huyen:secretary --member tuan.huyen:expert
quiet as chung.huyen session open --title "Phiên họp Hội đồng Sáng kiến huyện đợt 1" 1 && echo "(session 1 open)"
for m in chung thu tuan; do quiet as $m.huyen vote 1 1 yes --scores 9,9,8; done
run as chung.huyen session close 1
run as chung.huyen decision issue --number "88/QĐ-UBND" 1

step "The district's result reaches the origin: Hát Môn's initiative, and its decision log (verified)"
run as an.hatmon initiative get 1
run as kiem.huyen audit history xa-hat-mon --initiative 1 --state "$D/audit-state"

step "7. The city is not on this system: Phòng Kinh tế records by hand the proposal to the city (Sáng kiến Thủ đô)"
quiet as kim.huyen upper propose 1 --number "20/TTr-UBND" && echo "(recorded: proposed to the city by 20/TTr-UBND)"
run as kim.huyen district summary

step "The administrator disables a user; their next connection is refused"
run "$SK" "${ADMIN[@]}" user disable dung.senphuong
refused as dung.senphuong hello

step "8. A commune on a server of its own: Xã Hiệp Thuận runs skd with its own data directory, CA, users and decision log"
printf '4 | xa-hiep-thuan | commune | 0 | Xã Hiệp Thuận\n' >"$D/hiep-thuan.units"
run "$SKD" init "$D/hiep-thuan" --units "$D/hiep-thuan.units"
DPORT=$PORT DPID=$SKD_PID
sk_start "$D/hiep-thuan"
HPORT=$PORT HPID=$SKD_PID
PORT=$DPORT SKD_PID=$DPID
echo "Xã Hiệp Thuận's skd is listening on 127.0.0.1:$HPORT"
HADMIN=(-c "$D/hiep-thuan/admin.conf" --server "127.0.0.1:$HPORT")
UH=$D/hiep-thuan-users; mkdir -p "$UH"
# ht LOGIN ARGS...: sk as a user of Xã Hiệp Thuận's server.
ht() { "$SK" -c "$UH/$1.conf" --server "127.0.0.1:$HPORT" "${@:2}"; }
for u in "an.hiepthuan:Kiều Văn An:author" "nga.hiepthuan:Chu Thị Nga:clerk" \
	"quang.hiepthuan:Nguyễn Văn Quang:council,head" "ha.hiepthuan:Đào Thị Hà:council" "long.hiepthuan:Tạ Văn Long:council"; do
	IFS=: read -r login name roles <<<"$u"
	quiet "$SK" "${HADMIN[@]}" user create "$login" --name "$name" --unit xa-hiep-thuan --roles "$roles" --out "$UH"
done
echo "(enrolled on Xã Hiệp Thuận's server: an author, the clerk, three council members, one the head)"

step "The administrators exchange their servers' cards and link them: the district is the level above"
run "$SK" "${HADMIN[@]}" peer card --out "$D/hiep-thuan.card"
run "$SK" "${ADMIN[@]}" peer card --out "$D/phuc-tho.card"
run "$SK" "${HADMIN[@]}" peer add "$D/phuc-tho.card" --upstream
run "$SK" "${ADMIN[@]}" peer add "$D/hiep-thuan.card" --downstream
run "$SK" "${ADMIN[@]}" peer list

step "The commune's server pulls the district's rounds; its head sees round 1"
run "$SK" "${HADMIN[@]}" peer sync
run ht quang.hiepthuan round list phuc-tho

step "Xã Hiệp Thuận recognises an initiative on its own server (output hidden) and sends it up"
quiet ht an.hiepthuan initiative create --title "Cánh đồng lúa chất lượng cao liên kết tiêu thụ" \
	--summary "Liên kết hộ dân và doanh nghiệp gieo cấy một giống, bao tiêu toàn bộ sản lượng." --category 5 \
	--field "Nông nghiệp" --applied --first-applied "$(date -d '-5 months' +%d/%m/%Y)" \
	--author "name=Kiều Văn An;share=100;workplace=UBND xã Hiệp Thuận;login=an.hiepthuan" \
	--description "Hợp tác xã ký hợp đồng bao tiêu; xã hỗ trợ giống và tập huấn." \
	--benefits "Giá bán cao hơn 15%; 120 hộ tham gia."
quiet ht an.hiepthuan initiative submit 1
quiet ht nga.hiepthuan initiative accept 1
quiet ht quang.hiepthuan council set --member quang.hiepthuan:chair --member ha.hiepthuan:secretary --member long.hiepthuan:expert
quiet ht nga.hiepthuan session open --title "Phiên họp Hội đồng sáng kiến cơ sở" 1
for m in quang ha long; do quiet ht $m.hiepthuan vote 1 1 yes; done
quiet ht quang.hiepthuan session close 1
quiet ht quang.hiepthuan decision issue --number "31/QĐ-UBND" 1
quiet ht quang.hiepthuan forward nominate --number "6/TTr-UBND" --sector kinh-te \
	--reasons "Nhân rộng tại các xã trồng lúa của huyện." 1
quiet ht an.hiepthuan forward complete 1 --scope "Nhân rộng tại 12 xã trồng lúa."
run ht quang.hiepthuan forward send 1

step "The district's server pulls it, checking its proofs against the commune's pinned log key; Phòng Kinh tế finds it in its inbox"
run "$SK" "${ADMIN[@]}" peer sync
run as kim.huyen inbox --unit xa-hiep-thuan
run as kim.huyen copy show 3 --verify --log-key "$(cat "$D/hiep-thuan/log.key.pub")"

step "Stop the servers (SIGTERM finishes in-flight writes first)"
sk_stop "$HPID"
sk_stop "$SKD_PID"
SK_PIDS=()
echo "skd stopped; the data directory $D is left for inspection:"
ls -l "$D"

step "Try sk-tui, the full-screen client, on this data"
TUI=$(dirname "$SK")/sk-tui
cat <<EOT
Serve the data again, on the port the users' files name, then open sk-tui as any of them:

  $SKD -d $D --listen=127.0.0.1:$PORT &
  $TUI -c $U/an.hatmon.conf       # Nguyễn Văn An, author of Xã Hát Môn
  $TUI -c $U/cuong.hatmon.conf    # Lê Văn Cường, the clerk (queue, receipts, sessions)
  $TUI -c $U/hung.hatmon.conf     # Đỗ Mạnh Hùng, council chair and unit head
  $TUI -c $U/kim.huyen.conf       # Phòng Kinh tế's office: the inbox by round, the summary
  $TUI -c $U/kiem.huyen.conf      # the district's auditor: the decision log, verified

It speaks Vietnamese; LANG=en_US.UTF-8 for English. Inside, ? shows the keys.
EOT
