#!/usr/bin/env bash
# Group commit, measured: the same write load against skd with one commit
# per write (batch_max=1, the baseline) and with batching (batch_max=256),
# plus reads for reference. Prints throughput, latency percentiles and the
# server's peak memory. Bounded: a fixed number of requests on loopback.
# With BENCH_PG=1 (make bench), PostgreSQL 15 then takes the same loads
# (tests/bench_pg.sh) and a last table sets each figure beside skd's.
#
#   SKD=build/skd SK=build/sk BENCH=build/tests/bench_write tests/bench.sh
set -euo pipefail
: "${SKD:?}" "${SK:?}" "${BENCH:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# 2000 requests a client: each skd run lasts seconds, not a fraction of one,
# nearer PostgreSQL's runs beside it.
# Gets are cheaper: READS a client makes their runs last about as long.
CLIENTS=${CLIENTS:-8} REQUESTS=${REQUESTS:-2000} READS=${READS:-20000} DEPTH=${DEPTH:-16}

work=$(mktemp -d /tmp/sk-bench.XXXXXX)
trap 'sk_cleanup; rm -rf "$work"' EXIT
"$SKD" init "$work/d" >/dev/null
sk_start "$work/d"
"$SK" -c "$work/d/admin.conf" --server "127.0.0.1:$PORT" user create bench.author \
	--name "Người Đo" --unit xa-hat-mon --roles author,clerk --out "$work" >/dev/null
sk_stop "$SKD_PID"; SK_PIDS=()

rps=	# the last run's requests per second, for the comparison at the end
run() {	# run NAME BATCH [get]
	local name=$1 batch=$2 out; shift 2
	sk_start "$work/d" --batch_max="$batch" --log_level=warn ${SKD_EXTRA:+"$SKD_EXTRA"}
	printf '%-28s ' "$name"
	out=$("$BENCH" "$PORT" "$work/d/ca.crt" "$work/bench.author.crt" "$work/bench.author.key" \
		"$CLIENTS" "${REQS:-$REQUESTS}" "$DEPTH" "$@") || { echo "$out"; return 1; }
	rps=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "req/s") print $(i - 1) }' <<<"$out")
	printf '%s  rss %s kB\n' "$out" "$(awk '/VmHWM/ {print $2}' /proc/"$SKD_PID"/status)"
	sk_stop "$SKD_PID"; SK_PIDS=()
}

echo "skd writes: $CLIENTS clients x $REQUESTS creates, in rounds of $DEPTH (one write, then their replies)"
run "baseline: commit per write" 1
run "group commit (batch 256)" 256
skd_write=$rps
SKD_EXTRA=--read_threads=0 REQS=$READS run "reads in the event loop" 256 get
skd_read_loop=$rps
REQS=$READS run "reads on 2 read threads" 256 get
skd_read=$rps

# Head-of-line blocking: one user's Hellos, one at a time, while two other
# users run reports (each a pass over the unit's initiatives, those the
# runs above made), with reads in the event loop (the baseline) and on the
# read threads.
HOL_HELLOS=${HOL_HELLOS:-300}
hol() {	# hol NAME THREADS
	local name=$1 threads=$2 out b
	sk_start "$work/d" --read_threads="$threads" --log_level=warn
	"$BENCH" "$PORT" "$work/d/ca.crt" "$work/bench.author.crt" "$work/bench.author.key" \
		2 100000 1 stats >/dev/null 2>&1 &
	b=$!
	sleep 0.5
	printf '%-28s ' "$name"
	out=$("$BENCH" "$PORT" "$work/d/ca.crt" "$work/bench.author.crt" "$work/bench.author.key" \
		1 "$HOL_HELLOS" 1 hello) || { echo "$out"; return 1; }
	echo "$out"
	kill "$b" 2>/dev/null; wait "$b" 2>/dev/null || true
	sk_stop "$SKD_PID"; SK_PIDS=()
}
echo
echo "hellos while two users run reports (latency of each hello)"
hol "baseline: event loop only" 0
hol "on 2 read threads" 2

# Idle mutual-TLS connections: the server's memory with IDLE of them held
# (beside its memory before them), and the handshakes per second that made
# them, beside OpenSSL's own s_time against the same server.
IDLE=${IDLE:-10000}
IDLE_BENCH=${IDLE_BENCH:-$(dirname "$BENCH")/bench_idle}
if [[ -x $IDLE_BENCH && $IDLE -gt 0 ]]; then
	ulimit -n $((IDLE + 1024)) 2>/dev/null || IDLE=$(($(ulimit -n) - 512))
	fifo=$work/idle.fifo
	sk_start "$work/d" --max_conns=$((IDLE + 100)) --log_level=warn
	before=$(awk '/VmRSS/ {print $2}' /proc/"$SKD_PID"/status)
	mkfifo "$fifo"
	"$IDLE_BENCH" "$PORT" "$work/d/ca.crt" "$work/bench.author.crt" "$work/bench.author.key" \
		"$IDLE" <"$fifo" >"$work/idle.out" 2>&1 &
	idle_pid=$!
	exec 7>"$fifo"
	for _ in $(seq 1 1200); do grep -q '^held' "$work/idle.out" && break; sleep 0.1; done
	held=$(awk '/VmRSS/ {print $2}' /proc/"$SKD_PID"/status)
	echo
	echo "idle mutual-TLS connections"
	printf '%-28s %s; server rss %d MiB (%d MiB before them, %.1f KiB a connection)\n' \
		"$IDLE held" "$(head -1 "$work/idle.out")" $((held / 1024)) $((before / 1024)) \
		"$(echo "($held - $before) / $IDLE" | bc -l)"
	echo >&7; exec 7>&-
	wait $idle_pid 2>/dev/null || true
	sk_stop "$SKD_PID"; SK_PIDS=()
	# OpenSSL's s_time: new full handshakes (with our client certificate).
	sk_start "$work/d" --log_level=warn
	printf '%-28s ' "openssl s_time (new)"
	openssl s_time -connect "127.0.0.1:$PORT" -new -time 3 -cert "$work/bench.author.crt" \
		-key "$work/bench.author.key" -CAfile "$work/d/ca.crt" 2>/dev/null |
		grep -E 'connections/user sec|connections in' | tr '\n' ' ' || true
	echo
	sk_stop "$SKD_PID"; SK_PIDS=()
fi

# PostgreSQL 15 under the same loads (tests/bench_pg.sh), then each figure
# beside skd's. Only when asked: ctest's bench_smoke and make test must not
# need PostgreSQL, and installing it is make bench's business.
[[ ${BENCH_PG:-0} == 1 ]] || { echo; echo "PostgreSQL comparison: skipped (BENCH_PG=1 runs it)"; exit 0; }
echo
"$here/bench_pg.sh" | tee "$work/pg.out"
pg() { awk -v k="$1" '$1 == "pg" && $2 == k { print $3 }' "$work/pg.out"; }
row() {	# row SHAPE SKD PG: the figures (rows per second) and skd / PostgreSQL
	awk -v s="$1" -v a="$2" -v b="$3" 'BEGIN {
		r = (a != "" && b != "" && b > 0) ? sprintf("%.2f", a / b) : "-"
		printf "%-46s %10s %12s %7s\n", s, a == "" ? "-" : a, b == "" ? "-" : b, r }'
}
echo
echo "skd and PostgreSQL 15, rows per second (ratio: skd / PostgreSQL)"
printf '%-46s %10s %12s %7s\n' shape skd PostgreSQL ratio
row "durable writes acknowledged one by one" "$skd_write" "$(pg write_single)"
row "durable writes, PG pipelining 16 a round trip" "$skd_write" "$(pg write_pipelined)"
row "durable writes, PG's best: 16 a commit" "$skd_write" "$(pg write_batched)"
row "reads of one record" "$skd_read" "$(pg read_pipelined)"
row "reads of one record, skd's event loop only" "$skd_read_loop" "$(pg read_pipelined)"
echo "  skd: $CLIENTS clients x $DEPTH pipelined, creates (group commit) and gets"
echo "  PG writes: 16 clients, one INSERT a transaction; 8 clients pipelining 16"
echo "    INSERTs, each its own BEGIN/COMMIT, or all 16 in one commit (its best);"
echo "    reads: 8 clients pipelining 16 SELECTs"
