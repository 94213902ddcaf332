"""Action 2.1's block on the supervisors' dashboard: late checkpoints, per social worker."""

from django.db.models import Count
from django.urls import reverse

from config.dispositifs import Bloc
from logement.models import MesureASLL


def points_en_retard(user) -> Bloc:
    """Late checkpoints of the caseloads the viewer supervises, per worker (one query)."""
    lignes = (
        MesureASLL.objects.visibles_par(user)
        .avec_prochain_point_etape()
        .filter(en_retard=True)
        .values("referent__first_name", "referent__last_name", "referent__username")
        .annotate(mesures=Count("pk"))
        .order_by("-mesures", "referent__last_name", "referent__username")
    )
    return Bloc(
        titre="Points d'étape ASLL en retard, par travailleur social (aujourd'hui)",
        colonnes=("travailleur social", "mesures avec un point en retard"),
        lignes=[
            (
                f"{r['referent__first_name']} {r['referent__last_name']}"
                if r["referent__last_name"]
                else r["referent__username"],
                str(r["mesures"]),
            )
            for r in lignes
        ],
        vide="Aucun point d'étape en retard.",
        lien=f"{reverse('admin:logement_mesureasll_changelist')}?echeance=en_retard&mesures=toutes",
        libelle_lien="Voir les mesures en retard",
    )
