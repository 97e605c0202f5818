#!/usr/bin/env bash
# The level above, through sk on a real skd: two communes recognise and
# decide an initiative each (education, economy), nominate them, their
# authors complete them, their heads send them; each district office sees
# only its sector's copy; a copy is sent back and sent again; the offices
# register them; the district council (users of phuc-tho) reviews them with
# the units' own commands; each origin unit sees the district's result, in
# its history and its decision log; the district proposes one to the city
# by hand and records the outcome; Phòng Nội vụ lists it and records its
# one award; it is published without its confidential part; the district
# counts the units below it. Rounds under libfaketime (skd's clock only):
# after round 1's last day a forward waits for round 2, lands in it once
# it opens, and is refused when no round is left. Also the JSON of the new
# commands, their usage errors, and strangers refused on both sides.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
ft=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)
[[ -n $ft ]] || { echo "libfaketime is missing (apt-get install faketime)"; echo "0 passed, 1 failed"; exit 1; }

sk_fresh district
sk_start "$D" || { echo "FAIL cannot start skd"; exit 1; }
adm() { "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" "$@"; }
for u in hm:xa-hat-mon sp:xa-sen-phuong; do
	s=${u%%:*} code=${u#*:}
	sk_enrol "$D" "an.$s $code author" "clerk.$s $code clerk" "head.$s $code council,head" \
		"m1.$s $code council" "m2.$s $code council" || exit 1
done
# The district: its two receiving offices, an office user of every inbox,
# its council (chairman and two members), Phòng Nội vụ, an auditor.
sk_enrol "$D" "vp.pt phuc-tho district" "chu.pt phuc-tho council,head" "tv1.pt phuc-tho council" \
	"tv2.pt phuc-tho council" "nv.pt phuc-tho commendation" "aud.pt phuc-tho auditor" || exit 1
expect_out 0 "roles district, office phong-gd-dt" "user create --office: Phòng GD&ĐT's inbox" \
	adm user create gd.pt --name "Phòng GD&ĐT" --unit phuc-tho --roles district --office phong-gd-dt --out "$U"
adm user create kt.pt --name "Phòng Kinh tế" --unit phuc-tho --roles district --office phong-kinh-te --out "$U" >/dev/null
expect_out 0 "Office: +phong-gd-dt \(its inbox\)" "user show names the office" adm user show gd.pt
expect_json 0 '"login":"kt.pt",.*"office":"phong-kinh-te"' "and so does its JSON" adm --json user show kt.pt
expect_out 2 "unknown option --offices" "a misspelt --office is named" adm user create zz.pt --name Z --unit phuc-tho --roles district --offices x

today() { date -d "${1:-now}" +%d/%m/%Y; }
applied=$(today '-60 days')
MARK="MẬT-HM-7731" # a confidential text that must never be published
# dossier SUFFIX WORKPLACE TITLE CATEGORY [MORE...]: a complete dossier by an.SUFFIX.
dossier() {
	local s=$1 wp=$2 title=$3 cat=$4; shift 4
	as "an.$s" initiative create --title "$title" --summary "Tóm tắt: $title" --category "$cat" \
		--field "Lĩnh vực" --description "Mô tả giải pháp" --benefits "Lợi ích" --applied \
		--first-applied "$applied" --author "name=Người an.$s;share=60;workplace=$wp;login=an.$s" \
		--author "name=Trần Thị Bình;share=40;workplace=$wp" "$@" >/dev/null
}
# recognise SUFFIX DECISION ID...: submitted, accepted, passed by the
# unit's council in one session, named in the head's decision.
recognise() {
	local s=$1 number=$2 id sid m; shift 2
	for id in "$@"; do as "an.$s" initiative submit "$id" && as "clerk.$s" initiative accept "$id"; done >/dev/null
	sid=$(as "clerk.$s" --json session open --title "Phiên họp" "$@" | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
	for m in head m1 m2; do for id in "$@"; do as "$m.$s" vote "$sid" "$id" yes; done; done >/dev/null
	as "head.$s" session close "$sid" >/dev/null && as "head.$s" decision issue --number "$number" "$@" >/dev/null
}
for s in hm sp; do
	as "head.$s" council set --member "head.$s:chair" --member "m1.$s:secretary" --member "m2.$s:expert" >/dev/null
done
dossier hm "Trường Tiểu học Hát Môn" "Ứng dụng bảng tương tác trong dạy học" 4 --confidential "$MARK"
dossier hm "UBND xã Hát Môn" "Bản nháp chưa nộp" 6 --confidential "Chỉ trong xã"
dossier hm "Trường THCS Hát Môn" "Thư viện số cho học sinh" 4
dossier sp "HTX Sen Phương" "Mô hình trồng rau an toàn" 5
dossier sp "HTX Sen Phương" "Chuỗi tiêu thụ nông sản" 5
recognise hm "125/QĐ-UBND" 1 3
recognise sp "40/QĐ-UBND" 1 2
expect_out 0 "State: +recognised" "Hát Môn's initiative 1 is recognised and decided" as an.hm initiative get 1

# ---- strangers, before anything is forwarded ------------------------------------------
expect_out 4 "NOT_FOUND: initiative 2 not found in your unit" "a district office cannot read a unit's initiative" as gd.pt initiative get 2
expect_out 4 "NOT_FOUND: initiative 2 " "nor its history" as vp.pt initiative history 2
expect_not 0 "Bản nháp|Ứng dụng bảng" "the district's list has none of the units' dossiers" as vp.pt initiative list

# ---- rounds ----------------------------------------------------------------------------
expect_out 2 "round create needs --name and --closes" "round create: usage" as vp.pt round create --name "Đợt 1"
expect_out 2 "--closes \"31/04/2026\": no such date" "round create: an impossible date" as vp.pt round create --name X --closes 31/04/2026
expect_out 4 "PERMISSION_DENIED: opening a round needs the role district" "a unit's head opens no round" as head.hm round create --name X --closes "$(today '+3 days')"
expect_out 0 "^Round 1 \"Đợt 1\": from $(today) to $(today '+3 days') \(the last day\), open$" \
	"the office opens round 1, closing in 3 days" as vp.pt round create --name "Đợt 1" --closes "$(today '+3 days')"
expect_json 0 '^\{"id":"2","unit_id":1,"name":"Đợt 2","opens_on":"[0-9-]{10}","closes_on":"[0-9-]{10}","created_by":"vp.pt","created_at":"20[0-9-]+T[0-9:]+Z"\}$' \
	"round 2 opens in 10 days (JSON: the Round)" as vp.pt --json round create --name "Đợt 2" --opens "$(today '+10 days')" --closes "$(today '+40 days')"
expect_out 0 "^ +2 +$(today '+10 days') +$(today '+40 days') +planned +Đợt 2$" "round list: the planned one" as vp.pt round list
expect_out 0 "^ +1 .* open +Đợt 1$" "a unit's head lists the rounds of the level above" as head.hm round list phuc-tho
expect_json 0 '^\{"rounds":\[\{"id":"1",.*\},\{"id":"2","unit_id":1,"name":"Đợt 2"' "round list in JSON" as head.hm --json round list phuc-tho
expect_out 4 "PERMISSION_DENIED" "an author does not" as an.hm round list phuc-tho
expect_out 2 "round close needs one round ID" "round close: usage" as vp.pt round close x

# ---- forwarding ---------------------------------------------------------------------
expect_out 2 "forward nominate needs --number, --reasons, --sector" "nominate: usage" as head.hm forward nominate --number 15/TTr-UBND 1
expect_out 4 "INVALID_ARGUMENT: sector: \"nong-nghiep\" is not one of" "nominate: an unknown sector" \
	as head.hm forward nominate --number 15/TTr-UBND --reasons "Phạm vi toàn huyện" --sector nong-nghiep 1
expect_out 4 "FAILED_PRECONDITION: .*initiative 2" "a draft is not nominated" \
	as head.hm forward nominate --number 15/TTr-UBND --reasons "Phạm vi toàn huyện" --sector giao-duc 2
expect_out 4 "PERMISSION_DENIED" "nor by an author" \
	as an.hm forward nominate --number 15/TTr-UBND --reasons "Phạm vi toàn huyện" --sector giao-duc 1
expect_out 0 "^ +1  asked to complete +to complete +Ứng dụng bảng" "the head nominates: submission 1, the authors are asked" \
	as head.hm forward nominate --number 15/TTr-UBND --reasons "Áp dụng được cho các trường trong huyện" --sector giao-duc 1
expect_out 0 "Level above: +asked to complete; submission 15/TTr-UBND \(1\), sector giao-duc" "the initiative shows it is asked" as an.hm initiative get 1
expect_out 0 "\(above: asked to complete\) Ứng dụng bảng" "and the unit's list" as clerk.hm initiative list
expect_out 4 "FAILED_PRECONDITION: initiative 1: its authors have not described its effect" "not sent before the authors complete it" as head.hm forward send 1
expect_out 2 "forward complete needs --scope TEXT" "complete: usage" as an.hm forward complete 1
expect_out 4 "PERMISSION_DENIED: completing a dossier for the level above needs the role author" "only an author completes" as clerk.hm forward complete 1 --scope "x"
expect_out 0 "Áp dụng cho 24 trường tiểu học" "an author completes it" as an.hm forward complete 1 --scope "Áp dụng cho 24 trường tiểu học trong huyện"
printf 'Minh chứng kết quả áp dụng tại 3 trường.\n' >"$work/minh-chung.txt"
expect 0 "and attaches evidence meanwhile" as an.hm attach 1 "$work/minh-chung.txt"
expect_out 0 "^  Sent: .*round 1$" "the head sends it: round 1" as head.hm forward send 1
expect_out 4 "FAILED_PRECONDITION: submission 15/TTr-UBND was sent already" "sent once" as head.hm forward send 1
expect_out 0 "Level above: +sent; submission 15/TTr-UBND \(1\), sector giao-duc; sent $(today), round 1, copy 1" \
	"the origin sees it sent" as an.hm initiative get 1
as head.sp forward nominate --number 8/TTr-UBND --reasons "Nhân rộng toàn huyện" --sector kinh-te 1 >/dev/null
as an.sp forward complete 1 --scope "Nhân rộng tại 10 xã trồng rau" >/dev/null
expect_json 0 '^\{"submission":\{"id":"1","number":"8/TTr-UBND",.*"sent":true,"sent_at":"[0-9T:Z-]+","round_id":"1","to_unit":1\},"initiatives":\[\{"id":"1",.*"forward":\{"stage":"SENT"' \
	"Sen Phương sends its own (JSON: the submission and its initiatives)" as head.sp --json forward send 1
expect_out 0 "^ +1  8/TTr-UBND +$(today) +kinh-te +yes +1  1$" "submission list" as head.sp submission list
expect_json 0 '^\{"submissions":\[\{"id":"1","number":"8/TTr-UBND"' "submission list in JSON" as head.sp --json submission list
expect_out 0 "^Submission 1: 15/TTr-UBND of $(today), sector giao-duc$" "submission show" as head.hm submission show 1
expect_out 4 "NOT_FOUND: submission 9 " "submission show: none such" as head.hm submission show 9

# ---- the inbox, by sector --------------------------------------------------------------
expect_out 0 "^ +1  received +xa-hat-mon +1 +1 +giao-duc +Ứng dụng bảng" "Phòng GD&ĐT's inbox has Hát Môn's copy" as gd.pt inbox
expect_not 0 "xa-sen-phuong" "and not Sen Phương's" as gd.pt inbox
expect_out 0 "^ +2  received +xa-sen-phuong +1 +2 +kinh-te +Mô hình trồng rau" "Phòng Kinh tế's has Sen Phương's" as kt.pt inbox
expect_not 0 "xa-hat-mon" "and not Hát Môn's" as kt.pt inbox
expect_out 0 "xa-sen-phuong" "an office user without an office sees every inbox" as vp.pt inbox
expect_not 0 "xa-sen-phuong" "filtered by origin unit" as vp.pt inbox --unit xa-hat-mon
expect_not 0 "xa-hat-mon" "by sector" as vp.pt inbox --sector kinh-te
expect_out 0 "the inbox is empty" "by state" as vp.pt inbox --state accepted
expect_out 0 "xa-hat-mon" "by round" as vp.pt inbox --round 1 --all
expect_out 0 "^\(more: --page-token [^ ]+\)$" "a page at a time" as vp.pt inbox --page-size 1
expect_out 0 "^ +2  received +xa-sen-phuong" "--all follows the pages" as vp.pt inbox --page-size 1 --all
expect_json 0 '"next_page_token":' "the page's token in JSON" as vp.pt --json inbox --page-size 1
expect_out 2 "--state \"nhan\": no such state; states: .*received, sent-back" "inbox: a bad state lists them" as vp.pt inbox --state nhan
expect_out 2 "--round \"x\": give a round's ID" "inbox: a bad round" as vp.pt inbox --round x
expect_json 0 '^\{"initiatives":\[\{"id":"1",.*"state":"STATE_RECEIVED",.*"origin":\{"unit_id":3,"unit_code":"xa-hat-mon","unit_name":"Xã Hát Môn","initiative_id":"1",.*"office":"phong-gd-dt","sector":"giao-duc"' \
	"the inbox in JSON: copies with their origin" as gd.pt --json inbox
expect_out 0 "From: +Xã Hát Môn \[xa-hat-mon\], its initiative 1 \(version [0-9]+\)" "the copy's initiative names its origin" as gd.pt initiative get 1
expect_out 0 "\[xa-hat-mon\] Ứng dụng bảng" "and the district's list too" as gd.pt initiative list

# ---- the copy and its proofs -------------------------------------------------------------
as gd.pt copy show 1 >"$work/copy.txt" 2>&1
for pat in "^Copy 1 of initiative 1 \(version [0-9]+\) of Xã Hát Môn \[xa-hat-mon\]$" "Decision: +125/QĐ-UBND of $(today)" \
	"Certificates: +1/[0-9]{4}/GCN-SK: Người an.hm \(60%\)" "Attachments: +[0-9a-f]{64}  [0-9]+ bytes  minh-chung.txt" \
	"Scope: +Áp dụng cho 24 trường" "Proofs: +2 log entries of sk.phuc-tho-[0-9a-f]+/xa-hat-mon, .*recognised, entry [0-9]+; decided, entry [0-9]+"; do
	grep -qE "$pat" "$work/copy.txt" && ok "copy show: $pat" || { cp "$work/copy.txt" "$work/out"; bad "copy show: $pat"; }
done
expect_out 0 "^verified: the checkpoint of sk.phuc-tho-[0-9a-f]+/xa-hat-mon \([0-9]+ entries\) is signed by the pinned key" \
	"copy show --verify checks the proofs against the pinned key" as gd.pt copy show 1 --verify
"$SKD" init "$work/other" >/dev/null 2>&1
expect_out 5 "VERIFICATION FAILED" "against another deployment's key it fails, exit 5" as gd.pt copy show 1 --verify --log-key "$(cat "$work/other/log.key.pub")"
expect_json 0 '^\{"verified":true,"origin":"sk.phuc-tho-[0-9a-f]+/xa-hat-mon","size":"[0-9]+","copy":\{"id":"1",' "--verify under --json" as gd.pt --json copy show 1 --verify
expect_json 0 '^\{"id":"1","origin":\{"unit_id":3,"unit_code":"xa-hat-mon",.*"decision":\{.*"number":"125/QĐ-UBND".*"proofs":\[\{"what":"recognised","index":"[0-9]+","entry":"[A-Za-z0-9+/=]+","hashes":\[' \
	"copy show in JSON: the Copy" as gd.pt --json copy show 1
expect_out 4 "NOT_FOUND: copy 1 not found at your level" "a unit's head has no copies of the district's" as head.hm copy show 1
expect_out 4 "PERMISSION_DENIED" "a unit's author has no inbox" as an.hm inbox
expect_out 4 "PERMISSION_DENIED" "nor a unit's head" as head.hm inbox
expect_out 4 "PERMISSION_DENIED" "a unit's head closes no round" as head.hm round close 1
expect_out 4 "PERMISSION_DENIED" "nor records the level above" as head.hm upper propose 1 --number 1/TTr
expect_out 2 "copy show needs one copy ID" "copy show: usage" as gd.pt copy show

# ---- sent back, and sent again while the round is open -------------------------------------
expect_out 2 "initiative send-back needs --reason \(it is sent to the unit it came from\)" "send-back needs a reason" as gd.pt initiative send-back 1
expect_out 4 "PERMISSION_DENIED: initiative 1 is in the inbox of phong-gd-dt, not of your office \(phong-kinh-te\)" \
	"another office does not send back a copy that is not its own" as kt.pt initiative send-back 1 --reason "Không phải của chúng tôi"
expect_out 4 "not of your office" "nor registers it" as kt.pt initiative register 1
expect_out 0 "State: +sent back" "Phòng GD&ĐT sends the copy back with reasons" as gd.pt initiative send-back 1 --reason "Thiếu minh chứng áp dụng tại trường khác"
expect_out 0 "Sent back: +$(today): Thiếu minh chứng áp dụng" "the origin sees the reasons" as an.hm initiative get 1
expect_out 0 "report +recognised +sent back by the level above: Thiếu minh chứng" "in its history" as an.hm initiative history 1
expect_out 0 "asked to complete +completed +Ứng dụng bảng" "nominated again, the scope is kept" \
	as head.hm forward nominate --number 16/TTr-UBND --reasons "Bổ sung minh chứng" --sector giao-duc 1
expect_out 0 "Sent: .*round 1" "and sent again in round 1" as head.hm forward send 2
expect_out 0 "Supersedes: +1 here, the copy sent back before" "the new copy supersedes the one sent back" as gd.pt initiative get 3
expect_out 0 "State: +superseded" "which is superseded" as gd.pt initiative get 1

# ---- registration and the district council --------------------------------------------------
expect_out 0 "State: +accepted" "Phòng GD&ĐT registers the new copy" as gd.pt initiative register 3
expect_out 0 "Receipt: " "with a receipt" as gd.pt initiative get 3
expect_out 0 "State: +accepted" "Phòng Kinh tế registers Sen Phương's" as kt.pt initiative register 2
expect_out 4 "FAILED_PRECONDITION" "a superseded copy is not registered" as gd.pt initiative register 1
as chu.pt council set --member chu.pt:chair --member tv1.pt:secretary --member tv2.pt:expert >/dev/null
expect_out 0 "^Session 1: Phiên họp Hội đồng Sáng kiến huyện" "the district council's session" as chu.pt session open --title "Phiên họp Hội đồng Sáng kiến huyện" 3 2
for m in chu.pt tv1.pt tv2.pt; do as $m vote 1 3 yes --scores 9,9,8; done >/dev/null
as chu.pt vote 1 2 yes >/dev/null; as tv1.pt vote 1 2 no >/dev/null; as tv2.pt vote 1 2 no >/dev/null
expect_out 0 "^ +3 +3 +0 +0 .*PASSED" "closed: Hát Môn's passes" as chu.pt session close 1
expect_out 0 "Recognised: +by the council there; its decision follows" "the origin hears at once" as an.hm initiative get 1
expect_out 0 "Not recognised: .*not recognised by the level above's council: 1 yes of 3 members, 2 needed" \
	"Sen Phương hears its was not" as an.sp initiative get 1
expect_out 0 "^Số: 88/QĐ-UBND$" "the district's chairman decides" as chu.pt decision issue --number 88/QĐ-UBND 3
expect_out 0 "Recognised: +decision 88/QĐ-UBND of $(today) \(reported $(today)\)" "the origin shows the district's decision, number and date" as an.hm initiative get 1
expect_json 0 '"forward":\{"stage":"RECOGNISED","submission_id":"2","submission_number":"16/TTr-UBND",.*"round_id":"1",.*"decision_number":"88/QĐ-UBND","decision_signed_on":"[0-9-]{10}"' \
	"and in JSON" as an.hm --json initiative get 1
expect_out 0 "report +recognised +recognised at the level above by decision 88/QĐ-UBND of $(today)" "its history records it" as an.hm initiative history 1
KEY=$(cat "$D/log.key.pub")
expect_out 0 "chu.pt +initiative.report +initiative/1 +recognised at the level above by decision 88/QĐ-UBND" \
	"its decision log too, verified" as aud.pt audit history xa-hat-mon --initiative 1 --state "$work/st" --log-key "$KEY"
expect_out 4 "FAILED_PRECONDITION: initiative 1 is recognised at the level above already: decision 88/QĐ-UBND" \
	"recognised at the district, it is not forwarded again" \
	as head.hm forward nominate --number 17/TTr-UBND --reasons "Lần nữa" --sector giao-duc 1

# ---- the city, by hand ------------------------------------------------------------------------
expect_out 4 "FAILED_PRECONDITION: initiative 3 was not proposed by hand" "no outcome before a proposal" as gd.pt upper outcome 3 --recognised --number 5/QĐ-UBND
expect_out 0 "Level above: +sent; proposed by hand \(off this system\): 20/TTr-UBND of $(today)" "the district records its proposal to the city" as gd.pt upper propose 3 --number 20/TTr-UBND
expect_out 4 "FAILED_PRECONDITION: initiative 3 is on its way up already" "proposed once" as gd.pt upper propose 3 --number 21/TTr-UBND
expect_out 2 "needs one of --recognised and --not-recognised" "outcome: one of the two" as gd.pt upper outcome 3 --recognised --not-recognised --number 5/QĐ-UBND
expect_out 2 "upper outcome needs --number" "outcome: usage" as gd.pt upper outcome 3 --recognised
expect_out 0 "Recognised: +decision 5/QĐ-UBND of $(today); Sáng kiến Thủ đô" "and the city's outcome" \
	as gd.pt upper outcome 3 --recognised --number 5/QĐ-UBND --note "Sáng kiến Thủ đô"
expect_json 0 '"forward":\{"stage":"RECOGNISED","submission_number":"20/TTr-UBND",.*"reason":"Sáng kiến Thủ đô","decision_number":"5/QĐ-UBND"' \
	"the city's outcome in JSON, with no unit to forward to" as gd.pt --json initiative get 3

# ---- commendation and publication --------------------------------------------------------------
expect_out 0 "^ +3  Ứng dụng bảng tương tác trong dạy học$" "Phòng Nội vụ lists what the district recognised" as nv.pt commendation list
expect_out 0 "Authors: +Người an.hm \(60%; Trường Tiểu học Hát Môn\)" "with its authors" as nv.pt commendation list
expect_not 0 "Mô hình trồng rau" "and not what it did not" as nv.pt commendation list
expect_json 0 '^\{"initiatives":\[\{"id":"3",.*"authors":\[\{"name":"Người an.hm","share":6000' "commendation list in JSON" as nv.pt --json commendation list
expect_out 4 "PERMISSION_DENIED" "an office records no award" as gd.pt commendation award 3 --name X --number 1/QĐ
expect_out 0 "Award: +Chiến sĩ thi đua cơ sở: decision 30/QĐ-UBND of $(today) \(recorded by nv.pt\)" "one award" \
	as nv.pt commendation award 3 --name "Chiến sĩ thi đua cơ sở" --number 30/QĐ-UBND
expect_out 4 "ALREADY_EXISTS: .*backs an award already: Chiến sĩ thi đua cơ sở" "a second is refused" \
	as nv.pt commendation award 3 --name "Bằng khen" --number 31/QĐ-UBND
expect_out 2 "commendation award needs --name" "award: usage" as nv.pt commendation award 3
expect_json 0 '"award":\{"name":"Chiến sĩ thi đua cơ sở","decision_number":"30/QĐ-UBND","signed_on":"[0-9-]{10}","recorded_by":"nv.pt","recorded_at":"[0-9T:Z-]+"\}' \
	"the award in the initiative's JSON" as gd.pt --json initiative get 3
expect_json 0 '"published":true' "Phòng GD&ĐT publishes it (JSON: the Initiative)" as gd.pt --json publish 3
expect_out 0 "^ +3  recognised .*\[xa-hat-mon\] \(above: recognised\) Ứng dụng bảng" "anyone lists the district's published ones" as an.sp published phuc-tho
expect_json 0 '"title":"Ứng dụng bảng tương tác trong dạy học"' "published in JSON" as an.sp --json published phuc-tho
expect_not 0 "$MARK" "without the confidential part" as an.sp --json published phuc-tho
expect_not 0 "$MARK" "nor in the commendation list" as nv.pt --json commendation list
expect_out 0 "\(nothing published\)" "Hát Môn has published nothing itself" as an.hm published
expect_out 0 "nothing published" "publish --undo takes it off" sh -c "'$SK' -c '$U/gd.pt.conf' --server 127.0.0.1:$PORT publish 3 --undo >/dev/null && '$SK' -c '$U/an.sp.conf' --server 127.0.0.1:$PORT published phuc-tho"
expect_out 0 "Published: +yes" "published again" as gd.pt publish 3

# ---- the district's summary ----------------------------------------------------------------------
expect_out 0 "^xa-hat-mon +0 +1 +0 +0 +2 +0 +1 +0$" "summary: Hát Môn's draft, 2 recognised, 1 forwarded" as vp.pt district summary
expect_out 0 "^xa-sen-phuong +0 +0 +0 +0 +2 +0 +1 +0$" "Sen Phương's" as vp.pt district summary
expect_out 0 "^\(2 of the 38 units below have initiatives; --all lists every one\)$" "the units with nothing are counted, not listed" as vp.pt district summary
expect_out 0 "^xa-xuan-dinh +0 " "--all lists them" as vp.pt district summary --all
expect_out 0 "^Round 1 \"Đợt 1\" \($(today) to $(today '+3 days')\): 3 copies: 1 recognised, 1 not recognised, 1 superseded$" \
	"the round's progress" as vp.pt district summary
expect_json 0 '"units":\[.*\{"unit":\{"id":3,"code":"xa-hat-mon".*"recognised":2,"forwarded":1\}.*"round":\{"id":"1"' "summary in JSON" as nv.pt --json district summary
expect_out 4 "NOT_FOUND: round 7 " "a round that is not" as vp.pt district summary --round 7
expect_out 2 "--round \"0\": give a round's ID" "summary: usage" as vp.pt district summary --round 0
expect_out 4 "PERMISSION_DENIED" "an author has no summary" as an.hm district summary

# ---- help ------------------------------------------------------------------------------------------
expect_out 0 "sk forward nominate --number N" "sk help lists the new commands" "$SK" help
expect_out 0 "^usage: sk round COMMAND" "each new group has its help" "$SK" round --help
for g in forward submission copy upper commendation district; do
	"$SK" help "$g" >"$work/out" 2>&1 && grep -q "^  sk $g " "$work/out" && ok "sk help $g" || bad "sk help $g"
done
expect_out 0 "--verify +check the copy's proofs" "copy show --help" "$SK" copy show --help
expect_out 0 "^usage: sk inbox " "inbox --help" "$SK" inbox --help
expect_out 0 "--office CODE" "user create --help names --office" "$SK" user create --help
expect_out 2 "forward needs a command: nominate, complete, send" "a group alone lists its commands" "$SK" forward

# ---- rounds by skd's clock -----------------------------------------------------------------------
# Two more, nominated and completed now, are sent later.
as head.hm forward nominate --number 18/TTr-UBND --reasons "Nhân rộng" --sector giao-duc 3 >/dev/null
as an.hm forward complete 3 --scope "Toàn huyện" >/dev/null
as head.sp forward nominate --number 9/TTr-UBND --reasons "Nhân rộng" --sector kinh-te 2 >/dev/null
as an.sp forward complete 2 --scope "Toàn huyện" >/dev/null
restart() {
	sk_stop "$SKD_PID"; SK_PIDS=()
	SKD_WRAP="env LD_PRELOAD=$ft FAKETIME=$1" sk_start "$D" || exit 1
}
restart +5d
expect_out 4 "FAILED_PRECONDITION: no round is open today; the next, round 2 \"Đợt 2\", opens on $(today '+10 days')" \
	"after round 1's last day, a forward names the next round" as head.hm forward send 3
restart +12d
expect_out 0 "Sent: .*round 2$" "once round 2 is open it lands there" as head.hm forward send 3
expect_out 0 "Round: +2; sector giao-duc, office phong-gd-dt" "the copy is round 2's" as gd.pt copy show 4
expect_out 0 "xa-hat-mon" "in the inbox of round 2" as gd.pt inbox --round 2
expect_out 0 "^Round 2 \"Đợt 2\" \($(today '+10 days') to $(today '+40 days')\): 1 copy: 1 received$" "the summary shows the round open by skd's clock" as vp.pt district summary
expect_out 0 "^Round 2 .*closed$" "the office closes round 2" as vp.pt round close 2
expect_out 4 "FAILED_PRECONDITION: round 2 is closed already" "closed once" as vp.pt round close 2
expect_out 4 "FAILED_PRECONDITION: no round is open today and none is planned" "with no round left, a forward is refused, saying so" as head.sp forward send 2
expect_out 0 "^ +2  9/TTr-UBND .* +not yet +- +2$" "and stays unsent" as head.sp submission list
sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "skd stops cleanly" || bad "skd stops cleanly"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
