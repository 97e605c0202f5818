#!/usr/bin/env bash
# The demo: a server on an embedded LMDB data directory with development
# certificates, and a real initiative walked through the CLI. Every step
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
as() { local who=$1; shift; "$SK" -c "$U/$who.conf" --server "127.0.0.1:$PORT" "$@"; }

step "The administrator checks who they are"
run "$SK" "${ADMIN[@]}" hello

step "The units of the district (search works without diacritics)"
run "$SK" "${ADMIN[@]}" units
run "$SK" "${ADMIN[@]}" units "phuc tho"

step "Enrol people: two authors and a clerk in Xã Hát Môn, an author in Xã Sen Phương"
run "$SK" "${ADMIN[@]}" user create an.hatmon --name "Nguyễn Văn An" --unit xa-hat-mon --roles author --out "$U"
run "$SK" "${ADMIN[@]}" user create binh.hatmon --name "Trần Thị Bình" --unit xa-hat-mon --roles author --out "$U"
run "$SK" "${ADMIN[@]}" user create cuong.hatmon --name "Lê Văn Cường" --unit xa-hat-mon --roles clerk --out "$U"
run "$SK" "${ADMIN[@]}" user create dung.senphuong --name "Phạm Thị Dung" --unit xa-sen-phuong --roles author --out "$U"
run "$SK" "${ADMIN[@]}" user list --unit xa-hat-mon

step "The author connects with the certificate they were given"
run as an.hatmon hello

step "The author writes an initiative (Vietnamese text, two co-authors 60/40)"
run as an.hatmon initiative create \
	--title "Số hóa hồ sơ một cửa tại UBND xã Hát Môn" \
	--summary "Quét, lưu trữ và tra cứu điện tử hồ sơ thủ tục hành chính, rút ngắn thời gian trả kết quả." \
	--category 3 --field "Cải cách hành chính" \
	--author "Nguyễn Văn An:60" --author "Trần Thị Bình:40" \
	--first-applied 01/03/2026

step "Invalid input is refused with a message naming the field"
refused as an.hatmon initiative create --title "Thử" --category 3 --author "A:50" --author "B:40"
refused as an.hatmon initiative create --title "Thử" --category 9 --author "A"

step "The author corrects the draft"
run as an.hatmon initiative update 1 --title "Số hóa hồ sơ một cửa cấp xã" --field "Cải cách hành chính, chuyển đổi số"

step "The unit's clerk reads it; lists find it by words without diacritics"
run as cuong.hatmon initiative get 1
run as cuong.hatmon initiative list --query "so hoa"
run as an.hatmon --json initiative get 1

step "Tenant isolation: another commune cannot see Hát Môn's initiative"
refused as dung.senphuong initiative get 1
run as dung.senphuong initiative list

step "A co-worker cannot edit someone else's draft"
refused as binh.hatmon initiative update 1 --title "Sửa trộm"

step "The administrator disables a user; their next connection is refused"
run "$SK" "${ADMIN[@]}" user disable binh.hatmon
refused as binh.hatmon hello

step "Stop the server (SIGTERM finishes in-flight writes first)"
sk_stop "$SKD_PID"
SK_PIDS=()
echo "skd stopped; the data directory $D is left for inspection:"
ls -l "$D"
