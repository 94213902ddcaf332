#!/usr/bin/env bash
# A real streaming replica of the CI PostgreSQL (the cluster on 127.0.0.1:5432): a second cluster on
# another port, made by pg_basebackup with a replication slot, hot standby (read-only).
#   .ci/replique.sh start   → prints the replica's port on the last line
#   .ci/replique.sh stop    → stops it, drops the slot and its files
# Debian's postgresql packages (initdb/pg_ctl refuse root: run as `postgres`).
set -euo pipefail
ETAT=/tmp/pacte-replique
SLOT=replique_ci
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAq -v ON_ERROR_STOP=1)

case "${1:-}" in
start)
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$ETAT" && chown postgres "$ETAT" && chmod 700 "$ETAT"
    # Replication connections from 127.0.0.1 (the machine's pg_hba.conf lists databases only).
    HBA=$("${PSQL[@]}" -c "SHOW hba_file")
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
        echo "host replication all 127.0.0.1/32 trust" >> "$HBA"
        "${PSQL[@]}" -c "SELECT pg_reload_conf()" >/dev/null
        sleep 1
    fi
    PORT=5532
    while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
    runuser -u postgres -- "$BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$ETAT/data" \
        -R -X stream -c fast -C -S "$SLOT"
    # Debian keeps the configuration outside the data directory: the replica gets its own.
    cat > "$ETAT/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ETAT'
hot_standby = on
hot_standby_feedback = on
max_connections = 100
CONF
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$ETAT/data/pg_hba.conf"
    : > "$ETAT/data/pg_ident.conf"
    chown -R postgres "$ETAT"
    runuser -u postgres -- "$BIN/pg_ctl" -D "$ETAT/data" -l "$ETAT/replique.log" -w -t 60 start >/dev/null
    echo "$PORT" > "$ETAT/port"
    test "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc 'SELECT pg_is_in_recovery()')" = t
    "${PSQL[@]}" -c "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication"
    echo "$PORT"
    ;;
stop)
    if [ -f "$ETAT/data/postmaster.pid" ]; then
        runuser -u postgres -- "$BIN/pg_ctl" -D "$ETAT/data" -m fast -w stop >/dev/null || true
    fi
    "${PSQL[@]}" -c "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null || true
    rm -rf "$ETAT"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
