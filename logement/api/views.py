"""ASLL measures and checkpoints, ACOR situations, and their indicators.

Views parse the input, call one service, and render the record re-read through the same
queryset as the list (so `prochain_point_etape`, `en_retard` and `etat` are always there).
A record outside the caller's grants is a 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from config.api.viewsets import DossierViewSet, transition
from logement.api.filters import (
    DemandeASLLFilter,
    MesureASLLFilter,
    PointEtapeFilter,
    RencontreASLLFilter,
    SituationACORFilter,
)
from logement.api.serializers import (
    ClotureSerializer,
    DecisionAccepteeSerializer,
    DecisionNonRetenueSerializer,
    DemandeASLLSerializer,
    MesureASLLCreationSerializer,
    MesureASLLModificationSerializer,
    MesureASLLSerializer,
    PointEtapeNonTenuSerializer,
    PointEtapeSaisieSerializer,
    PointEtapeSerializer,
    PriseEnChargeSerializer,
    RencontreASLLCreationSerializer,
    RencontreASLLSerializer,
    RenouvellementSerializer,
    RepriseSerializer,
    SituationACORCreationSerializer,
    SituationACORModificationSerializer,
    SituationACORSerializer,
    SortieSerializer,
    SuspensionSerializer,
)
from logement.models import (
    DemandeASLL,
    PointEtape,
    RencontreASLL,
    SituationACOR,
    mesures_par_echeance,
)
from logement.services import (
    demande_asll_accepter,
    demande_asll_refuser,
    mesure_cloturer,
    mesure_creer,
    mesure_modifier,
    mesure_renouveler,
    mesure_reprendre,
    mesure_suspendre,
    point_etape_non_tenu,
    point_etape_realiser,
    rencontre_creer,
    situation_acor_cloturer,
    situation_acor_creer,
    situation_acor_modifier,
    situation_acor_prendre_en_charge,
)


class MesureASLLViewSet(DossierViewSet):
    """Mesures ASLL des usagers des communes où l'agent est habilité ASLL.

    `?referent=me&statut=en_cours` est le portefeuille d'un travailleur social, trié par
    prochain point d'étape (les retards d'abord).
    """

    serializer_class = MesureASLLSerializer
    serializer_creation = MesureASLLCreationSerializer
    filterset_class = MesureASLLFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return mesures_par_echeance().visibles_par(self.request.user)

    @extend_schema(request=MesureASLLCreationSerializer, responses={201: MesureASLLSerializer})
    def create(self, request, *args, **kwargs):
        mesure = mesure_creer(par=request.user, **self.parse_input(MesureASLLCreationSerializer))
        return self.respond(mesure, status.HTTP_201_CREATED)

    @extend_schema(request=MesureASLLModificationSerializer, responses=MesureASLLSerializer)
    def partial_update(self, request, *args, **kwargs):
        mesure = mesure_modifier(
            mesure=self.get_object(), par=request.user, **self.parse_input(MesureASLLModificationSerializer)
        )
        return self.respond(mesure)

    renouveler = transition(
        "renouveler", service=mesure_renouveler, entree=RenouvellementSerializer, objet="mesure"
    )
    suspendre = transition("suspendre", service=mesure_suspendre, entree=SuspensionSerializer, objet="mesure")
    reprendre = transition("reprendre", service=mesure_reprendre, entree=RepriseSerializer, objet="mesure")
    cloturer = transition("cloturer", service=mesure_cloturer, entree=ClotureSerializer, objet="mesure")


class PointEtapeViewSet(DossierViewSet):
    """Points d'étape des mesures visibles. `PATCH` enregistre le point tenu (date, compte rendu…) ;
    `POST …/non-tenu/` note qu'un point dû n'a pas eu lieu."""

    serializer_class = PointEtapeSerializer
    filterset_class = PointEtapeFilter

    def get_queryset(self):
        return (
            PointEtape.objects.visibles_par(self.request.user)
            .avec_etat()
            .prefetch_related("progressions")
            .order_by("date_prevue", "id")
        )

    @extend_schema(request=PointEtapeSaisieSerializer, responses=PointEtapeSerializer)
    def partial_update(self, request, *args, **kwargs):
        donnees = self.parse_input(PointEtapeSaisieSerializer)
        point = point_etape_realiser(
            point=self.get_object(),
            par=request.user,
            date_realisee=donnees.get("date_realisee"),
            compte_rendu=donnees.get("compte_rendu"),
            progressions=[dict(p) for p in donnees["progressions"]] if "progressions" in donnees else None,
        )
        return self.respond(point)

    non_tenu = transition(
        "non_tenu",
        service=point_etape_non_tenu,
        entree=PointEtapeNonTenuSerializer,
        objet="point",
        url_path="non-tenu",
        description=(
            "Noter que le point d'étape dû (à venir ou en retard) n'a pas eu lieu : il est clos, n'est "
            "plus en retard et ses rappels cessent. Une erreur se corrige en enregistrant le point tenu."
        ),
    )


class RencontreASLLViewSet(DossierViewSet):
    """Rencontres avec le ménage entre deux points d'étape (fiche 2.1), des mesures visibles.
    `?mesure=<id>` : celles d'une mesure."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = RencontreASLLSerializer
    serializer_creation = RencontreASLLCreationSerializer
    filterset_class = RencontreASLLFilter

    def get_queryset(self):
        return RencontreASLL.objects.visibles_par(self.request.user).order_by("-date", "-id")

    @extend_schema(request=RencontreASLLCreationSerializer, responses={201: RencontreASLLSerializer})
    def create(self, request, *args, **kwargs):
        rencontre = rencontre_creer(par=request.user, **self.parse_input(RencontreASLLCreationSerializer))
        return self.respond(rencontre, status.HTTP_201_CREATED)


class SituationACORViewSet(DossierViewSet):
    """Situations ACOR des usagers des communes où l'agent est habilité ACOR.

    Triées par date d'orientation : `?statut=en_attente` est la liste d'attente.
    """

    serializer_class = SituationACORSerializer
    serializer_creation = SituationACORCreationSerializer
    filterset_class = SituationACORFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return SituationACOR.objects.visibles_par(self.request.user).order_by("date_orientation", "id")

    @extend_schema(request=SituationACORCreationSerializer, responses={201: SituationACORSerializer})
    def create(self, request, *args, **kwargs):
        situation = situation_acor_creer(
            par=request.user, **self.parse_input(SituationACORCreationSerializer)
        )
        return self.respond(situation, status.HTTP_201_CREATED)

    @extend_schema(request=SituationACORModificationSerializer, responses=SituationACORSerializer)
    def partial_update(self, request, *args, **kwargs):
        situation = situation_acor_modifier(
            situation=self.get_object(),
            par=request.user,
            **self.parse_input(SituationACORModificationSerializer),
        )
        return self.respond(situation)

    actions_encadrant = ("prendre_en_charge",)  # forcing a place beyond capacity is their decision
    prendre_en_charge = transition(
        "prendre_en_charge",
        service=situation_acor_prendre_en_charge,
        entree=PriseEnChargeSerializer,
        objet="situation",
        url_path="prendre-en-charge",
    )
    cloturer = transition(
        "cloturer", service=situation_acor_cloturer, entree=SortieSerializer, objet="situation"
    )


class DemandeASLLViewSet(DossierViewSet):
    """Demandes de mesure ASLL reçues d'un autre dispositif du pacte (orientations), des usagers des
    communes où l'agent est habilité ASLL. `?statut=en_attente` : les demandes à examiner ; le service
    ouvre la mesure (`POST asll/mesures/`) puis accepte la demande en la nommant, ou ne la retient pas."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = DemandeASLLSerializer
    filterset_class = DemandeASLLFilter
    search_fields = ["usager__nom", "usager__prenom"]

    def get_queryset(self):
        return DemandeASLL.objects.visibles_par(self.request.user).order_by("date", "id")

    accepter = transition(
        "accepter",
        service=demande_asll_accepter,
        entree=DecisionAccepteeSerializer,
        objet="demande",
        description="Accepter la demande : elle nomme la mesure ouverte pour la personne.",
    )
    refuser = transition(
        "refuser",
        service=demande_asll_refuser,
        entree=DecisionNonRetenueSerializer,
        objet="demande",
        description="Ne pas retenir la demande (son motif reste au service ASLL).",
    )
