#!/usr/bin/env bash
# Verifiable exports and the portal's publication (issue 13, points 3-5),
# through sk on real skd servers on loopback with real certificates:
#   1. Hát Môn's author writes a dossier with a confidential part and the
#      authors' birth dates, job title and qualification, attaches two
#      files; it is accepted, passed by the council and decided. Its author
#      exports it (files by hash), its head with the files' bytes; strangers
#      (another unit's author and head, the district's office), the unit's
#      auditor and an author who is not its author are refused; a draft is
#      not exported. The district takes it up and decides it; its office
#      exports the district's own record, whose files the copy proves.
#   2. With the server stopped, sk verify checks both files by the log key
#      alone (or the configuration's log_key): exit 0. One byte changed in
#      each part (the first line, the record, an entry, a proof's hash, the
#      checkpoint's root and its signature, the decision, a file's bytes),
#      the file cut short or grown, another deployment's log key, a witness
#      required that never cosigned: each refused with exit 5, saying what.
#   3. Publication: the head publishes it; a stranger writes the portal's
#      page and feed of Hát Môn's published initiatives: the title with its
#      diacritics and the authors' names and workplaces are there, parsed as
#      HTML and as JSON; the confidential text, the birth dates, the job
#      title, the qualification and the logins are nowhere in either, nor in
#      the server's published list.
#   4. The witness: a commune on a server of its own, linked to the
#      district's server, which cosigns its log when it pulls. The commune's
#      export carries the witnessed checkpoint; with both servers stopped it
#      verifies with --witness (the district's key), is refused with the
#      commune's own witness key, and a byte changed in a cosignature or in
#      the consistency proof is refused.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_EXPORT:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v python3 >/dev/null || { echo "python3 is missing (apt-get install python3)"; echo "0 passed, 1 failed"; exit 1; }

sk_fresh exports
sk_start "$D" || { echo "FAIL cannot start skd"; exit 1; }
adm() { "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" "$@"; }
# sk with no configuration at all, as an auditor handed the file would run it.
offline() { env -u SK_CONFIG HOME="$work/nohome" "$SK" "$@"; }
today() { date -d "${1:-now}" +%d/%m/%Y; }

adm user create an.hm --name "Nguyễn Văn An" --unit xa-hat-mon --roles author --out "$U" >/dev/null ||
	{ echo "FAIL cannot enrol an.hm"; exit 1; }
sk_enrol "$D" "binh.hm xa-hat-mon author" "clerk.hm xa-hat-mon clerk" "head.hm xa-hat-mon council,head" \
	"m1.hm xa-hat-mon council" "m2.hm xa-hat-mon council" "aud.hm xa-hat-mon auditor" \
	"an.sp xa-sen-phuong author" "head.sp xa-sen-phuong council,head" "vp.pt phuc-tho district" || exit 1

# What must never be published: unique, so that a grep finds any trace.
MARK="MẬT-XK-5521" JOB="Giáo viên dạy giỏi cấp huyện" QUAL="Thạc sĩ quản lý giáo dục"
BORN=12/05/1980 BORN_ISO=1980-05-12 BORN2=03/04/1975 BORN2_ISO=1975-04-03
TITLE="Ứng dụng bảng tương tác trong dạy học"
# recognise S DECISION ID...: submitted, accepted, passed, decided (as district.sh).
recognise() {
	local s=$1 number=$2 id sid m; shift 2
	for id in "$@"; do as "an.$s" initiative submit "$id" && as "clerk.$s" initiative accept "$id"; done >/dev/null
	sid=$(as "clerk.$s" --json session open --title "Phiên họp" "$@" | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
	for m in head m1 m2; do for id in "$@"; do as "$m.$s" vote "$sid" "$id" yes; done; done >/dev/null
	as "head.$s" session close "$sid" >/dev/null && as "head.$s" decision issue --number "$number" "$@" >/dev/null
}

# ==== 1. an initiative decided, exported ===================================================
as head.hm council set --member head.hm:chair --member m1.hm:secretary --member m2.hm:expert >/dev/null
as an.hm initiative create --title "$TITLE" --summary "Bảng tương tác thay bảng đen ở 3 trường" \
	--category 4 --field "Giáo dục" --description "Mô tả giải pháp: giáo án điện tử <tương tác> & trò chơi" \
	--conditions "Có máy chiếu và mạng" --benefits "Học sinh hứng thú, điểm trung bình tăng" \
	--applied --first-applied "$(today '-60 days')" \
	--author "name=Nguyễn Văn An;share=60;born=$BORN;workplace=Trường Tiểu học Hát Môn;title=$JOB;qualification=$QUAL;login=an.hm" \
	--author "name=Trần Thị Bình;share=40;born=$BORN2;workplace=UBND xã Hát Môn" \
	--confidential "$MARK" >/dev/null || { echo "FAIL cannot create the dossier"; exit 1; }
as an.hm initiative create --title "Bản nháp" --category 6 --author "name=Nguyễn Văn An;share=100;login=an.hm" >/dev/null
printf 'Minh chứng kết quả áp dụng tại 3 trường.\n' >"$work/minh-chung.txt"
head -c 70000 /dev/urandom >"$work/so-lieu.bin"
expect 0 "the author attaches evidence" as an.hm attach 1 "$work/minh-chung.txt"
expect 0 "and a second file" as an.hm attach 1 "$work/so-lieu.bin"
recognise hm "125/QĐ-UBND" 1
expect_out 0 "State: +recognised" "initiative 1 is recognised and decided" as an.hm initiative get 1

expect_out 2 "export needs one initiative ID and --out FILE" "export: usage" as an.hm export 1
expect_out 0 "^Exported initiative 1 of sk\.phuc-tho-[0-9a-f]+/xa-hat-mon to .*e1\.skx:$" \
	"an author exports it (files by hash)" as an.hm export 1 --out "$work/e1.skx"
expect_out 1 "e1\.skx exists: give --force to replace it" "an existing file is kept" as an.hm export 1 --out "$work/e1.skx"
expect_out 0 "2 files \(with their bytes\)" "the head exports it with the files' bytes" \
	as head.hm export 1 --out "$work/e2.skx" --with-files
expect_json 0 '^\{"path":".*e3\.skx","initiative":"1","origin":"sk\.phuc-tho-[0-9a-f]+/xa-hat-mon","size":"[0-9]+","entries":[0-9]+,"files":2,"with_files":false,"witnessed":false\}$' \
	"the clerk's export, in JSON" as clerk.hm --json export 1 --out "$work/e3.skx"
expect_out 0 "^sk-export v1 sk\.v1\.InitiativeExport initiative 1 of sk\.phuc-tho-[0-9a-f]+/xa-hat-mon$" \
	"its first line says what it is" head -1 "$work/e1.skx"
expect_out 4 "NOT_FOUND: initiative 1 not found in your unit" "another unit's author cannot export it" \
	as an.sp export 1 --out "$work/x.skx"
expect_out 4 "NOT_FOUND: initiative 1 not found in your unit" "nor another unit's head" as head.sp export 1 --out "$work/x.skx"
expect_out 4 "NOT_FOUND: initiative 1 not found in your unit" "nor the district's office" as vp.pt export 1 --out "$work/x.skx"
expect_out 4 "PERMISSION_DENIED: exporting an initiative needs the role" "nor the unit's auditor (logs, not dossiers)" \
	as aud.hm export 1 --out "$work/x.skx"
expect_out 4 "PERMISSION_DENIED: an export holds initiative 1's whole record, its confidential part too" \
	"nor an author of the unit who is not its author" as binh.hm export 1 --out "$work/x.skx"
expect_out 4 "FAILED_PRECONDITION: initiative 2 has no recognition decision" "a draft is not exported" \
	as an.hm export 2 --out "$work/x.skx"
[[ ! -e $work/x.skx && ! -e $work/x.skx.part ]] && ok "nothing is written when refused" || bad "nothing is written when refused"
# The district's own record of it: sent up, registered, recognised by the
# district council and decided; its files came with the copy, which proves them.
sk_enrol "$D" "chu.pt phuc-tho council,head" "tv1.pt phuc-tho council" "tv2.pt phuc-tho council" || exit 1
as vp.pt round create --name "Đợt 1" --closes "$(today '+20 days')" >/dev/null
as head.hm forward nominate --number 15/TTr-UBND --reasons "Toàn huyện" --sector giao-duc 1 >/dev/null
as an.hm forward complete 1 --scope "Áp dụng cho các trường trong huyện" >/dev/null
as head.hm forward send 1 >/dev/null
as vp.pt initiative register 1 >/dev/null
as chu.pt council set --member chu.pt:chair --member tv1.pt:secretary --member tv2.pt:expert >/dev/null
sid=$(as chu.pt --json session open --title "Phiên họp huyện" 1 | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
for m in chu tv1 tv2; do as "$m.pt" vote "$sid" 1 yes >/dev/null; done
as chu.pt session close "$sid" >/dev/null
expect_out 0 "88/QĐ-UBND" "the district decides on Hát Môn's copy" as chu.pt decision issue --number 88/QĐ-UBND 1
expect_out 0 "2 files \(with their bytes\)" "the district's office exports its own record of it" \
	as vp.pt export 1 --out "$work/d.skx" --with-files
KEY=$(cat "$D/log.key.pub")
W_OWN=$(adm peer card | sed -n 's/^witness_key = //p') # this server's witness: it cosigned nothing of its own
"$SKD" init "$work/other" >/dev/null 2>&1
OTHER=$(cat "$work/other/log.key.pub") # another deployment's log key

# ==== 2. verified with no server ===========================================================
expect 0 "skd stops with status 0" sk_stop "$SKD_PID"
expect_out 3 "" "the server is stopped" as an.hm hello
expect_out 0 "^verified: initiative 1 of sk\.phuc-tho-[0-9a-f]+/xa-hat-mon, \"$TITLE\"$" \
	"sk verify, no server, by the log key alone: exit 0" offline verify "$work/e1.skx" --log-key "$KEY"
expect_out 0 "^  Files: +2 by SHA-256, 0 with their bytes" "the files by hash" offline verify "$work/e1.skx" --log-key "$KEY"
expect_out 0 "^  Files: +2, their bytes matching their SHA-256$" "the export with the files' bytes verifies too" \
	offline verify "$work/e2.skx" --log-key "$KEY"
expect_out 0 "^  Decision: +125/QĐ-UBND of $(today), entry [0-9]+; 2 certificates$" "its decision and certificates" \
	offline verify "$work/e2.skx" --log-key "$KEY"
expect_out 0 "^  Record: +recognised, version [0-9]+: the state entry [0-9]+ logged" "the record is the state the log holds" \
	offline verify "$work/e2.skx" --log-key "$KEY"
expect_out 0 "^  History: +[0-9]+ entries in the tree; recognised by entry [0-9]+, decided by entry [0-9]+$" "its history" \
	offline verify "$work/e2.skx" --log-key "$KEY"
expect_json 0 '^\{"verified":true,"origin":"sk\.phuc-tho-[0-9a-f]+/xa-hat-mon","size":"[0-9]+","initiative":"1","title":"Ứng dụng bảng tương tác trong dạy học","state":"recognised",.*"decision":"125/QĐ-UBND","files":2,"files_with_bytes":2\}$' \
	"verify in JSON" offline --json verify "$work/e2.skx" --log-key "$KEY"
expect_out 0 "^verified:" "the log key from the configuration (log_key)" "$SK" -c "$U/an.hm.conf" verify "$work/e3.skx"
expect_out 1 "no pinned log key: pass --log-key" "no log key: a local problem, exit 1" offline verify "$work/e1.skx"
expect_out 1 "nothing\.skx: cannot read" "no such file: exit 1" offline verify "$work/nothing.skx" --log-key "$KEY"

# flip FILE OFFSET: change the lowest bit of one byte.
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# tampered FROM PART PATTERN WHAT [ARGS...]: one byte of PART changed: exit 5.
tampered() {
	local from=$1 part=$2 pat=$3 what=$4 off; shift 4
	if ! off=$("$TOOL_EXPORT" "$from" "$part" 2>"$work/out"); then bad "one byte of $what changed (no $part found)"; return; fi
	cp "$from" "$work/t.skx" && flip "$work/t.skx" "$off"
	cmp -s "$from" "$work/t.skx" && { bad "one byte of $what changed (not changed)"; return; }
	expect_out 5 "^sk verify: VERIFICATION FAILED: $pat" "one byte of $what changed (at $off): refused, exit 5" \
		offline verify "$work/t.skx" --log-key "$KEY" "$@"
}
tampered "$work/e2.skx" header "the first line does not say what the file holds" "the first line"
tampered "$work/e2.skx" record "the record" "the record"
tampered "$work/e2.skx" entry "the history's entry 2: entry [0-9]+ is not in the signed tree" "an entry"
tampered "$work/e2.skx" proof "the history's entry 1: entry [0-9]+ is not in the signed tree" "a proof's hash"
tampered "$work/e2.skx" checkpoint "the checkpoint: no valid signature" "the checkpoint's root"
tampered "$work/e2.skx" signature "the checkpoint: no valid signature" "the checkpoint's signature"
tampered "$work/e2.skx" decision "the decision" "the decision"
tampered "$work/e2.skx" data "file [12] \((minh-chung\.txt|so-lieu\.bin)\): its bytes do not match its SHA-256" "a file's bytes"
expect_out 0 "^verified: initiative 1 of sk\.phuc-tho-[0-9a-f]+/phuc-tho, \"$TITLE\"$" \
	"the district's record verifies against the district's log" offline verify "$work/d.skx" --log-key "$KEY"
expect_out 0 "^  Files: +2, their bytes matching their SHA-256$" "its files, proven by the copy it reviews" \
	offline verify "$work/d.skx" --log-key "$KEY"
expect_out 0 "^  Decision: +88/QĐ-UBND of " "its decision, the district's" offline verify "$work/d.skx" --log-key "$KEY"
tampered "$work/d.skx" copy "the copy" "the copy it reviews"
head -c -1 "$work/e2.skx" >"$work/t.skx"
expect_out 5 "VERIFICATION FAILED" "the file cut short by a byte: refused" offline verify "$work/t.skx" --log-key "$KEY"
cp "$work/e2.skx" "$work/t.skx" && printf '\n' >>"$work/t.skx"
expect_out 5 "VERIFICATION FAILED: the export (does not decode|is not as sk export wrote it)" "a byte added: refused" \
	offline verify "$work/t.skx" --log-key "$KEY"
expect_out 5 "VERIFICATION FAILED: the file is not an export" "a file that is no export: refused" \
	offline verify "$work/minh-chung.txt" --log-key "$KEY"
expect_out 5 "VERIFICATION FAILED: the checkpoint: no valid signature by sk\.phuc-tho-" "another deployment's log key: refused" \
	offline verify "$work/e2.skx" --log-key "$OTHER"
expect_out 5 "VERIFICATION FAILED: the witness: UNWITNESSED" "--witness with a key that did not cosign: refused" \
	offline verify "$work/e2.skx" --log-key "$KEY" --witness "$W_OWN"
expect_json 5 '^\{"verified":false,"origin":"sk\.phuc-tho-[0-9a-f]+/xa-hat-mon","reason":"the witness: UNWITNESSED' \
	"a refusal in JSON" offline --json verify "$work/e2.skx" --log-key "$KEY" --witness "$W_OWN"

# ==== 3. publication =======================================================================
sk_start "$D" || { echo "FAIL cannot restart skd"; exit 1; }
expect_out 0 "Published: +yes" "the head marks it typical, to be published" as head.hm publish 1
expect_out 0 "^1 published initiative of Xã Hát Môn: the page in .*p\.html, the feed in .*p\.json$" \
	"another unit's author writes the portal's page and feed of Hát Môn's" \
	as an.sp published xa-hat-mon --html "$work/p.html" --feed "$work/p.json"
expect_json 0 '^\{"unit":"xa-hat-mon","initiatives":1,"html":".*q\.html"\}$' "the unit's own, in JSON" \
	as an.hm --json published --html "$work/q.html"
as an.sp --json published xa-hat-mon >"$work/list.json" 2>&1
# check_py NAME PYTHON...: a check written in Python (the files read by
# parsers no one here wrote: html.parser, json).
check_py() { local name=$1; shift; if python3 -c "$@" >"$work/out" 2>&1; then ok "$name"; else bad "$name"; fi; }
check_py "the page parses as HTML: its title, headings and authors, Vietnamese intact, no script" "
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.text=[]; s.tags=[]
    def handle_starttag(s, t, a): s.tags.append(t)
    def handle_data(s, d): s.text.append(d)
p=P(); p.feed(open('$work/p.html', encoding='utf-8').read()); t=''.join(p.text)
for want in ['$TITLE', 'Nguyễn Văn An — Trường Tiểu học Hát Môn', 'Trần Thị Bình — UBND xã Hát Môn',
             'giáo án điện tử <tương tác> & trò chơi', 'Sáng kiến tiêu biểu', 'Xã Hát Môn']:
    assert want in t, want
assert 'script' not in p.tags and 'h2' in p.tags, p.tags
"
check_py "the feed parses as JSON Feed 1.1: the title, the authors' names and workplaces, an ISO date" "
import json, re
f=json.load(open('$work/p.json', encoding='utf-8'))
assert f['version']=='https://jsonfeed.org/version/1.1'
i=f['items'][0]
assert i['id']=='xa-hat-mon/1' and i['title']=='$TITLE', i
assert [a['name'] for a in i['authors']]==['Nguyễn Văn An','Trần Thị Bình']
assert i['_sk']['authors'][0]=={'name':'Nguyễn Văn An','workplace':'Trường Tiểu học Hát Môn'}, i['_sk']['authors']
assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', i['date_modified'])
assert re.fullmatch(r'\d{4}-\d\d-\d\d', i['_sk']['first_applied'])
"
for f in p.html p.json q.html list.json; do
	for secret in "$MARK" "$BORN" "$BORN_ISO" "$BORN2" "$BORN2_ISO" "$JOB" "$QUAL" '"an.hm"' '>an.hm<' 'login'; do
		if grep -qF -- "$secret" "$work/$f"; then
			echo "     $f holds $secret"; : >"$work/out"; bad "$f: no confidential part, no personal data ($secret)"
			continue 2
		fi
	done
	ok "$f: no confidential text, birth date, job title, qualification or login"
done
grep -qF "$TITLE" "$work/list.json" && ok "the server's published list names it" || bad "the server's published list names it"
expect 0 "skd stops with status 0 again" sk_stop "$SKD_PID"

# ==== 4. the witness: a commune's log cosigned by the district's server ===================
# init S [UNITS_LINE]: a data directory of its own, pulling only when asked.
init() {
	local s=$1; shift
	if (($#)); then
		printf '%s\n' "$@" >"$work/$s.units"
		"$SKD" init "$work/$s" --units "$work/$s.units" >"$work/out" 2>&1
	else
		"$SKD" init "$work/$s" >"$work/out" 2>&1
	fi || { cat "$work/out"; echo "FAIL skd init $s"; exit 1; }
	echo "pull_every = 3600" >>"$work/$s/skd.conf"
	mkdir -p "$work/$s.u"
}
declare -A PORTS PIDS
start() { sk_start "$work/$1" || { echo "FAIL cannot start skd $1"; exit 1; }; PORTS[$1]=$PORT PIDS[$1]=$SKD_PID; }
sadm() { local s=$1; shift; "$SK" -c "$work/$s/admin.conf" --server "127.0.0.1:${PORTS[$s]}" "$@"; }
on() { local s=$1 who=$2; shift 2; "$SK" -c "$work/$s.u/$who.conf" --server "127.0.0.1:${PORTS[$s]}" "$@"; }
init pt
init hm "3 | xa-hat-mon | commune | 0 | Xã Hát Môn"
start pt
start hm
for u in "an.hm author" "clerk.hm clerk" "head.hm council,head" "m1.hm council" "m2.hm council"; do
	read -r login roles <<<"$u"
	sadm hm user create "$login" --name "Người $login" --unit xa-hat-mon --roles "$roles" --out "$work/hm.u" >/dev/null ||
		{ echo "FAIL cannot enrol $login on hm"; exit 1; }
done
on hm head.hm council set --member head.hm:chair --member m1.hm:secretary --member m2.hm:expert >/dev/null
on hm an.hm initiative create --title "Số hóa hồ sơ một cửa" --summary "Quét hồ sơ" --category 3 --field "Cải cách hành chính" \
	--description "Mô tả" --benefits "Lợi ích" --applied --first-applied "$(today '-30 days')" \
	--author "name=Người an.hm;share=100;workplace=UBND xã Hát Môn;login=an.hm" >/dev/null
on hm an.hm attach 1 "$work/minh-chung.txt" >/dev/null
on hm an.hm initiative submit 1 >/dev/null && on hm clerk.hm initiative accept 1 >/dev/null
sid=$(on hm clerk.hm --json session open --title "Phiên họp" 1 | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
for m in head m1 m2; do on hm "$m.hm" vote "$sid" 1 yes >/dev/null; done
on hm head.hm session close "$sid" >/dev/null
expect_out 0 "125/QĐ-UBND" "the commune decides on its own server" on hm head.hm decision issue --number 125/QĐ-UBND 1
for s in pt hm; do sadm $s peer card --out "$work/$s.card" >/dev/null 2>&1; done
expect_out 0 "Linked: +the level above of phuc-tho" "the commune links the district upstream" sadm hm peer add "$work/pt.card" --upstream
expect_out 0 "^User peer\." "the district links the commune downstream" sadm pt peer add "$work/hm.card" --downstream
expect_not 0 "last error" "the district pulls: it cosigns the commune's checkpoint" sadm pt peer sync
# A step after the cosignature: the witnessed tree is a prefix of the newer one.
on hm head.hm publish 1 >/dev/null
expect_out 0 "with the witnessed checkpoint" "the commune's export carries the witnessed checkpoint" \
	on hm an.hm export 1 --out "$work/w.skx" --with-files
HMKEY=$(cat "$work/hm/log.key.pub")
PTW=$(sed -n 's/^witness_key = //p' "$work/pt.card") HMW=$(sed -n 's/^witness_key = //p' "$work/hm.card")
for s in pt hm; do expect 0 "skd of $s stops with status 0" sk_stop "${PIDS[$s]}"; done
expect_out 0 "^  Witness: +cosignatures carried, none required" "both servers stopped: it verifies" \
	offline verify "$work/w.skx" --log-key "$HMKEY"
expect_out 0 "^  Witness: +sk\.phuc-tho-[0-9a-f]+/witness cosigned it at " "and with --witness, the district's key" \
	offline verify "$work/w.skx" --log-key "$HMKEY" --witness "$PTW"
expect_out 0 "^  Record: +recognised, version [0-9]+: the state entry [0-9]+ logged" "the record as published, after the decision" \
	offline verify "$work/w.skx" --log-key "$HMKEY" --witness "$PTW"
expect_out 5 "VERIFICATION FAILED: the witness: UNWITNESSED" "--witness with the commune's own witness key (it did not cosign): refused" \
	offline verify "$work/w.skx" --log-key "$HMKEY" --witness "$HMW"
expect_out 5 "VERIFICATION FAILED: the checkpoint: no valid signature" "the district's log key is not the commune's: refused" \
	offline verify "$work/w.skx" --log-key "$(cat "$work/pt/log.key.pub")"
KEY=$HMKEY
tampered "$work/w.skx" cosigned "the witnessed checkpoint: signature line 2" "a cosignature"
tampered "$work/w.skx" consistency "the witnessed checkpoint: its tree is not a prefix" "the consistency proof"

# Under the sanitizers, a report in a server's log fails the test.
if grep -lE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$D/skd.log" "$work/pt/skd.log" \
	"$work/hm/skd.log" >"$work/out" 2>/dev/null; then bad "no sanitizer report in skd's logs"
else ok "no sanitizer report in skd's logs"; fi

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
