#!/usr/bin/env bash
# The contract check (make contrat): generate a Python client from the schema with a tool nobody
# here wrote, install it in a throw-away virtualenv, serve the API on loopback, run parcours.py.
# PostgreSQL when DATABASE_URL is set (a database of its own, pacte_contrat), SQLite otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BUILD=build/contrat
PORT="${CONTRAT_PORT:-8765}"
rm -rf "$BUILD" && mkdir -p "$BUILD"

test -x "$BUILD/../.venv-contrat/bin/python" || python3 -m venv "$BUILD/../.venv-contrat"
VENV="$BUILD/../.venv-contrat"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r contrat/requirements.txt

"$PY" manage.py spectacular --fail-on-warn --validate --file "$BUILD/schema.yml"
( cd "$BUILD" && "../.venv-contrat/bin/openapi-python-client" generate --path schema.yml \
    --config ../../contrat/config.yml --meta setup --overwrite > generation.log 2>&1 || { cat generation.log; exit 1; } )
# The one expected warning: the yearly report's XLSX body is not a JSON model (it is a download).
grep -E '^(Generating|Warning|WARNING)' "$BUILD/generation.log" || true
test -d "$BUILD/pacte-solidarite-client"
"$VENV/bin/python" -m pip install --quiet "./$BUILD/pacte-solidarite-client"

export DJANGO_SETTINGS_MODULE=config.settings.local DEBUG=false
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  BASE="${DATABASE_URL%/*}"
  "$PY" - "$DATABASE_URL" <<'PYEOF'
import sys
import psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as connexion:
    connexion.execute("DROP DATABASE IF EXISTS pacte_contrat WITH (FORCE)")
    connexion.execute("CREATE DATABASE pacte_contrat")
PYEOF
  export DATABASE_URL="$BASE/pacte_contrat"
else
  export DATABASE_URL="sqlite:///$PWD/$BUILD/contrat.sqlite3"
fi
unset REDIS_URL  # tasks run in-process: the contract is the HTTP API's
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py charger_demo > /dev/null
# The EMAS team needs its second factor for a token: a TOTP secret enrolled from the command line,
# whose codes parcours.py computes (an integrator's script does the same with its own secret).
export CONTRAT_TOTP_SECRET="${CONTRAT_TOTP_SECRET:-JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP}"
"$PY" manage.py creer_agent infirmier.emas --role emas --communes 21166,21231,21355,21515,21617 \
  --totp-secret "$CONTRAT_TOTP_SECRET" > /dev/null
"$PY" -m gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --env DJANGO_SETTINGS_MODULE=config.settings.local --log-level warning &
SERVEUR=$!
trap 'kill $SERVEUR 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null && break
  sleep 0.2
done
"$VENV/bin/python" contrat/parcours.py "http://127.0.0.1:$PORT"
