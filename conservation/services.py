"""Retention of personal data (CNIL, référentiel « action sociale » 2021): a person whose files
show no activity for the delay of each dispositif is archived (read-only, out of the everyday
lists); after the archive period she is anonymised. Events (dates, communes, codes) are kept, so
the pacte's indicators of past years do not move. The early anonymisation of one person, where
the law allows it, goes through the same `usager_anonymiser`."""

from dataclasses import dataclass, field
from datetime import date

import pgtrigger
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q

from config import dispositifs as registre
from config.dispositifs import Dossier
from config.errors import RegleMetierError
from conservation.models import DemandeAnonymisation
from historique.models import modele_historique, modeles_historiques
from journal.models import Action, Origine
from journal.services import journaliser
from usagers.models import Usager

NOM_ANONYME = "ANONYME"


def delai_d_inactivite(dispositif: str) -> int:
    """Months without activity in `dispositif` (a declaration's code) before archiving."""
    return settings.CONSERVATION_INACTIVITE_MOIS.get(dispositif, settings.CONSERVATION_INACTIVITE_MOIS_DEFAUT)


def limite_inactivite(dispositif: str, aujourd_hui: date) -> date:
    return aujourd_hui - relativedelta(months=delai_d_inactivite(dispositif))


def activites() -> list[tuple[str, Dossier]]:
    """Every declared record model with the code of the declaration whose delay it follows."""
    return [(dispositif.code, dossier) for dispositif, dossier in registre.dossiers()]


def _actives(aujourd_hui: date) -> Q:
    """The persons with an activity in at least one dispositif within its delay (or an open record),
    or whose own record was created or changed within the shortest delay."""
    condition = Q(_connector=Q.OR)
    for dispositif, dossier in activites():
        limite = limite_inactivite(dispositif, aujourd_hui)
        ids = dossier.model.objects.filter(dossier.actifs_depuis(limite)).values(dossier.usager)
        condition |= Q(pk__in=ids)
    plus_court = min(delai_d_inactivite(d.code) for d in registre.dispositifs())
    limite_personne = aujourd_hui - relativedelta(months=plus_court)
    return condition | Q(modifie_le__date__gte=limite_personne)


def a_archiver(aujourd_hui: date) -> models.QuerySet[Usager]:
    """Les personnes sans activité depuis le délai de chaque dispositif, pas encore archivées."""
    return Usager.objects.filter(archive_le__isnull=True, anonymise_le__isnull=True).exclude(
        _actives(aujourd_hui)
    )


def a_anonymiser(aujourd_hui: date) -> models.QuerySet[Usager]:
    """Les personnes archivées depuis la durée d'archivage (`CONSERVATION_ARCHIVE_MOIS`)."""
    limite = aujourd_hui - relativedelta(months=settings.CONSERVATION_ARCHIVE_MOIS)
    return Usager.objects.filter(archive_le__lte=limite, anonymise_le__isnull=True)


@dataclass
class Bilan:
    """Counts per dispositif and commune (`sans_dossier`: persons with no file in any)."""

    archivees: dict[str, dict[str, int]] = field(default_factory=dict)
    anonymisees: dict[str, dict[str, int]] = field(default_factory=dict)
    total_archivees: int = 0
    total_anonymisees: int = 0


def _par_dispositif_et_commune(personnes: models.QuerySet[Usager]) -> dict[str, dict[str, int]]:
    resultat: dict[str, dict[str, int]] = {}
    avec_dossier = Q(_connector=Q.OR)
    for dispositif in registre.dispositifs():
        dans = Q(_connector=Q.OR)
        for dossier in dispositif.dossiers:
            dans |= Q(pk__in=dossier.model.objects.values(dossier.usager))
        avec_dossier |= dans
        lignes = personnes.filter(dans).values("commune_id").annotate(n=Count("pk")).order_by("commune_id")
        if lignes:
            resultat[dispositif.code] = {ligne["commune_id"]: ligne["n"] for ligne in lignes}
    sans = personnes.exclude(avec_dossier).values("commune_id").annotate(n=Count("pk")).order_by("commune_id")
    if sans:
        resultat["sans_dossier"] = {ligne["commune_id"]: ligne["n"] for ligne in sans}
    return resultat


def conservation_simuler(*, aujourd_hui: date) -> Bilan:
    """What `conservation_appliquer` would do today; writes nothing."""
    archiver, anonymiser = a_archiver(aujourd_hui), a_anonymiser(aujourd_hui)
    return Bilan(
        archivees=_par_dispositif_et_commune(archiver),
        anonymisees=_par_dispositif_et_commune(anonymiser),
        total_archivees=archiver.count(),
        total_anonymisees=anonymiser.count(),
    )


def conservation_appliquer(*, aujourd_hui: date, par=None) -> Bilan:
    """Archive, then anonymise what is due today. Safe to run twice, late or after a missed day: it
    sweeps the database state (a person archived or anonymised is no longer a candidate)."""
    bilan = conservation_simuler(aujourd_hui=aujourd_hui)
    with transaction.atomic():
        archiver = list(a_archiver(aujourd_hui).select_for_update())
        Usager.objects.filter(pk__in=[u.pk for u in archiver]).update(archive_le=aujourd_hui)
        journaliser(par=par, action=Action.MODIFIE, objets=archiver, origine=Origine.TACHE)
    for usager in a_anonymiser(aujourd_hui).order_by("pk"):
        if not a_un_dossier_ouvert(usager):  # an archived person's file reopened meanwhile waits
            usager_anonymiser(usager=usager, par=par, aujourd_hui=aujourd_hui, origine=Origine.TACHE)
    demandes_d_anonymisation_traiter(aujourd_hui=aujourd_hui, par=par)
    return bilan


def _effacer_historique(usager: Usager, dossiers: dict[str, list[int]]) -> None:
    """Erase the change history of the person and of her records: it holds her former identity and
    free text. The history tables are append-only; this is the one exception (pgtrigger.ignore)."""
    uris = [f"{modele._meta.label}:append_only" for modele in modeles_historiques()]
    with pgtrigger.ignore(*uris):
        modele_historique("usagers.usager").objects.filter(pgh_obj_id=usager.pk).delete()
        modele_historique("usagers.residence").objects.filter(pgh_obj__usager=usager.pk).delete()
        for label, ids in dossiers.items():
            evenements = modele_historique(label)
            if evenements is not None and ids:
                evenements.objects.filter(pgh_obj_id__in=ids).delete()


def _textes_libres(dossier: Dossier) -> list[str]:
    champs = set(dossier.textes_libres)
    champs.update(f.name for f in dossier.model._meta.concrete_fields if isinstance(f, models.TextField))
    return sorted(champs)


class DossierOuvert(RegleMetierError):
    """An anonymisation would destroy the records of an open file."""


def a_un_dossier_ouvert(usager: Usager) -> bool:
    """Whether one of the person's records, in any dispositif, is still running (its end date empty)."""
    return any(
        dossier.model._base_manager.filter(
            **{dossier.usager: usager.pk, f"{dossier.ouvert_tant_que_vide}__isnull": True}
        ).exists()
        for _dispositif, dossier in activites()
        if dossier.ouvert_tant_que_vide
    )


@transaction.atomic
def anonymisation_demander(*, usager: Usager, par) -> DemandeAnonymisation:
    """Record an early erasure request (the one already waiting, if any). Nothing is erased here:
    `demandes_d_anonymisation_traiter` does it once no record of the person is open."""
    Usager.objects.select_for_update().get(pk=usager.pk)
    attente = DemandeAnonymisation.objects.filter(usager=usager, faite_le__isnull=True).first()
    return attente or DemandeAnonymisation.objects.create(usager=usager, demandee_par=par)


def demandes_d_anonymisation_traiter(*, aujourd_hui: date, par=None) -> int:
    """Anonymise the persons of the waiting requests whose records are all closed; the others wait
    (the dpo relays them to the teams). The number anonymised."""
    faites = 0
    for demande in DemandeAnonymisation.objects.filter(faite_le__isnull=True).select_related("usager"):
        with transaction.atomic():
            if a_un_dossier_ouvert(demande.usager):
                continue
            usager_anonymiser(usager=demande.usager, par=par, aujourd_hui=aujourd_hui, origine=Origine.TACHE)
            DemandeAnonymisation.objects.filter(pk=demande.pk).update(faite_le=aujourd_hui)
            faites += 1
    return faites


@transaction.atomic
def usager_anonymiser(
    *, usager: Usager, par, aujourd_hui: date, origine: Origine | str = Origine.API
) -> Usager:
    """Anonymise a person: names, address, phone and e-mail cleared, birth date kept as its year
    (1 January), the free text of every record cleared, her history erased; events, dates and
    communes kept (the indicators count them). Irreversible: refused while one of her records is open
    (`DossierOuvert`), whoever asks — the early erasure goes through a request instead."""
    usager = Usager.objects.select_for_update().get(pk=usager.pk)
    if usager.anonymise_le:
        return usager
    if a_un_dossier_ouvert(usager):
        raise DossierOuvert("Un dossier de cette personne est ouvert : l'anonymisation attend sa clôture.")
    dossiers: dict[str, list[int]] = {}
    for _dispositif, dossier in activites():
        lignes = dossier.model.objects.filter(**{dossier.usager: usager.pk})
        dossiers[dossier.modele.lower()] = list(lignes.values_list("pk", flat=True))
        textes = _textes_libres(dossier)
        if textes:
            lignes.update(**dict.fromkeys(textes, ""))
        if any(f.name == "date_naissance" for f in dossier.model._meta.concrete_fields):
            # the members of her household: birth dates kept as their year, like hers
            for pk, naissance in lignes.values_list("pk", "date_naissance"):
                if naissance:
                    dossier.model._base_manager.filter(pk=pk).update(
                        date_naissance=date(naissance.year, 1, 1)
                    )
    _effacer_historique(usager, dossiers)
    Usager.objects.filter(pk=usager.pk).update(
        nom=NOM_ANONYME,
        prenom="",
        date_naissance=date(usager.date_naissance.year, 1, 1),
        adresse="",
        telephone="",
        email="",
        archive_le=usager.archive_le or aujourd_hui,
        anonymise_le=aujourd_hui,
    )
    usager.refresh_from_db()
    journaliser(par=par, action=Action.MODIFIE, objets=[usager], origine=origine)
    return usager
