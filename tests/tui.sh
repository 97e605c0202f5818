#!/usr/bin/env bash
# sk-tui in a real terminal (issue 12, point 6): tmux runs sk-tui against a
# real skd on loopback; the test types keys (send-keys) and reads the
# screen (capture-pane) as a person would:
#   1. who is connected, in Vietnamese by default, in English with LANG=en_*
#   2. an author types a dossier in Vietnamese (precomposed and combining
#      forms), errors shown next to their field, sends it and submits it
#   3. the clerk accepts it from the queue, prints the receipt, opens a
#      session; a council member votes; the chair closes it; the tally
#   4. the server stopped and restarted while a form is open: the form
#      keeps what was typed and sends it once the connection is back
#   5. search without diacritics, sort, resize, a monochrome terminal, the
#      auditor's verified log, help
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${SK_TUI:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command -v tmux >/dev/null || { echo "tmux is needed (apt-get install tmux)"; echo "0 passed, 1 failed"; exit 1; }
sk_fresh tui
# tmux keeps what it is sent and shows as UTF-8 only under a UTF-8 locale
# (CI may have none set); -u says so as well.
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE
TM="tmux -u -L sk-tui-$$ -f /dev/null"
trap 'sk_cleanup; $TM kill-server 2>/dev/null; [[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
export SK_AUDIT_STATE=$work/audit
sk_start "$D" || exit 1
sk_enrol "$D" "an.hm xa-hat-mon author" "vt.hm xa-hat-mon clerk" "ct.hm xa-hat-mon council,head" \
	"tv1.hm xa-hat-mon council" "tv2.hm xa-hat-mon council" "ks.hm xa-hat-mon auditor" || exit 1
as ct.hm council set --member ct.hm:chair --member tv1.hm:secretary --member tv2.hm:expert >/dev/null

# tui NAME LOGIN [VAR=VALUE...]: sk-tui as LOGIN in tmux session NAME, 110x32.
tui() {
	local name=$1 login=$2; shift 2
	$TM new-session -d -s "$name" -x 110 -y 32 \
		"env -u LANGUAGE LANG=C.UTF-8 $* SK_AUDIT_STATE=$SK_AUDIT_STATE $SK_TUI -c $U/$login.conf --server 127.0.0.1:$PORT 2>>$work/tui.err; echo EXIT=\$?; sleep 30"
}
keys() { local s=$1; shift; $TM send-keys -t "$s" "$@"; }
# type NAME TEXT: literal text, as typed (UTF-8).
type() { $TM send-keys -t "$1" -l "$2"; }
screen() { $TM capture-pane -p -t "$1"; }
# see NAME PATTERN CHECK: wait (up to 15 s, for slow builds) for the screen to show PATTERN.
see() {
	local s=$1 pat=$2 name=$3
	for _ in $(seq 1 150); do
		screen "$s" | grep -qE -- "$pat" && { ok "$name"; return 0; }
		sleep 0.1
	done
	screen "$s" >"$work/out"
	echo "     the screen never showed: $pat"
	bad "$name"
	return 1
}
# unseen NAME PATTERN CHECK: after a moment, PATTERN is not on the screen.
unseen() {
	sleep 0.5
	if screen "$1" | grep -qE -- "$2"; then screen "$1" >"$work/out"; bad "$3"; else ok "$3"; fi
}
json_of() { as "$1" --json initiative get "$2" 2>/dev/null; }

# ==== 1. who is connected ===================================================================
tui a an.hm LANG=en_US.UTF-8
see a "an\.hm \(Người an\.hm\) │ Xã Hát Môn │ author │ 127\.0\.0\.1:$PORT │ +● connected" \
	"the header shows the user, the unit, the roles, the server, connected"
see a "^ 1 Initiatives *$" "an author's one tab"
unseen a "Clerk's queue|Sessions|Inbox" "no tab an author's roles do not allow"

# ==== 2. an author's dossier ==================================================================
keys a n
see a "A new dossier" "n opens the form of a new dossier"
# Title: "Ứng dụng bảng tương tác" precomposed, then " Thư viện" with
# the horn and the dot below as combining marks after their letters.
type a "Ứng dụng bảng tương tác"
type a $' Thu\xcc\x9b vie\xcc\x82\xcc\xa3n'
keys a Tab; type a "Học sinh tra cứu bài giảng trên bảng"
keys a Tab; type a "9"
keys a Tab; type a "Giáo dục"
keys a Tab; type a "Bảng tương tác nối với thư viện số của trường"
keys a Tab Tab Tab; type a "Tiết kiệm 30% thời gian soạn bài"
keys a Tab Tab; type a "31/02/2026"
keys a F2
see a "↑ not a date: write dd/mm/yyyy" "a date not in the calendar: the error is next to its field"
keys a C-u; type a "$(date -d '-40 days' +%d/%m/%Y)"
keys a F2
see a "↑ 9 is not one of this deployment's 6 categories" "the server's refusal is shown next to the field it names"
see a "^Content category \(number\) +9" "and what was typed is kept"
# The cursor is on the field at fault: correct it there.
keys a C-u; type a "4"
keys a F2
see a "Dossier 1 created, as a draft" "sent: the dossier is created"
see a "Initiative 1: Ứng dụng bảng tương tác Thư viện" "its detail shows the title as typed"
see a "State: +draft" "a draft"
expect_json 0 '"title":"Ứng dụng bảng tương tác Thư viện"' \
	"the server keeps the title composed (NFC), diacritics intact" json_of an.hm 1
# A file attached (over several chunks), then downloaded again.
head -c 700000 /dev/urandom >"$work/so-lieu.bin"
keys a u
see a "Attach a file" "u asks for the file to attach"
type a "$work/so-lieu.bin"; keys a Enter
see a "so-lieu\.bin attached\." "the file is attached"
see a "^    so-lieu\.bin +700000 bytes +an\.hm" "and listed in the dossier"
keys a d
see a "Download a file" "d asks which file, and where"
keys a Down C-u; type a "$work/got.bin"; keys a Enter
see a "Saved $work/got\.bin \(checked by its SHA-256\)" "downloaded, checked"
expect 0 "byte for byte the file attached" cmp "$work/so-lieu.bin" "$work/got.bin"
keys a S
see a "Submitted: the clerk will receive it" "S submits it"
see a "State: +submitted" "and the detail says so"
keys a q
see a "^ +1  submitted +Người an\.hm +Ứng dụng bảng" "back in the list, the dossier is submitted"

# ==== 3. the clerk, the council, the chair ===================================================
tui c vt.hm LANG=en_US.UTF-8
see c "^ 1 Initiatives   2 Clerk's queue   3 Sessions *$" "the clerk's tabs"
keys c 2
see c "^ +1  submitted +Người an\.hm" "the clerk's queue holds the dossier submitted"
keys c Enter
see c "a Accept +t Return +x Refuse" "its keys: accept, return, refuse"
keys c a
see c "State: +accepted" "a accepts it"
see c "Receipt: +1/[0-9]{4}/TN, result due" "with a receipt"
keys c p
see c "GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN" "p shows the receipt"
keys c w
see c "Write it to a file" "w asks where to write it"
keys c C-u; type c "$work/bien-nhan.txt"; keys c Enter
see c "Written to $work/bien-nhan.txt" "and writes it"
expect_out 0 "^Người nhận hồ sơ: +vt\.hm$" "the receipt's file, to print" cat "$work/bien-nhan.txt"
keys c q
keys c o
see c "Open a council session" "o opens a session with it"
keys c F2
see c "Session 1 is open" "the session is open"
keys c q 3
see c "Session 1 · Council session · [0-9/]+ · open, voting · open ballot" "the Sessions tab shows it"
see c "^ +1  Ứng dụng bảng tương tác Thư viện +yes 0, no 0, abstain 0" "with its empty tally"

tui m tv1.hm LANG=en_US.UTF-8
see m "^ 1 Initiatives   2 Sessions *$" "a council member's tabs"
keys m 2
see m "Session 1 · " "a council member finds the session"
keys m Down
see m "v Vote" "v votes"
keys m v
see m "Your ballot: session 1, initiative 1" "the ballot"
type m "y"; keys m Tab; type m "8"; keys m Tab; type m "11"; keys m F2
see m "↑ a whole number from 0 to 10, or nothing" "a score out of range: the error is next to it"
keys m C-u; type m "9"; keys m Tab; type m "7"; keys m F2
see m "Your vote on 1 is counted" "the vote is counted"
see m "yes 1, no 0, abstain 0 \(you voted\)" "the tally of an open ballot, with the member's own vote"
unseen m "C Close the session" "a member cannot close the session"
as tv2.hm vote 1 1 yes >/dev/null
as ct.hm vote 1 1 yes >/dev/null

tui h ct.hm LANG=en_US.UTF-8
see h "^ 1 Initiatives   2 Sessions   3 Decisions   4 District summary *$" "the chair's tabs"
keys h 2
see h "C Close the session" "the chair may close it"
keys h C
see h "Close session 1 and count the votes\? \(y/n\)" "after asking"
keys h y
see h "Session 1 is closed: the tally is final" "the chair closes it"
see h "Session 1 · Council session · [0-9/]+ · closed" "the session shows closed"
see h "^ +1  Ứng dụng bảng tương tác Thư viện +yes 3, no 0, abstain 0; needed [0-9]+: PASSED" \
	"the tally after the chair closed the session"
keys h 3
see h "^ +1  recognised +Người an\.hm" "the head's decisions: the recognised one"
keys h D
see h "The decision recognising" "D: the decision's form"
type h "12/QĐ-UBND"; keys h F2
see h "Decision 12/QĐ-UBND issued" "the head issues the decision"
unseen h "^ +1  recognised" "no longer waiting for a decision"

# ==== 4. the server stopped and restarted while a form is open ==============================
keys a n
see a "A new dossier" "the author opens a second form"
type a "Sổ tay điện tử cho xã Phúc Thọ"
keys a Tab; type a "Tra cứu thủ tục"
keys a Tab; type a "2"
keys a Tab; type a "Hành chính"
keys a Tab; type a "Sổ tay trên điện thoại"
keys a Tab Tab Tab; type a "Giảm thời gian chờ"
keys a Tab Tab; type a "$(date -d '-100 days' +%d/%m/%Y)"
sk_stop "$SKD_PID"; SK_PIDS=()
see a "○ connection lost, retrying" "the server stopped: the header shows the connection lost"
keys a F2
see a "Not connected: your dossier is kept here" "sending while offline keeps the dossier and says so"
see a "^Title of the initiative +Sổ tay điện tử cho xã Phúc Thọ" "what was typed is still there"
sk_start "$D" --listen="127.0.0.1:$PORT" || { echo "FAIL cannot restart skd"; exit 1; }
see a "● connected" "the server back: connected again, by itself"
see a "^Title of the initiative +Sổ tay điện tử cho xã Phúc Thọ" "the form is still open, as typed"
keys a F2
see a "Dossier 2 created, as a draft" "sent once the connection is back"
expect_json 0 '"title":"Sổ tay điện tử cho xã Phúc Thọ"' "the server has it, once" json_of an.hm 2
expect_out 4 "NOT_FOUND" "and no third one" as an.hm initiative get 3
keys a q

# ==== 5. Vietnamese by default; search, sort, resize, monochrome, the log, help =============
$TM new-session -d -s v -x 110 -y 32 \
	"env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 $SK_TUI -c $U/an.hm.conf --server 127.0.0.1:$PORT 2>>$work/tui.err; echo EXIT=\$?; sleep 30"
see v "an\.hm \(Người an\.hm\) │ Xã Hát Môn │ tác giả │ 127\.0\.0\.1:$PORT │ +● đã kết nối" \
	"without LANG=en_*, the header speaks Vietnamese"
see v "^ 1 Sáng kiến *$" "and the tabs"
see v "^ +Số  Trạng thái +Tác giả +Tên" "and the list's columns, aligned by display width"
see v "^ +2  nháp +Người an\.hm +Sổ tay điện tử cho xã Phúc Thọ" "the states by their Vietnamese names"
see v "^ +1  được công nhận +Người an\.hm +Ứng dụng bảng tương tác" "both dossiers listed"
keys v /
type v "phuc tho"
see v "^/phuc tho +\(1 kết quả" "/ and \"phuc tho\" without diacritics: one found"
see v "^ +2  nháp .*Phúc Thọ" "the one of Phúc Thọ"
unseen v "^ +1  được công nhận" "the other filtered out as typed"
keys v Escape
see v "^ +1  được công nhận" "Esc drops the filter"
keys v /
type v "huc"
see v "^/huc +\(0 kết quả" "words are matched from their beginning, as the server does: \"huc\" finds none"
keys v Escape
keys v s
see v "Đã sắp xếp: tên\." "s sorts, by title"
screen v | sed -n 4p >"$work/out"
grep -qE "^ +2  nháp .*Sổ tay" "$work/out" && ok "\"Sổ tay…\" before \"Ứng dụng…\", by folded title" ||
	bad "\"Sổ tay…\" before \"Ứng dụng…\", by folded title"
keys v Enter
see v "^  Trạng thái: +nháp \(phiên bản 1\)|^  Trạng thái: +nháp" "the detail's labels in Vietnamese"
see v "e Sửa +S Nộp" "and its keys"
keys v q
$TM resize-window -t v -x 80 -y 24
see v "● đã kết nối$" "resized to 80 columns: redrawn, the connection still at the right edge"
[[ $(screen v | head -1 | wc -L) -le 80 ]] && ok "nothing drawn past the 80 columns" || bad "nothing drawn past the 80 columns"
keys v ?
see v "^Các phím của sk-tui" "? shows the keys"
keys v x q
see v "^EXIT=0$" "q quits, exit status 0"

# A monochrome terminal: the selection in reverse video, not in colour.
$TM new-session -d -s bw -x 110 -y 32 \
	"env -u LANGUAGE LANG=C.UTF-8 TERM=vt100 $SK_TUI -c $U/an.hm.conf --server 127.0.0.1:$PORT 2>>$work/tui.err; echo EXIT=\$?; sleep 30"
see bw "^ 1 Sáng kiến *$" "on a monochrome terminal (vt100) it runs"
$TM capture-pane -e -p -t bw | sed -n 4p >"$work/out"
grep -qE $'\e\\[([0-9]*;)*7m' "$work/out" && ! grep -qE $'\e\\[([0-9]*;)*(3|4)[0-7]m' "$work/out" &&
	ok "the selected line in reverse video, no colour" || bad "the selected line in reverse video, no colour"
$TM capture-pane -e -p -t a | sed -n 1p >"$work/out"
grep -qE $'\e\\[[0-9;]*4[0-7]m' "$work/out" && ok "on a colour terminal, the header in colour" ||
	bad "on a colour terminal, the header in colour"

# The auditor: the unit's log, verified as sk audit does.
$TM new-session -d -s k -x 110 -y 32 \
	"env -u LANGUAGE LANG=C.UTF-8 SK_AUDIT_STATE=$SK_AUDIT_STATE $SK_TUI -c $U/ks.hm.conf --server 127.0.0.1:$PORT 2>>$work/tui.err; echo EXIT=\$?; sleep 30"
see k "^ 1 Nhật ký *$" "an auditor's one tab: the decision log"
see k "✓ có chữ ký bằng khóa đã cấu hình" "its checkpoint signed by the pinned key"
see k "✓ lần đầu sử dụng: từ nay tin cậy điểm chốt này" "trusted on first use"
see k "✓ mọi mục ghi đều có mã băm khớp với cây đã ký" "every entry in the signed tree"
see k "initiative\.submit +initiative/1" "the entries, newest first"
as an.hm initiative submit 2 >/dev/null
keys k r
see k "✓ khớp với điểm chốt đã tin cậy lần trước" "reloaded: consistent with the checkpoint trusted before"
see k "initiative\.submit +initiative/2" "and the new entry"

# ==== 6. the level above: the district office's inbox and summary, commendation =============
sk_enrol "$D" "vp.pt phuc-tho district" "chu.pt phuc-tho council,head" "tv.pt phuc-tho council" \
	"nv.pt phuc-tho commendation" || exit 1
as vp.pt round create --name "Đợt 1" --closes "$(date -d '+20 days' +%d/%m/%Y)" >/dev/null
as ct.hm forward nominate --number 15/TTr-UBND --reasons "Toàn huyện" --sector giao-duc 1 >/dev/null
as an.hm forward complete 1 --scope "Áp dụng cho các trường trong huyện" >/dev/null
as ct.hm forward send 1 >/dev/null
tui o vp.pt
see o "^ 1 Sáng kiến   2 Hồ sơ đến   3 Tổng hợp *$" "the district office's tabs, in Vietnamese"
keys o 2
see o "^ +1  đã nhận +Xã Hát Môn +Ứng dụng bảng tương tác Thư viện" "its inbox: the copy from Xã Hát Môn"
keys o R
see o "The inbox of which round|hồ sơ đến của đợt" "R: the inbox of one round"
type o "2"; keys o Enter
unseen o "^ +1  đã nhận" "round 2 holds nothing"
keys o R C-u; type o "1"; keys o Enter
see o "^ +1  đã nhận +Xã Hát Môn" "round 1 holds the copy"
keys o Enter
see o "^  Nơi gửi: +Xã Hát Môn, " "the copy's detail names where it comes from"
keys o g
see o "^  Trạng thái: +đã tiếp nhận" "g registers it for the district council"
keys o q 3
see o "^Xã Hát Môn +[0-9]+ +[0-9]+ +1 " "the district summary: Hát Môn forwarded one"
as chu.pt council set --member chu.pt:chair --member tv.pt:secretary >/dev/null
as chu.pt session open --title "Phiên họp Hội đồng Sáng kiến huyện" 1 >/dev/null
as chu.pt vote 1 1 yes >/dev/null; as tv.pt vote 1 1 yes >/dev/null
as chu.pt session close 1 >/dev/null
as chu.pt decision issue --number 88/QĐ-UBND 1 >/dev/null
tui n nv.pt
see n "^ 1 Khen thưởng *$" "the commendation office's one tab"
see n "^ +1  Ứng dụng bảng tương tác Thư viện" "it lists what the district recognised"
see n "Người an\.hm \(100%\)" "with its authors and their shares"

# Every sk-tui quits cleanly (under the sanitizers: no leak, no error).
for s in a c m h bw k o n; do keys $s q q q q; done
for s in a c m h bw k o n; do see $s "EXIT=0" "sk-tui of session $s quits with status 0"; done
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$work/tui.err" 2>/dev/null; then
	cp "$work/tui.err" "$work/out"; bad "no sanitizer report"
else ok "no sanitizer report"; fi
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
