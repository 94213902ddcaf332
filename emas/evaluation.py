"""The team's own evaluation figures for a period (fiche 2.3: interventions made, results reached,
resources spent): counts only, each computed by an aggregate SQL query over the records the
caller may see (`visibles_par`, the `emas` grant)."""

from datetime import date

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce

from comptes.models import Profession
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import ACCES_SOINS, Decision, MotifFin, Origine, SoinsSansConsentement, TypeIntervention


def _par_code(lignes, champ: str, enum, *, avec_duree: bool = False) -> list[dict]:
    """Every code of `enum`, in its order, with its count (0 when absent): a stable, typed shape."""
    trouves = {ligne[champ]: ligne for ligne in lignes}
    resultat = []
    for code, libelle in [*enum.choices, *([("", "Non renseignée")] if "" in trouves else [])]:
        ligne = trouves.get(code, {})
        element = {"code": code, "libelle": str(libelle), "nombre": ligne.get("nombre", 0)}
        if avec_duree:
            element["duree_minutes"] = ligne.get("duree_minutes") or 0
        resultat.append(element)
    return resultat


def evaluation(user, *, du: date, au: date) -> dict:
    signalements = Signalement.objects.visibles_par(user).filter(date__gte=du, date__lte=au)
    suivis = SuiviEMAS.objects.visibles_par(user)
    interventions = Intervention.objects.visibles_par(user).filter(date__gte=du, date__lte=au)
    clos = suivis.filter(date_fin__gte=du, date_fin__lte=au)

    chiffres_suivis = suivis.aggregate(
        personnes_suivies=Count(
            "usager",
            distinct=True,
            filter=Q(date_debut__lte=au) & (Q(date_fin__isnull=True) | Q(date_fin__gte=du)),
        ),
        ouverts=Count("id", filter=Q(date_debut__gte=du, date_debut__lte=au)),
        clos=Count("id", filter=Q(date_fin__gte=du, date_fin__lte=au)),
    )
    resultats = clos.aggregate(
        suivis_clos=Count("id"),
        acces_soins=Count("id", filter=Q(*[Q(**{c: True}) for c in ACCES_SOINS], _connector=Q.OR)),
        **{c: Count("id", filter=Q(**{c: True})) for c in ACCES_SOINS},
        droit_commun=Count("id", filter=Q(droit_commun=True)),
        maintien_domicile=Count("id", filter=Q(maintien_domicile=True)),
        soins_sans_consentement_sdt=Count("id", filter=Q(soins_sans_consentement=SoinsSansConsentement.SDT)),
        soins_sans_consentement_sdre=Count(
            "id", filter=Q(soins_sans_consentement=SoinsSansConsentement.SDRE)
        ),
        rupture_parcours=Count("id", filter=Q(rupture_parcours=True)),
    )
    resultats["par_motif_fin"] = _par_code(
        clos.order_by().values("motif_fin").annotate(nombre=Count("id")), "motif_fin", MotifFin
    )
    totaux = interventions.aggregate(
        total=Count("id"),
        duree_totale_minutes=Coalesce(Sum("duree_minutes"), Value(0), output_field=IntegerField()),
    )
    presences = Intervention.intervenants.through.objects.filter(intervention__in=interventions.values("pk"))
    return {
        "du": du,
        "au": au,
        "signalements": {
            "total": signalements.count(),
            "par_origine": _par_code(
                signalements.order_by().values("origine").annotate(nombre=Count("id")), "origine", Origine
            ),
            "par_decision": _par_code(
                signalements.order_by().values("decision").annotate(nombre=Count("id")), "decision", Decision
            ),
        },
        "suivis": chiffres_suivis,
        "interventions": {
            **totaux,
            "par_type": _par_code(
                interventions.order_by()
                .values("type")
                .annotate(nombre=Count("id"), duree_minutes=Sum("duree_minutes")),
                "type",
                TypeIntervention,
                avec_duree=True,
            ),
            "par_profession": _par_code(
                presences.order_by()
                .values(profession=Coalesce("user__profession", Value("")))
                .annotate(nombre=Count("id"), duree_minutes=Sum("intervention__duree_minutes")),
                "profession",
                _ProfessionsEquipe,
                avec_duree=True,
            ),
        },
        "resultats": resultats,
    }


class _ProfessionsEquipe:
    """The professions of the team first (fiche 2.3), then any other recorded on an account."""

    choices = [
        (p.value, p.label)
        for p in (Profession.TRAVAILLEUR_SOCIAL, Profession.INFIRMIER, Profession.PSYCHOLOGUE)
    ] + [
        (p.value, p.label)
        for p in Profession
        if p not in (Profession.TRAVAILLEUR_SOCIAL, Profession.INFIRMIER, Profession.PSYCHOLOGUE)
    ]
