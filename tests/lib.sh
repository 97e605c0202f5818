# Shared shell helpers for the integration tests and the demo.
# Needs SKD and SK (paths of the programs) in the environment.

SK_PIDS=()

# sk_start DIR [skd flags...]: start skd on a free loopback port; sets PORT.
# SKD_WRAP, when set, is a command put before skd (e.g. "faketime -f +100d").
sk_start() {
	local dir=$1; shift
	rm -f "$dir/port"
	${SKD_WRAP:-} "$SKD" -d "$dir" --listen=127.0.0.1:0 --port-file="$dir/port" "$@" \
		2>>"$dir/skd.log" &
	SK_PIDS+=($!)
	SKD_PID=$!
	for _ in $(seq 1 200); do	# 10 s: slow under valgrind
		[[ -s $dir/port ]] && break
		kill -0 "$SKD_PID" 2>/dev/null || { cat "$dir/skd.log" >&2; return 1; }
		sleep 0.05
	done
	PORT=$(cat "$dir/port")
	[[ -n $PORT ]]
}

# sk_stop PID: SIGTERM and wait; returns skd's exit status.
sk_stop() {
	kill -TERM "$1" 2>/dev/null || return 1
	wait "$1"
}

# Only our own children: a server that ended long ago may have left its
# number to someone else's process.
sk_cleanup() {
	local p ppid
	for p in "${SK_PIDS[@]}"; do
		ppid=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)
		[[ $ppid == "$$" ]] || continue
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	return 0
}

# Checks for the test scripts: each prints "ok" or "FAIL" with what it saw
# ($work/out); the script ends with sk_summary, the line CI reads.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -s $work/out ]] && sed 's/^/     | /' "$work/out" | head -20; }

# expect RC NAME CMD...: run CMD, check its exit status.
expect() {
	local want=$1 name=$2; shift 2
	"$@" >"$work/out" 2>&1
	local rc=$?
	if [[ $rc == "$want" ]]; then ok "$name"; else echo "     exit $rc, wanted $want"; bad "$name"; fi
}

# expect_out RC PATTERN NAME CMD...: exit status and a line matching PATTERN.
expect_out() {
	local want=$1 pat=$2 name=$3; shift 3
	"$@" >"$work/out" 2>&1
	local rc=$?
	if [[ $rc == "$want" ]] && grep -qE -- "$pat" "$work/out"; then ok "$name"
	else echo "     exit $rc (wanted $want), pattern: $pat"; bad "$name"; fi
}

# expect_not RC PATTERN NAME CMD...: exit status, and no line matching.
expect_not() {
	local want=$1 pat=$2 name=$3; shift 3
	"$@" >"$work/out" 2>&1
	local rc=$?
	if [[ $rc == "$want" ]] && ! grep -qE -- "$pat" "$work/out"; then ok "$name"
	else echo "     exit $rc (wanted $want), must not match: $pat"; bad "$name"; fi
}

# expect_json RC PATTERN NAME CMD...: the same as expect_out on stdout
# alone, which must be one line of JSON per result.
expect_json() {
	local want=$1 pat=$2 name=$3; shift 3
	"$@" >"$work/out" 2>/dev/null
	local rc=$?
	if [[ $rc == "$want" ]] && grep -qE -- "$pat" "$work/out" && grep -q '^{.*}$' "$work/out"
	then ok "$name"
	else echo "     exit $rc (wanted $want), pattern: $pat"; bad "$name"; fi
}

# sk_enrol DATADIR "LOGIN UNIT ROLES"...: the data directory's administrator
# enrols each user (named "Người LOGIN"), writing their files into $U.
sk_enrol() {
	local dir=$1 u login unit roles
	shift
	for u in "$@"; do
		read -r login unit roles <<<"$u"
		"$SK" -c "$dir/admin.conf" --server "127.0.0.1:$PORT" user create "$login" \
			--name "Người $login" --unit "$unit" --roles "$roles" --out "$U" >/dev/null ||
			{ echo "sk_enrol: cannot enrol $login" >&2; return 1; }
	done
}

# as LOGIN ARGS...: sk as a user enrolled into $U, on the skd of $PORT.
as() { local who=$1; shift; "$SK" -c "$U/$who.conf" --server "127.0.0.1:$PORT" "$@"; }

# sk_fresh NAME: a work directory $work (removed on exit, with any skd the
# script started) holding a new data directory $D and a user folder $U.
sk_fresh() {
	work=$(mktemp -d "/tmp/sk-$1.XXXXXX")
	trap 'sk_cleanup; rm -rf "$work"' EXIT
	D=$work/d U=$work/u
	mkdir -p "$U"
	"$SKD" init "$D" >/dev/null 2>&1
}
