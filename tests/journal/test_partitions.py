"""The access journal partitioned by month on PostgreSQL (migration 0004): each entry lands in its
month, months are created ahead by the beat task, the 12-month purge drops whole expired months and
deletes the boundary month's expired days, and no path other than the purge empties a month."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django.utils import timezone

from journal.models import Action, EntreeJournal, Origine
from journal.partitions import detacher_mois_expires, mois_detaches, partitions, preparer_partitions
from journal.services import journal_purger
from journal.tasks import preparer_partitions_du_journal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def entree(quand: datetime.datetime) -> EntreeJournal:
    return EntreeJournal.objects.create(
        quand=quand, action=Action.LU, origine=Origine.API, objet_type="usagers.usager", objet_id=1
    )


def nom_du_mois(quand: datetime.datetime) -> str:
    return f"journal_entreejournal_p{quand.astimezone(datetime.UTC):%Y%m}"


def partition_de(pk: int) -> str:
    with connection.cursor() as curseur:
        curseur.execute("SELECT tableoid::regclass::text FROM journal_entreejournal WHERE id = %s", [pk])
        return curseur.fetchone()[0]


def test_une_entree_va_dans_la_partition_de_son_mois_et_les_mois_a_venir_existent():
    maintenant = timezone.now()
    assert partition_de(entree(maintenant).pk) == nom_du_mois(maintenant)
    for mois in range(1, 4):
        assert nom_du_mois(maintenant + relativedelta(months=mois)) in partitions()
    # A date no partition covers is kept all the same (the default partition), never refused.
    tres_ancienne = entree(maintenant - relativedelta(years=5))
    assert partition_de(tres_ancienne.pk) == "journal_entreejournal_defaut"


def test_la_tache_cree_les_partitions_d_avance_et_peut_tourner_deux_fois():
    maintenant = timezone.now()
    avant = set(partitions())
    attendues = [nom_du_mois(maintenant + relativedelta(months=m)) for m in range(4)]

    assert preparer_partitions_du_journal() == attendues
    assert preparer_partitions_du_journal() == attendues
    assert set(partitions()) == avant | set(attendues)

    plus_tard = preparer_partitions(maintenant=maintenant + relativedelta(months=5), mois_d_avance=1)
    assert plus_tard == [nom_du_mois(maintenant + relativedelta(months=m)) for m in (5, 6)]
    assert partition_de(entree(maintenant + relativedelta(months=6)).pk) == plus_tard[-1]


def test_la_purge_detache_les_mois_expires_et_supprime_les_jours_expires_du_mois_frontiere(settings):
    settings.JOURNAL_CONSERVATION_MOIS = 12
    maintenant = timezone.now()
    preparer_partitions(maintenant=maintenant - relativedelta(months=14), mois_d_avance=14)
    limite = maintenant - relativedelta(months=12)
    expire = entree(limite - relativedelta(months=1))  # a whole month past the limit
    entree(limite - datetime.timedelta(seconds=1))
    frontiere_garde = entree(limite + datetime.timedelta(hours=1))
    recente = entree(maintenant)
    entree(maintenant - relativedelta(years=5))  # the default partition
    mois_expire = nom_du_mois(expire.quand)
    mois_frontiere = nom_du_mois(limite)

    journal_purger(maintenant=maintenant)

    assert set(EntreeJournal.objects.values_list("pk", flat=True)) == {frontiere_garde.pk, recente.pk}
    # gone by DELETE: `frontiere_expire` (the boundary month), `tres_ancienne` (the default partition)
    assert mois_expire not in partitions()  # dropped whole
    assert mois_frontiere in partitions()  # kept: part of it is within the 12 months
    with connection.cursor() as curseur:
        curseur.execute("SELECT to_regclass(%s)", [mois_expire])
        assert curseur.fetchone()[0] is None  # not left behind detached


def test_un_mois_detache_par_une_purge_interrompue_est_supprime_par_la_suivante(settings):
    """The purge detaches, commits, then drops (the journal's lock is not held while a month's files
    are freed): a month left detached by a purge stopped in between is dropped by the next one."""
    settings.JOURNAL_CONSERVATION_MOIS = 12
    maintenant = timezone.now()
    preparer_partitions(maintenant=maintenant - relativedelta(months=14), mois_d_avance=14)
    limite = maintenant - relativedelta(months=12)
    mois_expire = nom_du_mois(entree(limite - relativedelta(months=1)).quand)
    with transaction.atomic(), connection.cursor() as curseur:  # the first step alone
        curseur.execute("SELECT set_config('journal.purge_avant', %s, true)", [limite.isoformat()])
        detacher_mois_expires(curseur, limite)
    assert mois_expire in mois_detaches("default") and mois_expire not in partitions()

    journal_purger(maintenant=maintenant)

    assert mois_detaches("default") == []
    with connection.cursor() as curseur:
        curseur.execute("SELECT to_regclass(%s)", [mois_expire])
        assert curseur.fetchone()[0] is None


def _refuse(sql: str, *, parametres=None, reglages: tuple[str, ...] = ()) -> None:
    with (
        pytest.raises(DatabaseError, match="ajout seul"),
        transaction.atomic(),
        connection.cursor() as curseur,
    ):
        for reglage in reglages:
            curseur.execute(reglage)
        curseur.execute(sql, parametres)


def test_aucun_mois_ne_se_vide_ni_ne_se_supprime_hors_de_la_purge():
    maintenant = timezone.now()
    gardee = entree(maintenant)
    mois = nom_du_mois(maintenant)
    sans_vidage_des_tests = ("SET LOCAL journal.vidage_des_tests = off",)
    _refuse(f"UPDATE {mois} SET action = 'modifie'")
    _refuse(f"DELETE FROM {mois}")
    _refuse("TRUNCATE journal_entreejournal", reglages=sans_vidage_des_tests)
    _refuse(f"TRUNCATE {mois}", reglages=sans_vidage_des_tests)
    _refuse("TRUNCATE journal_entreejournal_defaut", reglages=sans_vidage_des_tests)
    # The purge's setting opens no month that is still within the retention.
    purge = (f"SELECT set_config('journal.purge_avant', '{maintenant - relativedelta(months=12)}', true)",)
    _refuse(f"TRUNCATE {mois}", reglages=sans_vidage_des_tests + purge)
    _refuse(f"DROP TABLE {mois}", reglages=purge)
    # Detached first (which drops the cloned row trigger), a month still cannot be dropped.
    _refuse(f"ALTER TABLE journal_entreejournal DETACH PARTITION {mois}; DROP TABLE {mois}")
    assert EntreeJournal.objects.filter(pk=gardee.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_migration_garde_chaque_entree_et_son_identifiant():
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0003_compartiment_de_l_entree")])
    maintenant = timezone.now()
    with connection.cursor() as curseur:
        curseur.execute(
            "INSERT INTO journal_entreejournal (quand, auteur, action, origine, objet_type, objet_id, "
            "usager_id, compartiment, requete) SELECT %s - i * interval '9 days', 'agent' || i, 'lu', 'api', "
            "'usagers.usager', i, i, CASE WHEN i %% 2 = 0 THEN 'emas' ELSE '' END, 'r' || i "
            "FROM generate_series(1, 60) i",
            [maintenant],
        )
        curseur.execute("SELECT * FROM journal_entreejournal ORDER BY id")
        avant = curseur.fetchall()
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0004_journal_partitionne_par_mois")])
    with connection.cursor() as curseur:
        curseur.execute("SELECT * FROM journal_entreejournal ORDER BY id")
        assert curseur.fetchall() == avant
        curseur.execute("SELECT count(DISTINCT tableoid) FROM journal_entreejournal")
        assert curseur.fetchone()[0] >= 13  # twelve months and more, the oldest in the default
    assert entree(maintenant).pk == max(ligne[0] for ligne in avant) + 1
