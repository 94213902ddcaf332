#!/bin/sh
# Writes pgbouncer.ini from the environment, then runs PgBouncer in the foreground.
# Transaction pooling: a server connection serves another client after each transaction (the
# application sets DB_POOLER=transaction; docs/DEPLOIEMENT.md). The statement timeout is set on each
# server connection here: PgBouncer refuses the `options` startup parameter.
set -eu
ETC=/tmp/pgbouncer
mkdir -p "$ETC"
cat > "$ETC/pgbouncer.ini" <<CONF
[databases]
${PGBOUNCER_DATABASE:-pacte} = host=${PGBOUNCER_SERVER_HOST:-db} port=${PGBOUNCER_SERVER_PORT:-5432} connect_query='SET statement_timeout = ${DB_STATEMENT_TIMEOUT_MS:-30000}; SET pg_trgm.word_similarity_threshold = ${RECHERCHE_SEUIL_SIMILARITE:-0.4}'

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $ETC/userlist.txt
pool_mode = transaction
max_client_conn = ${PGBOUNCER_MAX_CLIENT_CONN:-500}
default_pool_size = ${PGBOUNCER_DEFAULT_POOL_SIZE:-20}
reserve_pool_size = ${PGBOUNCER_RESERVE_POOL_SIZE:-5}
max_db_connections = ${PGBOUNCER_MAX_DB_CONNECTIONS:-40}
server_reset_query =
ignore_startup_parameters = extra_float_digits
CONF
printf '"%s" "%s"\n' "${PGBOUNCER_USER:-pacte}" "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD}" > "$ETC/userlist.txt"
exec pgbouncer "$ETC/pgbouncer.ini"
