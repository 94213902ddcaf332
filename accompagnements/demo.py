"""Demo records of action 1.1 (`manage.py charger_demo`): one follow-up with a contact and two rights;
twelve persons of Dijon received this year, by phone from the métropole's social service or at the
CCAS; in 2020, the persons of « rue de la Solidarité » followed and their rights opened (the year's
report publishes)."""

from datetime import date, timedelta

from django.utils import timezone

from accompagnements.models import Accompagnement, ModeContact, MotifCloture, StatutDroit, TypeDroit
from accompagnements.services import (
    accompagnement_cloturer,
    accompagnement_ouvrir,
    contact_enregistrer,
    droit_enregistrer,
)
from partenaires.models import Partenaire
from usagers.models import Usager


def _lieu(nom: str) -> Partenaire | None:
    """A place of the directory (its data migration loads them), if an administrator kept it active."""
    return Partenaire.objects.actifs().filter(nom=nom).first()


CCAS_DE_DIJON = "CCAS de Dijon"
SERVICE_SOCIAL = "Dijon Métropole — service social métropolitain"


def charger(*, par_role: dict) -> None:
    aujourd_hui = timezone.localdate()
    agent = par_role["acces_droits"]
    _dijon(agent, aujourd_hui)
    _annee_2020(agent)
    martin = Usager.objects.get(nom="MARTIN", prenom="Sophie")
    if Accompagnement.objects.filter(usager=martin).exists():
        return
    suivi = accompagnement_ouvrir(usager=martin, par=agent, date_debut=aujourd_hui - timedelta(days=20))
    contact_enregistrer(
        accompagnement=suivi,
        par=agent,
        date=timezone.now() - timedelta(days=20),
        mode=ModeContact.RENDEZ_VOUS,
        duree_minutes=45,
        lieu_accueil=_lieu(CCAS_DE_DIJON),
    )
    droit_enregistrer(
        usager=martin,
        type=TypeDroit.objects.get(code="rsa"),
        par=agent,
        accompagnement=suivi,
        date_identification=aujourd_hui - timedelta(days=20),
    )
    droit_enregistrer(
        usager=martin,
        type=TypeDroit.objects.get(code="prime_activite"),
        par=agent,
        accompagnement=suivi,
        statut=StatutDroit.OUVERT,
        date_identification=aujourd_hui - timedelta(days=20),
        date_demande=aujourd_hui - timedelta(days=19),
        date_ouverture=aujourd_hui - timedelta(days=3),
    )


def _dijon(agent, aujourd_hui) -> None:
    """Twelve persons of Dijon received this year, each with a right opened: the dashboard publishes."""
    for i, usager in enumerate(Usager.objects.filter(commune_id="21231", adresse="").order_by("pk")[:12]):
        if Accompagnement.objects.filter(usager=usager).exists():
            continue
        debut = aujourd_hui - timedelta(days=30 + i)
        suivi = accompagnement_ouvrir(usager=usager, par=agent, date_debut=debut)
        contact_enregistrer(
            accompagnement=suivi,
            par=agent,
            date=timezone.now() - timedelta(days=30 + i),
            mode=ModeContact.TELEPHONE if i % 2 else ModeContact.RENDEZ_VOUS,
            duree_minutes=20,
            lieu_accueil=_lieu(SERVICE_SOCIAL if i % 2 else CCAS_DE_DIJON),
        )
        droit_enregistrer(
            usager=usager,
            type=TypeDroit.objects.get(code="prime_activite"),
            par=agent,
            accompagnement=suivi,
            statut=StatutDroit.OUVERT,
            date_identification=debut,
            date_demande=debut,
            date_ouverture=debut + timedelta(days=5),
        )


# As `charger_demo` writes the address of its persons of 2020.
ADRESSE_2020 = "rue de la Solidarité, Dijon"
DROITS_2020 = ("rsa", "prime_activite", "css", "apl", "cheque_energie", "fsl", "aah")


def _annee_2020(agent) -> None:
    """Each person of « rue de la Solidarité » followed in 2020 (from June), one right opened, the
    follow-up closed in December: fourteen rights opened in Dijon in 2020."""
    personnes = Usager.objects.filter(adresse__endswith=ADRESSE_2020).order_by("pk")
    types = {t.code: t for t in TypeDroit.objects.filter(code__in=DROITS_2020)}
    for i, usager in enumerate(personnes):
        if Accompagnement.objects.filter(usager=usager).exists():
            continue
        debut = date(2020, 6, 2) + timedelta(days=9 * i)
        suivi = accompagnement_ouvrir(usager=usager, par=agent, date_debut=debut)
        droit_enregistrer(
            usager=usager,
            type=types[DROITS_2020[i % len(DROITS_2020)]],
            par=agent,
            accompagnement=suivi,
            statut=StatutDroit.OUVERT,
            date_identification=debut,
            date_demande=debut + timedelta(days=3),
            date_ouverture=debut + timedelta(days=40),
        )
        accompagnement_cloturer(
            accompagnement=suivi,
            date_fin=date(2020, 12, 18),
            motif_cloture=MotifCloture.DEMARCHES_ABOUTIES if i % 3 else MotifCloture.AUTONOMIE,
            par=agent,
        )
