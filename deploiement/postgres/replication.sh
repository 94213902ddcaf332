#!/bin/sh
# Run once by the postgres image when the primary's data directory is created
# (/docker-entrypoint-initdb.d): the replica (profile `replique`) may stream from it.
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
