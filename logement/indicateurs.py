"""Indicators of actions 2.1 and 2.2, computed in SQL (GROUP BY), counts only.

Each count is by the commune of residence AT THE TIME OF THE EVENT (`commune` stored on the
measure at its start, on the situation at its entry), and only over the communes where the
caller holds the dispositif's grant. No name, date of birth or free text ever leaves here.
Statistical-secrecy suppression of small counts is applied by the export layer (later issue).
"""

from datetime import date

from django.db.models import Count, Q

from communes.habilitations import filtre_communes
from communes.models import Dispositif
from logement.models import IssueMesure, MesureASLL, MotifSortie, Orientation, SituationACOR, StatutMesure


def _par_commune(qs) -> list[dict]:
    return [
        {"commune": ligne["commune_id"], "nom": ligne["commune__nom"], "nombre": ligne["nombre"]}
        for ligne in qs.values("commune_id", "commune__nom")
        .annotate(nombre=Count("id"))
        .order_by("commune__nom")
    ]


def _total(lignes: list[dict]) -> int:
    return sum(ligne["nombre"] for ligne in lignes)


def mesures_exercees(user, du: date, au: date):
    """Measures carried out in the period: started on or before `au`, not ended before `du`."""
    return MesureASLL.objects.filter(filtre_communes(user, [Dispositif.ASLL])).filter(
        Q(date_debut__lte=au) & (Q(date_fin__isnull=True) | Q(date_fin__gte=du))
    )


def mesures_terminees(user, du: date, au: date):
    """Measures ended in the period (their outcome is the « bilan des suites »)."""
    return MesureASLL.objects.filter(filtre_communes(user, [Dispositif.ASLL])).filter(
        statut=StatutMesure.TERMINEE, date_fin__gte=du, date_fin__lte=au
    )


def situations_prises_en_charge(user, du: date, au: date):
    """ACOR situations taken on in the period (entry date within it)."""
    return SituationACOR.objects.filter(filtre_communes(user, [Dispositif.ACOR])).filter(
        date_entree__gte=du, date_entree__lte=au
    )


def indicateurs_asll(user, du: date, au: date) -> dict:
    exercees = _par_commune(mesures_exercees(user, du, au))
    commencees = _par_commune(mesures_exercees(user, du, au).filter(date_debut__gte=du))
    terminees = mesures_terminees(user, du, au)
    par_issue = {
        ligne["issue"]: ligne["nombre"]
        for ligne in terminees.values("issue").annotate(nombre=Count("id")).order_by()
    }
    par_orientation = {
        ligne["orientation"]: ligne["nombre"]
        for ligne in terminees.filter(issue=IssueMesure.ORIENTATION)
        .values("orientation")
        .annotate(nombre=Count("id"))
        .order_by()
    }
    issues_par_commune = [
        {
            "commune": ligne["commune_id"],
            "nom": ligne["commune__nom"],
            "issue": ligne["issue"],
            "nombre": ligne["nombre"],
        }
        for ligne in terminees.values("commune_id", "commune__nom", "issue")
        .annotate(nombre=Count("id"))
        .order_by("commune__nom", "issue")
    ]
    return {
        "action": "2.1",
        "du": du.isoformat(),
        "au": au.isoformat(),
        "mesures_exercees": {"total": _total(exercees), "par_commune": exercees},
        "mesures_commencees": {"total": _total(commencees), "par_commune": commencees},
        "issues": {
            "total": sum(par_issue.values()),
            "par_issue": [
                {"issue": code, "libelle": libelle, "nombre": par_issue.get(code, 0)}
                for code, libelle in IssueMesure.choices
            ],
            "par_orientation": [
                {"orientation": code, "libelle": libelle, "nombre": par_orientation.get(code, 0)}
                for code, libelle in Orientation.choices
            ],
            "par_commune": issues_par_commune,
        },
    }


def indicateurs_acor(user, du: date, au: date) -> dict:
    prises = _par_commune(situations_prises_en_charge(user, du, au))
    sorties = {
        ligne["motif_sortie"]: ligne["nombre"]
        for ligne in SituationACOR.objects.filter(filtre_communes(user, [Dispositif.ACOR]))
        .filter(date_entree__isnull=False, date_sortie__gte=du, date_sortie__lte=au)
        .values("motif_sortie")
        .annotate(nombre=Count("id"))
        .order_by()
    }
    return {
        "action": "2.2",
        "du": du.isoformat(),
        "au": au.isoformat(),
        "situations_prises_en_charge": {"total": _total(prises), "par_commune": prises},
        "sorties": {
            "total": sum(sorties.values()),
            "par_motif": [
                {"motif": code, "libelle": libelle, "nombre": sorties.get(code, 0)}
                for code, libelle in MotifSortie.choices
            ],
        },
    }
