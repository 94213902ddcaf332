"""Actions 2.1 and 2.2 in the person's file (`usagers.dossier`): her ASLL measures, her ACOR situations."""

from config.formats import date_fr
from logement.models import MesureASLL, SituationACOR
from usagers.dossier import Section, url_admin


def sections_asll(user, usager) -> list[Section]:
    mesures = Section(
        "Mesures ASLL (action 2.1)",
        ["début", "fin prévue", "statut", "prochain point d'étape", "référent"],
        ajouts=[("Ouvrir une mesure ASLL", url_admin("logement_mesureasll_add", usager=usager.pk))],
    )
    for m in (
        MesureASLL.objects.visibles_par(user)
        .filter(usager=usager)
        .avec_prochain_point_etape()
        .select_related("referent")
    ):
        prochain = date_fr(m.prochain_point_etape, "—") + (" (en retard)" if m.en_retard else "")
        mesures.lignes.append(
            (
                url_admin("logement_mesureasll_change", m.pk),
                [
                    date_fr(m.date_debut, "—"),
                    date_fr(m.date_fin_prevue, "—"),
                    m.get_statut_display(),
                    prochain,
                    str(m.referent),
                ],
            )
        )
    return [mesures]


def sections_acor(user, usager) -> list[Section]:
    situations = Section(
        "Situations ACOR (action 2.2)",
        ["orientée le", "entrée le", "sortie le", "statut"],
        ajouts=[("Orienter vers ACOR", url_admin("logement_situationacor_add", usager=usager.pk))],
    )
    for s in SituationACOR.objects.visibles_par(user).filter(usager=usager):
        situations.lignes.append(
            (
                url_admin("logement_situationacor_change", s.pk),
                [
                    date_fr(s.date_orientation, "—"),
                    date_fr(s.date_entree, "—"),
                    date_fr(s.date_sortie, "—"),
                    s.get_statut_display(),
                ],
            )
        )
    return [situations]
