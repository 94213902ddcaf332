"""Celery tasks of the estimation of rights (docs/CELERY.md).

`estimer` runs on its own queue, `openfisca`, consumed only by the estimation worker (its own
virtualenv and image, where OpenFisca is installed); it is the only code path that imports
`estimations.moteur`, and it does so inside the task, so importing this module (the web process
does, to enqueue) never loads OpenFisca. It is idempotent: an estimation already finished or in
error is left alone, and the `identifie` rights are unique per follow-up and type.
`reestimer_foyers` (beat, nightly) sweeps the households whose inputs changed and queues them in
batches: one OpenFisca simulation for hundreds of households costs little more than for one.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.taches import IDEMPOTENT_TASK_OPTIONS, enqueue_on_commit
from estimations.models import Estimation, StatutEstimation
from estimations.services import estimation_echouer, estimation_enregistrer_resultats, reestimations_creer

logger = logging.getLogger(__name__)

FILE = "openfisca"


def _moteur():
    """The OpenFisca side, imported in the worker only (replaced by a fake in the default tests)."""
    from estimations import moteur  # noqa: PLC0415 - OpenFisca is imported in the estimation worker only

    return moteur


def mettre_en_file(ids: list[int]) -> None:
    """Queue the computation of these estimations, in batches, once the transaction commits; a broker
    failure is logged, the estimations stay `en_attente` and the nightly batch picks them up."""
    for debut in range(0, len(ids), settings.ESTIMATIONS_TAILLE_LOT):
        enqueue_on_commit(estimer, ids[debut : debut + settings.ESTIMATIONS_TAILLE_LOT], queue=FILE)


@shared_task(name="estimations.tasks.estimer", **IDEMPOTENT_TASK_OPTIONS)
def estimer(ids: list[int]) -> dict[str, int]:
    """Compute the estimations `ids` (waiting ones only) in one simulation per month; a household the
    model refuses is computed alone, so it ends in `erreur` without failing the others."""
    try:
        moteur = _moteur()
    except ImportError:
        # Only the estimation worker has OpenFisca; elsewhere (eager mode of `make run`) the
        # estimations stay waiting for it.
        logger.warning("OpenFisca n'est pas installé dans ce processus : estimations %s en attente", ids)
        return {"terminees": 0, "erreurs": 0}
    attente = list(Estimation.objects.filter(pk__in=ids, statut=StatutEstimation.EN_ATTENTE))
    compte = {"terminees": 0, "erreurs": 0}
    par_periode: dict[str, list[Estimation]] = {}
    for estimation in attente:
        par_periode.setdefault(estimation.periode, []).append(estimation)
    versions = moteur.versions()
    for periode, estimations in par_periode.items():
        foyers = {str(e.pk): e.entrees for e in estimations}
        try:
            resultats = moteur.calculer(foyers, periode)
        except moteur.ErreurMoteur:
            resultats = None
        for estimation in estimations:
            try:
                montants = (
                    resultats[str(estimation.pk)]
                    if resultats is not None
                    else moteur.calculer({"seul": estimation.entrees}, periode)["seul"]
                )
            except moteur.ErreurMoteur as exc:
                logger.warning("Estimation %s en erreur : %s", estimation.pk, exc)
                estimation_echouer(estimation_id=estimation.pk, detail=str(exc))
                compte["erreurs"] += 1
                continue
            estimation_enregistrer_resultats(
                estimation_id=estimation.pk, resultats=montants, versions=versions
            )
            compte["terminees"] += 1
    return compte


@shared_task(name="estimations.tasks.reestimer_foyers", **IDEMPOTENT_TASK_OPTIONS)
def reestimer_foyers(periode: str | None = None) -> int:
    """Nightly (beat): re-estimate the open follow-ups whose household changed, in batches; queue
    again the estimations left waiting for more than an hour (broker down when they were asked)."""
    with transaction.atomic():
        ids = reestimations_creer(periode=periode)
        oubliees = Estimation.objects.filter(
            statut=StatutEstimation.EN_ATTENTE, demandee_le__lt=timezone.now() - timedelta(hours=1)
        ).values_list("pk", flat=True)
        mettre_en_file([*oubliees, *ids])
    return len(ids)
