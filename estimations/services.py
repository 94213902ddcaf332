"""Writes of the estimation of rights. Each is one transaction; none imports OpenFisca (the worker's
`estimations.moteur` does, called by `estimations.tasks`)."""

import logging
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accompagnements.models import (
    Accompagnement,
    Droit,
    StatutAccompagnement,
    StatutDroit,
    TransitionDroit,
    TypeDroit,
)
from accompagnements.services import _verifier_usager, droit_modifier
from communes.models import Commune
from comptes.models import User
from config.errors import RegleMetierError
from estimations.models import DroitDetecte, Estimation, Foyer, MembreFoyer, StatutEstimation
from estimations.situation import date_legislation, empreinte, entrees_du_foyer, valider_membres
from usagers.models import commune_a_la_date

logger = logging.getLogger(__name__)

MESSAGE_ERREUR_MODELE = "Le modèle OpenFisca n'a pas pu calculer cette situation : {detail}"


# --- Foyer ----------------------------------------------------------------------------------


@transaction.atomic
def foyer_declarer(
    *,
    accompagnement: Accompagnement,
    par: User,
    situation_couple: str,
    statut_occupation: str,
    commune: Commune,
    membres: list[dict],
    loyer: Decimal = Decimal("0"),
    valide_du: date | None = None,
) -> Foyer:
    """Describe the household of the follow-up's person. The description in force is closed the day
    before (its validity kept): a person belongs to one household at a time."""
    accompagnement = Accompagnement.objects.select_related("usager").get(pk=accompagnement.pk)
    _verifier_usager(par, accompagnement.usager, champ="accompagnement")
    if accompagnement.statut != StatutAccompagnement.OUVERT:
        raise RegleMetierError("Cet accompagnement est clos : rouvrez-le d'abord.", champ="accompagnement")
    jour = valide_du or timezone.localdate()
    valider_membres(
        situation_couple=situation_couple,
        statut_occupation=statut_occupation,
        loyer=loyer,
        membres=membres,
        jour=jour,
    )
    precedent = (
        Foyer.objects.select_for_update().en_vigueur().filter(usager_id=accompagnement.usager_id).first()
    )
    if precedent is not None:
        if jour < precedent.valide_du:
            raise RegleMetierError(
                f"La situation en vigueur date du {precedent.valide_du:%d/%m/%Y} : déclarez à partir de là.",
                champ="valide_du",
            )
        precedent.valide_au = jour
        precedent.save(update_fields=["valide_au"])
    foyer = Foyer(
        accompagnement=accompagnement,
        usager=accompagnement.usager,
        valide_du=jour,
        situation_couple=situation_couple,
        statut_occupation=statut_occupation,
        loyer=loyer,
        commune=commune,
        cree_par=par,
    )
    foyer.full_clean()
    foyer.save()
    instances = [MembreFoyer(foyer=foyer, **membre) for membre in membres]
    for instance in instances:
        instance.full_clean()
    MembreFoyer.objects.bulk_create(instances)
    return foyer


# --- Estimation -----------------------------------------------------------------------------


def periode_du_jour() -> str:
    return timezone.localdate().strftime("%Y-%m")


def _estimation_creer(*, foyer: Foyer, periode: str, par: User | None) -> Estimation:
    entrees = entrees_du_foyer(foyer)
    return Estimation.objects.create(
        accompagnement_id=foyer.accompagnement_id,
        foyer=foyer,
        periode=periode,
        date_legislation=date_legislation(periode),
        entrees=entrees,
        empreinte=empreinte(entrees, periode),
        demandee_par=par,
    )


@transaction.atomic
def estimation_demander(
    *, accompagnement: Accompagnement, par: User, periode: str | None = None
) -> Estimation:
    """Snapshot the household in force and queue its computation (after commit) on `openfisca`."""
    from estimations.tasks import mettre_en_file  # noqa: PLC0415 - the tasks module imports these services

    accompagnement = Accompagnement.objects.select_related("usager").get(pk=accompagnement.pk)
    _verifier_usager(par, accompagnement.usager, champ="accompagnement")
    foyer = (
        Foyer.objects.en_vigueur()
        .filter(usager_id=accompagnement.usager_id)
        .prefetch_related("membres")
        .first()
    )
    if foyer is None:
        raise RegleMetierError(
            "Décrivez d'abord le foyer de la personne (POST /api/v1/foyers/).", champ="foyer"
        )
    estimation = _estimation_creer(foyer=foyer, periode=periode or periode_du_jour(), par=par)
    mettre_en_file([estimation.pk])
    return estimation


@transaction.atomic
def estimation_enregistrer_resultats(
    *, estimation_id: int, resultats: dict[str, float], versions: dict[str, str]
) -> Estimation | None:
    """Store the amounts and create, once, the `identifie` right of every benefit > 0 not claimed.
    Safe to run twice (a redelivered task): a finished estimation is left as it is."""
    estimation = (
        Estimation.objects.select_for_update()
        .select_related("accompagnement__usager")
        .filter(pk=estimation_id)
        .first()
    )
    if estimation is None or estimation.statut != StatutEstimation.EN_ATTENTE:
        return estimation
    estimation.resultats = {code: round(float(montant), 2) for code, montant in resultats.items()}
    estimation.version_openfisca_france = versions.get("openfisca_france", "")
    estimation.version_openfisca_core = versions.get("openfisca_core", "")
    estimation.statut = StatutEstimation.TERMINEE
    estimation.terminee_le = timezone.now()
    estimation.save()
    droits_identifier(estimation=estimation)
    return estimation


def _droit_identifie(estimation: Estimation, type_: TypeDroit, montant: Decimal, auteur: User) -> Droit:
    """The `identifie` right, recorded as `droit_enregistrer` does (commune of the day, journal);
    the grant was checked when the estimation was asked for."""
    accompagnement = estimation.accompagnement
    jour = timezone.localdate()
    droit = Droit(
        usager=accompagnement.usager,
        type=type_,
        accompagnement=accompagnement,
        statut=StatutDroit.IDENTIFIE,
        date_identification=jour,
        montant_mensuel=montant,
        commune_id=commune_a_la_date(accompagnement.usager, jour),
        cree_par=auteur,
    )
    droit.full_clean()
    droit.save()
    TransitionDroit.objects.create(
        droit=droit, statut_avant="", statut=StatutDroit.IDENTIFIE, date=jour, par=auteur
    )
    return droit


def droits_identifier(*, estimation: Estimation) -> list[DroitDetecte]:
    """The `identifie` rights of a finished estimation (inside its transaction): one per benefit
    estimated > 0 whose type the person has not in the ledger yet (applied for, opened, refused,
    given up, or already identified); at most one per follow-up and type (unique constraint)."""
    accompagnement = estimation.accompagnement
    positifs = {code: montant for code, montant in (estimation.resultats or {}).items() if montant > 0}
    deja = set(Droit.objects.filter(usager_id=accompagnement.usager_id).values_list("type__code", flat=True))
    deja |= set(
        DroitDetecte.objects.filter(accompagnement=accompagnement).values_list("type__code", flat=True)
    )
    a_creer = [code for code in positifs if code not in deja]
    types = {t.code: t for t in TypeDroit.objects.filter(code__in=a_creer)}
    auteur = estimation.demandee_par or accompagnement.referent
    crees = []
    for code in sorted(types):
        montant = Decimal(str(positifs[code])).quantize(Decimal("0.01"))
        try:
            # A savepoint per right: if a concurrent run inserted it first, the constraint refuses
            # ours and only this right is skipped.
            with transaction.atomic():
                droit = _droit_identifie(estimation, types[code], montant, auteur)
                crees.append(
                    DroitDetecte.objects.create(
                        droit=droit,
                        estimation=estimation,
                        accompagnement=accompagnement,
                        type=types[code],
                        montant_estime=montant,
                    )
                )
        except IntegrityError:
            logger.info("Droit %s déjà détecté pour l'accompagnement %s", code, accompagnement.pk)
    return crees


@transaction.atomic
def estimation_echouer(*, estimation_id: int, detail: str) -> Estimation | None:
    """End the estimation in `erreur`, with a French message; no right is written."""
    estimation = Estimation.objects.select_for_update().filter(pk=estimation_id).first()
    if estimation is None or estimation.statut != StatutEstimation.EN_ATTENTE:
        return estimation
    estimation.statut = StatutEstimation.ERREUR
    estimation.message_erreur = MESSAGE_ERREUR_MODELE.format(detail=detail)[:1000]
    estimation.terminee_le = timezone.now()
    estimation.save()
    return estimation


# --- Droits détectés : the agent confirms or dismisses ----------------------------------------


def _detection_verrouillee(detection: DroitDetecte, par: User) -> DroitDetecte:
    detection = DroitDetecte.objects.select_for_update().select_related("droit__usager").get(pk=detection.pk)
    _verifier_usager(par, detection.droit.usager)
    if detection.droit.statut != StatutDroit.IDENTIFIE:
        raise RegleMetierError(
            f"Ce droit est déjà « {detection.droit.get_statut_display().lower()} ».", champ="statut"
        )
    return detection


@transaction.atomic
def droit_detecte_confirmer(*, detection: DroitDetecte, par: User, date_demande: date) -> DroitDetecte:
    """The agent confirms the right and the application is made: `identifie` → `demande`."""
    detection = _detection_verrouillee(detection, par)
    droit_modifier(droit=detection.droit, par=par, statut=StatutDroit.DEMANDE, date_demande=date_demande)
    return detection


@transaction.atomic
def droit_detecte_ecarter(*, detection: DroitDetecte, par: User, motif: str) -> DroitDetecte:
    """The agent dismisses the right, saying why: `identifie` → `abandonne`, reason kept."""
    detection = _detection_verrouillee(detection, par)
    if not motif.strip():
        raise RegleMetierError("Indiquez pourquoi ce droit est écarté.", champ="motif")
    droit_modifier(droit=detection.droit, par=par, statut=StatutDroit.ABANDONNE)
    detection.motif_ecart = motif.strip()
    detection.save(update_fields=["motif_ecart"])
    return detection


# --- Nightly batch ----------------------------------------------------------------------------


def foyers_a_reestimer(periode: str):
    """Households in force of open follow-ups not yet estimated (nor waiting) for `periode`. A change
    of inputs is a new household (descriptions are replaced, never edited), so it is caught here; a
    household whose estimation ended in error is tried again."""
    return (
        Foyer.objects.en_vigueur()
        .filter(accompagnement__statut=StatutAccompagnement.OUVERT)
        .exclude(
            Exists(
                Estimation.objects.filter(
                    foyer=OuterRef("pk"),
                    periode=periode,
                    statut__in=[StatutEstimation.EN_ATTENTE, StatutEstimation.TERMINEE],
                )
            )
        )
        .prefetch_related("membres")
        .order_by("pk")
    )


def reestimations_creer(*, periode: str | None = None) -> list[int]:
    """Create the estimations of the nightly batch (one per household whose inputs changed)."""
    periode = periode or periode_du_jour()
    ids = []
    for foyer in foyers_a_reestimer(periode).iterator(chunk_size=500):
        with transaction.atomic():
            ids.append(_estimation_creer(foyer=foyer, periode=periode, par=None).pk)
    return ids
