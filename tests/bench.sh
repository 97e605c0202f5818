#!/usr/bin/env bash
# Group commit, measured: the same write load against skd with one commit
# per write (batch_max=1, the baseline) and with batching (batch_max=256),
# plus reads for reference. Prints throughput, latency percentiles and the
# server's peak memory. Bounded: a fixed number of requests on loopback.
#
#   SKD=build/skd SK=build/sk BENCH=build/tests/bench_write tests/bench.sh
set -euo pipefail
: "${SKD:?}" "${SK:?}" "${BENCH:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
CLIENTS=${CLIENTS:-8} REQUESTS=${REQUESTS:-500} DEPTH=${DEPTH:-16}

work=$(mktemp -d /tmp/sk-bench.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT
"$SKD" init "$work/d" >/dev/null
sk_start "$work/d"
"$SK" -c "$work/d/admin.conf" --server "127.0.0.1:$PORT" user create bench.author \
	--name "Người Đo" --unit xa-hat-mon --roles author --out "$work" >/dev/null
sk_stop "$SKD_PID"; SK_PIDS=()

run() {	# run NAME BATCH [get]
	local name=$1 batch=$2; shift 2
	sk_start "$work/d" --batch_max="$batch" --log_level=warn
	printf '%-28s ' "$name"
	"$BENCH" "$PORT" "$work/d/ca.crt" "$work/bench.author.crt" "$work/bench.author.key" \
		"$CLIENTS" "$REQUESTS" "$DEPTH" "$@" | tr -d '\n'
	printf '  rss %s kB\n' "$(awk '/VmHWM/ {print $2}' /proc/"$SKD_PID"/status)"
	sk_stop "$SKD_PID"; SK_PIDS=()
}

echo "skd writes: $CLIENTS clients x $REQUESTS creates, $DEPTH in flight each"
run "baseline: commit per write" 1
run "group commit (batch 256)" 256
run "reads (get), for reference" 256 get
