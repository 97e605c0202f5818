#!/usr/bin/env bash
# CLI: sk as people use it, on a real skd on loopback: help at every
# level, usage errors that list the valid values, global options anywhere,
# the JSON of every result (proto3's mapping), errors people can act on
# (local files, configuration, TLS), download --force, upload progress on
# a terminal only, the users' lifecycle (enable, roles, renew, one's own
# renewal, expiring certificates) and its decision log, and what the
# server's rules show: notices, distinct authors, the addressee, scores
# averaged over scored ballots, the rule a session froze, categories by
# name. Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}" "${TOOL_ENROLL:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

sk_fresh cli
sk_start "$D" || { echo "FAIL cannot start skd"; exit 1; }
adm() { "$SK" -c "$D/admin.conf" --server "127.0.0.1:$PORT" "$@"; }
sk_enrol "$D" "an.hm xa-hat-mon author" "binh.hm xa-hat-mon author" \
	"clerk.hm xa-hat-mon clerk" "head.hm xa-hat-mon council,head" \
	"m1.hm xa-hat-mon council" "m2.hm xa-hat-mon council" \
	"aud.hm xa-hat-mon auditor" "cuong.hm xa-hat-mon author" \
	"nguyenthibichngoc.hm xa-hat-mon author" || exit 1
KEY=$(cat "$D/log.key.pub")
audit() { as aud.hm audit "$@" --state "$work/st" --log-key "$KEY"; }

# ---- help at every level ------------------------------------------------
expect_out 0 "sk user renew LOGIN" "sk help lists every command" "$SK" help
expect_out 0 "^Exit status: 0 done" "sk --help says the exit statuses" "$SK" --help
expect_out 0 "sk initiative notice ID" "sk initiative --help lists the group" "$SK" initiative --help
expect_out 0 "sk initiative distinct ID" "sk help initiative does too" "$SK" help initiative
expect_out 0 "--addressee TEXT" "sk initiative create --help lists its options" "$SK" initiative create --help
expect_out 0 "^usage: sk initiative create" "sk help initiative create" "$SK" help initiative create
expect_out 0 "--scores N,F,B" "a top-level command's --help" "$SK" vote --help
expect_out 0 "--force +replace an existing LOGIN.key" "sk user renew --help" "$SK" user renew --help
expect_out 0 "^Council roles: chair, vice-chair" "council set --help lists the council roles" "$SK" help council set
expect_out 0 "^usage: sk initiative get" "--help needs no configuration" "$SK" -c "$work/none.conf" initiative get 5 --help
expect_out 2 "initiative needs a command: create, get, list" "a group alone lists its commands" "$SK" initiative
expect_out 2 "the commands of initiative: create, get, list" "an unknown command lists the group's" "$SK" initiative frobnicate
expect_out 2 "commands: hello, units, .*initiative" "an unknown top-level command lists them" "$SK" frobnicate
expect_out 2 "help: no command" "help on an unknown command" "$SK" help frobnicate
expect_out 2 "unknown option --bogus" "an unknown option names itself" as an.hm initiative list --bogus
expect_out 2 "--title needs a value" "a missing value is named" as an.hm initiative create --title

# ---- usage errors list the valid values -------------------------------------
expect_out 2 "roles: author,clerk,council,head" "a bad role lists the roles" adm user create zz.hm --name Z --unit xa-hat-mon --roles wizard
expect_out 2 "no such state; states: registered, draft, .*not-recognised" "a bad state lists the states" as an.hm initiative list --state bogus
expect_not 2 "is not recognised" "a bad state is not \"not recognised\"" as an.hm initiative list --state bogus
expect_out 0 "ID +STATE" "a state of two words is one on the command line" as an.hm initiative list --state not-recognised
expect_out 2 "council roles: chair, vice-chair, secretary" "a bad council role lists them" as head.hm council set --member m1.hm:boss
expect_out 2 "--base \"all\": members .* or eligible" "a bad base names both" as head.hm council set --member m1.hm:chair --base all
expect_out 2 "category: 1\. Triển khai chủ trương.*; 3\. Cải cách hành chính" "a bad category lists the server's" as an.hm initiative create --title T --category ba --author X
expect_out 2 "--scores \"8,9\": give NOVELTY,FEASIBILITY,BENEFIT, each 0-10" "scores need three numbers" as m1.hm vote 1 1 yes --scores 8,9
expect_out 2 "--scores \"8,9,11\"" "scores are 0-10" as m1.hm vote 1 1 yes --scores 8,9,11
expect_out 2 "31/02/1990\": no such date: month 2 of 1990 has 28 days" "an impossible date says so" as an.hm initiative create --title T --category 1 --author X --first-applied 31/02/1990
expect_out 2 "29/02/2023\": no such date: month 2 of 2023 has 28 days" "29 February of a common year" as an.hm initiative create --title T --category 1 --author X --first-applied 29/02/2023
expect_out 2 "2024-04-31\": no such date: month 4 of 2024 has 30 days" "an impossible ISO date too" as an.hm initiative create --title T --category 1 --author X --first-applied 2024-04-31
expect_out 2 "there is no month 13" "month 13" as clerk.hm session open --title T --date 01/13/2024 1
expect_out 2 "give a date as dd/mm/yyyy" "what is no date at all" as an.hm initiative create --title T --category 1 --author X --first-applied "hôm qua"
expect_out 2 "born \"30/02/1985\": no such date" "an author's birth date too" as an.hm initiative create --title T --category 1 --author "name=X;born=30/02/1985"

# ---- global options anywhere -------------------------------------------------
expect_json 0 '^\{"initiatives":|^\{\}$' "--json before the command" "$SK" --json -c "$U/an.hm.conf" --server "127.0.0.1:$PORT" initiative list
expect_json 0 '^\{"protocol":1,.*"login":"an.hm"' "--json after the command" "$SK" hello -c "$U/an.hm.conf" --server "127.0.0.1:$PORT" --json
expect_json 0 '"login":"an.hm"' "--json between group and command" "$SK" user --json show an.hm -c "$D/admin.conf" --server "127.0.0.1:$PORT"
expect_out 0 "Unit: +Xã Hát Môn" "-c and --server after the command" "$SK" hello -c "$U/an.hm.conf" --server "127.0.0.1:$PORT"
expect_out 0 "Unit: +Xã Hát Môn" "-cFILE and --server=ADDR" "$SK" hello "-c$U/an.hm.conf" "--server=127.0.0.1:$PORT"
expect_out 0 "^Initiative 1 " "a value that looks like an option is a value" as an.hm initiative create --title "--json" --category 1 --author "Nguyễn Văn An"
expect_out 0 "Title: +--json" "and is stored as given" as an.hm initiative get 1

# ---- JSON: the protocol's messages, proto3's mapping ---------------------------
expect_json 0 '"id":"1",' "64-bit ids are strings" as an.hm initiative get 1 --json
expect_json 0 '"state":"STATE_DRAFT"' "enums by their name" as an.hm initiative get 1 --json
expect_json 0 '"created_at":"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"' "times are ISO 8601 UTC" as an.hm initiative get 1 --json
expect_not 0 '1970|"returned_on"|"receipt"|"confidential_hidden"' "unset fields are absent, never 1970" as an.hm --json initiative get 1
expect_json 0 '"entries":\[\{"seq":1,"at":"20[0-9-]+T[0-9:]+Z","actor":"an.hm","action":"CREATE"' "history: at in ISO, creation by name" as an.hm --json initiative history 1
expect_not 0 'action_unspecified|ACTION_UNSPECIFIED|"at":[0-9]' "history has no unnamed action, no Unix seconds" as an.hm --json initiative history 1
expect_json 0 '"categories":\[\{"number":1,"name":"Triển khai chủ trương, chính sách, pháp luật"\}' "hello names the categories" as an.hm --json hello
expect_json 0 '"code":"xa-hat-mon","name":"Xã Hát Môn","kind":"UNIT_COMMUNE","parent_id":1' "units in full" adm --json units "hat mon"
expect_json 0 '"fingerprint":"[A-Za-z0-9+/]{43}=","cert_not_after":"20[0-9-]+T[0-9:]+Z"' "bytes in base64, the certificate's end in ISO" adm --json user show an.hm
expect_json 4 '^\{"error":\{"exit":4,"code":"NOT_FOUND","message":"initiative 99' "a refusal under --json" as an.hm --json initiative get 99

# ---- errors people can act on ---------------------------------------------------
expect_out 1 "^sk: $work/missing.pdf: cannot read: No such file or directory" "a missing local file is named, plainly" as an.hm attach 1 "$work/missing.pdf"
expect_not 1 "INVALID_ARGUMENT" "and not labelled with a server status" as an.hm attach 1 "$work/missing.pdf"
expect_json 1 '^\{"error":\{"exit":1,"message":".*missing.pdf: cannot read' "a local error under --json has no code" as an.hm --json attach 1 "$work/missing.pdf"
mkdir -p "$work/home"
expect_out 1 "no certificate configured .*no -c FILE, \\\$SK_CONFIG is not set, and there is no $work/home/.config/sk/sk.conf" \
	"a missing configuration says where it looked" env HOME="$work/home" SK_CONFIG= "$SK" hello
expect_out 1 "^sk: configuration: $work/nope.conf: No such file or directory" "a missing -c FILE is named" "$SK" -c "$work/nope.conf" hello
expect_out 4 "^sk: NOT_FOUND: initiative 99" "the server's refusals keep their status" as an.hm initiative get 99

# TLS, in words: a server certificate expired or not valid yet (made by
# openssl under faketime, signed by the deployment's CA).
mkdir -p "$work/tls"
openssl genpkey -algorithm ed25519 -out "$work/tls/srv.key" 2>/dev/null && chmod 600 "$work/tls/srv.key"
openssl req -new -key "$work/tls/srv.key" -subj "/CN=skd" -out "$work/tls/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$work/tls/ext"
servercert() { # FAKETIME DAYS OUT
	faketime "$1" openssl x509 -req -in "$work/tls/srv.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" \
		-set_serial "$RANDOM" -days "$2" -extfile "$work/tls/ext" -out "$3" 2>/dev/null
}
servercert "$(date -d '-400 days' '+%F %T')" 30 "$work/tls/old.crt" || bad "openssl makes an expired server certificate"
servercert "$(date -d '+30 days' '+%F %T')" 30 "$work/tls/new.crt" || bad "openssl makes a future server certificate"
sk_stop "$SKD_PID"; SK_PIDS=()
for c in old new; do
	sk_start "$D" --cert_file="$work/tls/$c.crt" --key_file="$work/tls/srv.key" || exit 1
	[[ $c == old ]] && want="the server's certificate has expired" || want="the server's certificate is not valid yet: is this computer's clock right"
	expect_out 3 "^sk: $want" "a server certificate $([[ $c == old ]] && echo expired || echo not yet valid): exit 3, in words" as an.hm hello
	sk_stop "$SKD_PID"; SK_PIDS=()
done
sk_start "$D" || exit 1

# ---- files: download --force, progress on a terminal only ------------------------
printf 'Báo cáo kết quả áp dụng thử.\n' >"$work/bao-cao.txt"
as an.hm attach 1 "$work/bao-cao.txt" >"$work/out" 2>"$work/err"
if [[ $? == 0 ]] && ! grep -q "bytes" "$work/err"; then ok "no progress when stderr is not a terminal"
else cat "$work/err" >>"$work/out"; bad "no progress when stderr is not a terminal"; fi
head -c 600000 /dev/urandom >"$work/lon.bin"
script -qec "$SK -c $U/an.hm.conf --server 127.0.0.1:$PORT attach 1 $work/lon.bin" /dev/null >"$work/out" 2>&1
grep -q "of 600000 bytes" "$work/out" && ok "progress on a terminal" || bad "progress on a terminal"
echo "giữ nguyên" >"$work/keep.txt"
expect_out 1 "keep.txt: exists; give --force to replace it" "download keeps an existing file" as an.hm download 1 bao-cao.txt --out "$work/keep.txt"
expect_out 0 "^giữ nguyên" "which is untouched" cat "$work/keep.txt"
expect_json 0 '^\{"path":".*keep.txt","attachment":\{"sha256":"[A-Za-z0-9+/]{43}=","name":"bao-cao.txt",.*"size":"[0-9]+"' \
	"download --force replaces it, and --json says what it wrote" as an.hm download 1 bao-cao.txt --out "$work/keep.txt" --force --json
expect 0 "the bytes are the attachment's" cmp "$work/keep.txt" "$work/bao-cao.txt"

# ---- the users' lifecycle -----------------------------------------------------------
expect_out 0 "DISABLED" "disable" adm user disable cuong.hm
expect_out 4 "UNAUTHENTICATED: user cuong.hm is disabled" "a disabled user is refused" as cuong.hm hello
expect_out 0 "cuong.hm: .*enabled" "enable" adm user enable cuong.hm
expect_out 0 "User: .*cuong.hm" "enabled again, the user is let in" as cuong.hm hello
expect_out 4 "PERMISSION_DENIED" "an author has no clerk's deadlines" as cuong.hm overdue
expect_out 0 "roles author,clerk" "roles: make the author a clerk too" adm user roles cuong.hm author,clerk
expect_out 0 "nothing overdue" "the new roles hold at once" as cuong.hm overdue
expect_out 0 "roles author," "roles again: only author" adm user roles cuong.hm author
expect_out 4 "PERMISSION_DENIED" "the old ones are gone" as cuong.hm overdue
expect_out 2 "roles: author,clerk" "roles: a bad role lists them" adm user roles cuong.hm wizard
expect_out 0 "Certificate: +valid until .*\(in 7[0-9]{2} days\)" "user show: the certificate's end" adm user show cuong.hm
expect_out 0 "Unit: +Xã Hát Môn \[xa-hat-mon\]" "user show: the unit by name" adm user show cuong.hm

# The administrator renews another's certificate.
cp "$U/binh.hm.crt" "$work/binh-old.crt"; cp "$U/binh.hm.key" "$work/binh-old.key"
expect_out 1 "binh.hm.key exists; choose another --out, or give --force to replace it \(nothing was renewed\)" \
	"renew refuses to overwrite a key" adm user renew binh.hm --out "$U"
expect_out 0 "User: .*binh.hm" "so the old certificate still works" as binh.hm hello
expect_json 0 '^\{"user":\{"login":"binh.hm".*\},"files":\{"key":".*/binh.hm.key","cert":".*/binh.hm.crt","conf":".*/binh.hm.conf","ca":".*/ca.crt"\}\}$' \
	"user renew --force writes the files and says which" adm user renew binh.hm --out "$U" --force --json
[[ $(stat -c %a "$U/binh.hm.key") == 600 ]] && ok "the new key is 0600" || bad "the new key is 0600"
expect_out 0 "User: .*binh.hm" "the new files work" as binh.hm hello
OLD=(--server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/binh-old.crt" --key "$work/binh-old.key")
expect_out 4 "UNAUTHENTICATED: this certificate is not enrolled .*|a certificate stops working once it is renewed" "the old certificate is refused" "$SK" "${OLD[@]}" hello
expect_out 4 "stops working once it is renewed: use the files the renewal wrote" "with a hint at why" "$SK" "${OLD[@]}" hello

# One's own renewal, before it expires.
cp "$U/an.hm.crt" "$work/an-old.crt"; cp "$U/an.hm.key" "$work/an-old.key"
expect_out 1 "an.hm.key exists; .* give --force" "sk renew keeps the key in use unless told" as an.hm renew
expect_out 0 "Wrote .*/an.hm.key" "sk renew --force renews in place" as an.hm renew --force --days 30
expect_out 0 "User: .*an.hm" "the same configuration works with the new files" as an.hm hello
expect_out 4 "not enrolled" "the old certificate is refused" "$SK" --server "127.0.0.1:$PORT" --ca "$D/ca.crt" --cert "$work/an-old.crt" --key "$work/an-old.key" hello
mkdir -p "$work/an-new"
expect_out 0 "which no longer work: use sk -c .*an-new/an.hm.conf" "sk renew --out DIR says the configuration in use is old" as an.hm renew --out "$work/an-new" --days 30
expect_out 0 "User: .*an.hm" "the files written there work" "$SK" -c "$work/an-new/an.hm.conf" --server "127.0.0.1:$PORT" hello
cp "$work/an-new/"an.hm.* "$U/"
expect_out 0 "^an.hm +3 +enabled" "user list --expiring lists the 30-day certificate" adm user list --expiring 60
expect_not 0 "^binh.hm" "and not a two-year one" adm user list --expiring 60
expect_json 0 '^\{"users":\[\{"login":"an.hm"' "user list --expiring in JSON" adm --json user list --expiring 60
expect_out 2 "--expiring \"soon\": give a number of days" "--expiring needs days" adm user list --expiring soon
as nguyenthibichngoc.hm renew --out "$work" >/dev/null

# Each change is an entry in the unit's decision log.
audit history xa-hat-mon >"$work/log.txt" 2>&1
for a in "user.disable +user/cuong.hm" "user.enable +user/cuong.hm" "user.roles +user/cuong.hm +author,clerk" \
	"admin +user.renew +user/binh.hm" "an.hm +user.renew +user/an.hm"; do
	grep -qE "$a" "$work/log.txt" && ok "the decision log has: $a" || { cp "$work/log.txt" "$work/out"; bad "the decision log has: $a"; }
done
grep -qE "nguyenthibichngo… user\.renew +user/nguyenthibichngoc… author$" "$work/log.txt" &&
	ok "audit history: long names are cut, columns apart" || { grep nguyen "$work/log.txt" >"$work/out"; bad "audit history: long names are cut, columns apart"; }

# ---- the rules, as the CLI shows them --------------------------------------------------
applied=$(date -d '-30 days' +%d/%m/%Y)
dossier() { # TITLE AUTHOR2 [MORE...]
	local title=$1 second=$2; shift 2
	as an.hm initiative create --title "$title" --summary "Tóm tắt" --category 3 --field "Cải cách hành chính" \
		--description "Mô tả" --benefits "Lợi ích" --applied --first-applied "$applied" \
		--author "name=Người an.hm;share=60;workplace=UBND xã Hát Môn;login=an.hm" \
		--author "name=$second;share=40;workplace=UBND xã Hát Môn" "$@"
}
expect_out 0 "^Initiative 2 " "a dossier naming a colleague without login" dossier "Một cửa điện tử" "Người binh.hm"
expect_out 0 "Kính gửi: +Hội đồng Sáng kiến cơ sở Xã Hát Môn" "the addressee defaults to the unit's council" as an.hm initiative get 2
expect_out 0 "Category: +3\. Cải cách hành chính" "get names the category" as an.hm initiative get 2
expect_out 0 "^ +2 +draft +3\. Cải cách hành" "list names it too" as an.hm initiative list --category 3
expect_out 0 "LINK WARNING: +authors\[2\] \"Người binh.hm\"" "submitted, it carries a link warning" as an.hm initiative submit 2
expect_out 0 "Filed: +[0-9]{2}/[0-9]{2}/[0-9]{4}" "and the day it was filed" as clerk.hm initiative get 2
expect_out 4 "FAILED_PRECONDITION: .*Người binh.hm" "the clerk cannot accept it yet" as clerk.hm initiative accept 2
expect_out 2 "needs --author N and --reason" "distinct needs the author and a reason" as clerk.hm initiative distinct 2 --author 2
expect_out 0 "Người binh.hm, UBND xã Hát Môn \(not the staff member of that name\)" "distinct marks author 2" as clerk.hm initiative distinct 2 --author 2 --reason "Người ngoài đơn vị, trùng tên"
expect_json 0 '"name":"Người binh.hm","share":4000,"workplace":"UBND xã Hát Môn","distinct":true' "distinct in JSON" as clerk.hm --json initiative get 2
expect_out 0 "distinct +submitted +Người ngoài đơn vị, trùng tên" "the reason is in the history" as clerk.hm initiative history 2
expect_out 0 "State: +returned" "the clerk returns it, with a reason" as clerk.hm initiative return 2 --reason "Bổ sung đánh giá của người áp dụng thử."
expect_out 0 "Returned: +notice [0-9]+/[0-9]{4}/TB of [0-9/]+ by clerk.hm" "get shows the notice" as an.hm initiative get 2
expect_out 0 "Reason: +Bổ sung đánh giá của người áp dụng thử" "and its reason" as an.hm initiative get 2
as an.hm initiative notice 2 >"$work/notice.txt" 2>&1
for pat in "^UBND XÃ HÁT MÔN$" "^Số: [0-9]+/[0-9]{4}/TB$" "^Hát Môn, ngày [0-9]{2} tháng (0[12]|[3-9]|1[012]) năm [0-9]{4}$" "^THÔNG BÁO$" \
	"^Về việc trả lại hồ sơ yêu cầu công nhận sáng kiến để sửa đổi, bổ sung$" "^Kính gửi: Người an.hm, Người binh.hm$" \
	"^  \"Một cửa điện tử\"$" "^  Bổ sung đánh giá của người áp dụng thử.$" "^Người lập thông báo: clerk.hm$"; do
	grep -qE "$pat" "$work/notice.txt" && ok "the notice: $pat" || { cp "$work/notice.txt" "$work/out"; bad "the notice: $pat"; }
done
expect_json 0 '^\{"action":"RETURN","number":"[0-9]+/[0-9]{4}/TB","issued_on":"[0-9-]{10}","issued_by":"clerk.hm","reason":' "the notice in JSON" as an.hm --json initiative notice 2
expect_out 4 "NOT_FOUND: initiative 1 has no notice" "no notice where none was given" as an.hm initiative notice 1
expect_out 0 "Kính gửi: +Hội đồng Sáng kiến huyện Phúc Thọ" "--addressee in update" as an.hm initiative update 2 --addressee "Hội đồng Sáng kiến huyện Phúc Thọ"
expect_out 0 "^Initiative 3 " "another dossier" dossier "Sổ tay điện tử" "Trần Văn Khác" --addressee "Chủ tịch UBND xã Hát Môn"
expect_out 0 "Kính gửi: +Chủ tịch UBND xã Hát Môn" "--addressee in create" as an.hm initiative get 3
as an.hm initiative submit 3 >/dev/null
expect_out 0 "State: +refused" "the clerk refuses it" as clerk.hm initiative refuse 3 --reason "Trùng với sáng kiến đã công nhận."
expect_out 0 "^Về việc từ chối chấp nhận đơn yêu cầu công nhận sáng kiến$" "a refusal's notice" as an.hm initiative notice 3
expect_out 0 "Refused: +notice" "get shows it as a refusal" as an.hm initiative get 3

# The council counts the members who may vote; a session freezes it.
as an.hm initiative submit 2 >/dev/null
expect_out 0 "State: +accepted" "accepted once the author is marked" as clerk.hm initiative accept 2
expect_out 0 "pass with 2/3 of the members who may vote" "council set --base eligible" as head.hm council set --member head.hm:chair --member m1.hm:secretary --member m2.hm:expert --base eligible
expect_out 0 "Rule \(frozen when it opened\): pass with 2/3 of the members who may vote, and never under 2/3 of the 3 members; quorum 1/2 of the members who may vote" \
	"session open shows the rule" as clerk.hm session open --title "Phiên họp quý IV" 2
expect_out 0 "pass with 2/3 of the members \(and" "the council's rule changes" as head.hm council set --member head.hm:chair --member m1.hm:secretary --member m2.hm:expert
expect_out 0 "Rule \(frozen when it opened\): pass with 2/3 of the members who may vote" "the session keeps the rule it froze" as clerk.hm session show 1
as head.hm vote 1 2 yes --scores 8,9,9 >/dev/null
as m1.hm vote 1 2 yes >/dev/null
expect_out 0 "m1.hm voted yes on 2 \(no scores\)" "a ballot without scores says so" as m2.hm vote 1 2 no --scores 6,7,7
expect_json 0 '"closed":true,.*"closed_at":"20[0-9-]+T[0-9:]+Z"' "a closed session has its closed_at" as head.hm --json session close 1
expect_out 0 "^ +2 +2 +1 +0 +3 +3 +2  yes +PASSED +2  7\.0/8\.0/8\.0$" "session show: needed 2, 2 scored ballots, their averages" as head.hm session show 1
expect_json 0 '"scores":2,"novelty":14,"feasibility":16,"benefit":16,.*"count_base":"COUNT_ELIGIBLE","needed":2' "the outcome in JSON" as head.hm --json session show 1
expect_json 0 '"login":"head.hm","initiative_id":"2","vote":"YES","novelty":8,"feasibility":9,"benefit":9,"scored":true\},\{"login":"m1.hm","initiative_id":"2","vote":"YES"\}' \
	"ballots say whether they were scored" as head.hm --json session show 1
expect_out 0 "Rule: +2 yes needed \(2/3 of the members who may vote" "get shows the needed votes" as an.hm initiative get 2
expect_out 0 "Scores: +novelty 7\.0, feasibility 8\.0, benefit 8\.0 \(averages of 2 scored ballots\)" "and averages over scored ballots only" as an.hm initiative get 2
# An open session has no closed_at (not 1970).
dossier "Hồ sơ thứ năm" "Trần Văn Khác" >/dev/null
as an.hm initiative submit 4 >/dev/null && as clerk.hm initiative accept 4 >/dev/null
as clerk.hm session open --title "Phiên họp thứ hai" 4 >/dev/null
expect_not 0 '"closed_at"|1970' "an open session has no closed_at" as clerk.hm --json session show 2
expect_out 0 "^ +4 +0 +0 +0 +3 +3 +2  no +failed" "closed without votes, it fails" as head.hm session close 2
expect_out 0 "^ +4  not recognised  3\. " "list columns fit the longest state" as an.hm initiative list --state not-recognised

sk_stop "$SKD_PID"; rc=$?; SK_PIDS=()
[[ $rc == 0 ]] && ok "skd stops cleanly" || bad "skd stops cleanly"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
