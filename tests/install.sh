#!/usr/bin/env bash
# Installation (issue 14, point 7): cmake --install into a staging root
# with prefix /usr puts every file in its FHS place; the man pages render
# without warnings; the systemd unit verifies and is hardened; the
# installed programs find their data and catalogue where they were
# installed, and the installed skd serves the operator's /etc settings.
# Prints "N passed, N failed".
set -u
: "${BUILD:?}" "${SRC:?}" "${SYSCONFDIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work=$(mktemp -d /tmp/sk-install.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT
R=$work/root

expect 0 "cmake --install with prefix /usr into a staging root" \
	env DESTDIR="$R" cmake --install "$BUILD" --prefix /usr
for f in usr/bin/skd usr/bin/sk usr/bin/sk-tui usr/share/sk/phuc-tho-2024.units \
	usr/share/sk/ha-noi-2025.units usr/share/sk/phuc-tho-2024.categories \
	usr/share/sk/phuc-tho-2024.sectors usr/share/locale/vi/LC_MESSAGES/sk.mo \
	usr/share/man/man1/sk.1.gz usr/share/man/man1/sk-tui.1.gz usr/share/man/man8/skd.8.gz \
	usr/share/man/man5/skd.conf.5.gz usr/lib/systemd/system/skd.service "${SYSCONFDIR#/}/sk/skd.conf"; do
	[[ -s $R/$f ]] && ok "installed: /$f" || { : >"$work/out"; bad "installed: /$f"; }
done

# The man pages: each renders, with no warning from groff.
for m in man1/sk.1 man1/sk-tui.1 man8/skd.8 man5/skd.conf.5; do
	zcat "$R/usr/share/man/$m.gz" >"$work/page"
	LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$work/page" >"$work/out" 2>&1
	[[ ! -s $work/out ]] && ok "man page $m renders without warnings" || bad "man page $m renders without warnings"
done
expect_out 0 "sk-tui - the full-screen client" "man -l shows sk-tui(1)" \
	env LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$R/usr/share/man/man1/sk-tui.1.gz"

# The unit: systemd's own checks, and the hardening it must keep.
U=$R/usr/lib/systemd/system/skd.service
if command -v systemd-analyze >/dev/null; then
	# Verified as installed, its program where the staging root has it.
	sed "s|/usr/bin/skd|$R/usr/bin/skd|" "$U" >"$work/skd.service"
	expect 0 "systemd-analyze verify skd.service" systemd-analyze verify --man=no "$work/skd.service"
	expect_out 0 "Overall exposure level for skd.service: [0-2]\.[0-9] OK" \
		"systemd-analyze security: exposure OK" systemd-analyze security --offline=yes "$U"
fi
for line in "User=sk" "ProtectSystem=strict" "StateDirectory=sk" "NoNewPrivileges=yes" \
	"ExecStart=/usr/bin/skd -d /var/lib/sk -c /etc/sk/skd.conf" "CapabilityBoundingSet=$"; do
	expect_out 0 "^$line" "skd.service: $line" cat "$U"
done

# The installed programs find what was installed beside them.
unset SK_DATA_DIR SK_LOCALEDIR
expect_out 0 "^initialised $work/data" "the installed skd init finds the units in /usr/share/sk" \
	"$R/usr/bin/skd" init "$work/data"
expect_out 0 "^cách dùng: sk-tui|^usage: sk-tui" "the installed sk-tui --help" env LANG=C.UTF-8 "$R/usr/bin/sk-tui" --help
expect_out 0 "^cách dùng: sk-tui" "in Vietnamese, from the catalogue in /usr/share/locale" \
	env -u LANGUAGE LANG=C.UTF-8 "$R/usr/bin/sk-tui" --help
expect_out 0 "^usage: sk-tui" "in English with LANG=en_US.UTF-8" env -u LANGUAGE LANG=en_US.UTF-8 "$R/usr/bin/sk-tui" --help

# The operator's file wins over the data directory's: the port it names.
printf 'listen = 127.0.0.1:0\nport_file = %s/etc-port\n' "$work" >"$work/etc-skd.conf"
"$R/usr/bin/skd" -d "$work/data" -c "$work/etc-skd.conf" 2>"$work/skd.log" &
SK_PIDS+=($!)
for _ in $(seq 1 100); do [[ -s $work/etc-port ]] && break; sleep 0.05; done
[[ -s $work/etc-port ]] && ok "skd -c /etc/sk/skd.conf: the operator's settings win" ||
	{ cp "$work/skd.log" "$work/out"; bad "skd -c /etc/sk/skd.conf: the operator's settings win"; }
expect_out 0 "^Unit: +Huyện Phúc Thọ" "the installed sk speaks to the installed skd" \
	"$R/usr/bin/sk" -c "$work/data/admin.conf" --server "127.0.0.1:$(cat "$work/etc-port")" hello
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
