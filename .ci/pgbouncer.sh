#!/usr/bin/env bash
# PgBouncer (Debian's `pgbouncer`) in transaction mode in front of the CI PostgreSQL (127.0.0.1:5432),
# as a deployment runs it (docs/DEPLOIEMENT.md): every database, the statement timeout and the search's
# similarity threshold set on each server connection (`connect_query`: PgBouncer refuses the `options` startup parameter).
#   .ci/pgbouncer.sh start [port]   → listens on 127.0.0.1:<port> (6432), prints the port
#   .ci/pgbouncer.sh stop [port]
set -euo pipefail
PORT="${2:-6432}"
ETAT="/tmp/pacte-pgbouncer-$PORT"
case "${1:-}" in
start)
    command -v pgbouncer >/dev/null || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }
    PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
    "$0" stop "$PORT" >/dev/null 2>&1 || true
    mkdir -p "$ETAT"
    cat > "$ETAT/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=5432 connect_query='SET statement_timeout = ${DB_STATEMENT_TIMEOUT_MS:-30000}; SET pg_trgm.word_similarity_threshold = ${RECHERCHE_SEUIL_SIMILARITE:-0.4}'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir = $ETAT
auth_type = trust
auth_file = $ETAT/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
max_db_connections = 40
server_reset_query =
logfile = $ETAT/pgbouncer.log
pidfile = $ETAT/pgbouncer.pid
CONF
    echo '"postgres" ""' > "$ETAT/userlist.txt"
    chown -R postgres "$ETAT"
    # PgBouncer refuses to run as root.
    runuser -u postgres -- "$PGBOUNCER" -d "$ETAT/pgbouncer.ini"
    for _ in $(seq 50); do
        psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1 && break
        sleep 0.2
    done
    psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SHOW statement_timeout" >/dev/null
    echo "$PORT"
    ;;
stop)
    if [ -f "$ETAT/pgbouncer.pid" ]; then
        kill "$(cat "$ETAT/pgbouncer.pid")" 2>/dev/null || true
        for _ in $(seq 50); do [ -f "$ETAT/pgbouncer.pid" ] || break; sleep 0.1; done
    fi
    rm -rf "$ETAT"
    ;;
*)
    echo "usage: $0 start [port]|stop" >&2
    exit 2
    ;;
esac
