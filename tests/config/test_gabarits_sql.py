"""A list's SELECT is compiled once per shape (`config.sql.compiler_select`): its SELECT, FROM and
ORDER BY kept, its WHERE and LIMIT compiled at each call. Two agents of different communes share one
template and each reads her own rows; anything that changes the statement's shape compiles anew.
The suite compares every reuse with the full compilation (`SQL_GABARITS_VERIFIES`, test settings)."""

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection

from accompagnements.models import Accompagnement
from config import sql
from config.sql import _forme, compiler_select
from logement.models import MesureASLL
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]


@pytest.fixture(autouse=True)
def gabarits_vides():
    sql._GABARITS.clear()
    yield
    sql._GABARITS.clear()


def _complet(query) -> tuple[str, tuple]:
    compile_sql, params = query.get_compiler(using="default").as_sql()
    return compile_sql, tuple(params)


def _liste(user):
    return Accompagnement.objects.visibles_par(user).exclude(usager__archive_le__isnull=False)


def test_deux_agents_de_communes_differentes_partagent_un_gabarit_et_lisent_chacune_les_leurs():
    de_dijon = AccompagnementFactory(usager__code_commune=DIJON)
    de_chenove = AccompagnementFactory(usager__code_commune=CHENOVE)
    dijon, chenove = agent("acces_droits", DIJON), agent("acces_droits", CHENOVE)

    lus = {}
    for user in (dijon, chenove):
        tranche = _liste(user)[:50]
        _, texte, params = compiler_select(tranche.query, "default")
        assert (texte, params) == _complet(tranche.query)
        with connection.cursor() as curseur:
            curseur.execute(texte, params)
            lus[user.username] = [ligne[0] for ligne in curseur.fetchall()]

    assert len(sql._GABARITS) == 1  # one shape: the two agents differ only by their commune
    assert lus == {dijon.username: [de_dijon.pk], chenove.username: [de_chenove.pk]}


def test_un_autre_nombre_de_communes_une_autre_page_ou_une_jointure_donnent_le_bon_sql():
    AccompagnementFactory(usager__code_commune=DIJON)
    deux = agent("acces_droits", DIJON, LONGVIC)
    une = agent("acces_droits", CHENOVE)
    requetes = [
        _liste(une)[:50],
        _liste(deux)[:50],  # two communes: another WHERE, the same template
        _liste(une)[100:150],  # another page: another LIMIT/OFFSET
        _liste(une),  # no slice
        _liste(une).filter(usager__nom__icontains="a")[:50],  # a join the filter adds: another shape
        _liste(une).order_by("-date_debut", "-id")[:50],  # another order: another shape
        _liste(une).order_by().values("pk"),  # the count's query
    ]
    for queryset in requetes:
        for _ in range(2):  # compiled, then reused
            _, texte, params = compiler_select(queryset.query, "default")
            assert (texte, params) == _complet(queryset.query)
    assert len(sql._GABARITS) == 5  # the list sliced, unsliced, filtered by name, reordered; the count


def test_sans_habilitation_aucune_ligne_comme_l_orm():
    personne = agent("acces_droits")
    queryset = Accompagnement.objects.visibles_par(personne)[:50]
    with pytest.raises(EmptyResultSet):
        queryset.query.get_compiler(using="default").as_sql()
    for _ in range(2):
        with pytest.raises(EmptyResultSet):
            compiler_select(queryset.query, "default")


def test_une_liste_sans_condition_perd_son_where():
    queryset = Accompagnement.objects.all()[:10]
    for _ in range(2):
        _, texte, params = compiler_select(queryset.query, "default")
        assert (texte, params) == _complet(queryset.query)
        assert " WHERE " not in texte


def test_une_sous_requete_hors_du_where_n_a_pas_de_gabarit():
    """A subquery compares by object: each request builds its own, the shape would never be found
    again (and the templates would pile up): compiled in full at each call."""
    user = agent("asll", DIJON)
    queryset = MesureASLL.objects.visibles_par(user).avec_prochain_point_etape()[:50]
    assert _forme(queryset.query, "default") is None
    _, texte, params = compiler_select(queryset.query, "default")
    assert (texte, params) == _complet(queryset.query)
    assert sql._GABARITS == {}


def test_une_sous_requete_dans_une_condition_n_a_pas_de_gabarit_non_plus():
    """A subquery inside a condition (a `When` on an `IN (SELECT …)`) is one too: Django's own
    `contains_subquery` does not look into conditions; the shape would never be found again."""
    from django.db.models import BooleanField, Case, Q, Value, When

    from usagers.models import Usager

    archives = Usager.objects.filter(archive_le__isnull=False).values("pk")
    for _ in range(2):
        queryset = Accompagnement.objects.annotate(
            archive=Case(
                When(Q(usager__in=archives), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )[:10]
        assert _forme(queryset.query, "default") is None
        _, texte, params = compiler_select(queryset.query, "default")
        assert (texte, params) == _complet(queryset.query)
    assert sql._GABARITS == {}


def test_une_requete_partagee_garde_son_gabarit_et_chaque_agent_lit_les_siennes():
    """A queryset built once and cloned for each request (`config.sql.partager`: the ASLL list,
    `mesures_par_echeance`): its subqueries are the same objects at each request, its SELECT is kept
    like any other, and each agent still reads her own measures."""
    from logement.models import mesures_par_echeance
    from tests.logement.factories import MesureASLLFactory

    de_dijon = MesureASLLFactory(usager__code_commune=DIJON)
    de_chenove = MesureASLLFactory(usager__code_commune=CHENOVE)
    lus = {}
    for user in (agent("asll", DIJON), agent("asll", CHENOVE)):
        tranche = mesures_par_echeance().visibles_par(user)[:50]
        assert _forme(tranche.query, "default") is not None
        _, texte, params = compiler_select(tranche.query, "default")
        assert (texte, params) == _complet(tranche.query)
        with connection.cursor() as curseur:
            curseur.execute(texte, params)
            lus[user.username] = [ligne[0] for ligne in curseur.fetchall()]
    assert len(sql._GABARITS) == 1
    assert list(lus.values()) == [[de_dijon.pk], [de_chenove.pk]]


def test_un_gabarit_faux_est_refuse_par_la_verification_des_tests(settings):
    settings.SQL_GABARITS_VERIFIES = True
    user = agent("acces_droits", DIJON)
    queryset = _liste(user)[:50]
    compiler_select(queryset.query, "default")
    forme, gabarit = next(iter(sql._GABARITS.items()))
    sql._GABARITS[forme] = sql._Gabarit(
        gabarit.compilateur, gabarit.sql.replace("ORDER BY", "ORDER BY 1,"), gabarit.avant, gabarit.apres
    )
    with pytest.raises(AssertionError, match="Gabarit SQL faux"):
        compiler_select(queryset.query, "default")


def test_un_autre_fuseau_actif_a_son_propre_gabarit():
    """A date function writes the active time zone into the SELECT's parameters (`TruncDate`): the
    time zone is part of the shape."""
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    AccompagnementFactory(usager__code_commune=DIJON)
    queryset = Accompagnement.objects.annotate(jour=TruncDate("cree_le"))[:10]
    for fuseau in ("Europe/Paris", "America/Cayenne", "Europe/Paris"):
        with timezone.override(fuseau):
            _, texte, params = compiler_select(queryset.query, "default")
            assert (texte, params) == _complet(queryset.query)
            assert fuseau in params
    assert len(sql._GABARITS) == 2
