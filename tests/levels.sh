#!/usr/bin/env bash
# Levels as data: skd init takes either units file shipped with it, the
# Phúc Thọ district of 2024 or the communes under Hà Nội city since
# 1 July 2025 (no district at all), names the deployment and the logs
# after the top unit, and finds its data beside the installed program.
# Prints "N passed, N failed".
set -u
: "${SKD:?}" "${SK:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
data=$here/../server/data

work=$(mktemp -d /tmp/sk-levels.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT
U=$work/u
mkdir -p "$U"

# 2025: Hà Nội city directly above three communes.
D=$work/hn
expect_out 0 "loaded 5 units" "skd init takes the 2025 units" "$SKD" init "$D" --units "$data/ha-noi-2025.units"
expect_out 0 "^deployment = Thành phố Hà Nội" "the deployment is named after the top unit" cat "$D/skd.conf"
expect_out 0 "^log_name = sk.ha-noi-[0-9a-f]{8}$" "the logs after its code, unique to the data directory" cat "$D/skd.conf"
"$SKD" init "$work/hn2" --units "$data/ha-noi-2025.units" >/dev/null 2>&1
n1=$(sed -n 's/^log_name = //p' "$D/skd.conf") n2=$(sed -n 's/^log_name = //p' "$work/hn2/skd.conf")
expect 0 "two data directories of the same units sign different origins ($n1, $n2)" test "$n1" != "$n2"
expect_out 0 "so-kh-cn" "the sectors beside the units file: all to Sở KH&CN" cat "$D/sectors"
sk_start "$D" || exit 1
ADM=(-c "$D/admin.conf" --server "127.0.0.1:$PORT")
expect_out 0 "Thành phố Hà Nội" "the administrator is in the city" "$SK" "${ADM[@]}" hello
expect_out 0 "city .*Thành phố Hà Nội" "units: the city" "$SK" "${ADM[@]}" units
expect_out 0 "commune .*Xã Phúc Lộc" "units: a new commune" "$SK" "${ADM[@]}" units "phuc loc"
expect 0 "the city's administrator enrols a commune's author" "$SK" "${ADM[@]}" user create an.hm \
	--name "Nguyễn Văn An" --unit xa-hat-mon --roles author,auditor --out "$U"
as() { "$SK" -c "$U/$1.conf" --server "127.0.0.1:$PORT" "${@:2}"; }
expect_out 0 "Initiative 1 " "an author of a 2025 commune writes a dossier" as an.hm initiative create \
	--title "Số hóa hồ sơ" --category 3 --author "Nguyễn Văn An"
KEY=$(sed -n 's/^log_key = //p' "$D/admin.conf")
expect_out 0 "sk.ha-noi-[0-9a-f]{8}/xa-hat-mon: checkpoint" "its log is the commune's under the city" as an.hm audit verify --state "$work/st" --log-key "$KEY"
sk_stop "$SKD_PID"

# 2024, by default: the district at the top.
D=$work/pt
expect_out 0 "loaded 39 units" "skd init takes the 2024 units by default" "$SKD" init "$D"
expect_out 0 "^deployment = Huyện Phúc Thọ" "named after the district" cat "$D/skd.conf"
expect_out 0 "^6 \| " "the plan's six categories are copied for editing" cat "$D/categories"
expect_out 0 "^giao-duc .*phong-gd-dt" "education goes to Phòng GD&ĐT" cat "$D/sectors"

# Installed: the data beside the program wins over the source tree's.
mkdir -p "$work/inst/bin" "$work/inst/share/sk"
cp "$SKD" "$work/inst/bin/skd"
cp "$data/ha-noi-2025.units" "$work/inst/share/sk/phuc-tho-2024.units"
cp "$data/phuc-tho-2024.categories" "$data/phuc-tho-2024.sectors" "$work/inst/share/sk/"
expect_out 0 "loaded 5 units from $work/inst/share/sk/" "an installed skd finds share/sk beside bin/" \
	"$work/inst/bin/skd" init "$work/inst-d"
expect_out 0 "loaded 5 units from $work/inst/share/sk/" "SK_DATA_DIR names another place" \
	env SK_DATA_DIR="$work/inst/share/sk" "$SKD" init "$work/env-d"
rm "$work/inst/share/sk/phuc-tho-2024.categories"
expect_out 1 "no data file phuc-tho-2024.categories in $work/inst/share/sk" \
	"a missing data file is named, with where it was looked for" \
	"$work/inst/bin/skd" init "$work/none-d"

# A units file with two top units, or none, is refused.
printf '1 | a | city | 0 | A\n2 | b | city | 0 | B\n' >"$work/two.units"
expect_out 1 "a second unit at the top" "two top units are refused" "$SKD" init "$work/two-d" --units "$work/two.units"
printf '1 | a | commune | 2 | A\n' >"$work/none.units"
expect_out 1 "no unit at the top" "no top unit is refused" "$SKD" init "$work/none2-d" --units "$work/none.units"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
