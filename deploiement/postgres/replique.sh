#!/bin/sh
# The streaming replica (docker compose --profile replique): on first start, a base backup of the
# primary with a replication slot (`-R` writes standby.signal and primary_conninfo), then PostgreSQL
# as a hot standby, read-only. Its data volume is its own.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h db -U "$POSTGRES_USER" -d "$POSTGRES_DB"; do sleep 2; done
    export PGPASSWORD="$POSTGRES_PASSWORD"
    pg_basebackup -h db -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast -C -S replique1 \
        || pg_basebackup -h db -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast -S replique1
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
