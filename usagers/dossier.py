"""The person-centred file: what each dispositif the viewer works in knows of one person.

A section appears only when the viewer holds that dispositif's grant on the person's commune, its
rows come from the dispositif's own `visibles_par`, and the EMAS section exists only for the team
(`acces_compartiment_emas`): nobody else can tell from this page that the team follows the person.
A constant number of queries whatever the number of records (one per section, plus the grants).

The dispositif apps depend on `usagers`, not the reverse: they are imported inside `dossier_de`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from communes.habilitations import communes_autorisees
from communes.models import Dispositif


@dataclass
class Section:
    titre: str
    colonnes: list[str]
    lignes: list[tuple[str, list[str]]] = field(default_factory=list)  # (url, cells)
    ajouts: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    vide: str = "Aucun dossier."


def _url(nom: str, *args, **params) -> str:
    url = reverse(f"admin:{nom}", args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _date(jour) -> str:
    return f"{jour:%d/%m/%Y}" if jour else "—"


def dossier_de(user, usager) -> list[Section]:
    from accompagnements.models import Accompagnement, Droit
    from emas.models import Signalement
    from emas.perms import acces_compartiment_emas
    from logement.models import MesureASLL, SituationACOR

    habilite = {
        d: communes_autorisees(user, [d]).filter(pk=usager.commune_id).exists()
        for d in (Dispositif.ACCES_DROITS, Dispositif.ASLL, Dispositif.ACOR)
    }
    sections: list[Section] = []
    if habilite[Dispositif.ACCES_DROITS]:
        accompagnements = Section(
            "Accompagnements (action 1.1)",
            ["début", "fin", "statut", "référent", ""],
            ajouts=[
                ("Ouvrir un accompagnement", _url("accompagnements_accompagnement_add", usager=usager.pk))
            ],
        )
        for a in Accompagnement.objects.visibles_par(user).filter(usager=usager).select_related("referent"):
            ajout_contact = (
                _url("accompagnements_contact_add", accompagnement=a.pk) if a.statut == "ouvert" else ""
            )
            accompagnements.lignes.append(
                (
                    _url("accompagnements_accompagnement_change", a.pk),
                    [
                        _date(a.date_debut),
                        _date(a.date_fin),
                        a.get_statut_display(),
                        str(a.referent),
                        ajout_contact,
                    ],
                )
            )
        droits = Section(
            "Droits",
            ["droit", "statut", "identifié le", "demandé le", "ouvert le"],
            ajouts=[("Enregistrer un droit", _url("accompagnements_droit_add", usager=usager.pk))],
        )
        for d in Droit.objects.visibles_par(user).filter(usager=usager).select_related("type"):
            droits.lignes.append(
                (
                    _url("accompagnements_droit_change", d.pk),
                    [
                        d.type.libelle,
                        d.get_statut_display(),
                        _date(d.date_identification),
                        _date(d.date_demande),
                        _date(d.date_ouverture),
                    ],
                )
            )
        sections += [accompagnements, droits]
    if habilite[Dispositif.ASLL]:
        mesures = Section(
            "Mesures ASLL (action 2.1)",
            ["début", "fin prévue", "statut", "prochain point d'étape", "référent"],
            ajouts=[("Ouvrir une mesure ASLL", _url("logement_mesureasll_add", usager=usager.pk))],
        )
        for m in (
            MesureASLL.objects.visibles_par(user)
            .filter(usager=usager)
            .avec_prochain_point_etape()
            .select_related("referent")
        ):
            prochain = _date(m.prochain_point_etape) + (" (en retard)" if m.en_retard else "")
            mesures.lignes.append(
                (
                    _url("logement_mesureasll_change", m.pk),
                    [
                        _date(m.date_debut),
                        _date(m.date_fin_prevue),
                        m.get_statut_display(),
                        prochain,
                        str(m.referent),
                    ],
                )
            )
        sections.append(mesures)
    if habilite[Dispositif.ACOR]:
        situations = Section(
            "Situations ACOR (action 2.2)",
            ["orientée le", "entrée le", "sortie le", "statut"],
            ajouts=[("Orienter vers ACOR", _url("logement_situationacor_add", usager=usager.pk))],
        )
        for s in SituationACOR.objects.visibles_par(user).filter(usager=usager):
            situations.lignes.append(
                (
                    _url("logement_situationacor_change", s.pk),
                    [
                        _date(s.date_orientation),
                        _date(s.date_entree),
                        _date(s.date_sortie),
                        s.get_statut_display(),
                    ],
                )
            )
        sections.append(situations)
    if acces_compartiment_emas(user):
        signalements = Section(
            "Signalements EMAS (action 2.3, équipe seulement)",
            ["date", "décision", "décidé le"],
            ajouts=[("Enregistrer un signalement", _url("emas_signalement_add", usager=usager.pk))],
        )
        for s in Signalement.objects.visibles_par(user).filter(usager=usager):
            signalements.lignes.append(
                (
                    _url("emas_signalement_change", s.pk),
                    [_date(s.date), s.get_decision_display(), _date(s.date_decision)],
                )
            )
        sections.append(signalements)
    return sections
