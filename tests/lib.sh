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
	for _ in $(seq 1 100); do
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

sk_cleanup() {
	local p
	for p in "${SK_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	return 0
}
