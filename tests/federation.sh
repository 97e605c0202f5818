#!/usr/bin/env bash
# Federation (issue 11): real servers on loopback, each with its own data
# directory, CA, users and decision log. The district (phuc-tho, every unit
# of 2024) and two communes on servers of their own (xa-hat-mon,
# xa-sen-phuong), linked by cards both ways; a third commune that is never
# linked; later a city above the district.
#   1. linking: cards, peer add both ways, peer list; bad cards refused; a
#      certificate of a commune's CA that is not its pinned link refused
#   2. both communes forward; the district pulls them (files by hash); its
#      offices' inboxes by sector; copy show --verify
#   3. a pull interrupted by kill -9 of the commune's server while the
#      district takes a large file, then resumed once it is back on its
#      port: exactly the forwarded set, once each; the cursor past the last
#      export; the file whole
#   4. pulling again with nothing new changes nothing: cursors, inbox, logs
#   5. the results back: sent back, sent again (superseding), registered,
#      decided by the district council; the commune's initiative, history
#      and log; sk audit verify on each server; the district's cosignature
#      on the commune's checkpoint (audit verify --witness)
#   6. a forked commune log: its data directory copied, later put back
#      (same keys) to write another history as long as the one the
#      district saw: the district's pull is refused, naming both trees;
#      nothing enters; the commune's own auditor sees the fork too
#   7. a commune never linked gets and pulls nothing; a link user disabled
#      (on either side) cuts the link at once, enabled again resumes it
#   8. three levels: the district forwards its recognised copy to a city
#      server, which recognises it; the district sees the city's decision
# Every skd sets pull_every = 3600: only sk peer sync (and skd's start)
# pulls. Each listens on a fixed port once started, so that its card's
# address holds when it restarts. Prints "N passed, N failed"; KEEP=1
# keeps the data directories.
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

work=$(mktemp -d /tmp/sk-federation.XXXXXX)
trap 'sk_cleanup; if [[ -n ${KEEP:-} ]]; then echo "(kept $work)"; else rm -rf "$work"; fi' EXIT
today() { date -d "${1:-now}" +%d/%m/%Y; }

# ---- servers -----------------------------------------------------------------------------
# Each server S has its data directory $work/S, users in $work/S.u, its
# port in PORT_S and its process in PID_S.
declare -A PORTS PIDS
# init S [UNITS_LINE...]: skd init, with a units file of these lines if any.
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
# start S: serve it, on the port it had before if any.
start() {
	local s=$1
	if [[ -n ${PORTS[$s]:-} ]]; then
		sk_start "$work/$s" --listen="127.0.0.1:${PORTS[$s]}" || return 1
	else
		sk_start "$work/$s" || return 1
	fi
	PORTS[$s]=$PORT PIDS[$s]=$SKD_PID
}
# forget PID: a server that has ended is taken off sk_cleanup's list, whose
# kill could otherwise reach another process given its number since.
forget() {
	local p v=()
	for p in "${SK_PIDS[@]}"; do [[ $p == "$1" ]] || v+=("$p"); done
	SK_PIDS=("${v[@]}")
}
stop() {
	local rc
	sk_stop "${PIDS[$1]}"
	rc=$?
	forget "${PIDS[$1]}"
	return $rc
}
# adm S ARGS...: sk as S's administrator; on S ARGS...: as a user of S.
adm() { local s=$1; shift; "$SK" -c "$work/$s/admin.conf" --server "127.0.0.1:${PORTS[$s]}" "$@"; }
on() { local s=$1 who=$2; shift 2; "$SK" -c "$work/$s.u/$who.conf" --server "127.0.0.1:${PORTS[$s]}" "$@"; }
# enrol S "LOGIN UNIT ROLES [OFFICE]"...
enrol() {
	local s=$1 u login unit roles office
	shift
	for u in "$@"; do
		read -r login unit roles office <<<"$u"
		adm "$s" user create "$login" --name "Người $login" --unit "$unit" --roles "$roles" \
			${office:+--office "$office"} --out "$work/$s.u" >/dev/null ||
			{ echo "FAIL cannot enrol $login on $s"; exit 1; }
	done
}
# the login of S's link user, as its card names it: peer.<log name>
link_of() { echo "peer.$(sed -n 's/^log_name = //p' "$work/$1/skd.conf")"; }
# check_eq NAME WANT GOT
check_eq() { if [[ $2 == "$3" ]]; then ok "$1"; else echo "     wanted $2, got $3"; : >"$work/out"; bad "$1"; fi; }

declare -A UNIT=([pt]=phuc-tho [hm]=xa-hat-mon [sp]=xa-sen-phuong [ht]=xa-hiep-thuan [hn]=ha-noi)
init pt
init hm "3 | xa-hat-mon | commune | 0 | Xã Hát Môn"
init sp "11 | xa-sen-phuong | commune | 0 | Xã Sen Phương"
init ht "4 | xa-hiep-thuan | commune | 0 | Xã Hiệp Thuận"
for s in pt hm sp ht; do start $s || { echo "FAIL cannot start skd $s"; exit 1; }; done
for s in hm sp ht; do
	u=${UNIT[$s]}
	enrol $s "an.$s $u author" "clerk.$s $u clerk" "head.$s $u council,head" \
		"m1.$s $u council" "m2.$s $u council" "aud.$s $u auditor"
done
# The district: an office user of every inbox, the two receiving offices,
# its council, an auditor.
enrol pt "vp.pt phuc-tho district" "gd.pt phuc-tho district phong-gd-dt" \
	"kt.pt phuc-tho district phong-kinh-te" "chu.pt phuc-tho council,head" \
	"tv1.pt phuc-tho council" "tv2.pt phuc-tho council" "aud.pt phuc-tho auditor"

applied=$(today '-60 days')
# dossier S TITLE CATEGORY [MORE...]: a complete dossier by an.S; its ID.
dossier() {
	local s=$1 title=$2 cat=$3; shift 3
	on "$s" "an.$s" --json initiative create --title "$title" --summary "Tóm tắt: $title" \
		--category "$cat" --field "Lĩnh vực" --description "Mô tả giải pháp" --benefits "Lợi ích" \
		--applied --first-applied "$applied" \
		--author "name=Người an.$s;share=100;workplace=UBND ${UNIT[$s]};login=an.$s" "$@" |
		sed -n 's/^{"id":"\([0-9]*\)".*/\1/p'
}
# recognise S DECISION ID...: submitted, accepted, passed by the unit's
# council in one session, named in the head's decision.
recognise() {
	local s=$1 number=$2 id sid m; shift 2
	for id in "$@"; do on "$s" "an.$s" initiative submit "$id" && on "$s" "clerk.$s" initiative accept "$id"; done >/dev/null
	sid=$(on "$s" "clerk.$s" --json session open --title "Phiên họp" "$@" | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
	for m in head m1 m2; do for id in "$@"; do on "$s" "$m.$s" vote "$sid" "$id" yes; done; done >/dev/null
	on "$s" "head.$s" session close "$sid" >/dev/null && on "$s" "head.$s" decision issue --number "$number" "$@" >/dev/null
}
# forward S NUMBER SECTOR ID...: nominated, completed by the author; the
# submission's ID (sent with: on S head.S forward send ID).
nominate() {
	local s=$1 number=$2 sector=$3 id sub; shift 3
	sub=$(on "$s" "head.$s" --json forward nominate --number "$number" --reasons "Toàn huyện" \
		--sector "$sector" "$@" | sed -n 's/^{"submission":{"id":"\([0-9]*\)".*/\1/p')
	for id in "$@"; do on "$s" "an.$s" forward complete "$id" --scope "Áp dụng toàn huyện" >/dev/null; done
	echo "$sub"
}

# ==== 1. linking ==========================================================================
for s in pt hm sp ht; do
	expect_out 0 "the card of sk\.${UNIT[$s]}-[0-9a-f]+ is in " "peer card of ${UNIT[$s]}" adm $s peer card --out "$work/$s.card"
done
expect_out 0 "^address = 127\.0\.0\.1:${PORTS[hm]}$" "the card names the address listened on" cat "$work/hm.card"
expect_out 0 "^unit = xa-hat-mon$" "and the commune's unit" cat "$work/hm.card"
expect_out 0 "^log_key = $(cat "$work/hm/log.key.pub" | sed 's/[+\/]/\\&/g')$" "and its log key" cat "$work/hm.card"
expect_out 4 "PERMISSION_DENIED" "a commune's author prints no card" on hm an.hm peer card
expect_out 2 "peer add needs --upstream .* or --downstream" "peer add: usage" adm pt peer add "$work/hm.card"
expect_out 0 "Linked: +the level above of phuc-tho, at 127\.0\.0\.1:${PORTS[pt]}" "Hát Môn links the district upstream" \
	adm hm peer add "$work/pt.card" --upstream
expect_out 0 "^User peer\.sk\.xa-hat-mon-[0-9a-f]+$" "the district links Hát Môn downstream" adm pt peer add "$work/hm.card" --downstream
adm sp peer add "$work/pt.card" --upstream >/dev/null
# Bad cards, each an edit of Sen Phương's (before it is linked).
c=$work/sp.card bc=$work/bad.card
badcard() { expect_out "$1" "$2" "a bad card is refused: $3" adm pt peer add "$bc" --downstream; }
head -6 "$c" >"$bc"
badcard 1 "bad.card: not a link card \(sk peer card writes one\)" "truncated"
sed '/^cert =/,$d' "$c" >"$bc"
badcard 1 "not a link card" "no certificate"
sed 's/^address = .*/address = 127.0.0.1/' "$c" >"$bc"
badcard 4 "INVALID_ARGUMENT: card: address \"127\.0\.0\.1\" is not host:port" "an address without a port"
sed -E 's/^(log_key = .*\+)(.)(.)/\1\3\2/' "$c" >"$bc"
badcard 4 "INVALID_ARGUMENT: card: log_key is not the verifier key of log sk\.xa-sen-phuong-" "a log key edited"
sed "s|^log_key = .*|$(grep '^log_key' "$work/hm.card")|" "$c" >"$bc"
badcard 4 "card: log_key is not the verifier key of log sk\.xa-sen-phuong-" "another server's log key"
n=$(sed -n 's/^name = //p' "$c") k=$(sed -n 's/^log_key = //p' "$work/hm.card")
sed "s|^log_key = .*|log_key = $n+${k#*+}|" "$c" >"$bc"
badcard 4 "card: log_key is not the verifier key of log sk\.xa-sen-phuong-" "another server's key under this name"
sed 's/^name = .*/name = Xã Sen Phương/' "$c" >"$bc"
badcard 4 "card: name \"Xã Sen Phương\" is not a log name" "a name edited"
awk '/^cert =/{c=1} c&&/^MII/{sub(/MII/,"MIJ");c=0} {print}' "$c" >"$bc"
badcard 4 "INVALID_ARGUMENT: card: cert is not a link certificate" "a certificate that does not decode"
awk '/^cert =/{exit} {print}' "$c" >"$bc"; echo "cert =" >>"$bc"; sed -n '/^ca =/,/^-----END/p' "$c" | sed 1d >>"$bc"
badcard 4 "card: cert is not a link certificate" "the CA as the link certificate"
sed 's/^unit = .*/unit = xa-khong-co/' "$c" >"$bc"
badcard 4 "NOT_FOUND: unit_code: no unit \"xa-khong-co\"" "a unit the district does not have"
expect_out 4 "INVALID_ARGUMENT: card: phuc-tho is your own unit" "the district's own card is no unit below" adm pt peer add "$work/pt.card" --downstream
expect_out 0 "^User peer\.sk\.xa-sen-phuong-" "the district links Sen Phương downstream" adm pt peer add "$c" --downstream
expect_out 4 "ALREADY_EXISTS: login: peer\.sk\.xa-sen-phuong-[0-9a-f]+ is already taken" "linked once" adm pt peer add "$c" --downstream
adm pt peer list >"$work/peers" 2>&1
for s in hm sp; do
	grep -qE "^peer\.sk\.${UNIT[$s]}-[0-9a-f]+ +downstream ${UNIT[$s]} +enabled .* 127\.0\.0\.1:${PORTS[$s]}$" "$work/peers" &&
		ok "peer list on the district: ${UNIT[$s]}" || { cp "$work/peers" "$work/out"; bad "peer list on the district: ${UNIT[$s]}"; }
done
expect_out 0 "^peer\.sk\.phuc-tho-[0-9a-f]+ +upstream +phuc-tho +enabled .* 127\.0\.0\.1:${PORTS[pt]}$" "peer list on Hát Môn" adm hm peer list
expect_out 0 "no linked server" "the unlinked commune has none" adm ht peer list
expect_json 0 '^\{"users":\[\{"login":"peer\.sk\.xa-hat-mon-[0-9a-f]+",.*"roles":512,.*"peer":\{"name":"sk\.xa-hat-mon-' "peer list in JSON" adm pt --json peer list
# A certificate of a commune's CA that is not its pinned link certificate.
for s in hm sp; do
	expect_out 3 "refused your certificate .*not of this deployment, nor a linked server's" "${UNIT[$s]}'s administrator is refused by the district" \
		"$SK" -c "$work/$s/admin.conf" --server "127.0.0.1:${PORTS[pt]}" --ca "$work/pt/ca.crt" hello
done
expect_out 3 "not of this deployment, nor a linked server's" "and so is its author" \
	"$SK" -c "$work/hm.u/an.hm.conf" --server "127.0.0.1:${PORTS[pt]}" --ca "$work/pt/ca.crt" hello
expect_out 3 "not of this deployment, nor a linked server's" "the district's administrator by Hát Môn's server (only the link is pinned)" \
	"$SK" -c "$work/pt/admin.conf" --server "127.0.0.1:${PORTS[hm]}" --ca "$work/hm/ca.crt" hello
linkas() { local s=$1 to=$2; shift 2; "$SK" --server "127.0.0.1:${PORTS[$to]}" --ca "$work/$to/ca.crt" --cert "$work/$s/link.crt" --key "$work/$s/link.key" "$@"; }
expect_out 0 "^Roles: +downstream" "Hát Môn's link certificate is its link user at the district" linkas hm pt hello
expect_out 4 "PERMISSION_DENIED" "which reads no initiative there" linkas hm pt initiative list
expect_out 4 "PERMISSION_DENIED" "nor the district's inbox" linkas hm pt inbox

# ==== 2. both communes forward; the district pulls ========================================
for s in hm sp; do on $s head.$s council set --member head.$s:chair --member m1.$s:secretary --member m2.$s:expert >/dev/null; done
HM1=$(dossier hm "Ứng dụng bảng tương tác trong dạy học" 4)
HM2=$(dossier hm "Thư viện số cho học sinh" 4)
SP1=$(dossier sp "Mô hình trồng rau an toàn" 5)
for i in 2 3 4 5 6; do SPX[$i]=$(dossier sp "Chuỗi nông sản $i" 5); done
recognise hm "125/QĐ-UBND" $HM1 $HM2
recognise sp "40/QĐ-UBND" $SP1 "${SPX[@]}"
expect_out 0 "State: +recognised" "Hát Môn's initiative is recognised and decided on its own server" on hm an.hm initiative get $HM1
HSUB=$(nominate hm "15/TTr-UBND" giao-duc $HM1)
SSUB=$(nominate sp "8/TTr-UBND" kinh-te $SP1)
printf 'Minh chứng kết quả áp dụng tại 3 trường.\n' >"$work/minh-chung.txt"
head -c 300000 /dev/urandom >"$work/so-lieu.bin"
expect 0 "Hát Môn's author attaches evidence" on hm an.hm attach $HM1 "$work/minh-chung.txt"
expect 0 "and a second file, over a chunk" on hm an.hm attach $HM1 "$work/so-lieu.bin"
expect 0 "Sen Phương's too" on sp an.sp attach $SP1 "$work/minh-chung.txt"
expect_out 4 "FAILED_PRECONDITION: the rounds of phuc-tho have not been taken from its server yet \(sk peer sync\)" \
	"no send before the district's rounds are pulled" on hm head.hm forward send $HSUB
expect_out 4 "FAILED_PRECONDITION: the rounds of phuc-tho have not been taken from its server yet" \
	"nor a list of them" on hm head.hm round list phuc-tho
expect_out 0 "^ +1 +[0-9/]+ +[0-9/]+ +\(the last day\)|Round 1" "the district opens round 1" \
	on pt vp.pt round create --name "Đợt 1" --closes "$(today '+20 days')"
expect_out 0 "next to take: report 1" "Hát Môn's server pulls the district's rounds" adm hm peer sync
adm sp peer sync >/dev/null
expect_out 0 "^ +1 .* open +Đợt 1$" "its head sees them" on hm head.hm round list phuc-tho
expect_out 4 "PERMISSION_DENIED: listing rounds needs the role head" "its author does not" \
	on hm an.hm round list phuc-tho
expect_out 0 "Sent: .*round 1" "Hát Môn's head sends" on hm head.hm forward send $HSUB
expect_out 0 "Sent: .*round 1" "Sen Phương's head sends" on sp head.sp forward send $SSUB
expect_out 0 "Level above: +sent; submission 15/TTr-UBND .*round 1" "Hát Môn's initiative shows it sent" on hm an.hm initiative get $HM1
expect_out 0 "the inbox is empty" "nothing at the district before its pull" on pt vp.pt inbox
expect_out 0 "next to take: export 2; taken since skd started: 1" "the district pulls: one export of each" adm pt peer sync
for who in gd.pt kt.pt vp.pt; do on pt $who inbox >"$work/inbox.$who" 2>&1; done
grep -qE "^ +1  received +xa-hat-mon +1 +1 +giao-duc +Ứng dụng bảng" "$work/inbox.gd.pt" && ! grep -q xa-sen-phuong "$work/inbox.gd.pt" &&
	ok "Phòng GD&ĐT's inbox: Hát Môn's education copy alone" || { cp "$work/inbox.gd.pt" "$work/out"; bad "Phòng GD&ĐT's inbox: Hát Môn's education copy alone"; }
grep -qE "^ +2  received +xa-sen-phuong +1 +2 +kinh-te +Mô hình trồng rau" "$work/inbox.kt.pt" && ! grep -q xa-hat-mon "$work/inbox.kt.pt" &&
	ok "Phòng Kinh tế's inbox: Sen Phương's copy alone" || { cp "$work/inbox.kt.pt" "$work/out"; bad "Phòng Kinh tế's inbox: Sen Phương's copy alone"; }
check_eq "the office of every inbox sees both" 2 "$(grep -cE '^ +[0-9]+  received' "$work/inbox.vp.pt")"
expect_out 0 "From: +Xã Hát Môn \[xa-hat-mon\], its initiative $HM1 \(version [0-9]+\)" "the copy's review names its origin" on pt gd.pt initiative get 1
on pt gd.pt copy show 1 >"$work/copy.txt" 2>&1
for pat in "^Copy 1 of initiative $HM1 \(version [0-9]+\) of Xã Hát Môn \[xa-hat-mon\]$" "Decision: +125/QĐ-UBND of $(today)" \
	"^(  Attachments:)? +[0-9a-f]{64}  55 bytes  minh-chung.txt$" "^(  Attachments:)? +[0-9a-f]{64}  300000 bytes  so-lieu.bin$" \
	"Proofs: +2 log entries of sk\.xa-hat-mon-[0-9a-f]+/xa-hat-mon, .*recognised, entry [0-9]+; decided, entry [0-9]+"; do
	grep -qE "$pat" "$work/copy.txt" && ok "copy show: $pat" || { cp "$work/copy.txt" "$work/out"; bad "copy show: $pat"; }
done
HMKEY=$(cat "$work/hm/log.key.pub") SPKEY=$(cat "$work/sp/log.key.pub")
expect_out 0 "^verified: the checkpoint of sk\.xa-hat-mon-[0-9a-f]+/xa-hat-mon \([0-9]+ entries\) is signed by the pinned key" \
	"copy show --verify, with Hát Môn's log key (as on its card)" on pt gd.pt copy show 1 --verify --log-key "$HMKEY"
expect_out 0 "^verified: the checkpoint of sk\.xa-sen-phuong-" "and Sen Phương's" on pt kt.pt copy show 2 --verify --log-key "$SPKEY"
expect_out 5 "VERIFICATION FAILED: no valid signature by sk\.phuc-tho-" "with the district's own log key it fails, exit 5" on pt gd.pt copy show 1 --verify
expect_out 5 "VERIFICATION FAILED" "and with the other commune's" on pt gd.pt copy show 1 --verify --log-key "$SPKEY"
# The files came by hash: the district's copy serves the same bytes.
expect 0 "the district downloads the attached file" on pt gd.pt download 1 so-lieu.bin --out "$work/got.bin"
expect 0 "byte for byte" cmp "$work/so-lieu.bin" "$work/got.bin"

# ==== 3. a pull interrupted ===============================================================
# block CODE: from a peer status on stdin, the lines of the link of CODE's server.
block() { awk -v c="$1" '/^[^ ]/ { p = index($0, "peer.sk." c "-") == 1 } p'; }
# peer_check RC PATTERN NAME S CODE [sync]: sk peer status (or sync) as S's
# administrator: its exit status, and a line of CODE's link matching PATTERN.
peer_check() {
	local want=$1 pat=$2 name=$3 s=$4 code=$5 rc
	adm "$s" peer "${6:-status}" >"$work/peer.out" 2>&1
	rc=$?
	cp "$work/peer.out" "$work/out"
	if [[ $rc == "$want" ]] && block "$code" <"$work/peer.out" | grep -qE -- "$pat"; then ok "$name"
	else echo "     exit $rc (wanted $want), pattern: $pat"; bad "$name"; fi
}
# sp_copies: the titles of Sen Phương's copies in Phòng Kinh tế's inbox, sorted, one a line.
sp_copies() { on pt kt.pt inbox --all | grep -E "^ +[0-9]+  [a-z ]+ +xa-sen-phuong " | sed 's/^.* kinh-te  *//' | sort; }
# taken CODE: the exports of CODE's server the district's log records as
# received (copy.receive), sorted, one a line.
taken() {
	on pt aud.pt audit history --state "$work/st.pt" |
		sed -nE "s/.* copy\.receive +copy\/[0-9]+ +$1, initiative [0-9]+, version [0-9]+, export ([0-9]+)$/\1/p" | sort -n
}
# log_size S: the entries of S's own log, as its auditor verifies it.
log_size() { on $1 aud.$1 audit verify --state "$work/st.$1" | sed -nE 's/.*: checkpoint of ([0-9]+) entries, .*/\1/p'; }
SSUB2=$(nominate sp "9/TTr-UBND" kinh-te ${SPX[2]} ${SPX[3]} ${SPX[4]} ${SPX[5]})
head -c 40000000 /dev/urandom >"$work/big.bin"
for i in 2 4 5; do printf 'Báo cáo %s\n' $i >"$work/r$i.txt"; on sp an.sp attach ${SPX[$i]} "$work/r$i.txt" >/dev/null; done
expect 0 "Sen Phương's author attaches a large file (40 MB)" on sp an.sp attach ${SPX[3]} "$work/big.bin"
expect_out 0 "Sent: .*round 1" "Sen Phương's head sends four more: its exports 2 to 5" on sp head.sp forward send $SSUB2
# The district pulls; once it has taken export 2 and is on export 3 (the
# large file), Sen Phương's server is killed.
adm pt peer sync >"$work/sync.out" 2>&1 &
sync=$! under=
for _ in $(seq 1 1000); do
	adm pt peer status 2>/dev/null | block xa-sen-phuong | grep -q "next to take: export 3;" && { under=1; break; }
	kill -0 $sync 2>/dev/null || break
done
{ kill -9 "${PIDS[sp]}"; wait "${PIDS[sp]}"; } 2>/dev/null
forget "${PIDS[sp]}"
wait $sync; rc=$?
[[ -n $under ]] && ok "the district was taking export 3 (the large file) when Sen Phương's server was killed" ||
	{ cp "$work/sync.out" "$work/out"; bad "the district was taking export 3 when Sen Phương's server was killed"; }
cp "$work/sync.out" "$work/out"
[[ $rc == 4 ]] && block xa-sen-phuong <"$work/sync.out" | grep -qE "^  last error: +UNAVAILABLE: " &&
	ok "the interrupted pull ends in an error, shown for Sen Phương (exit 4)" || bad "the interrupted pull ends in an error, shown for Sen Phương (exit 4)"
cursor=$(block xa-sen-phuong <"$work/sync.out" | sed -n 's/^  next to take: export \([0-9]*\);.*/\1/p')
check_eq "what was taken before the kill is in the inbox, whole (next to take: export $cursor)" $((cursor - 1)) \
	"$(sp_copies | wc -l)"
peer_check 0 "^  last worked: " "Hát Môn's link is unaffected" pt xa-hat-mon
start sp || { echo "FAIL cannot restart skd sp"; exit 1; }
expect_out 0 "^address = 127\.0\.0\.1:${PORTS[sp]}$" "Sen Phương's server is back at the address of its card" adm sp peer card
adm pt peer sync >"$work/sync.out" 2>&1; rc=$?
cp "$work/sync.out" "$work/out"
[[ $rc == 0 ]] && block xa-sen-phuong <"$work/sync.out" | grep -q "^  next to take: export 6;" &&
	! grep -q "last error" "$work/sync.out" &&
	ok "the next sync resumes: next to take: export 6, no error" || bad "the next sync resumes: next to take: export 6, no error"
SPT=$(printf '%s\n' "Mô hình trồng rau an toàn" "Chuỗi nông sản "{2,3,4,5} | sort)
check_eq "Phòng Kinh tế's inbox: Sen Phương's five copies, each once" "$SPT" "$(sp_copies)"
expect_not 0 "Chuỗi nông sản 6" "and not the one it recognised but did not send" on pt vp.pt inbox --all
read -r rev3 copy3 <<<"$(on pt kt.pt inbox --all | awk '/ xa-sen-phuong .* Chuỗi nông sản 3$/ { print $1, $5 }')"
expect_out 0 "^(  Attachments:)? +[0-9a-f]{64}  40000000 bytes  big.bin$" "the copy of the large one lists its file" on pt kt.pt copy show "$copy3"
expect 0 "the district serves it" on pt kt.pt download "$rev3" big.bin --out "$work/got-big.bin"
expect 0 "byte for byte as attached at Sen Phương" cmp "$work/big.bin" "$work/got-big.bin"
rm -f "$work/big.bin" "$work/got-big.bin"
check_eq "the district's log records each export of Sen Phương received once" "1 2 3 4 5" "$(taken xa-sen-phuong | xargs)"

# ==== 4. pulling again with nothing new ===================================================
adm pt peer status | grep "next to take" >"$work/cursors"
on pt vp.pt inbox --all >"$work/inbox"
size_pt=$(log_size pt) size_hm=$(log_size hm) size_sp=$(log_size sp)
expect_not 0 "last error" "the district pulls again" adm pt peer sync
expect 0 "the same cursors, nothing more taken from either" diff "$work/cursors" <(adm pt peer status | grep "next to take")
expect 0 "the same inbox" diff "$work/inbox" <(on pt vp.pt inbox --all)
check_eq "the district's log is as it was ($size_pt entries)" "$size_pt" "$(log_size pt)"
check_eq "and so are the communes' logs (a cosignature is no entry)" "$size_hm $size_sp" "$(log_size hm) $(log_size sp)"
check_eq "no export taken twice" "1 2 3 4 5" "$(taken xa-sen-phuong | xargs)"

# ==== 5. the results back =================================================================
expect_out 0 "State: +sent back" "Phòng GD&ĐT sends Hát Môn's copy back, with reasons" \
	on pt gd.pt initiative send-back 1 --reason "Thiếu minh chứng áp dụng tại trường khác"
expect_out 0 "Level above: +sent; " "Hát Môn's server does not know before it pulls" on hm an.hm initiative get $HM1
peer_check 0 "^  next to take: report 2; taken since skd started: 1$" "Hát Môn's server takes the district's report" hm phuc-tho sync
expect_out 0 "Sent back: +$(today): Thiếu minh chứng áp dụng tại trường khác" "Hát Môn's initiative shows it sent back, with the reasons" \
	on hm an.hm initiative get $HM1
expect_out 0 "report +recognised +sent back by the level above: Thiếu minh chứng" "in its history" on hm an.hm initiative history $HM1
printf 'Minh chứng áp dụng tại trường Tiểu học Phúc Hòa.\n' >"$work/minh-chung-2.txt"
HSUB2=$(nominate hm "16/TTr-UBND" giao-duc $HM1)
expect 0 "Hát Môn's author adds the evidence asked for" on hm an.hm attach $HM1 "$work/minh-chung-2.txt"
expect_out 0 "Sent: .*round 1" "and its head sends it again" on hm head.hm forward send $HSUB2
peer_check 0 "^  next to take: export 3;" "the district takes it" pt xa-hat-mon sync
NEW=$(on pt gd.pt inbox --all | awk '$2 == "received" && $3 == "xa-hat-mon" { print $1 }')
expect_out 0 "Supersedes: +1 here, the copy sent back before" "the new copy supersedes the one sent back" on pt gd.pt initiative get "$NEW"
expect_out 0 "State: +superseded" "which is superseded" on pt gd.pt initiative get 1
expect_out 0 "^[0-9a-f]+ +65  .*  minh-chung-2.txt$" "the new copy has the new evidence" on pt gd.pt attachments "$NEW"
expect_out 0 "State: +accepted" "Phòng GD&ĐT registers it" on pt gd.pt initiative register "$NEW"
expect_out 0 "State: +accepted" "Phòng Kinh tế registers Sen Phương's first" on pt kt.pt initiative register 2
on pt chu.pt council set --member chu.pt:chair --member tv1.pt:secretary --member tv2.pt:expert >/dev/null
DS=$(on pt chu.pt --json session open --title "Phiên họp Hội đồng Sáng kiến huyện" "$NEW" 2 | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
for m in chu.pt tv1.pt tv2.pt; do on pt $m vote "$DS" "$NEW" yes --scores 9,9,8; done >/dev/null
on pt chu.pt vote "$DS" 2 yes >/dev/null; on pt tv1.pt vote "$DS" 2 no >/dev/null; on pt tv2.pt vote "$DS" 2 no >/dev/null
expect_out 0 "^ +$NEW +3 +0 +0 .*PASSED" "the district council passes Hát Môn's, not Sen Phương's" on pt chu.pt session close "$DS"
expect_out 0 "^Số: 88/QĐ-UBND$" "the district's chairman decides" on pt chu.pt decision issue --number 88/QĐ-UBND "$NEW"
expect_out 0 "Level above: +sent; " "Hát Môn's server does not know before it pulls" on hm an.hm initiative get $HM1
expect_not 0 "last error" "Hát Môn's server pulls" adm hm peer sync
expect_out 0 "Recognised: +decision 88/QĐ-UBND of $(today) \(reported $(today)\)" "its initiative shows the district's decision" \
	on hm an.hm initiative get $HM1
expect_out 0 "report +recognised +recognised at the level above by decision 88/QĐ-UBND of $(today)" "its history records it" \
	on hm an.hm initiative history $HM1
expect_out 0 "initiative\.report +initiative/$HM1 +recognised at the level above by decision 88/QĐ-UBND" \
	"its decision log too, verified" on hm aud.hm audit history --initiative $HM1 --state "$work/st.hm"
expect_not 0 "last error" "Sen Phương's server pulls" adm sp peer sync
expect_out 0 "Not recognised: .*not recognised by the level above's council: 1 yes of 3 members, 2 needed" \
	"Sen Phương's initiative shows it was not recognised" on sp an.sp initiative get $SP1
for s in pt hm sp; do
	expect_out 0 "^all [0-9]+ entries hash to the signed root$" "sk audit verify passes on the log of ${UNIT[$s]}" \
		on $s aud.$s audit verify --state "$work/st.$s"
done
# The witness: the district cosigned Hát Môn's checkpoint when it pulled.
PTW=$(sed -n 's/^witness_key = //p' "$work/pt.card") SPW=$(sed -n 's/^witness_key = //p' "$work/sp.card")
expect_out 0 "^witnessed: sk\.phuc-tho-[0-9a-f]+/witness cosigned it at " "Hát Môn's checkpoint carries the district's cosignature (audit verify --witness)" \
	on hm aud.hm audit verify --state "$work/st.hm" --witness "$PTW"
expect_out 5 "VERIFICATION FAILED" "with another witness's key it fails, exit 5" on hm aud.hm audit verify --state "$work/st.hm" --witness "$SPW"
expect_out 5 "VERIFICATION FAILED" "the commune never linked has no cosignature of the district" \
	on ht aud.ht audit verify --state "$work/st.ht" --witness "$PTW"

# ==== 6. a forked commune log =============================================================
# Sen Phương's server is stopped and its data directory copied; it goes on
# and the district takes what it sends. Then the copy is put back (the same
# keys) and it writes another history, at least as long, and sends from it.
stop sp
cp -a "$work/sp" "$work/sp.bak"
start sp || { echo "FAIL cannot restart skd sp"; exit 1; }
F1=$(dossier sp "Cánh đồng mẫu lớn" 5)
recognise sp "41/QĐ-UBND" $F1
FSUB=$(nominate sp "10/TTr-UBND" kinh-te $F1)
expect_out 0 "Sent: .*round 1" "Sen Phương sends one more (its export 6)" on sp head.sp forward send $FSUB
peer_check 0 "^  next to take: export 7;" "the district takes it" pt xa-sen-phuong sync
seen=$(log_size sp)
stop sp
rm -rf "$work/sp"
mv "$work/sp.bak" "$work/sp"
start sp || { echo "FAIL cannot restart skd sp"; exit 1; }
G1=$(dossier sp "Nuôi trồng thủy sản" 5)
G2=$(dossier sp "Sơ chế rau quả" 5)
recognise sp "41/QĐ-UBND" $G1 $G2
GSUB=$(nominate sp "10/TTr-UBND" kinh-te $G1)
on sp head.sp forward send $GSUB >/dev/null
GSUB2=$(nominate sp "11/TTr-UBND" kinh-te $G2)
expect_out 0 "Sent: .*round 1" "the restored server sends two others (its exports 6 and 7)" on sp head.sp forward send $GSUB2
forked=$(on sp aud.sp audit verify --state "$work/st.fresh" | sed -nE 's/.*: checkpoint of ([0-9]+) entries, .*/\1/p')
((forked >= seen)) && ok "its other history is as long ($forked entries, the district saw $seen)" ||
	{ : >"$work/out"; bad "its other history is as long ($forked entries, the district saw $seen)"; }
on pt vp.pt inbox --all >"$work/inbox"
size_pt=$(log_size pt)
peer_check 4 "^  last error: +DATA_LOSS: xa-sen-phuong's log forked: the checkpoint seen before \(size $seen root [0-9a-f]{16}…\) and this one \(size [0-9]+ root [0-9a-f]{16}…\) are not of one history" \
	"the district refuses the forked log, naming both trees (sk peer sync, exit 4)" pt xa-sen-phuong sync
peer_check 0 "^  next to take: export 7;" "its cursor stays" pt xa-sen-phuong
expect 0 "nothing new enters the inbox" diff "$work/inbox" <(on pt vp.pt inbox --all)
check_eq "nor the district's log" "$size_pt" "$(log_size pt)"
expect_out 0 "pull from peer\.sk\.xa-sen-phuong-[0-9a-f]+: DATA_LOSS: xa-sen-phuong's log forked: the checkpoint seen before \(size $seen " \
	"skd's log at the district records the fork" cat "$work/pt/skd.log"
expect_out 5 "VERIFICATION FAILED" "Sen Phương's auditor, who verified the first history, is refused the other (exit 5)" \
	on sp aud.sp audit verify --state "$work/st.sp"
SPLINK=$(link_of sp)
expect 0 "the district's administrator cuts the link of the forked server" adm pt user disable "$SPLINK"
peer_check 0 "^peer\.sk\.xa-sen-phuong-[0-9a-f]+ .* DISABLED$" "sk peer sync passes it by" pt xa-sen-phuong sync

# ==== 7. a commune never linked; a link cut and restored ==================================
expect_out 0 "^\(no linked server: sk peer add\)$" "Hiệp Thuận's server, never linked, pulls from no one" adm ht peer sync
expect_out 0 "^\(no linked server: sk peer add\)$" "its status says so" adm ht peer status
expect_out 3 "not of this deployment, nor a linked server's" "its link certificate is refused by the district" linkas ht pt hello
on ht head.ht council set --member head.ht:chair --member m1.ht:secretary --member m2.ht:expert >/dev/null
HT1=$(dossier ht "Số hóa hồ sơ một cửa" 3)
recognise ht "12/QĐ-UBND" $HT1
expect_out 4 "FAILED_PRECONDITION: your unit is at the top: there is no level above to forward to" "it forwards nothing" \
	on ht head.ht forward nominate --number 1/TTr-UBND --reasons "Toàn huyện" --sector hanh-chinh $HT1
expect_out 0 "the inbox is empty" "the district has nothing of it" on pt vp.pt inbox --unit xa-hiep-thuan
# The district disables Hát Môn's link user: the link is cut at once.
HMLINK=$(link_of hm) PTLINK=$(link_of pt)
expect_out 0 "^User $HMLINK: .*, DISABLED," "the district's administrator disables Hát Môn's link user" adm pt user disable "$HMLINK"
expect_out 4 "UNAUTHENTICATED: user $HMLINK is disabled" "Hát Môn's link certificate is refused at once" linkas hm pt hello
peer_check 4 "^  last error: +UNAUTHENTICATED: user $HMLINK is disabled" "Hát Môn's server cannot pull from the district, and says why" hm phuc-tho sync
HSUB3=$(nominate hm "17/TTr-UBND" giao-duc $HM2)
expect_out 0 "Sent: .*round 1" "Hát Môn's head sends another (its export 3; by the rounds last pulled)" on hm head.hm forward send $HSUB3
peer_check 0 "^peer\.sk\.xa-hat-mon-[0-9a-f]+ .* DISABLED$" "the district's sync passes the disabled link by" pt xa-hat-mon sync
peer_check 0 "^  next to take: export 3;" "and takes nothing from it" pt xa-hat-mon
expect_not 0 "Thư viện số" "the new one is not in the inbox" on pt gd.pt inbox --all
expect 0 "enabled again" adm pt user enable "$HMLINK"
peer_check 0 "^  next to take: export 4;" "the district takes it" pt xa-hat-mon sync
expect_out 0 "received +xa-hat-mon .*Thư viện số cho học sinh$" "into Phòng GD&ĐT's inbox" on pt gd.pt inbox
expect_not 0 "last error" "and Hát Môn's server pulls from the district again" adm hm peer sync
# Hát Môn disables the district's link user: the other way.
expect 0 "Hát Môn's administrator disables the district's link user" adm hm user disable "$PTLINK"
expect_out 4 "UNAUTHENTICATED: user $PTLINK is disabled" "the district's link certificate is refused at Hát Môn" linkas pt hm hello
peer_check 4 "^  last error: +UNAUTHENTICATED: user $PTLINK is disabled" "the district's pull from Hát Môn fails, and says why" pt xa-hat-mon sync
peer_check 0 "^peer\.sk\.phuc-tho-[0-9a-f]+ .* DISABLED$" "Hát Môn's status shows its link to the district disabled" hm phuc-tho
HM3=$(dossier hm "Sổ liên lạc điện tử" 4)
recognise hm "126/QĐ-UBND" $HM3
expect_out 4 "FAILED_PRECONDITION: your unit is at the top: there is no level above to forward to" "Hát Môn forwards nothing meanwhile" \
	on hm head.hm forward nominate --number 18/TTr-UBND --reasons "Toàn huyện" --sector giao-duc $HM3
expect 0 "enabled again" adm hm user enable "$PTLINK"
HSUB4=$(nominate hm "18/TTr-UBND" giao-duc $HM3)
expect_out 0 "Sent: .*round 1" "Hát Môn sends it" on hm head.hm forward send $HSUB4
peer_check 0 "^  next to take: export 5;" "the district takes it" pt xa-hat-mon sync
expect_out 0 "received +xa-hat-mon .*Sổ liên lạc điện tử$" "into Phòng GD&ĐT's inbox" on pt gd.pt inbox

# ==== 8. three levels: a city server above the district ===================================
printf '%s\n' "giao-duc | Giáo dục và đào tạo | so-kh-cn" "kinh-te | Kinh tế | so-kh-cn" "khac | Các lĩnh vực khác | so-kh-cn" >"$work/hn.sectors"
init hn "1 | ha-noi | city | 0 | Thành phố Hà Nội" "2 | phuc-tho | district | 1 | Huyện Phúc Thọ"
start hn || { echo "FAIL cannot start skd hn"; exit 1; }
enrol hn "vp.hn ha-noi district" "kh.hn ha-noi district so-kh-cn" "chu.hn ha-noi council,head" \
	"tv1.hn ha-noi council" "tv2.hn ha-noi council" "aud.hn ha-noi auditor"
adm hn peer card --out "$work/hn.card" 2>/dev/null
expect_out 0 "Linked: +the level above of ha-noi, at 127\.0\.0\.1:${PORTS[hn]}" "the district links the city upstream" \
	adm pt peer add "$work/hn.card" --upstream
expect_out 0 "^User peer\.sk\.phuc-tho-[0-9a-f]+$" "the city links the district downstream" adm hn peer add "$work/pt.card" --downstream
expect_out 0 "^Round 1 \"Đợt thành phố\": from $(today) to $(today '+30 days') \(the last day\), open$" "the city opens a round" on hn vp.hn round create --name "Đợt thành phố" --closes "$(today '+30 days')"
peer_check 0 "^  next to take: report 1;" "the district's server pulls the city's rounds" pt ha-noi sync
expect_out 0 "^ +1 .* open +Đợt thành phố$" "its chairman sees them" on pt chu.pt round list ha-noi
CSUB=$(on pt chu.pt --json forward nominate --number 30/TTr-UBND --reasons "Hiệu quả toàn thành phố" --sector giao-duc "$NEW" |
	sed -n 's/^{"submission":{"id":"\([0-9]*\)".*/\1/p')
expect_out 0 "Toàn thành phố" "Phòng GD&ĐT completes the district's recognised copy for the city" \
	on pt gd.pt forward complete "$NEW" --scope "Toàn thành phố"
expect_out 0 "Sent: .*round 1" "the district's chairman sends it up" on pt chu.pt forward send "$CSUB"
peer_check 0 "^  next to take: export 2;" "the city's server takes it" hn phuc-tho sync
expect_out 0 "^ +1  received +phuc-tho +1 +1 +giao-duc +Ứng dụng bảng tương tác" "in the city's inbox" on hn kh.hn inbox
expect_out 0 "^Copy 1 of initiative $NEW \(version [0-9]+\) of Huyện Phúc Thọ \[phuc-tho\]$" "its copy names the district" on hn kh.hn copy show 1
PTKEY=$(cat "$work/pt/log.key.pub")
expect_out 0 "^verified: the checkpoint of sk\.phuc-tho-[0-9a-f]+/phuc-tho " "proven by the district's log key" \
	on hn kh.hn copy show 1 --verify --log-key "$PTKEY"
expect_out 0 "State: +accepted" "the city registers it" on hn kh.hn initiative register 1
on hn chu.hn council set --member chu.hn:chair --member tv1.hn:secretary --member tv2.hn:expert >/dev/null
CS=$(on hn chu.hn --json session open --title "Hội đồng Sáng kiến thành phố" 1 | sed -n 's/^{"id":"\([0-9]*\)".*/\1/p')
for m in chu.hn tv1.hn tv2.hn; do on hn $m vote "$CS" 1 yes; done >/dev/null
expect_out 0 "^ +1 +3 +0 +0 .*PASSED" "the city council passes it" on hn chu.hn session close "$CS"
expect_out 0 "^Số: 5/QĐ-UBND$" "the city's chairman decides" on hn chu.hn decision issue --number 5/QĐ-UBND 1
peer_check 0 "^  next to take: report 3;" "the district's server takes the city's results" pt ha-noi sync
expect_out 0 "Recognised: +decision 5/QĐ-UBND of $(today) \(reported $(today)\)" "the district sees the city's decision" \
	on pt gd.pt initiative get "$NEW"
for s in pt hn; do
	expect_out 0 "^all [0-9]+ entries hash to the signed root$" "sk audit verify passes on the log of ${UNIT[$s]}" \
		on $s aud.$s audit verify --state "$work/st.$s"
done
for s in pt hm sp ht hn; do
	stop $s
	rc=$?
	[[ $rc == 0 ]] && ok "skd ${UNIT[$s]} stops cleanly" || { : >"$work/out"; bad "skd ${UNIT[$s]} stops cleanly (exit $rc)"; }
done
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
