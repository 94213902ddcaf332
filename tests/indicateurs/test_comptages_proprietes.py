"""The GROUP BY engine against a count by hand in Python, on random measures and periods."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicateurs.calcul import compter
from indicateurs.periodes import code_mois, dernier_jour, mois_de_la_periode
from indicateurs.registre import indicateur
from logement.models import MesureASLL, StatutMesure
from tests.comptes.factories import UserFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

DEBUT = datetime.date(2020, 1, 1)
jours = st.integers(0, 500).map(lambda n: DEBUT + datetime.timedelta(days=n))
mesures = st.lists(
    st.tuples(st.sampled_from([DIJON, CHENOVE]), jours, st.one_of(st.none(), st.integers(0, 300))),
    max_size=12,
)


class _Annuler(Exception):
    pass


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(donnees=mesures, du=jours, duree=st.integers(0, 200))
def test_mesures_exercees_par_commune_et_mois(donnees, du, duree):
    au = du + datetime.timedelta(days=duree)
    try:
        with transaction.atomic():
            auteur = UserFactory()
            MesureASLL.objects.bulk_create(
                MesureASLL(
                    # One running measure per person and type (a database constraint): one person each.
                    usager=(usager := UsagerFactory()),
                    commune_id=commune,
                    commune_actuelle_id=usager.commune_id,  # bulk_create calls no save()
                    referent=auteur,
                    type="acces",
                    date_debut=debut,
                    duree_mois=6,
                    date_fin_prevue=debut,
                    statut=StatutMesure.EN_COURS if fin is None else StatutMesure.TERMINEE,
                    date_fin=None if fin is None else debut + datetime.timedelta(days=fin),
                    issue="" if fin is None else "autre",
                    cree_par=auteur,
                )
                for commune, debut, fin in donnees
            )
            ind = indicateur("2.1.mesures_exercees")
            obtenu = compter(ind, du=du, au=au, filtre=Q(), dims=["commune", "mois"])
            total = compter(ind, du=du, au=au, filtre=Q(), dims=[])[()]
            raise _Annuler((obtenu, total))
    except _Annuler as resultat:
        obtenu, total = resultat.args[0]

    def exercee(debut, fin, a, b):
        date_fin = None if fin is None else debut + datetime.timedelta(days=fin)
        return debut <= b and (date_fin is None or date_fin >= a)

    for mois in mois_de_la_periode(du, au):
        a, b = max(mois, du), min(dernier_jour(mois), au)
        for commune in (DIJON, CHENOVE):
            attendu = sum(1 for c, d, f in donnees if c == commune and exercee(d, f, a, b))
            assert obtenu.get((commune, code_mois(mois)), 0) == attendu
    assert total == sum(1 for _, d, f in donnees if exercee(d, f, du, au))
