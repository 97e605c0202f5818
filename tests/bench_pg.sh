#!/usr/bin/env bash
# PostgreSQL 15 under the loads bench.sh puts on skd, so that skd's figures
# have a well-known neighbour measured on the same machine in the same run.
# A throwaway cluster in a temporary directory, on a free loopback port,
# removed afterwards; mutual TLS as skd has it (TLS 1.3 only, hostssl with
# client certificates of a throwaway CA, clientcert=verify-full, and the
# client verifying the server: sslmode=verify-full); fsync=on and
# synchronous_commit=on, so an acknowledged write is on disk. The table is
# an initiative's row with the title, summary and author bench_write sends.
#
#   tests/bench_pg.sh           measure; prints, besides lines for people,
#                               one line per shape, in rows per second:
#     pg write_single N         16 clients, one INSERT per transaction
#     pg write_pipelined N      8 clients pipelining 16 INSERTs a round trip,
#                               each in its own transaction
#     pg read_pipelined N       8 clients pipelining 16 SELECTs by primary key
#   tests/bench_pg.sh install   only install postgresql-15 when missing
#
# PG_SECONDS (15): each shape's length; PG_ROWS (10000): rows loaded before
# (the reads pick among them); PG_BIN: where initdb, pg_ctl, pgbench are.
# Without PostgreSQL, and not root to install it, it says so and exits 0.
set -euo pipefail
PG_SECONDS=${PG_SECONDS:-15} PG_ROWS=${PG_ROWS:-10000}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DEPTH=16	# statements a pipeline, as bench_write's DEPTH in make bench

have_pg() {
	local p
	for p in initdb pg_ctl pgbench psql; do [[ -x $PG_BIN/$p ]] || return 1; done
}

if ! have_pg; then
	# (The package also makes its own cluster, "main"; that one is left alone.)
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		echo "installing postgresql-15 for the comparison" >&2
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15; } >&2 ||
			echo "bench_pg: apt-get could not install postgresql-15" >&2
	fi
	if ! have_pg; then
		echo "PostgreSQL not available: skipped (no $PG_BIN/{initdb,pg_ctl,pgbench,psql};" \
			"as root this script installs postgresql-15 with apt-get, or set PG_BIN)"
		exit 0
	fi
fi
[[ ${1:-} == install ]] && exit 0

# initdb refuses root: as root the cluster is the postgres user's (the
# package makes it), and so are the clients, whose key libpq wants 0600.
as_pg=()
if [[ $(id -u) == 0 ]]; then
	if ! id postgres >/dev/null 2>&1; then
		echo "PostgreSQL not available: skipped (running as root and no postgres user to run it as)"
		exit 0
	fi
	as_pg=(runuser -u postgres --)
fi
pg() { "${as_pg[@]}" "$@"; }

work=$(mktemp -d /tmp/sk-pgbench.XXXXXX)
data=$work/data
started=0
cleanup() {
	# Our cluster only, by its data directory; then everything of it.
	if ((started)); then pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A throwaway CA, the server's certificate (for 127.0.0.1, as verify-full
# checks) and the client's (CN = the database user, as verify-full checks);
# Ed25519 keys, as skd init makes.
cert() {	# cert NAME SUBJECT EXTENSION
	openssl req -new -newkey ed25519 -nodes -keyout "$work/$1.key" -subj "$2" \
		-out "$work/$1.csr" 2>/dev/null
	printf '%s\n' "$3" >"$work/$1.ext"
	openssl x509 -req -in "$work/$1.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
		-set_serial "0x$(openssl rand -hex 8)" -days 2 -extfile "$work/$1.ext" \
		-out "$work/$1.crt" 2>/dev/null
}
openssl req -x509 -newkey ed25519 -nodes -keyout "$work/ca.key" -out "$work/ca.crt" \
	-subj /CN=sk-pgbench-ca -days 2 2>/dev/null
cert server /CN=127.0.0.1 subjectAltName=IP:127.0.0.1
cert client /CN=bench extendedKeyUsage=clientAuth
chmod 600 "$work"/*.key
[[ ${#as_pg[@]} == 0 ]] || chown -R postgres "$work"

pg "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C >"$work/initdb.log" 2>&1 ||
	{ cat "$work/initdb.log" >&2; exit 1; }
# Only TLS over TCP, and only with a certificate naming the user; the
# superuser sets up through the socket in $work, which only its owner reaches.
cat >"$data/pg_hba.conf" <<-EOF
	local   all    postgres                 trust
	hostssl bench  bench     127.0.0.1/32   cert clientcert=verify-full
EOF

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in 1 2 3 4 5; do	# a port free now may be taken before the server binds it
	port=$((20000 + RANDOM % 40000))
	port_free "$port" || continue
	cat >>"$data/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $port
		unix_socket_directories = '$work'
		max_connections = 40
		ssl = on
		ssl_cert_file = '$work/server.crt'
		ssl_key_file = '$work/server.key'
		ssl_ca_file = '$work/ca.crt'
		ssl_min_protocol_version = 'TLSv1.3'
		fsync = on
		synchronous_commit = on
		full_page_writes = on
	EOF
	started=1
	pg "$PG_BIN/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 start >/dev/null && break
	started=0
	grep -q 'could not bind' "$work/server.log" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
done
((started)) || { echo "bench_pg: no free port for PostgreSQL" >&2; exit 1; }

# Every client below connects as skd's do: TLS, its certificate, the CA.
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=bench PGDATABASE=bench PGSSLMODE=verify-full \
	PGSSLCERT=$work/client.crt PGSSLKEY=$work/client.key PGSSLROOTCERT=$work/ca.crt \
	PGCLIENTENCODING=UTF8 PGAPPNAME=sk-pgbench
psql() { pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
su_psql() { psql -h "$work" -U postgres -d postgres "$@"; }
su_psql -c 'CREATE ROLE bench LOGIN' -c 'CREATE DATABASE bench OWNER bench'
# Plain TCP must be refused: the figures below are TLS's.
if PGSSLMODE=disable psql -c 'SELECT 1' >/dev/null 2>&1; then
	echo "bench_pg: PostgreSQL answered without TLS" >&2; exit 1
fi

title="Đo hiệu năng ghi: sáng kiến cải tiến quy trình một cửa"
summary="Mô tả ngắn của sáng kiến dùng để đo thông lượng và độ trễ."
authors='[{"name": "Nguyễn Văn Đo", "share": 10000}]'
insert="INSERT INTO initiative (unit, title, summary, category, state, created, authors)
	VALUES (7, '$title', '$summary', 3, 1, now(), '$authors');"
psql <<-EOF
	CREATE TABLE initiative (
		id bigserial PRIMARY KEY,
		unit int NOT NULL,
		title text NOT NULL,
		summary text NOT NULL,
		category int NOT NULL,
		state int NOT NULL,
		created timestamptz NOT NULL,
		authors jsonb NOT NULL
	);
	INSERT INTO initiative (unit, title, summary, category, state, created, authors)
		SELECT 7, '$title', '$summary', 3, 1, now(), '$authors' FROM generate_series(1, $PG_ROWS);
	VACUUM ANALYZE initiative;
EOF
printf 'PostgreSQL %s: %s (%s); fsync %s, synchronous_commit %s; %d rows of %d bytes\n' \
	"$(psql -c 'SHOW server_version' | cut -d' ' -f1)" \
	"$(psql -c "SELECT version || ' ' || cipher || ', client ' || client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl")" \
	"hostssl, cert clientcert=verify-full, sslmode=verify-full" \
	"$(psql -c 'SHOW fsync')" "$(psql -c 'SHOW synchronous_commit')" "$PG_ROWS" \
	"$(psql -c 'SELECT round(avg(pg_column_size(i.*))) FROM initiative i')"

# pgbench counts a run of its script as one transaction, whatever the
# script holds: its tps is scripts per second, so rows = tps x statements.
# And in PostgreSQL 15 a pipeline ends with one Sync, which commits all its
# statements at once: 16 bare INSERTs would be a single transaction (one
# WAL flush). Each INSERT in its own BEGIN/COMMIT keeps one durable commit
# a row, as the single-statement shape and skd's creates have.
printf '%s\n' "$insert" >"$work/write_single.sql"
{
	printf '%s\n' '\startpipeline'
	for _ in $(seq "$DEPTH"); do printf 'BEGIN;\n%s\nCOMMIT;\n' "$insert"; done
	printf '%s\n' '\endpipeline'
} >"$work/write_pipelined.sql"
# PostgreSQL's best shape for writes, as a district's web form would batch
# them: 16 bare INSERTs a pipeline, committed together by its Sync (one
# WAL flush for 16 rows, each reply after it).
{
	printf '%s\n' '\startpipeline'
	for _ in $(seq "$DEPTH"); do printf '%s\n' "$insert"; done
	printf '%s\n' '\endpipeline'
} >"$work/write_batched.sql"
{
	for i in $(seq "$DEPTH"); do echo "\\set id$i random(1, $PG_ROWS)"; done
	printf '%s\n' '\startpipeline'
	for i in $(seq "$DEPTH"); do echo "SELECT * FROM initiative WHERE id = :id$i;"; done
	printf '%s\n' '\endpipeline'
} >"$work/read_pipelined.sql"
[[ ${#as_pg[@]} == 0 ]] || chown postgres "$work"/*.sql

threads=$(nproc 2>/dev/null || echo 2)
shape() {	# shape NAME CLIENTS ROWS_A_SCRIPT WHAT
	local name=$1 clients=$2 rows=$3 what=$4 out=$work/$1.out tps failed lat
	su_psql -c CHECKPOINT	# no checkpoint's writes left over from the shape before
	pg "$PG_BIN/pgbench" -n -M prepared -c "$clients" -j $((clients < threads ? clients : threads)) \
		-T "$PG_SECONDS" -f "$work/$name.sql" >"$out" 2>&1 ||
		{ cat "$out" >&2; return 1; }
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out")
	failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
	lat=$(sed -n 's/^latency average = //p' "$out")
	[[ -n $tps && ${failed:-0} == 0 ]] || { cat "$out" >&2; return 1; }
	printf '  %-16s %s; %s scripts/s, latency average %s a script\n' "$name" "$what" "$tps" "$lat"
	awk -v t="$tps" -v r="$rows" -v n="$name" 'BEGIN { printf "pg %s %.0f\n", n, t * r }'
}

echo "pgbench -M prepared, $PG_SECONDS s each, over TLS:"
shape write_single 16 1 "16 clients, one INSERT a transaction"
before=$(psql -c 'SELECT max(id) FROM initiative')
shape write_pipelined 8 "$DEPTH" "8 clients, $DEPTH x (BEGIN; INSERT; COMMIT) a pipeline"
# That claim checked: every row the pipelines wrote has a transaction of its own.
read -r rows xacts < <(psql -F' ' -c "SELECT count(*), count(DISTINCT xmin::text) FROM initiative WHERE id > $before")
if [[ $rows != "$xacts" ]]; then
	echo "bench_pg: $rows rows written by pipelines in only $xacts transactions" >&2; exit 1
fi
shape write_batched 8 "$DEPTH" "8 clients, $DEPTH INSERTs a pipeline, one commit"
shape read_pipelined 8 "$DEPTH" "8 clients, $DEPTH SELECTs by primary key a pipeline"
