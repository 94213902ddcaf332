"""The compartment: no role outside the EMAS team — 1.1 agent, ASLL worker, supervisor, administrator —
can tell, by any path, that a person is followed by EMAS (issue 8).

Each path of the issue is one test, run as each of the four roles. The strongest form is used where
it applies: what the role sees before any EMAS activity is *identical* to what it sees after."""

import datetime
import json
import re

import pytest
from django.contrib.admin.models import LogEntry

from comptes.roles import Role
from emas.validators import EMAS
from tests.comptes.factories import ClientNavigateur, administrateur_habilite, agent
from tests.emas.factories import intervention, membre, signalement, suivi
from tests.logement.factories import MesureASLLFactory
from tests.outils import sans_jeton_csrf
from tests.usagers.factories import DIJON
from usagers.models import Usager
from usagers.services import usager_creer

pytestmark = pytest.mark.django_db

ROLES = ["agent_1_1", "asll", "encadrant", "administrateur"]
SECRET_NOTES = "NOTE-SANTE-7f3a"
SECRET_CONTACT = "CONTACT-BAILLEUR-91c2"
IDENTITE_CACHEE = {"nom": "CONFIDENTIEL", "prenom": "Claire", "date_naissance": datetime.date(1972, 4, 9)}
# What would betray the compartment in a body of the API (the word « EMAS » may appear there as a
# label, e.g. an ASLL measure closed with an orientation towards EMAS) ...
INDICES_API = ("/emas/", "signalement", "Signalement", SECRET_NOTES, SECRET_CONTACT)
# ... and in a page of the admin.
INDICES = (*INDICES_API, "EMAS", "équipe mobile")


@pytest.fixture
def monde():
    agent_1_1 = agent("acces_droits", DIJON)
    roles = {
        "agent_1_1": agent_1_1,
        "asll": agent("asll", DIJON),
        "encadrant": agent(Role.ENCADRANT, DIJON),
        # administrators read files through grants like anyone (issue 12); never EMAS
        "administrateur": administrateur_habilite(DIJON),
    }
    naissance = datetime.date(1965, 6, 1)
    return {
        **roles,
        "equipe": membre(DIJON, username="infirmiere_emas"),
        # two persons of the shared register, recorded by a 1.1 agent
        "suivie": _au_registre(agent_1_1, "SUIVIE", naissance),
        "temoin": _au_registre(agent_1_1, "TEMOIN", naissance),
    }


def _au_registre(par, nom, naissance) -> Usager:
    """A person recorded by a 1.1 agent (the shared register)."""
    return usager_creer(par=par, nom=nom, prenom="Sophie", date_naissance=naissance, commune=_dijon())


def _dijon():
    from communes.models import Commune

    return Commune.objects.get(pk=DIJON)


def activite_emas(monde) -> Usager:
    """The team follows `suivie` (referral, acceptance, interventions) and records a person known only
    to it (created by the team: she stays in its compartment). Returns that person."""
    equipe = monde["equipe"]
    s = suivi(equipe, monde["suivie"], contact=SECRET_CONTACT)
    intervention(equipe, s, notes=SECRET_NOTES)
    cachee = usager_creer(par=equipe, commune=_dijon(), **IDENTITE_CACHEE)
    assert cachee.compartiment == EMAS
    intervention(equipe, suivi(equipe, cachee), notes=SECRET_NOTES)
    return cachee


def _sans_indice(texte: str, indices=INDICES) -> None:
    texte = sans_jeton_csrf(texte)
    for indice in indices:
        assert indice not in texte, indice


# --- API of the register: list, detail, search, filters, counts ----------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_du_registre_identique_avant_et_apres_l_activite_emas(monde, client_de, role):
    client = client_de(monde[role])
    requetes = [
        ("/api/v1/usagers/", {}),
        ("/api/v1/usagers/", {"search": "SUIVIE"}),
        ("/api/v1/usagers/", {"search": IDENTITE_CACHEE["nom"]}),
        ("/api/v1/usagers/", {"commune": DIJON}),
        ("/api/v1/usagers/", {"page_size": 1}),
        (f"/api/v1/usagers/{monde['suivie'].pk}/", {}),
        (f"/api/v1/usagers/{monde['temoin'].pk}/", {}),
    ]
    avant = [client.get(url, params).json() for url, params in requetes]

    cachee = activite_emas(monde)

    apres = [client.get(url, params).json() for url, params in requetes]
    assert apres == avant
    assert avant[0]["count"] == 2
    _sans_indice(json.dumps(apres, ensure_ascii=False), INDICES_API)
    # the person known only to the team does not exist for this role: same 404 as an unknown id
    inconnu = client.get("/api/v1/usagers/987654321/")
    cache = client.get(f"/api/v1/usagers/{cachee.pk}/")
    assert (cache.status_code, cache.json()) == (inconnu.status_code, inconnu.json()) == (404, inconnu.json())
    assert client.get("/api/v1/usagers/", {"emas": "true"}).json() == avant[0]  # no such filter


@pytest.mark.parametrize("role", ROLES)
def test_creer_la_meme_personne_cree_une_seconde_fiche_sans_409(monde, client_de, role):
    cachee = activite_emas(monde)

    reponse = client_de(monde[role]).post(
        "/api/v1/usagers/",
        {**IDENTITE_CACHEE, "date_naissance": str(IDENTITE_CACHEE["date_naissance"]), "commune": DIJON},
        format="json",
    )

    if role == "encadrant":  # supervisors read, agents record (docs/ARCHITECTURE.md)
        assert reponse.status_code == 403
        return
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["id"] != cachee.pk
    assert Usager.objects.filter(nom=IDENTITE_CACHEE["nom"]).count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_l_identite_se_modifie_selon_la_regle_du_registre(monde, client_de, role):
    cachee = activite_emas(monde)
    url = "/api/v1/usagers/{}/"
    # supervisors read, agents record (docs/ARCHITECTURE.md): the same 403 for every person
    attendu, attendu_cachee = (403, 403) if role == "encadrant" else (200, 404)

    assert (
        client_de(monde[role])
        .patch(url.format(monde["suivie"].pk), {"adresse": "2 rue Neuve"}, format="json")
        .status_code
        == attendu
    )
    assert (
        client_de(monde[role]).patch(url.format(cachee.pk), {"nom": "X"}, format="json").status_code
        == attendu_cachee
    )
    # the team keeps its own persons; the register's persons are edited by the register's agents,
    # so no team member's name appears as author or in the history of a register person
    equipe = client_de(monde["equipe"])
    assert equipe.patch(url.format(cachee.pk), {"adresse": "3 rue Neuve"}, format="json").status_code == 200
    assert (
        equipe.patch(url.format(monde["suivie"].pk), {"adresse": "4 rue Neuve"}, format="json").status_code
        == 403
    )
    monde["suivie"].refresh_from_db()
    assert monde["suivie"].modifie_par != monde["equipe"]


# --- EMAS endpoints are closed --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_les_ressources_emas_n_existent_pas_pour_les_autres_roles(monde, client_de, role):
    activite_emas(monde)
    client = client_de(monde[role])
    s = monde["suivie"].signalements_emas.get()
    inconnu = client.get("/api/v1/emas/signalements/987654321/")

    for ressource in ("signalements", "suivis", "interventions"):
        assert client.get(f"/api/v1/emas/{ressource}/").json()["count"] == 0
    for url in (
        f"/api/v1/emas/signalements/{s.pk}/",
        f"/api/v1/emas/suivis/{s.suivi.pk}/",
        f"/api/v1/emas/interventions/{s.suivi.interventions.get().pk}/",
    ):
        reponse = client.get(url)
        assert (reponse.status_code, reponse.json()) == (404, inconnu.json())
    refus = client.post(f"/api/v1/emas/signalements/{s.pk}/refuser/", {"motif_refus": "x"}, format="json")
    assert (refus.status_code, refus.json()) == (404, inconnu.json())
    payload = {"date": "2024-01-01", "origine": "ars", "motifs": ["isolement"]}
    connu = client.post(
        "/api/v1/emas/signalements/", {**payload, "usager": monde["suivie"].pk}, format="json"
    )
    absent = client.post("/api/v1/emas/signalements/", {**payload, "usager": 987654321}, format="json")
    assert (connu.status_code, connu.json()) == (absent.status_code, absent.json())
    assert connu.json()["usager"] == ["Usager introuvable."]
    chiffres = client.get("/api/v1/emas/evaluation/", {"du": "2000-01-01", "au": "2100-01-01"}).json()
    assert chiffres["signalements"]["total"] == chiffres["interventions"]["total"] == 0
    assert chiffres["suivis"]["personnes_suivies"] == 0


# --- 409 ------------------------------------------------------------------------------------------


def test_le_409_de_suppression_est_le_meme_avec_ou_sans_dossier_emas(monde, client_de):
    administrateur = client_de(monde["administrateur"])
    cachee = activite_emas(monde)
    MesureASLLFactory(usager=monde["suivie"])  # EMAS + ASLL
    MesureASLLFactory(usager=monde["temoin"])  # ASLL only

    avec_emas = administrateur.delete(f"/api/v1/usagers/{monde['suivie'].pk}/")
    sans_emas = administrateur.delete(f"/api/v1/usagers/{monde['temoin'].pk}/")

    assert (avec_emas.status_code, avec_emas.json()) == (sans_emas.status_code, sans_emas.json())
    assert avec_emas.status_code == 409
    _sans_indice(json.dumps(avec_emas.json(), ensure_ascii=False), INDICES_API)
    assert cachee.pk  # untouched


def test_supprimer_une_personne_qui_n_a_de_dossier_qu_a_emas_repond_comme_une_personne_sans_dossier(
    monde, client_de
):
    administrateur = client_de(monde["administrateur"])
    activite_emas(monde)  # `suivie` has an EMAS follow-up and nothing else; `temoin` has nothing

    avec_emas = administrateur.delete(f"/api/v1/usagers/{monde['suivie'].pk}/")
    sans_rien = administrateur.delete(f"/api/v1/usagers/{monde['temoin'].pk}/")

    assert (
        (avec_emas.status_code, avec_emas.content) == (sans_rien.status_code, sans_rien.content) == (204, b"")
    )
    for role in ROLES:
        assert client_de(monde[role]).get(f"/api/v1/usagers/{monde['suivie'].pk}/").status_code == 404
    # the team keeps the person and her health record, inside its compartment
    equipe = client_de(monde["equipe"])
    assert equipe.get(f"/api/v1/usagers/{monde['suivie'].pk}/").status_code == 200
    assert equipe.get("/api/v1/emas/suivis/", {"usager": monde["suivie"].pk}).json()["count"] == 1
    assert not Usager.objects.filter(pk=monde["temoin"].pk).exists()


@pytest.mark.parametrize("role", ["agent_1_1", "asll", "encadrant"])
def test_seul_un_administrateur_supprime_une_personne(monde, client_de, role):
    activite_emas(monde)
    client = client_de(monde[role])

    avec_emas = client.delete(f"/api/v1/usagers/{monde['suivie'].pk}/")
    sans_emas = client.delete(f"/api/v1/usagers/{monde['temoin'].pk}/")

    assert (avec_emas.status_code, avec_emas.json()) == (sans_emas.status_code, sans_emas.json())
    assert avec_emas.status_code == 403
    assert Usager.objects.filter(pk__in=[monde["suivie"].pk, monde["temoin"].pk]).count() == 2


# --- OpenAPI and every other response --------------------------------------------------------------

COMPOSANTS_EMAS = re.compile(r"Signalement|SuiviEMAS|Intervention|Evaluation|Acceptation|Refus|Reorientation")


def _references(noeud, schemas, vues=None) -> set[str]:
    vues = set() if vues is None else vues
    if isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            if cle == "$ref":
                nom = valeur.rsplit("/", 1)[-1]
                if nom not in vues:
                    vues.add(nom)
                    _references(schemas.get(nom, {}), schemas, vues)
            else:
                _references(valeur, schemas, vues)
    elif isinstance(noeud, list):
        for valeur in noeud:
            _references(valeur, schemas, vues)
    return vues


@pytest.mark.parametrize("role", ROLES)
def test_hors_de_emas_aucune_reponse_ne_porte_de_donnee_emas(monde, client_de, role):
    cachee = activite_emas(monde)
    client = client_de(monde[role])
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    schemas = schema["components"]["schemas"]
    hors_emas = {
        chemin: ops for chemin, ops in schema["paths"].items() if not chemin.startswith("/api/v1/emas/")
    }

    for chemin, operations in hors_emas.items():
        references = _references(operations, schemas)
        assert not [nom for nom in references if COMPOSANTS_EMAS.search(nom)], chemin

    listes = [
        c
        for c, ops in hors_emas.items()
        if "get" in ops
        and "{" not in c
        and not c.endswith(("/schema/", "/docs/"))
        # The catalogue of the pacte's indicators names the EMAS counts (anonymised, k = 11), not
        # a person: what it says is the same whoever is followed (tests/indicateurs/test_emas.py).
        and c != "/api/v1/indicateurs/"
    ]
    assert "/api/v1/usagers/" in listes
    for chemin in listes:
        reponse = client.get(chemin, {"du": "2000-01-01", "au": "2100-12-31", "page_size": 200})
        texte = reponse.content.decode()
        _sans_indice(texte, INDICES_API)
        assert IDENTITE_CACHEE["nom"] not in texte, chemin
        assert f'"id":{cachee.pk},' not in texte.replace(" ", "") or chemin != "/api/v1/usagers/"


# --- the admin -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_aucune_section_emas(monde, client, role):
    activite_emas(monde)
    client.force_login(monde[role])

    index = client.get("/admin/")
    assert index.status_code == 200
    _sans_indice(index.content.decode())
    for modele in ("signalement", "suiviemas", "intervention"):
        assert client.get(f"/admin/emas/{modele}/").status_code == 403
    assert client.get("/admin/emas/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_usager_liens_et_historique(monde, client, role):
    cachee = activite_emas(monde)
    client.force_login(monde[role])
    suivie = monde["suivie"].pk

    liste = client.get("/admin/usagers/usager/").content.decode()
    assert "SUIVIE" in liste and "TEMOIN" in liste and IDENTITE_CACHEE["nom"] not in liste
    recherche = client.get("/admin/usagers/usager/", {"q": IDENTITE_CACHEE["nom"]})
    assert recherche.context["cl"].result_count == 0
    fiche = client.get(f"/admin/usagers/usager/{suivie}/change/")
    assert fiche.status_code == 200
    _sans_indice(fiche.content.decode())
    assert "infirmiere_emas" not in sans_jeton_csrf(fiche.content.decode())
    historique = client.get(f"/admin/usagers/usager/{suivie}/history/").content.decode()
    _sans_indice(historique)
    assert "infirmiere_emas" not in historique
    # the person known only to the team: the same answer as an id that does not exist
    cache = client.get(f"/admin/usagers/usager/{cachee.pk}/change/", follow=True)
    inconnu = client.get("/admin/usagers/usager/987654321/change/", follow=True)
    assert cache.redirect_chain[-1][0] == inconnu.redirect_chain[-1][0] == "/admin/"
    assert (
        client.get(f"/admin/usagers/usager/{cachee.pk}/history/", follow=True).redirect_chain[-1][0]
        == "/admin/"
    )


@pytest.mark.parametrize("role", ROLES)
def test_admin_page_de_confirmation_de_suppression(monde, client, role):
    activite_emas(monde)
    MesureASLLFactory(usager=monde["suivie"])
    client.force_login(monde[role])

    page = client.get(f"/admin/usagers/usager/{monde['suivie'].pk}/delete/")
    temoin = client.get(f"/admin/usagers/usager/{monde['temoin'].pk}/delete/")

    if role != "administrateur":
        assert page.status_code == temoin.status_code == 403
        return
    assert page.status_code == 200
    texte = page.content.decode()
    _sans_indice(texte)
    assert "mesure ASLL" in texte  # the protected records the administrator may know of are listed
    assert "Suivis EMAS" not in texte and "Interventions EMAS" not in texte


def test_admin_confirmation_pour_une_personne_qui_n_a_de_dossier_qu_a_emas(monde, client):
    activite_emas(monde)
    client.force_login(monde["administrateur"])

    page = client.get(f"/admin/usagers/usager/{monde['suivie'].pk}/delete/").content.decode()
    temoin = client.get(f"/admin/usagers/usager/{monde['temoin'].pk}/delete/").content.decode()

    def sans_identite(texte, usager):
        texte = sans_jeton_csrf(texte)
        return texte.replace(str(usager), "X").replace(f"/{usager.pk}/", "/N/")

    assert sans_identite(page, monde["suivie"]) == sans_identite(temoin, monde["temoin"])
    reponse = client.post(f"/admin/usagers/usager/{monde['suivie'].pk}/delete/", {"post": "yes"})
    assert reponse.status_code == 302
    assert not Usager.objects.visibles_par(monde["administrateur"]).filter(pk=monde["suivie"].pk).exists()
    assert Usager.objects.filter(pk=monde["suivie"].pk, compartiment=EMAS).exists()


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_recentes_sans_trace_emas(monde, client, role):
    activite_emas(monde)
    equipe = ClientNavigateur()  # the team works on its own workstation
    equipe.force_login(monde["equipe"])
    s = signalement(monde["equipe"], monde["temoin"])
    equipe.post(
        f"/admin/emas/signalement/{s.pk}/change/",
        {
            "origine": "ars",
            "contact": "",
            "motifs": ["isolement"],
            "description": "",
            "majeur": "true",
            "logement_autonome": "true",
            "non_suivi_psychiatrie": "true",
            "incapacite_demande_soins": "true",
            "acte": "",
            "motif_refus": "",
            "reoriente_vers": "",
            "date_decision": "",
        },
    )
    assert not LogEntry.objects.filter(content_type__app_label="emas").exists()

    client.force_login(monde[role])
    index = client.get("/admin/").content.decode()
    _sans_indice(index)
    assert not LogEntry.objects.filter(user=monde[role], content_type__app_label="emas").exists()


def test_un_administrateur_fusionne_les_deux_fiches_sans_rien_montrer_a_l_agent(monde, client_de):
    from django.core.management import call_command

    cachee = activite_emas(monde)
    agent_1_1 = client_de(monde["agent_1_1"])
    seconde = agent_1_1.post(
        "/api/v1/usagers/",
        {**IDENTITE_CACHEE, "date_naissance": str(IDENTITE_CACHEE["date_naissance"]), "commune": DIJON},
        format="json",
    ).json()
    avant = agent_1_1.get("/api/v1/usagers/").json()

    call_command("fusionner_usagers", seconde["id"], cachee.pk, par=monde["administrateur"].username)

    assert agent_1_1.get("/api/v1/usagers/").json() == avant
    assert not Usager.objects.filter(pk=cachee.pk).exists()
    equipe = client_de(monde["equipe"])
    assert equipe.get("/api/v1/emas/suivis/", {"usager": seconde["id"]}).json()["count"] == 1
    with pytest.raises(Exception, match="administrateur"):
        call_command("fusionner_usagers", seconde["id"], monde["temoin"].pk, par=monde["agent_1_1"].username)


def test_une_personne_creee_par_l_equipe_dans_l_admin_reste_dans_le_compartiment(monde, client):
    client.force_login(monde["equipe"])

    reponse = client.post(
        "/admin/usagers/usager/add/",
        {"nom": "DISCRET", "prenom": "Denis", "date_naissance": "1960-01-01", "commune": DIJON},
    )

    assert reponse.status_code == 302
    personne = Usager.objects.get(nom="DISCRET")
    assert personne.compartiment == EMAS
    assert not LogEntry.objects.filter(object_id=str(personne.pk), content_type__app_label="usagers").exists()
    for role in ROLES:
        assert not Usager.objects.visibles_par(monde[role]).filter(pk=personne.pk).exists()


# --- orientations (issue 23): the orienting agent learns « reçue », nothing more --------------------


def _orienter_vers_emas(monde, client_de) -> dict:
    reponse = client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/",
        {
            "usager": monde["suivie"].pk,
            "vers_dispositif": EMAS,
            "motif": "souffrance_psychique",
            "note": "Voisins inquiets.",
            "accord_personne": True,
            "accord_modalite": "oral",
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    return reponse.json()


def _l_equipe_decide_et_suit(monde) -> None:
    """The team examines the referral the orientation created, accepts it, follows the person."""
    from emas.models import Signalement
    from emas.services import signalement_accepter, signalement_modifier
    from tests.emas.factories import OUI

    equipe = monde["equipe"]
    recu = Signalement.objects.get(usager=monde["suivie"])
    recu = signalement_modifier(signalement=recu, par=equipe, contact=SECRET_CONTACT, **OUI)
    recu = signalement_accepter(signalement=recu, par=equipe)
    intervention(equipe, recu.suivi, notes=SECRET_NOTES)


@pytest.mark.parametrize("role", ROLES)
def test_une_orientation_vers_emas_ne_dit_que_recue_par_tous_les_chemins(monde, client_de, client, role):
    from usagers.dossier import dossier_de

    orientation = _orienter_vers_emas(monde, client_de)
    api = client_de(monde[role])
    suivie = monde["suivie"].pk
    requetes = [
        ("/api/v1/orientations/", {}),
        ("/api/v1/orientations/", {"usager": suivie}),
        ("/api/v1/orientations/", {"statut": "recue"}),
        ("/api/v1/orientations/", {"statut": "prise_en_charge"}),
        ("/api/v1/orientations/", {"statut": "non_retenue"}),
        (f"/api/v1/orientations/{orientation['id']}/", {}),
        (f"/api/v1/usagers/{suivie}/", {}),
        ("/api/v1/notifications/", {}),
    ]
    client.force_login(monde[role])
    pages = [
        f"/admin/orientations/orientation/{orientation['id']}/change/",
        f"/admin/usagers/usager/{suivie}/change/",
    ]

    def lire():
        reponses = [api.get(url, params) for url, params in requetes]
        admin = [client.get(page) for page in pages]
        return (
            [(r.status_code, r.json()) for r in reponses],
            [(p.status_code, sans_jeton_csrf(p.content.decode())) for p in admin],
            [(s.titre, s.lignes) for s in dossier_de(monde[role], monde["suivie"])],
        )

    avant = lire()
    _l_equipe_decide_et_suit(monde)
    apres = lire()

    assert apres == avant  # no decision, no follow-up, no date: nothing changed for this role
    texte = json.dumps(apres[0], ensure_ascii=False) + "".join(page for _, page in apres[1])
    for indice in (SECRET_NOTES, SECRET_CONTACT, "infirmiere_emas", "accept", "Accept", "suivi"):
        assert indice not in texte, indice
    detail = apres[0][5]
    if role == "agent_1_1":  # its author: « reçue », nothing more
        assert detail[0] == 200 and detail[1]["statut"] == "recue"
        assert apres[0][3][1]["count"] == 0  # never « prise en charge »
        parcours = next(lignes for titre, lignes in apres[2] if titre.startswith("Parcours"))
        assert [cellules[-1] for _, cellules in parcours] == ["Reçue"]
    else:  # anybody else: the orientation does not exist
        assert detail[0] == 404
        assert all(corps["count"] == 0 for code, corps in apres[0][:5])
        _sans_indice(json.dumps(apres[0], ensure_ascii=False), INDICES_API)
        for titre, lignes in apres[2]:
            assert not any("EMAS" in " ".join(c) for _, c in lignes), titre


@pytest.mark.parametrize("role", ["encadrant", "administrateur"])
def test_les_comptes_des_orientations_ne_disent_rien_de_la_decision_de_l_equipe(monde, client_de, role):
    _orienter_vers_emas(monde, client_de)
    lecteur = client_de(monde[role])
    annee = datetime.date.today().year  # the orientation's year, whole (periods are on the calendar lattice)
    params = {
        "indicateur": "1.4.orientations",
        "du": f"{annee}-01-01",
        "au": f"{annee}-12-31",
        "par": "statut",
    }
    avant = lecteur.get("/api/v1/indicateurs/valeurs/", params)
    assert avant.status_code == 200, avant.json()

    _l_equipe_decide_et_suit(monde)

    apres = lecteur.get("/api/v1/indicateurs/valeurs/", params).json()
    assert {**apres, "extrait_le": None} == {**avant.json(), "extrait_le": None}
    assert apres["total"] == avant.json()["total"]


def test_l_export_du_droit_d_acces_tait_l_orientation_vers_emas(monde, client_de):
    _orienter_vers_emas(monde, client_de)
    vers_acor = client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/",
        {
            "usager": monde["suivie"].pk,
            "vers_dispositif": "acor",
            "motif": "exclusion",
            "accord_personne": True,
            "accord_modalite": "ecrit",
        },
        format="json",
    )
    assert vers_acor.status_code == 201

    export = client_de(monde["administrateur"]).get(f"/api/v1/donnees-personnelles/{monde['suivie'].pk}/")

    assert export.status_code == 200
    orientations = [
        o for lignes in export.json()["dossiers"].values() for o in lignes if "vers_dispositif" in o
    ]
    assert [o["vers_dispositif"] for o in orientations] == ["acor"]
    assert "Voisins inquiets" not in export.content.decode()
