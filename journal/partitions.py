"""The access journal's monthly partitions on PostgreSQL (migration `0004_journal_partitionne_par_mois`):
created ahead by the beat task (`journal.tasks.preparer_partitions`), detached then dropped whole by
the 12-month purge (`journal.services.journal_purger`). Elsewhere (SQLite) the journal is one plain
table and these do nothing. The SQL functions they call live in the migration, with the guards."""

from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta
from django.db import connections, router, transaction
from django.utils import timezone

from journal.models import EntreeJournal

# Months created ahead of the current one: a missed beat run (or three) never leaves an INSERT
# without its month (the default partition would take it, but the purge could not drop it whole).
MOIS_D_AVANCE = 3
PREFIXE = "journal_entreejournal_p"


def base_du_journal() -> str:
    return router.db_for_write(EntreeJournal)


def est_partitionne(base: str | None = None) -> bool:
    connexion = connections[base or base_du_journal()]
    if connexion.vendor != "postgresql":
        return False
    with connexion.cursor() as curseur:
        curseur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))",
            [EntreeJournal._meta.db_table],
        )
        return curseur.fetchone()[0]


def partitions(base: str | None = None) -> list[str]:
    """The monthly partitions, oldest first (the default partition left out)."""
    connexion = connections[base or base_du_journal()]
    with connexion.cursor() as curseur:
        curseur.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) AND c.relname LIKE %s ORDER BY c.relname",
            [EntreeJournal._meta.db_table, PREFIXE.replace("_", r"\_") + "%"],
        )
        return [nom for (nom,) in curseur.fetchall()]


def debut_du_mois(nom: str) -> date:
    mois = nom.removeprefix(PREFIXE)
    return date(int(mois[:4]), int(mois[4:]), 1)


def preparer_partitions(
    *, maintenant: datetime | None = None, mois_d_avance: int = MOIS_D_AVANCE
) -> list[str]:
    """Create the partitions of the current month and the next `mois_d_avance` ones when missing
    (idempotent). Returns the names of the months now covered."""
    base = base_du_journal()
    if not est_partitionne(base):
        return []
    mois = (maintenant or timezone.now()).astimezone(UTC).date().replace(day=1)
    noms = []
    with connections[base].cursor() as curseur:
        for decalage in range(mois_d_avance + 1):
            curseur.execute("SELECT journal_creer_partition(%s)", [mois + relativedelta(months=decalage)])
            noms.append(curseur.fetchone()[0])
    return noms


def expire(nom: str, limite: datetime) -> bool:
    """The whole month of partition `nom` is older than `limite`."""
    return debut_du_mois(nom) + relativedelta(months=1) <= limite.astimezone(UTC).date()


def permettre_la_purge(curseur, limite: datetime) -> None:
    """For the rest of the transaction, let the guards (migration `0004`) delete the entries and drop
    the months older than `limite`, and nothing else: `journal.purge_avant`, set locally."""
    curseur.execute("SELECT set_config('journal.purge_avant', %s, true)", [limite.isoformat()])


def detacher_mois_expires(curseur, limite: datetime) -> int:
    """Inside the purge's transaction, where `journal.purge_avant` is set: detach every monthly
    partition whose whole month is older than `limite` — a catalogue change whose cost does not
    depend on the month's size. Returns the rows detached as PostgreSQL counts them (`reltuples`,
    exact after an ANALYZE). `supprimer_mois_detaches` drops them once this transaction committed."""
    quote = curseur.db.ops.quote_name
    lignes = 0
    for nom in partitions(curseur.db.alias):
        if not expire(nom, limite):
            continue
        curseur.execute(
            "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(%s)", [nom]
        )
        lignes += curseur.fetchone()[0]
        curseur.execute(f"ALTER TABLE {quote(EntreeJournal._meta.db_table)} DETACH PARTITION {quote(nom)}")
    return lignes


def mois_detaches(base: str) -> list[str]:
    """The months detached from the journal and not dropped yet (by the purge that just ran, or left
    by one interrupted between its two steps), oldest first."""
    with connections[base].cursor() as curseur:
        curseur.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE %s "
            "AND c.relnamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) ORDER BY c.relname",
            [PREFIXE.replace("_", r"\_") + "%"],
        )
        return [nom for (nom,) in curseur.fetchall()]


def supprimer_mois_detaches(base: str, limite: datetime) -> list[str]:
    """Drop the detached months older than `limite`, each in its own transaction (the guard,
    `journal_mois_expire`, checks the same limit). Apart from the DETACH: dropping a table frees its
    files at commit, which takes longer the larger the month, and the DETACH's lock on the journal —
    which every list's INSERT waits for — would be held meanwhile. Returns the months dropped."""
    quote = connections[base].ops.quote_name
    supprimes = []
    for nom in mois_detaches(base):
        if not expire(nom, limite):
            continue
        with transaction.atomic(using=base), connections[base].cursor() as curseur:
            permettre_la_purge(curseur, limite)
            curseur.execute(f"DROP TABLE {quote(nom)}")
        supprimes.append(nom)
    return supprimes
