"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Which settings run: `production` refuses what must never run there (charger_demo).
ENVIRONNEMENT = "developpement"

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-ne-pas-utiliser-en-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "config.apps.AdminPacte",  # django.contrib.admin, its site `config.admin.SiteAdmin`
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Trigram search of persons (pg_trgm lookups; inert on SQLite).
    "django.contrib.postgres",
    # The agents' workspace: the State's design system (its assets served by the project) and htmx.
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "pgtrigger",
    "pghistory",
    # Second factor (TOTP and recovery codes) of administrators and the EMAS team (comptes.second_facteur).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Project apps
    "comptes",
    "communes",
    "usagers",
    "partenaires",  # the partners' directory (action 1.4), kernel: the dispositifs point to it
    "accompagnements",
    "logement",
    "emas",
    "notifications",
    "indicateurs",
    "estimations",
    "historique",  # change history (django-pghistory, PostgreSQL triggers)
    "conservation",  # retention and the person's right of access
    "orientations",  # a person's path between dispositifs and to partners (action 1.4)
    "journal",  # the access journal, history and retention (docs/DONNEES_PERSONNELLES.md)
    "espace",  # the agents' workspace (/espace/): server-rendered pages over the same rules as the API
    "demo",  # last: it reads every dispositif, none reads it
]

# pghistory's context (the author and the request of a history row, `historique.middleware`) on the
# methods that write only: a GET writes no tracked record (the access journal is not one), and its
# statements then go without pghistory's `set_config` prefix — one statement each, which PostgreSQL
# can keep prepared (`config.sql.curseur_prepare`; docs/PERFORMANCE.md, figure 2).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.TailleDesRequetesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Browser sessions: idle and absolute lifetime; the second factor where the data demands it.
    "comptes.middleware.DureeDeSessionMiddleware",
    "comptes.middleware.AuthentificationForteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "journal.middleware.IdentifiantRequeteMiddleware",
    "config.replique.LectureSurReplicaMiddleware",
    "historique.middleware.HistoriqueMiddleware",
]

# The largest request body accepted (bytes), for every content type: beyond it, a 413. A record of
# the pacte is a few kilobytes; 1 MiB leaves room for the longest notes.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024)))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide pages first: French 403/404, the admin's index with the dashboard link.
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indicateurs.context_processors.pilotage",
                "espace.views.contexte_commun",
            ],
        },
    },
]

# Embedded SQLite by default (no server needed); PostgreSQL in production and CI.
# DB_CONN_MAX_AGE: seconds a process keeps its connection. 0 by default: the development server
# serves each request in a new thread, and kept connections pile up (31 under one browser session,
# « too many clients » past 100); gunicorn's sync workers keep one each (production: 60).
# Connection budget per process: docs/DEPLOIEMENT.md.
DB_CONN_MAX_AGE = int(os.environ.get("DB_CONN_MAX_AGE", "0"))
# Behind PgBouncer in transaction mode (`DB_POOLER=transaction`): no server-side cursors (they
# outlive the transaction), no prepared statements (psycopg's `_pg3_N` would collide between
# clients: PgBouncer 1.18 does not track them), and no startup `options` (refused by PgBouncer): the
# statement timeout is then PgBouncer's `connect_query` or `ALTER ROLE … SET statement_timeout`.
DB_POOLER = os.environ.get("DB_POOLER", "").strip().lower()
# A pooler that carries protocol-level prepared statements (PgBouncer ≥ 1.21 with
# `max_prepared_statements`): the token's lookup is prepared behind it too (`config.sql.curseur_prepare`).
DB_POOLER_PREPARE = os.environ.get("DB_POOLER_PREPARE", "").strip().lower() in {"1", "true", "oui"}


def base_de_donnees(url: str) -> dict:
    reglages = dj_database_url.parse(url, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True)
    if reglages["ENGINE"] == "django.db.backends.sqlite3":
        # Embedded mode serves concurrent requests too: write transactions take the lock up front
        # (BEGIN IMMEDIATE) and wait for it, instead of failing with "database is locked".
        reglages["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif reglages["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, its instants read in C (config/postgresql/base.py).
        reglages["ENGINE"] = "config.postgresql"
        options = reglages.setdefault("OPTIONS", {})
        if DB_POOLER == "transaction":
            # The two settings below come from PgBouncer's `connect_query` instead (DEPLOIEMENT.md).
            reglages["DISABLE_SERVER_SIDE_CURSORS"] = True
            options["prepare_threshold"] = 0 if DB_POOLER_PREPARE else None
        else:
            # The statements run through `config.sql.curseur_prepare` (the token's lookup, at every
            # request) are prepared at their first run on each connection; Django's own cursors bind
            # their parameters in the client and never prepare.
            options.setdefault("prepare_threshold", 0)
            # A runaway query is cut after this long (milliseconds; 0: never), not the site: the
            # request gets a 503. Every statement of every process (tasks have their own limits).
            options["options"] = (
                f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
                # The workspace's search finds a name one letter off (« duove » for « durove », word
                # similarity 0.44): the `%>` operator of pg_trgm, on its GIN index, reads this threshold.
                f" -c pg_trgm.word_similarity_threshold={RECHERCHE_SEUIL_SIMILARITE}"
            )
    return reglages


DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
RECHERCHE_SEUIL_SIMILARITE = os.environ.get("RECHERCHE_SEUIL_SIMILARITE", "0.4")
DATABASES = {
    "default": base_de_donnees(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A streaming replica (config.replique): the indicators, their exports, the report and the dashboard
# read from it; every write, and every read after a write, stays on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = base_de_donnees(os.environ["DATABASE_REPLICA_URL"])
    # Tests: the same test database (tests/conftest.py points it at the real replica when CI has one).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Requests (GET, HEAD) whose path starts with one of these may read from the replica.
REPLICA_CHEMINS = env_list("REPLICA_CHEMINS", "/api/v1/indicateurs/,/admin/tableau-de-bord/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The access journal may live in its own database (journal.routers): JOURNAL_DATABASE_URL gives it one.
if os.environ.get("JOURNAL_DATABASE_URL"):
    DATABASES["journal"] = base_de_donnees(os.environ["JOURNAL_DATABASE_URL"])
JOURNAL_DATABASE = "journal" if "journal" in DATABASES else "default"
DATABASE_ROUTERS = ["journal.routers.JournalRouter", "config.replique.ReplicaRouter"]
# Journal entries are kept 12 months (CNIL: 6 to 12), then purged by the daily retention task.
JOURNAL_CONSERVATION_MOIS = min(12, max(6, int(os.environ.get("JOURNAL_CONSERVATION_MOIS", "12"))))

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses while a username or an address has failed too often (every login path).
    "comptes.connexion.LimiteDesConnexionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    # ProConnect (OpenID Connect): inert while PROCONNECT_* is not configured.
    "comptes.proconnect.ProConnectBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Commune grants live in the direct foreign-key tables of communes.models, not the generic ones.
GUARDIAN_USER_OBJ_PERMS_MODEL = "communes.CommuneUserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "communes.CommuneGroupObjectPermission"
GUARDIAN_MONKEY_PATCH_USER = False
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Authentication hardening (docs/SECURITY.md). API tokens die after this long without use, and in
# any case this long after they were issued.
JETON_INACTIVITE = timedelta(minutes=int(os.environ.get("JETON_INACTIVITE_MINUTES", str(8 * 60))))
JETON_DUREE_MAX = timedelta(minutes=int(os.environ.get("JETON_DUREE_MAX_MINUTES", str(24 * 60))))
# Failed logins, on every path: per username and per client address, within the window.
CONNEXION_ECHECS_PAR_COMPTE = int(os.environ.get("CONNEXION_ECHECS_PAR_COMPTE", "5"))
CONNEXION_ECHECS_PAR_IP = int(os.environ.get("CONNEXION_ECHECS_PAR_IP", "20"))
CONNEXION_FENETRE = timedelta(minutes=int(os.environ.get("CONNEXION_FENETRE_MINUTES", "15")))

# Browser sessions (docs/SECURITY.md, comptes.middleware): closed after this long without a request, and
# in any case this long after sign-in. HttpOnly cookies; SameSite Lax, not Strict: the return from
# ProConnect is a cross-site navigation that must carry the session (its `state`). Secure cookies in
# production (config/settings/production.py).
SESSION_INACTIVITE = timedelta(minutes=int(os.environ.get("SESSION_INACTIVITE_MINUTES", "60")))
SESSION_DUREE_MAX = timedelta(minutes=int(os.environ.get("SESSION_DUREE_MAX_MINUTES", str(12 * 60))))
SESSION_COOKIE_AGE = int(SESSION_DUREE_MAX.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "connexion"
# Where a browser sign-in lands when no `next` is given (local form, second factor, ProConnect): the
# agents' workspace (administrators reach the admin from its menu).
CONNEXION_ARRIVEE_URL = os.environ.get("CONNEXION_ARRIVEE_URL", "/espace/")
# The second factor (django-otp): the name shown in the agent's authenticator application.
OTP_TOTP_ISSUER = "Pacte de solidarité Dijon Métropole"

# ProConnect (OpenID Connect, mozilla-django-oidc; comptes/proconnect.py, README « ProConnect »). Off
# until the client and its endpoints are all given: the sign-in page then shows the local form only.
# `manage.py proconnect_configuration <discovery URL>` prints these variables from the discovery document.
OIDC_RP_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("PROCONNECT_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PROCONNECT_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PROCONNECT_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PROCONNECT_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PROCONNECT_JWKS_URI", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("PROCONNECT_END_SESSION_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid given_name usual_name email uid siret idp_id")
OIDC_USE_PKCE = env_bool("PROCONNECT_PKCE", True)  # S256 (ProConnect refuses `plain`)
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # the `id_token_hint` of the logout
OIDC_CREATE_USER = False  # an administrator opens accounts; signing in never does
OIDC_TIMEOUT = 10
# Sent as `acr_values` when set (ProConnect: eidas1, …); `claims` asks for `amr` (how the agent signed in).
PROCONNECT_ACR_VALUES = os.environ.get("PROCONNECT_ACR_VALUES", "")
PROCONNECT_CLAIMS = os.environ.get("PROCONNECT_CLAIMS", '{"id_token": {"amr": {"essential": true}}}')
# The `acr` values this deployment counts as strong authentication (administrators, health-data teams): a
# ProConnect sign-in with one of them needs no second factor here. None by default.
PROCONNECT_ACR_FORTS = env_list("PROCONNECT_ACR_FORTS")
# ProConnect sends no `email_verified` (each identity provider vouches for its domains): an explicit
# `false` is always refused; with this setting, a missing claim is refused too.
PROCONNECT_EMAIL_VERIFIE_EXIGE = env_bool("PROCONNECT_EMAIL_VERIFIE_EXIGE", False)

LANGUAGE_CODE = "fr-fr"
# After the browsable API's login (`/api/v1/auth/login/` without `next`): the API root, not Django's
# default `/accounts/profile/` (which does not exist).
LOGIN_REDIRECT_URL = "/api/v1/"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Compiled catalogue committed (locale/fr/LC_MESSAGES/django.mo): French for the few DRF
# messages its own catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run in-process (eager).
# Statistical secrecy of the indicators: counts from 1 to k-1 are suppressed (never below 5).
INDICATEURS_SEUIL_SECRET = int(os.environ.get("INDICATEURS_SEUIL_SECRET", "11"))

# What each setting guards against is explained in docs/ARCHITECTURE.md ("Where Celery fits").
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE  # crontabs below are read in Europe/Paris local time, DST included
CELERY_TASK_ACKS_LATE = True  # every task of the project is idempotent: redelivery is safe
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An enqueue from a web request gives up fast when Redis is down (logged; the daily scan catches up).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Redis redelivers a message not acknowledged within visibility_timeout (acks_late: a worker killed
# mid-task). It must exceed the longest countdown used: retry backoff at most 600 s, no ETA.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
# Default limits for any task that sets none (the reminder tasks set their own).
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 660
# One beat only (docker-compose.yml). Tasks are named by string: the indicators task belongs to the
# `indicateurs` app. `expires`: a run still queued when the next one is due is dropped, not doubled.
CELERY_BEAT_SCHEDULE: dict = {
    "rappels-quotidiens": {
        "task": "notifications.tasks.envoyer_rappels",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 20 * 3600},
    },
    "conservation-quotidienne": {
        "task": "conservation.tasks.appliquer_conservation",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 20 * 3600},
    },
    # The access journal's monthly partitions, created three months ahead (journal.partitions).
    "journal-partitions": {
        "task": "journal.tasks.preparer_partitions",
        "schedule": crontab(hour=1, minute=15),
        "options": {"expires": 20 * 3600},
    },
    "indicateurs-mensuels": {
        "task": "indicateurs.tasks.extraire_mois_precedent",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
        "options": {"expires": 20 * 3600},
    },
    # Re-estimates the open follow-ups whose household changed (estimations.tasks); the computing
    # itself runs on the `openfisca` queue, in the estimation worker.
    "estimations-nocturnes": {
        "task": "estimations.tasks.reestimer_foyers",
        "schedule": crontab(hour=3, minute=0),
        "options": {"expires": 20 * 3600},
    },
}
# The OpenFisca computation has its own queue, consumed only by the estimation worker (the one
# process where OpenFisca is installed and imported).
CELERY_TASK_ROUTES = {"estimations.tasks.estimer": {"queue": "openfisca"}}
# Households per OpenFisca simulation (measured: ~300 households in 2 s, one alone in 1.5 s).
ESTIMATIONS_TAILLE_LOT = int(os.environ.get("ESTIMATIONS_TAILLE_LOT", "300"))

# Retention (conservation, docs/DONNEES_PERSONNELLES.md): months without activity before a person's
# files are archived, per declared dispositif (`CONSERVATION_INACTIVITE_MOIS_<CODE>`, e.g. `_ASLL`;
# 24 when not set); then months in the archive before anonymisation.
CONSERVATION_INACTIVITE_MOIS_DEFAUT = 24
CONSERVATION_INACTIVITE_MOIS = {
    nom.removeprefix("CONSERVATION_INACTIVITE_MOIS_").lower(): int(valeur)
    for nom, valeur in os.environ.items()
    if nom.startswith("CONSERVATION_INACTIVITE_MOIS_")
}
CONSERVATION_ARCHIVE_MOIS = int(os.environ.get("CONSERVATION_ARCHIVE_MOIS", "36"))

# Reminders (notifications.echeances): delays in days.
# An orientation whose outcome the orienting agent never learns (to a partner, to a compartment) stays
# « open » this many days: a second one to the same target before then is a 409 (orientations.services).
ORIENTATION_OUVERTE_JOURS = int(os.environ.get("ORIENTATION_OUVERTE_JOURS", "90"))
RAPPEL_POINT_ETAPE_JOURS_AVANT = int(os.environ.get("RAPPEL_POINT_ETAPE_JOURS_AVANT", "7"))
ESCALADE_POINT_ETAPE_JOURS = int(os.environ.get("ESCALADE_POINT_ETAPE_JOURS", "7"))
ESCALADE_MESURE_ECHUE_JOURS = int(os.environ.get("ESCALADE_MESURE_ECHUE_JOURS", "15"))
ACOR_ATTENTE_JOURS = int(os.environ.get("ACOR_ATTENTE_JOURS", "60"))
EMAS_SANS_INTERVENTION_JOURS = int(os.environ.get("EMAS_SANS_INTERVENTION_JOURS", "30"))

# E-mail: the console by default (mails printed); SMTP in production (config/settings/production.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / "courriels")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "Pacte de solidarité <ne-pas-repondre@localhost>"
# Base of the links in the digests (the API pages of the records).
SITE_URL = os.environ.get("SITE_URL") or "http://127.0.0.1:8000"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header turns "not authenticated" into a 401.
        "comptes.jetons.JetonExpirantAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every API view, by default: authenticated, read-only for supervisors, an archived file read-only.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "comptes.api.permissions.EncadrantEnLecture",
        "usagers.archives.ArchivedReadOnly",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "config.api.renderers.OrjsonRenderer",
        "config.api.renderers.ApiNavigable",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "config.api.filters.FiltresDeRequete",  # django-filter's, left out when only paging is asked
        "rest_framework.filters.SearchFilter",
        "usagers.archives.ExcludeArchived",  # lists leave out the archived persons and their files
    ],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.SchemaPacte",
    "EXCEPTION_HANDLER": "config.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth": os.environ.get("AUTH_THROTTLE_RATE", "30/min")},
    # Reverse proxies in front of the application, declared by the deployment. 0 (the default):
    # none, X-Forwarded-For is ignored and the peer's address is the client's (throttles, lockouts).
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "COERCE_DECIMAL_TO_STRING": True,
    # The browsable API's titles in French, from the models' verbose names (config/api/views.py).
    "VIEW_NAME_FUNCTION": "config.api.views.nom_de_la_vue",
}

SPECTACULAR_SETTINGS = {
    # An ASCII title: client generators derive a package name from it. The French title is below.
    "TITLE": "Pacte Solidarite API",
    "DESCRIPTION": (
        "**Pacte de solidarité — API de suivi des dispositifs** (Dijon Métropole). Dossiers des "
        "actions 1.1, 2.1, 2.2 et 2.3. Authentification : `POST /api/v1/auth/token/` puis "
        '`Authorization: Token <jeton>`. Toute erreur répond `{"detail", "code"}` en français, plus '
        "une clé par champ en erreur (composant `Erreur`)."
    ),
    "VERSION": "1",
    "CONTACT": {"name": "Dijon Métropole — pôle solidarités", "email": "pacte-solidarite@metropole-dijon.fr"},
    "LICENSE": {"name": "AGPL-3.0-or-later", "url": "https://www.gnu.org/licenses/agpl-3.0.html"},
    "SERVERS": [{"url": "/", "description": "Ce serveur"}],
    "TAGS": [
        {"name": "auth", "description": "Jeton d'API et compte connecté."},
        {
            "name": "connexions",
            "description": "Journal des connexions (administrateurs et délégué à la protection des données).",
        },
        {"name": "communes", "description": "Les 23 communes de Dijon Métropole."},
        {"name": "usagers", "description": "Le registre des personnes suivies."},
        {"name": "accompagnements", "description": "Action 1.1 : accompagnements (suivis)."},
        {"name": "contacts", "description": "Action 1.1 : personnes reçues."},
        {"name": "demarches", "description": "Action 1.1 : démarches administratives."},
        {"name": "droits", "description": "Action 1.1 : droits identifiés, demandés, ouverts."},
        {"name": "types-droits", "description": "Action 1.1 : catalogue des types de droits."},
        {"name": "partenaires", "description": "Action 1.4 : l'annuaire des partenaires des 23 communes."},
        {
            "name": "orientations",
            "description": "Action 1.4 : orienter une personne vers un autre dispositif ou un partenaire.",
        },
        {"name": "asll", "description": "Action 2.1 : mesures ASLL, points d'étape, demandes reçues."},
        {"name": "acor", "description": "Action 2.2 : situations ACOR."},
        {"name": "emas", "description": "Action 2.3 : équipe mobile (données de santé, équipe seule)."},
        {"name": "indicateurs", "description": "Indicateurs du pacte, anonymisés (secret statistique)."},
        {"name": "notifications", "description": "Vos rappels."},
        {"name": "foyers", "description": "Action 1.1 : ressources du foyer, pour estimer les droits."},
        {"name": "estimations", "description": "Action 1.1 : estimations des droits (OpenFisca-France)."},
        {"name": "droits-detectes", "description": "Action 1.1 : droits détectés non recourus, à confirmer."},
        {
            "name": "journal",
            "description": "Journal des accès (administrateurs et délégué à la protection des données).",
        },
        {
            "name": "donnees-personnelles",
            "description": "Droit d'accès et anonymisation d'une personne (administrateurs).",
        },
    ],
    "EXTENSIONS_INFO": {"x-titre": "Pacte de solidarité — API de suivi des dispositifs"},
    # The API reads JSON; the form parsers stay for the browsable API only, out of the contract.
    "PARSER_WHITELIST": ["config.api.parsers.StrictJSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.sans_titre_dans_les_parametres",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: no CDN, usable on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # One OpenAPI enum per choice set of the domain, named after it (several apps have a `statut`).
    "ENUM_NAME_OVERRIDES": {
        "StatutAccompagnementEnum": "accompagnements.models.StatutAccompagnement",
        "MotifClotureEnum": "accompagnements.models.MotifCloture",
        "ModeContactEnum": "accompagnements.models.ModeContact",
        "TypeDemarcheEnum": "accompagnements.models.TypeDemarche",
        "StatutDemarcheEnum": "accompagnements.models.StatutDemarche",
        "StatutDroitEnum": "accompagnements.models.StatutDroit",
        "TypeMesureEnum": "logement.models.TypeMesure",
        "PrescripteurASLLEnum": "logement.models.PrescripteurASLL",
        "ObjectifEnum": "logement.validators.Objectif",
        "StatutMesureEnum": "logement.models.StatutMesure",
        "IssueMesureEnum": "logement.models.IssueMesure",
        "OrientationEnum": "logement.models.Orientation",
        "EtatPointEtapeEnum": "logement.models.EtatPointEtape",
        "MotifAnnulationEnum": "logement.models.MotifAnnulation",
        "AvancementEnum": "logement.models.Avancement",
        "PrescripteurACOREnum": "logement.models.PrescripteurACOR",
        "DifficulteEnum": "logement.validators.Difficulte",
        "StatutSituationEnum": "logement.models.StatutSituation",
        "MotifSortieEnum": "logement.models.MotifSortie",
        "ProfessionEnum": "comptes.models.Profession",
        "OrigineSignalementEnum": "emas.validators.Origine",
        "MotifSignalementEnum": "emas.validators.Motif",
        "DecisionSignalementEnum": "emas.validators.Decision",
        "StatutSuiviEMASEnum": "emas.validators.StatutSuivi",
        "SoinsSansConsentementEnum": "emas.validators.SoinsSansConsentement",
        "MotifFinSuiviEMASEnum": "emas.validators.MotifFin",
        "TypeInterventionEnum": "emas.validators.TypeIntervention",
        "TypeNotificationEnum": "notifications.models.types_de_rappel",
        "TypeObjetEnum": "notifications.models.objets_rappeles",
        "StatutDemandeASLLEnum": "logement.models.StatutDemande",
        "FinancementMesureEnum": "logement.models.FinancementMesure",
        "TypeRencontreEnum": "logement.models.TypeRencontre",
        "TypePartenaireEnum": "partenaires.validators.TypePartenaire",
        "DomainePartenaireEnum": "partenaires.validators.Domaine",
        "MotifOrientationEnum": "orientations.models.MotifOrientation",
        "ModaliteAccordEnum": "orientations.models.ModaliteAccord",
        "StatutOrientationEnum": "orientations.models.StatutOrientation",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The agents' workspace (django-dsfr, LIBRARIES.md): component templates escape what they show (names
# of persons flow into them); no integrity hashes, which compressed static files would break.
DSFR_CONTENT_IS_SAFE = False
DSFR_USE_INTEGRITY_CHECKSUMS = False
