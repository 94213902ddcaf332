"""Every write and every read of nominative data leaves its journal entry — checked on every
operation of the API read from the URL configuration and on every page of the admin read from its
registry, so that the next endpoint cannot forget it (the journal listens to the models, not to the
views: `journal.services.ecriture_consignee`).

A write operation needs a body the service accepts: `SCENARIOS` gives one per operation, and an
operation of the URL configuration without one fails `test_chaque_ecriture_a_son_scenario`."""

import datetime
import uuid

import pytest
from django import forms
from django.contrib import admin
from django.utils import timezone

from config.periodes import aujourdhui
from journal.models import Action, EntreeJournal
from journal.services import est_nominatif
from tests.accompagnements.factories import AccompagnementFactory, ContactFactory, DemarcheFactory
from tests.comptes.factories import ClientNavigateur, UserFactory, administrateur_habilite, agent
from tests.emas.factories import intervention, membre, signalement, suivi
from tests.estimations.factories import FoyerFactory
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.routes import operations_de_l_api
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

HIER = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def _agente():
    return agent("acces_droits", DIJON)


def _suivi_1_1(agente):
    return AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON), referent=agente)


def _droit(agente):
    from accompagnements.services import droit_enregistrer

    suivi_ = _suivi_1_1(agente)
    return droit_enregistrer(par=agente, usager=suivi_.usager, type=_type_rsa(), accompagnement=suivi_)


def _type_rsa():
    from accompagnements.models import TypeDroit

    return TypeDroit.objects.get(code="rsa")


def _detection(agente):
    """A right detected by an estimation (the engine's answer given directly)."""
    from accompagnements.models import Accompagnement
    from estimations.models import DroitDetecte
    from estimations.services import estimation_demander, estimation_enregistrer_resultats

    foyer = FoyerFactory(accompagnement=_suivi_1_1(agente))
    suivi_ = Accompagnement.objects.get(pk=foyer.accompagnement_id)
    estimation = estimation_demander(accompagnement=suivi_, par=agente)
    estimation_enregistrer_resultats(
        estimation_id=estimation.pk, resultats={"rsa": 500.0}, versions={"openfisca_france": "176.1.8"}
    )
    return DroitDetecte.objects.get(estimation=estimation)


def _mesure(travailleur, **champs):
    return MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur, **champs)


def _en_charge(intervenant):
    from logement.services import situation_acor_prendre_en_charge

    situation = _situation_attente(intervenant)
    return situation_acor_prendre_en_charge(situation=situation, par=intervenant, date_entree=aujourdhui())


def _emas_usager():
    return UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))


# Each scenario: `(user, path parameters, body)` for one operation, the records made beforehand.
# The record the entry must name is the path's `pk`, or the `id` of the answer for a creation.
def _usager_creer():
    return (
        agent("asll", DIJON),
        {},
        {"nom": "Neuve", "prenom": "Anne", "date_naissance": "1980-02-03", "commune": DIJON},
    )


def _usager_ecrire(corps, *, suppression=False):
    def scenario():
        usager = UsagerFactory(code_commune=DIJON)
        complet = {"nom": usager.nom, "prenom": usager.prenom, "date_naissance": str(usager.date_naissance)}
        # Deleting a person is an administrator's act (who reads the register through a grant).
        qui = administrateur_habilite(DIJON) if suppression else agent("asll", DIJON)
        return qui, {"pk": usager.pk}, {**complet, "commune": DIJON, **corps}

    return scenario


def _accompagnement_creer():
    return _agente(), {}, {"usager": UsagerFactory(code_commune=DIJON).pk}


def _accompagnement(corps, *, cloture=False):
    def scenario():
        agente = _agente()
        suivi_ = _suivi_1_1(agente)
        if cloture:
            from accompagnements.services import accompagnement_cloturer

            accompagnement_cloturer(
                accompagnement=suivi_, par=agente, date_fin=timezone.localdate(), motif_cloture="autonomie"
            )
        return agente, {"pk": suivi_.pk}, corps

    return scenario


def _contact_creer():
    agente = _agente()
    corps = {"accompagnement": _suivi_1_1(agente).pk, "date": timezone.now().isoformat(), "mode": "telephone"}
    return agente, {}, {**corps, "duree_minutes": 10}


def _contact_modifier():
    agente = _agente()
    return agente, {"pk": ContactFactory(accompagnement=_suivi_1_1(agente)).pk}, {"duree_minutes": 12}


def _demarche_creer():
    agente = _agente()
    return agente, {}, {"accompagnement": _suivi_1_1(agente).pk, "type": "caf", "date": HIER}


def _demarche_modifier():
    agente = _agente()
    return agente, {"pk": DemarcheFactory(accompagnement=_suivi_1_1(agente)).pk}, {"note": "Dossier envoyé"}


def _droit_creer():
    agente = _agente()
    suivi_ = _suivi_1_1(agente)
    return agente, {}, {"usager": suivi_.usager_id, "type": "rsa", "accompagnement": suivi_.pk}


def _droit_modifier():
    agente = _agente()
    return agente, {"pk": _droit(agente).pk}, {"montant_mensuel": "612.50"}


def _estimer_droits():
    agente = _agente()
    return agente, {"pk": FoyerFactory(accompagnement=_suivi_1_1(agente)).accompagnement_id}, {}


def _foyer_creer():
    agente = _agente()
    suivi_ = _suivi_1_1(agente)
    membres = [{"role": "demandeur", "date_naissance": "1990-05-01"}]
    corps = {"situation_couple": "seul", "statut_occupation": "locataire_vide", "commune": DIJON}
    return agente, {}, {"accompagnement": suivi_.pk, **corps, "membres": membres, "loyer": "450.00"}


def _detection_traiter(corps):
    def scenario():
        agente = _agente()
        return agente, {"pk": _detection(agente).pk}, corps

    return scenario


def _mesure_creer():
    corps = {"usager": UsagerFactory(code_commune=DIJON).pk, "type": "acces", "duree_mois": 6}
    return agent("asll", DIJON), {}, {**corps, "date_debut": HIER, "objectifs": ["budget"]}


def _sur_une_mesure(corps, *, suspendue=False):
    def scenario():
        travailleur = agent("asll", DIJON)
        mesure = _mesure(travailleur)
        if suspendue:
            from logement.services import mesure_suspendre

            mesure_suspendre(mesure=mesure, par=travailleur, date_suspension=aujourdhui())
        return travailleur, {"pk": mesure.pk}, corps

    return scenario


def _point_etape_modifier():
    travailleur = agent("asll", DIJON)
    point = _mesure(travailleur).points_etape.order_by("date_prevue").first()
    corps = {"date_realisee": aujourdhui().isoformat(), "compte_rendu": "Budget revu ensemble."}
    return travailleur, {"pk": point.pk}, corps


def _point_etape_non_tenu():
    travailleur = agent("asll", DIJON)
    point = _mesure(travailleur).points_etape.order_by("date_prevue").first()
    return travailleur, {"pk": point.pk}, {"raison": "Personne absente."}


def _rencontre_creer():
    travailleur = agent("asll", DIJON)
    mesure = _mesure(travailleur)
    return travailleur, {}, {"mesure": mesure.pk, "date": aujourdhui().isoformat(), "type": "telephone"}


def _situation_creer():
    corps = {"usager": UsagerFactory(code_commune=DIJON).pk, "date_orientation": HIER}
    return agent("acor", DIJON), {}, {**corps, "difficultes": ["sociale"]}


def _sur_une_situation(corps, *, en_charge=False):
    def scenario():
        intervenant = agent("acor", DIJON)
        situation = (_en_charge if en_charge else _situation_attente)(intervenant)
        return intervenant, {"pk": situation.pk}, corps

    return scenario


def _situation_attente(intervenant):
    CapaciteACORFactory()
    return SituationACORFactory(usager=UsagerFactory(code_commune=DIJON), cree_par=intervenant)


def _signalement_creer():
    corps = {
        "usager": _emas_usager().pk,
        "date": HIER,
        "origine": "grand_dijon_habitat",
        "motifs": ["incurie"],
    }
    oui = dict.fromkeys(
        ("majeur", "logement_autonome", "non_suivi_psychiatrie", "incapacite_demande_soins"), True
    )
    return membre(DIJON), {}, {**corps, **oui}


def _signalement(corps):
    def scenario():
        equipe = membre(DIJON)
        return equipe, {"pk": signalement(equipe, _emas_usager()).pk}, corps

    return scenario


def _suivi_emas(corps):
    def scenario():
        equipe = membre(DIJON)
        return equipe, {"pk": suivi(equipe, _emas_usager()).pk}, corps

    return scenario


def _intervention_creer():
    equipe = membre(DIJON)
    s = suivi(equipe, _emas_usager())
    corps = {"suivi": s.pk, "date": s.date_debut.isoformat(), "type": "appel", "duree_minutes": 15}
    return equipe, {}, {**corps, "intervenants": [equipe.pk]}


def _intervention_modifier():
    equipe = membre(DIJON)
    return equipe, {"pk": intervention(equipe, suivi(equipe, _emas_usager())).pk}, {"duree_minutes": 20}


def _visite_creer():
    return agent("essai", DIJON), {}, {"usager": UsagerFactory(code_commune=DIJON).pk, "date": HIER}


def _anonymiser():
    return UserFactory(administrateur=True), {"pk": UsagerFactory(code_commune=DIJON).pk}, None


def _orientation_creer():
    corps = {
        "usager": UsagerFactory(code_commune=DIJON).pk,
        "vers_dispositif": "acor",
        "motif": "logement_menace",
        "accord_personne": True,
        "accord_modalite": "oral",
    }
    return _agente(), {}, corps


def _demande_asll(decision):
    def scenario():
        from logement.models import DemandeASLL

        travailleur = agent("asll", DIJON)
        usager = UsagerFactory(code_commune=DIJON)
        demande = DemandeASLL.objects.create(
            usager=usager, commune_id=DIJON, date=aujourdhui(), cree_par=_agente()
        )
        if decision == "accepter":
            return travailleur, {"pk": demande.pk}, {"mesure": _mesure_de(usager, travailleur).pk}
        return travailleur, {"pk": demande.pk}, {"motif_refus": "Hors critères du fonds."}

    return scenario


def _mesure_de(usager, travailleur):
    return MesureASLLFactory(usager=usager, referent=travailleur)


# operation → (scenario, action journaled, model of the record it names)
SCENARIOS = {
    "POST api/v1/usagers/": (_usager_creer, Action.CREE, "usagers.usager"),
    "PUT api/v1/usagers/(?P<pk>[^/.]+)/": (
        _usager_ecrire({"adresse": "2 rue Y"}),
        Action.MODIFIE,
        "usagers.usager",
    ),
    "PATCH api/v1/usagers/(?P<pk>[^/.]+)/": (
        _usager_ecrire({"adresse": "1 rue X"}),
        Action.MODIFIE,
        "usagers.usager",
    ),
    "DELETE api/v1/usagers/(?P<pk>[^/.]+)/": (
        _usager_ecrire({}, suppression=True),
        Action.SUPPRIME,
        "usagers.usager",
    ),
    "POST api/v1/accompagnements/": (_accompagnement_creer, Action.CREE, "accompagnements.accompagnement"),
    "PATCH api/v1/accompagnements/(?P<pk>[^/.]+)/": (
        _accompagnement({"date_debut": "2024-01-03"}),
        Action.MODIFIE,
        "accompagnements.accompagnement",
    ),
    "POST api/v1/accompagnements/(?P<pk>[^/.]+)/cloturer/": (
        _accompagnement({"date_fin": timezone.localdate().isoformat(), "motif_cloture": "autonomie"}),
        Action.MODIFIE,
        "accompagnements.accompagnement",
    ),
    "POST api/v1/accompagnements/(?P<pk>[^/.]+)/rouvrir/": (
        _accompagnement({}, cloture=True),
        Action.MODIFIE,
        "accompagnements.accompagnement",
    ),
    "POST api/v1/contacts/": (_contact_creer, Action.CREE, "accompagnements.contact"),
    "PATCH api/v1/contacts/(?P<pk>[^/.]+)/": (_contact_modifier, Action.MODIFIE, "accompagnements.contact"),
    "POST api/v1/demarches/": (_demarche_creer, Action.CREE, "accompagnements.demarche"),
    "PATCH api/v1/demarches/(?P<pk>[^/.]+)/": (
        _demarche_modifier,
        Action.MODIFIE,
        "accompagnements.demarche",
    ),
    "POST api/v1/droits/": (_droit_creer, Action.CREE, "accompagnements.droit"),
    "PATCH api/v1/droits/(?P<pk>[^/.]+)/": (_droit_modifier, Action.MODIFIE, "accompagnements.droit"),
    "POST api/v1/accompagnements/<int:pk>/estimer-droits/": (
        _estimer_droits,
        Action.CREE,
        "estimations.estimation",
    ),
    "POST api/v1/foyers/": (_foyer_creer, Action.CREE, "estimations.foyer"),
    # The detection stays as it was: confirming it changes its right (`identifie` → `demande`).
    "POST api/v1/droits-detectes/(?P<pk>[^/.]+)/confirmer/": (
        _detection_traiter({"date_demande": timezone.localdate().isoformat()}),
        Action.MODIFIE,
        "accompagnements.droit",
    ),
    "POST api/v1/droits-detectes/(?P<pk>[^/.]+)/ecarter/": (
        _detection_traiter({"motif": "Déjà perçu ailleurs"}),
        Action.MODIFIE,
        "estimations.droitdetecte",
    ),
    "POST api/v1/asll/mesures/": (_mesure_creer, Action.CREE, "logement.mesureasll"),
    "PATCH api/v1/asll/mesures/(?P<pk>[^/.]+)/": (
        _sur_une_mesure({"nb_enfants": 2}),
        Action.MODIFIE,
        "logement.mesureasll",
    ),
    "POST api/v1/asll/mesures/(?P<pk>[^/.]+)/cloturer/": (
        _sur_une_mesure({"date_fin": timezone.localdate().isoformat(), "issue": "objectifs_atteints"}),
        Action.MODIFIE,
        "logement.mesureasll",
    ),
    "POST api/v1/asll/mesures/(?P<pk>[^/.]+)/renouveler/": (
        _sur_une_mesure({"duree_mois": 6}),
        Action.MODIFIE,
        "logement.mesureasll",
    ),
    "POST api/v1/asll/mesures/(?P<pk>[^/.]+)/suspendre/": (
        _sur_une_mesure({}),
        Action.MODIFIE,
        "logement.mesureasll",
    ),
    "POST api/v1/asll/mesures/(?P<pk>[^/.]+)/reprendre/": (
        _sur_une_mesure({}, suspendue=True),
        Action.MODIFIE,
        "logement.mesureasll",
    ),
    "PATCH api/v1/asll/points-etape/(?P<pk>[^/.]+)/": (
        _point_etape_modifier,
        Action.MODIFIE,
        "logement.pointetape",
    ),
    "POST api/v1/asll/points-etape/(?P<pk>[^/.]+)/non-tenu/": (
        _point_etape_non_tenu,
        Action.MODIFIE,
        "logement.pointetape",
    ),
    "POST api/v1/asll/rencontres/": (_rencontre_creer, Action.CREE, "logement.rencontreasll"),
    "POST api/v1/acor/situations/": (_situation_creer, Action.CREE, "logement.situationacor"),
    "POST api/v1/orientations/": (_orientation_creer, Action.CREE, "orientations.orientation"),
    "POST api/v1/asll/demandes/(?P<pk>[^/.]+)/accepter/": (
        _demande_asll("accepter"),
        Action.MODIFIE,
        "logement.demandeasll",
    ),
    "POST api/v1/asll/demandes/(?P<pk>[^/.]+)/refuser/": (
        _demande_asll("refuser"),
        Action.MODIFIE,
        "logement.demandeasll",
    ),
    "PATCH api/v1/acor/situations/(?P<pk>[^/.]+)/": (
        _sur_une_situation({"difficultes": ["sociale", "isolement"]}),
        Action.MODIFIE,
        "logement.situationacor",
    ),
    "POST api/v1/acor/situations/(?P<pk>[^/.]+)/cloturer/": (
        _sur_une_situation(
            {"date_sortie": timezone.localdate().isoformat(), "motif_sortie": "objectifs_atteints"},
            en_charge=True,
        ),
        Action.MODIFIE,
        "logement.situationacor",
    ),
    "POST api/v1/acor/situations/(?P<pk>[^/.]+)/prendre-en-charge/": (
        _sur_une_situation({"date_entree": timezone.localdate().isoformat()}),
        Action.MODIFIE,
        "logement.situationacor",
    ),
    "POST api/v1/emas/signalements/": (_signalement_creer, Action.CREE, "emas.signalement"),
    "PATCH api/v1/emas/signalements/(?P<pk>[^/.]+)/": (
        _signalement({"contact": "M. Gardien"}),
        Action.MODIFIE,
        "emas.signalement",
    ),
    "POST api/v1/emas/signalements/(?P<pk>[^/.]+)/accepter/": (
        _signalement({}),
        Action.MODIFIE,
        "emas.signalement",
    ),
    "POST api/v1/emas/signalements/(?P<pk>[^/.]+)/refuser/": (
        _signalement({"motif_refus": "Hors critères"}),
        Action.MODIFIE,
        "emas.signalement",
    ),
    "POST api/v1/emas/signalements/(?P<pk>[^/.]+)/reorienter/": (
        _signalement({"reoriente_vers": "CMP de secteur"}),
        Action.MODIFIE,
        "emas.signalement",
    ),
    "PATCH api/v1/emas/suivis/(?P<pk>[^/.]+)/": (
        _suivi_emas({"maintien_domicile": True}),
        Action.MODIFIE,
        "emas.suiviemas",
    ),
    "POST api/v1/emas/suivis/(?P<pk>[^/.]+)/cloturer/": (
        _suivi_emas({"date_fin": timezone.localdate().isoformat(), "motif_fin": "relais_soins"}),
        Action.MODIFIE,
        "emas.suiviemas",
    ),
    "POST api/v1/emas/interventions/": (_intervention_creer, Action.CREE, "emas.intervention"),
    "PATCH api/v1/emas/interventions/(?P<pk>[^/.]+)/": (
        _intervention_modifier,
        Action.MODIFIE,
        "emas.intervention",
    ),
    "POST api/v1/essai/visites/": (_visite_creer, Action.CREE, "essai.visite"),
    # A request, carried out by the daily run once no file of the person is open.
    "POST api/v1/donnees-personnelles/(?P<pk>\\d+)/anonymiser/": (
        _anonymiser,
        Action.CREE,
        "conservation.demandeanonymisation",
    ),
}
# Operations that write no nominative record (signing in and out, marking one's own reminder read).
SANS_DOSSIER = {
    "POST api/v1/auth/token/",
    "POST api/v1/auth/logout/",
    "POST api/v1/notifications/(?P<pk>[^/.]+)/lue/",
}

ECRITURES = [o for o in operations_de_l_api() if str(o) not in SANS_DOSSIER]


def test_chaque_ecriture_a_son_scenario():
    assert {str(o) for o in ECRITURES} == set(SCENARIOS)


@pytest.mark.parametrize("operation", ECRITURES, ids=str)
def test_chaque_ecriture_de_l_api_laisse_une_entree_de_son_action(client_de, operation):
    scenario, action, modele = SCENARIOS[str(operation)]
    user, parametres, corps = scenario()
    requete = uuid.uuid4().hex

    reponse = getattr(client_de(user), operation.methode)(
        operation.url(**parametres), corps, format="json", HTTP_IF_MATCH="*", HTTP_X_REQUEST_ID=requete
    )

    assert 200 <= reponse.status_code < 300, (reponse.status_code, reponse.content[:400])
    if modele == "accompagnements.droit" and operation.action == "confirmer":
        objet_id = reponse.json()["droit"]
    elif "pk" in parametres and modele == _modele_de_la_route(operation):
        objet_id = parametres["pk"]
    else:
        objet_id = reponse.json().get("id") or reponse.json()["demande"]
    ecritures = EntreeJournal.objects.filter(
        requete=requete,
        objet_type=modele,
        objet_id=objet_id,
        action__in=[Action.CREE, Action.MODIFIE, Action.SUPPRIME],
    )
    assert list(ecritures.values_list("action", "auteur_id", "origine")) == [(action, user.pk, "api")]


def _modele_de_la_route(operation) -> str:
    modele = getattr(operation.vue, "queryset", None)
    serializer = getattr(operation.vue, "serializer_class", None)
    if serializer is not None and hasattr(serializer, "Meta"):
        return serializer.Meta.model._meta.label_lower
    return modele.model._meta.label_lower if modele is not None else ""


# --- reads: every list and detail of the API -----------------------------------------------------
LECTURES = [o for o in operations_de_l_api(methodes=("get",)) if o.action in ("list", "retrieve")]


def _lisible(operation) -> str | None:
    """The nominative model a list or detail shows, from its serializer."""
    serializer = getattr(operation.vue, "serializer_class", None)
    modele = getattr(getattr(serializer, "Meta", None), "model", None)
    return modele if modele is not None and est_nominatif(modele) else None


def _un_dossier(client_de, label: str):
    """A record of `label` and a user who may read it, by the write scenarios: one acting on such a
    record (its set-up alone), else one creating it (through the API)."""
    for route, (scenario, _action, modele) in SCENARIOS.items():
        operation = next(o for o in ECRITURES if str(o) == route)
        if modele == label and "pk" in operation.parametres and _modele_de_la_route(operation) == label:
            user, parametres, _corps = scenario()
            return user, parametres["pk"]
    for route, (scenario, action, modele) in SCENARIOS.items():
        if modele == label and action == Action.CREE:
            user, parametres, corps = scenario()
            operation = next(o for o in ECRITURES if str(o) == route)
            cree = client_de(user).post(operation.url(**parametres), corps, format="json")
            assert cree.status_code in (201, 202), cree.content[:300]
            return user, cree.json().get("id") or cree.json()["demande"]
    raise AssertionError(f"{label} : aucun scénario ne crée ni ne modifie ce dossier")


@pytest.mark.parametrize("operation", [o for o in LECTURES if _lisible(o)], ids=str)
def test_chaque_lecture_nominative_de_l_api_laisse_son_entree(client_de, operation):
    label = _lisible(operation)._meta.label_lower
    user, objet_id = _un_dossier(client_de, label)
    requete = uuid.uuid4().hex

    reponse = client_de(user).get(operation.url(pk=objet_id), HTTP_X_REQUEST_ID=requete)

    assert reponse.status_code == 200, reponse.content[:300]
    attendue = Action.LISTE if operation.action == "list" else Action.LU
    lues = EntreeJournal.objects.filter(requete=requete, objet_type=label, objet_id=objet_id)
    assert list(lues.values_list("action", "auteur_id")) == [(attendue, user.pk)]


# --- the admin: every registered nominative model's pages, and the autocompletion ----------------
MODELES_ADMIN = [m for m in admin.site._registry if est_nominatif(m)]


@pytest.fixture
def navigateur():
    return ClientNavigateur()


def test_l_admin_enregistre_les_modeles_nominatifs_du_pacte():
    labels = {m._meta.label_lower for m in MODELES_ADMIN}
    assert {"usagers.usager", "logement.mesureasll", "essai.visite"} <= labels


def _donnees_du_formulaire(contexte, *, changer: bool = True) -> dict:
    """What a browser posts back from an admin change page (form and inlines), each value as its
    widget renders it; with `changer`, the first free-text field of the form changed."""
    donnees = {}

    def ajouter(formulaire):
        for champ in formulaire:
            if champ.field.disabled:
                continue
            widget = champ.field.widget
            while hasattr(widget, "widget"):  # the admin's wrappers (related-record links)
                widget = widget.widget
            widget = widget.get_context(champ.html_name, champ.value(), {})["widget"]
            for sous in widget.get("subwidgets") or [widget]:
                valeur = sous.get("value")
                if sous.get("type") == "checkbox":
                    if sous.get("attrs", {}).get("checked"):
                        donnees[sous["name"]] = "on"
                elif isinstance(valeur, list):
                    donnees[sous["name"]] = [str(v) for v in valeur]
                elif valeur is not None:
                    donnees[sous["name"]] = str(valeur)

    formulaire = contexte["adminform"].form
    ajouter(formulaire)
    for inline in contexte["inline_admin_formsets"]:
        ajouter(inline.formset.management_form)
        for sous_formulaire in inline.formset.forms:
            ajouter(sous_formulaire)
    if changer:
        for nom, champ in formulaire.fields.items():
            if type(champ) is forms.CharField and not champ.disabled:
                donnees[formulaire.add_prefix(nom)] = (
                    donnees.get(formulaire.add_prefix(nom)) or ""
                ) + " (revu)"
                break
    return donnees


def _delegue():
    from django.contrib.auth.models import Group

    delegue = UserFactory()
    delegue.groups.add(Group.objects.get(name="dpo"))
    return delegue


# Who reads a record in the admin when it is not its author: the early-erasure requests, the dpo.
LECTEURS_DANS_L_ADMIN = {"conservation.demandeanonymisation": _delegue}

# What a save changes beyond the page as shown, where the form has no free text (an unchanged form
# writes nothing): holding a checkpoint is giving its date; a follow-up starts a day later.
A_REMPLIR_DANS_L_ADMIN = {
    "logement.pointetape": {"date_realisee": aujourdhui().strftime("%d/%m/%Y")},
    "accompagnements.accompagnement": {"date_debut": "03/01/2024"},
}


def _entrees(requete, label, objet_id):
    return list(
        EntreeJournal.objects.filter(requete=requete, objet_type=label, objet_id=objet_id).values_list(
            "action", "origine"
        )
    )


@pytest.mark.parametrize("modele", MODELES_ADMIN, ids=lambda m: m._meta.label_lower)
def test_chaque_page_de_l_admin_d_un_dossier_est_journalisee(client_de, navigateur, modele):
    """The change list (`liste`), the change page (`lu`) and saving it (`modifie`, whatever the
    `save_model` of the admin does) of every registered nominative model."""
    label = modele._meta.label_lower
    user, objet_id = _un_dossier(client_de, label)
    user = LECTEURS_DANS_L_ADMIN.get(label, lambda: user)()
    type(user).objects.filter(pk=user.pk).update(is_staff=True)
    navigateur.force_login(user)
    url = f"/admin/{modele._meta.app_label}/{modele._meta.model_name}/"

    liste = navigateur.get(url, HTTP_X_REQUEST_ID="liste")
    page = navigateur.get(f"{url}{objet_id}/change/", HTTP_X_REQUEST_ID="page")

    assert liste.status_code == 200 and page.status_code == 200
    assert _entrees("liste", label, objet_id) == [(Action.LISTE, "admin")]
    assert _entrees("page", label, objet_id) == [(Action.LU, "admin")]
    if page.context["has_change_permission"]:
        donnees = {**_donnees_du_formulaire(page.context), **A_REMPLIR_DANS_L_ADMIN.get(label, {})}
        enregistre = navigateur.post(f"{url}{objet_id}/change/", donnees, HTTP_X_REQUEST_ID="enregistre")
        assert enregistre.status_code == 302, enregistre.context["adminform"].form.errors
        assert _entrees("enregistre", label, objet_id) == [(Action.MODIFIE, "admin")]


def test_supprimer_une_personne_dans_l_admin_est_journalise(navigateur):
    administrateur = administrateur_habilite(DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    navigateur.force_login(administrateur)

    reponse = navigateur.post(
        f"/admin/usagers/usager/{usager.pk}/delete/", {"post": "yes"}, HTTP_X_REQUEST_ID="suppression"
    )

    assert reponse.status_code == 302
    assert _entrees("suppression", "usagers.usager", usager.pk) == [(Action.SUPPRIME, "admin")]


def test_ajouter_une_personne_dans_l_admin_est_journalise(navigateur):
    agente = agent("acces_droits", DIJON, is_staff=True)
    navigateur.force_login(agente)
    corps = {"nom": "Neuve", "prenom": "Anne", "date_naissance": "03/02/1980", "commune": DIJON}

    reponse = navigateur.post("/admin/usagers/usager/add/", corps, HTTP_X_REQUEST_ID="ajout")

    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    cree = EntreeJournal.objects.get(requete="ajout", objet_type="usagers.usager")
    assert (cree.action, cree.origine, cree.auteur_id) == (Action.CREE, "admin", agente.pk)


@pytest.mark.parametrize(
    "modele", [m for m, a in admin.site._registry.items() if "usager" in a.autocomplete_fields]
)
def test_l_autocompletion_de_l_admin_est_une_lecture_journalisee(navigateur, modele):
    """Names, birth dates and communes: every person it proposes is journaled as shown."""
    # The agents of the record's dispositif (a supervisor reads no compartment's records).
    from config import dispositifs as registre

    declaration = registre.declaration_du_modele(modele)
    role = declaration[0].code if declaration else "encadrant"
    agente = agent(role, DIJON, is_staff=True)
    personnes = [UsagerFactory(code_commune=DIJON, nom="Dupré") for _ in range(2)]
    navigateur.force_login(agente)

    reponse = navigateur.get(
        "/admin/autocomplete/",
        {
            "term": "dupr",
            "app_label": modele._meta.app_label,
            "model_name": modele._meta.model_name,
            "field_name": "usager",
        },
        HTTP_X_REQUEST_ID="autocompletion",
    )

    assert reponse.status_code == 200
    assert len(reponse.json()["results"]) == 2
    for personne in personnes:
        assert _entrees("autocompletion", "usagers.usager", personne.pk) == [(Action.LISTE, "admin")]


def test_une_administration_nominative_sans_lecture_journalisee_est_une_erreur():
    from journal.checks import lectures_de_l_admin_journalisees
    from usagers.models import Residence

    assert lectures_de_l_admin_journalisees() == []
    registre = {**admin.site._registry, Residence: admin.ModelAdmin(Residence, admin.site)}

    assert [e.id for e in lectures_de_l_admin_journalisees(registre=registre)] == ["journal.E001"]


# The reads the generic test above does not reach (no nominative serializer to read the model from):
# each is either journaled by its view (tested below) or shows nothing nominative.
LECTURES_PARTICULIERES = {
    "GET api/v1/usagers/<int:pk>/droits/": "journalisée (lu)",
    "GET api/v1/donnees-personnelles/": "journalisée (liste)",
    "GET api/v1/donnees-personnelles/(?P<pk>\\d+)/": "journalisée (exporte)",
}
SANS_DONNEES_NOMINATIVES = {
    "GET api/v1/",
    "GET api/v1/auth/me/",
    "GET api/v1/connexions/",
    "GET api/v1/connexions/(?P<pk>[^/.]+)/",
    "GET api/v1/communes/",
    "GET api/v1/communes/(?P<pk>[0-9][0-9AB][0-9]{3})/",
    "GET api/v1/types-droits/",
    "GET api/v1/types-droits/(?P<code>[a-z0-9_]{1,50})/",
    "GET api/v1/emas/evaluation/",  # anonymised counts
    "GET api/v1/partenaires/",  # the partners' directory: organisations, no person followed
    "GET api/v1/partenaires/(?P<pk>[^/.]+)/",
    "GET api/v1/indicateurs/",
    "GET api/v1/indicateurs/valeurs/",
    "GET api/v1/indicateurs/rapport/",
    "GET api/v1/notifications/",  # one's own reminders
    "GET api/v1/notifications/non-lues/",
    "GET api/v1/journal/",  # the journal itself
    "GET api/v1/journal/(?P<pk>[^/.]+)/",
    "GET api/v1/schema/",
    "GET api/v1/docs/",
}


def test_chaque_lecture_de_l_api_est_couverte():
    toutes = {str(o) for o in operations_de_l_api(methodes=("get",))}
    generiques = {str(o) for o in LECTURES if _lisible(o)}
    assert toutes - generiques == set(LECTURES_PARTICULIERES) | SANS_DONNEES_NOMINATIVES


def test_les_droits_d_une_personne_et_le_droit_d_acces_sont_des_lectures_journalisees(client_de):
    agente = _agente()
    droit = _droit(agente)
    administrateur = UserFactory(administrateur=True)

    client_de(agente).get(f"/api/v1/usagers/{droit.usager_id}/droits/", HTTP_X_REQUEST_ID="droits")
    client_de(administrateur).get(
        "/api/v1/donnees-personnelles/", {"recherche": droit.usager.nom[:4]}, HTTP_X_REQUEST_ID="recherche"
    )
    client_de(administrateur).get(
        f"/api/v1/donnees-personnelles/{droit.usager_id}/", HTTP_X_REQUEST_ID="export"
    )

    assert _entrees("droits", "accompagnements.droit", droit.pk) == [(Action.LU, "api")]
    assert _entrees("recherche", "usagers.usager", droit.usager_id) == [(Action.LISTE, "api")]
    assert _entrees("export", "usagers.usager", droit.usager_id) == [(Action.EXPORTE, "api")]


def test_une_ecriture_de_l_espace_de_travail_est_journalisee_avec_son_origine(navigateur):
    """The workspace's pages write through the services: the model layer journals them, the URL's
    namespace names the origin."""
    agente = agent("acces_droits", DIJON)
    navigateur.force_login(agente)
    donnees = {"nom": "NEUVE", "prenom": "Anne", "date_naissance": "1980-02-03", "commune": DIJON}

    reponse = navigateur.post("/espace/usagers/nouveau/", donnees, HTTP_X_REQUEST_ID="espace")

    assert reponse.status_code == 302
    cree = EntreeJournal.objects.get(requete="espace", objet_type="usagers.usager")
    assert (cree.action, cree.origine, cree.auteur_id) == (Action.CREE, "espace", agente.pk)
