"""A list's prefetch of a reverse foreign key (a right's history) is read inside the page's statement
on PostgreSQL (`config.sql._lignes_jointes`): the same rows, in the prefetch's order, with the same
values (dates, instants to the microsecond, authors), as Django's prefetch reads them by a statement of
its own; a prefetch that cannot be read so keeps its own statement."""

import datetime
from unittest import mock

import pytest
from django.db.models import Prefetch, signals
from rest_framework import serializers

from accompagnements.models import Droit, TransitionDroit
from config.api.serializers import ListeRapide
from config.sql import lire_page
from tests.accompagnements.factories import DroitFactory
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]


@pytest.fixture
def droits():
    """Three rights of Dijon: no history, one change, three changes by two authors (recorded out of
    order, at instants with microseconds)."""
    usager = UsagerFactory(code_commune=DIJON)
    sans, un, trois = (DroitFactory(usager=usager, demande=True) for _ in range(3))
    auteurs = UserFactory(), UserFactory()
    instant = datetime.datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    TransitionDroit.objects.create(
        droit=un, statut_avant="identifie", statut="demande", date=datetime.date(2024, 1, 3), par=auteurs[0]
    )
    for i, (avant, apres) in enumerate(
        [("demande", "refuse"), ("identifie", "demande"), ("refuse", "demande")]
    ):
        transition = TransitionDroit.objects.create(
            droit=trois,
            statut_avant=avant,
            statut=apres,
            date=datetime.date(2024, 2, 1 + i),
            par=auteurs[i % 2],
        )
        # enregistre_le is auto_now_add: set afterwards, the second one first in time
        decalage = {0: 2, 1: 0, 2: 5}[i]
        TransitionDroit.objects.filter(pk=transition.pk).update(
            enregistre_le=instant + datetime.timedelta(minutes=decalage, microseconds=i)
        )
    return sans, un, trois


def test_la_liste_des_droits_rend_leur_historique_comme_le_prefetch_de_django(client_de, droits):
    client = client_de(agent("acces_droits", DIJON))

    lue = client.get("/api/v1/droits/", {"page_size": 50})
    with mock.patch("config.api.pagination.page_lisible_en_une_requete", return_value=False):
        en_trois = client.get("/api/v1/droits/", {"page_size": 50})
    with mock.patch.object(ListeRapide, "to_representation", serializers.ListSerializer.to_representation):
        drf = client.get("/api/v1/droits/", {"page_size": 50})

    assert lue.status_code == en_trois.status_code == drf.status_code == 200
    assert lue.json() == en_trois.json() == drf.json()
    historiques = {d["id"]: d["historique"] for d in lue.json()["results"]}
    sans, un, trois = droits
    assert historiques[sans.pk] == []
    assert [h["statut"] for h in historiques[un.pk]] == ["demande"]
    # the prefetch's order (enregistre_le, id): the change recorded first in time comes first
    assert [(h["statut_avant"], h["statut"]) for h in historiques[trois.pk]] == [
        ("identifie", "demande"),
        ("demande", "refuse"),
        ("refuse", "demande"),
    ]


@pytest.mark.postgres
def test_l_historique_est_lu_dans_l_instruction_de_la_page(droits, django_assert_num_queries):
    historique = TransitionDroit.objects.order_by("enregistre_le", "id")
    lignes = Droit.objects.order_by("pk").prefetch_related(Prefetch("transitions", queryset=historique))

    with django_assert_num_queries(1):
        lus, total = lire_page(lignes, 0, 10, compter=True)
        liees = {droit.pk: list(droit.transitions.all()) for droit in lus}
        parents = {t.pk: t.droit for ts in liees.values() for t in ts}  # each knows its right: no statement

    assert total == 3
    attendues = {d.pk: list(historique.filter(droit=d)) for d in droits}
    for droit in lus:
        assert [t.pk for t in liees[droit.pk]] == [t.pk for t in attendues[droit.pk]]
        for lue, attendue in zip(liees[droit.pk], attendues[droit.pk], strict=True):
            for champ in TransitionDroit._meta.concrete_fields:
                assert getattr(lue, champ.attname) == getattr(attendue, champ.attname), champ.name
            assert type(lue.date) is datetime.date and lue.enregistre_le.tzinfo is not None
            assert parents[lue.pk] is droit


@pytest.mark.postgres
def test_un_prefetch_qui_ne_se_lit_pas_en_json_garde_son_instruction(droits, django_assert_num_queries):
    avec_auteur = TransitionDroit.objects.select_related("par").order_by("enregistre_le", "id")
    lignes = Droit.objects.order_by("pk").prefetch_related(Prefetch("transitions", queryset=avec_auteur))

    with django_assert_num_queries(2):
        lus, _ = lire_page(lignes, 0, 10, compter=False)
        auteurs = {droit.pk: [t.par.username for t in droit.transitions.all()] for droit in lus}

    sans, un, trois = droits
    assert auteurs[sans.pk] == [] and len(auteurs[un.pk]) == 1 and len(auteurs[trois.pk]) == 3


@pytest.mark.postgres
def test_une_page_apres_la_premiere_lit_l_historique_de_ses_propres_lignes(droits):
    """The related rows are read over the page's rows once the OFFSET is applied: each row of a later
    page has its own history, not a skipped row's."""
    historique = TransitionDroit.objects.order_by("enregistre_le", "id")
    lignes = Droit.objects.order_by("pk").prefetch_related(Prefetch("transitions", queryset=historique))

    lus, total = lire_page(lignes, 1, 2, compter=True)

    sans, un, trois = sorted(droits, key=lambda d: d.pk)
    assert total == 3 and [d.pk for d in lus] == [un.pk, trois.pk]
    for droit in lus:
        assert [t.pk for t in droit.transitions.all()] == list(
            historique.filter(droit=droit).values_list("pk", flat=True)
        )


@pytest.mark.postgres
def test_les_instances_lues_par_la_page_se_comportent_comme_celles_de_django(droits):
    lus, _ = lire_page(Droit.objects.order_by("pk").defer("montant_mensuel"), 0, 10, compter=False)
    droit = lus[0]

    assert droit._state.adding is False and droit._state.db == "default"
    assert "montant_mensuel" in droit.get_deferred_fields()
    assert droit.montant_mensuel == Droit.objects.get(pk=droit.pk).montant_mensuel  # read when asked
    assert droit.usager == Droit.objects.get(pk=droit.pk).usager
    droit.save(update_fields=["date_demande"])  # an UPDATE of a row read, never an INSERT
    assert Droit.objects.count() == 3


@pytest.mark.postgres
def test_une_personne_lue_par_la_page_est_completee_comme_par_django(droits):
    """A model that completes its instances at reading (the person: her commune as read, which her save
    compares to tell a move) gets the same instance from the page's reader as from Django's."""
    lus, _ = lire_page(Usager.objects.order_by("pk"), 0, 10, compter=False)
    par_django = list(Usager.objects.order_by("pk"))

    def etat(objet):
        return {cle: valeur for cle, valeur in vars(objet).items() if cle != "_state"}

    assert [etat(u) for u in lus] == [etat(u) for u in par_django]
    assert lus[0]._commune_lue == DIJON


@pytest.mark.postgres
def test_un_receveur_de_post_init_voit_chaque_instance_lue(droits):
    """A model someone listens to at construction is built by its own `from_db`, not the fast path."""
    vues = []

    def receveur(sender, instance, **kwargs):
        vues.append(instance.pk)

    signals.post_init.connect(receveur, sender=TransitionDroit)
    try:
        lignes = Droit.objects.order_by("pk").prefetch_related("transitions")
        lus, _ = lire_page(lignes, 0, 10, compter=False)
        lues = [t.pk for d in lus for t in d.transitions.all()]
    finally:
        signals.post_init.disconnect(receveur, sender=TransitionDroit)

    assert lues and sorted(vues) == sorted(lues)


@pytest.mark.postgres
def test_un_receveur_connecte_apres_une_premiere_page_voit_la_suivante(droits):
    """The rows' reader of a page is set up once per compiled shape (`config.sql._LecteurDeLignes`):
    a receiver connected after it was set up still sees every instance of the next read, and the
    reads after it is disconnected give the same instances again."""
    lignes = Droit.objects.order_by("pk")
    avant, _ = lire_page(lignes, 0, 10, compter=False)
    vues = []

    def receveur(sender, instance, **kwargs):
        vues.append(instance.pk)

    signals.post_init.connect(receveur, sender=Droit)
    try:
        pendant, _ = lire_page(lignes, 0, 10, compter=False)
    finally:
        signals.post_init.disconnect(receveur, sender=Droit)
    apres, _ = lire_page(lignes, 0, 10, compter=False)

    assert vues == [d.pk for d in pendant] == [d.pk for d in avant] and len(vues) == 3
    assert [vars(d) | {"_state": None} for d in apres] == [vars(d) | {"_state": None} for d in avant]


@pytest.mark.postgres
def test_les_convertisseurs_d_une_page_sont_cherches_une_fois_par_forme(droits):
    """Django's `results_iter` looks up every column's converters at each query; a page's reader does
    it once for its compiled shape, not at each request."""
    from django.db.models.sql.compiler import SQLCompiler

    lignes = Droit.objects.order_by("-pk")
    lire_page(lignes, 0, 10, compter=False)
    with mock.patch.object(
        SQLCompiler, "get_converters", autospec=True, side_effect=SQLCompiler.get_converters
    ) as cherche:
        deux = [lire_page(lignes.filter(pk__gt=0), 0, n, compter=False)[0] for n in (2, 3)]

    assert cherche.call_count == 1  # the filtered shape's first read; the second reuses it
    assert [d.pk for d in deux[1]] == sorted((d.pk for d in droits), reverse=True)
    assert deux[1][0].date_demande == Droit.objects.get(pk=deux[1][0].pk).date_demande


@pytest.mark.postgres
def test_le_lecteur_d_un_compilateur_d_un_seul_appel_part_avec_lui(droits):
    """A page whose statement is compiled at each call (no template for `extra()`) leaves no reader
    behind: the readers are kept by compiler, weakly, and never hold their compiler."""
    import gc

    from config.sql import _LECTEURS

    lignes = Droit.objects.extra(select={"un": "1"}).order_by("pk")
    lire_page(lignes, 0, 10, compter=False)
    gc.collect()
    avant = len(_LECTEURS)
    for _ in range(5):
        lus, _ = lire_page(lignes, 0, 10, compter=False)
    gc.collect()

    assert len(_LECTEURS) == avant and [d.un for d in lus] == [1, 1, 1]


@pytest.mark.postgres
def test_l_historique_d_une_liste_est_compile_une_fois_et_un_filtre_a_part(droits):
    """The related rows' SQL is compiled once per list shape (`config.sql._JOINTES_COMPILEES`); a
    prefetch with a condition of its own is compiled at each read, so two conditions never share
    a statement."""
    from config import sql

    historique = TransitionDroit.objects.order_by("enregistre_le", "id")
    lignes = Droit.objects.order_by("pk").prefetch_related(Prefetch("transitions", queryset=historique))
    lire_page(lignes, 0, 10, compter=False)
    compilations = []
    original = sql._LignesJointes._forme

    def forme(self, colonne_pk, base):
        resultat = original(self, colonne_pk, base)
        compilations.append(resultat is not None and resultat in sql._JOINTES_COMPILEES)
        return resultat

    with mock.patch.object(sql._LignesJointes, "_forme", forme):
        lire_page(lignes, 0, 10, compter=False)
    assert compilations == [True]  # the same shape: found compiled

    sans, un, trois = droits
    refus = TransitionDroit.objects.filter(statut="refuse").order_by("enregistre_le", "id")
    demandes = TransitionDroit.objects.filter(statut="demande").order_by("enregistre_le", "id")
    for filtre, attendus in ((refus, {trois.pk: 1}), (demandes, {un.pk: 1, trois.pk: 2})):
        lus, _ = lire_page(
            Droit.objects.order_by("pk").prefetch_related(Prefetch("transitions", queryset=filtre)),
            0,
            10,
            compter=False,
        )
        assert {d.pk: len(d.transitions.all()) for d in lus if d.transitions.all()} == attendus
