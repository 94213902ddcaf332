"""From a stored estimation result to the `identifie` rights: once per follow-up and benefit (the
database refuses a second), none for a benefit already in the ledger, none on a re-run; the nightly
batch re-estimates only the households whose inputs changed; the indicators count them."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from accompagnements.models import Droit, StatutDroit, TransitionDroit
from accompagnements.services import droit_modifier
from estimations.models import DroitDetecte, Estimation, StatutEstimation
from estimations.services import (
    _estimation_creer,
    estimation_enregistrer_resultats,
    reestimations_creer,
)
from indicateurs.calcul import compter
from indicateurs.registre import indicateur
from tests.accompagnements.factories import DroitFactory
from tests.comptes.factories import agent
from tests.estimations.factories import FoyerFactory
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

VERSIONS = {"openfisca_france": "176.1.8", "openfisca_core": "44.7.1"}
RESULTATS = {"rsa": 573.49, "als": 308.0, "apl": 0.0, "aspa": 0.0, "allocations_familiales": 153.01}


@pytest.fixture
def foyer():
    return FoyerFactory(accompagnement__usager__code_commune=DIJON)


def _estimer(foyer, resultats=RESULTATS) -> Estimation:
    estimation = _estimation_creer(foyer=foyer, periode="2026-10", par=foyer.accompagnement.referent)
    return estimation_enregistrer_resultats(
        estimation_id=estimation.pk, resultats=resultats, versions=VERSIONS
    )


def test_un_droit_identifie_par_prestation_positive_non_recourue(foyer):
    DroitFactory(usager=foyer.usager, code_type="allocations_familiales", ouvert=True)

    estimation = _estimer(foyer)

    detectes = {d.type.code: d for d in estimation.droits_detectes.select_related("droit", "type")}
    assert set(detectes) == {"rsa", "als"}
    for detection in detectes.values():
        assert detection.droit.statut == StatutDroit.IDENTIFIE
        assert detection.droit.accompagnement_id == foyer.accompagnement_id
        assert detection.droit.commune_id == DIJON
        assert (
            TransitionDroit.objects.filter(droit=detection.droit, statut=StatutDroit.IDENTIFIE).count() == 1
        )
    assert detectes["rsa"].montant_estime == detectes["rsa"].droit.montant_mensuel == Decimal("573.49")
    assert estimation.version_openfisca_france == "176.1.8"


def test_relancer_ne_duplique_rien(foyer):
    premiere = _estimer(foyer)
    deuxieme = _estimer(foyer)
    encore = estimation_enregistrer_resultats(
        estimation_id=premiere.pk, resultats=RESULTATS, versions=VERSIONS
    )

    assert Droit.objects.count() == DroitDetecte.objects.count() == 3  # rsa, als, allocations_familiales
    assert deuxieme.droits_detectes.count() == 0
    assert encore.statut == StatutEstimation.TERMINEE


def test_un_droit_ecarte_ne_revient_pas(foyer):
    _estimer(foyer)
    droit = Droit.objects.get(type__code="rsa")
    droit_modifier(droit=droit, par=agent("acces_droits", DIJON), statut=StatutDroit.ABANDONNE)

    _estimer(foyer, {**RESULTATS, "rsa": 600.0})

    assert Droit.objects.filter(type__code="rsa").count() == 1


def test_la_base_refuse_un_second_droit_detecte_du_meme_type(foyer):
    estimation = _estimer(foyer)
    existant = estimation.droits_detectes.first()
    autre = DroitFactory(usager=foyer.usager, code_type=existant.type.code)

    with pytest.raises(IntegrityError), transaction.atomic():
        DroitDetecte.objects.create(
            droit=autre,
            estimation=estimation,
            accompagnement=existant.accompagnement,
            type=existant.type,
            montant_estime=1,
        )


def test_le_lot_nocturne_ne_reestime_que_les_foyers_modifies(foyer):
    inchange = FoyerFactory(accompagnement__usager__code_commune=DIJON)
    _estimer(inchange)

    premiers = reestimations_creer(periode="2026-10")
    encore = reestimations_creer(periode="2026-10")  # a doubled run: already waiting
    foyer.valide_au = datetime.date(2026, 2, 1)
    foyer.save()
    nouveau = FoyerFactory(accompagnement=foyer.accompagnement, valide_du=datetime.date(2026, 2, 1))

    assert [Estimation.objects.get(pk=i).foyer_id for i in premiers] == [foyer.pk]
    assert encore == []
    assert [Estimation.objects.get(pk=i).foyer_id for i in reestimations_creer(periode="2026-10")] == [
        nouveau.pk
    ]


def test_le_lot_nocturne_est_dans_le_planning_et_sa_file():
    entree = settings.CELERY_BEAT_SCHEDULE["estimations-nocturnes"]
    assert entree["task"] == "estimations.tasks.reestimer_foyers"
    assert settings.CELERY_TASK_ROUTES["estimations.tasks.estimer"] == {"queue": "openfisca"}


def test_les_indicateurs_comptent_identifies_puis_ouverts(foyer):
    _estimer(foyer)
    rsa = Droit.objects.get(type__code="rsa")
    aujourd_hui = datetime.date.today()
    par = agent("acces_droits", DIJON)
    droit_modifier(droit=rsa, par=par, statut=StatutDroit.DEMANDE, date_demande=aujourd_hui)
    droit_modifier(droit=rsa, par=par, statut=StatutDroit.OUVERT, date_ouverture=aujourd_hui)
    DroitFactory(usager=foyer.usager, code_type="aah", ouvert=True)  # not from an estimation

    jour = {"du": aujourd_hui, "au": aujourd_hui, "filtre": Q(), "dims": ["type"]}
    identifies = compter(indicateur("1.1.droits_identifies"), **jour)
    evites = compter(indicateur("1.1.non_recours_evite"), **jour)

    assert identifies == {("allocations_familiales",): 1, ("als",): 1, ("rsa",): 1}
    assert evites == {("rsa",): 1}


def test_le_lot_nocturne_calcule_par_lots_et_reprend_les_oubliees(
    foyer, moteur_factice, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from estimations.tasks import reestimer_foyers

    settings.ESTIMATIONS_TAILLE_LOT = 2
    autres = [FoyerFactory(accompagnement__usager__code_commune=DIJON) for _ in range(2)]
    oubliee = _estimation_creer(foyer=autres[0], periode="2026-09", par=None)
    Estimation.objects.filter(pk=oubliee.pk).update(demandee_le=timezone.now() - datetime.timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        assert reestimer_foyers("2026-10") == 3

    # Lots of 2: [forgotten (September), one of October] → one simulation per month; then 2 together.
    assert [len(cles) for cles, _ in moteur_factice.appels] == [1, 1, 2]
    assert set(Estimation.objects.values_list("statut", flat=True)) == {StatutEstimation.TERMINEE}
    assert DroitDetecte.objects.count() == 3 * 2  # rsa and als for each follow-up (fake amounts)


def test_un_foyer_refuse_par_le_modele_n_empeche_pas_les_autres_du_lot(foyer, moteur_factice):
    from estimations.tasks import estimer

    refuse = FoyerFactory(accompagnement__usager__code_commune=DIJON, loyer="777.00")
    moteur_factice.refuse_loyer = "777.00"
    ids = [_estimation_creer(foyer=f, periode="2026-10", par=None).pk for f in (foyer, refuse)]

    assert estimer.run(ids) == {"terminees": 1, "erreurs": 1}

    statuts = dict(Estimation.objects.values_list("foyer_id", "statut"))
    assert statuts == {foyer.pk: StatutEstimation.TERMINEE, refuse.pk: StatutEstimation.ERREUR}
    assert not Droit.objects.filter(usager=refuse.usager).exists()
    assert Estimation.objects.get(foyer=refuse).message_erreur.endswith("loyer refusé")
