"""The partner pickers of the workspace (a démarche's body, an orientation): the active partners serving
the person's commune, grouped by kind; past 100 of them, a search field with suggestions instead of a
<select> (issue 21: no list of more than 100 options); what is saved points to the directory."""

import re

import pytest

from accompagnements.models import Demarche
from config.periodes import aujourdhui
from emas.models import Signalement
from logement.models import IssueMesure, SituationACOR
from partenaires.forms import OPTIONS_MAX
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.emas.factories import membre, signalement
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suivi_11():
    referent = agent("acces_droits", CHENOVE)
    return AccompagnementFactory(usager=UsagerFactory(code_commune=CHENOVE), referent=referent)


def _formulaire(client, suivi) -> str:
    client.force_login(suivi.referent)
    reponse = client.get(f"/espace/accompagnements/{suivi.pk}/demarche/")
    assert reponse.status_code == 200
    return reponse.content.decode()


def _poster(client, suivi, partenaire: str):
    return client.post(
        f"/espace/accompagnements/{suivi.pk}/demarche/",
        {
            "type": "caf",
            "date": "2026-03-02",
            "statut": "a_faire",
            "partenaire": partenaire,
            "en_ligne": "on",
        },
    )


def test_la_liste_groupe_par_type_les_partenaires_de_la_commune_seulement(client, suivi_11):
    page = _formulaire(client, suivi_11)

    liste = re.search(r'<select name="partenaire".*?</select>', page, flags=re.S).group(0)
    assert '<optgroup label="CCAS">' in liste
    assert "CCAS de Chenôve" in liste and "CCAS de Talant" not in liste  # another commune's CCAS
    assert "Caisse d&#x27;allocations familiales de la Côte-d&#x27;Or (CAF)" in liste  # the whole métropole's
    assert Partenaire.objects.filter(nom="CCAS de Talant").exists()


def test_la_demarche_enregistree_pointe_vers_l_annuaire(client, suivi_11):
    ccas = Partenaire.objects.get(nom="CCAS de Chenôve")
    _formulaire(client, suivi_11)

    reponse = _poster(client, suivi_11, str(ccas.pk))

    assert reponse.status_code == 302
    assert Demarche.objects.get(accompagnement=suivi_11).partenaire == ccas


def test_un_partenaire_desactive_n_est_ni_propose_ni_accepte(client, suivi_11):
    ccas = Partenaire.objects.get(nom="CCAS de Chenôve")
    Partenaire.objects.filter(pk=ccas.pk).update(actif=False)

    assert "CCAS de Chenôve" not in _formulaire(client, suivi_11)
    reponse = _poster(client, suivi_11, str(ccas.pk))

    assert reponse.status_code == 200 and not Demarche.objects.exists()
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_au_dela_de_cent_partenaires_une_recherche_remplace_la_liste(client, suivi_11):
    Partenaire.objects.bulk_create(
        Partenaire(
            nom=f"Association d'entraide {i:03d}", type=TypePartenaire.ASSOCIATION, toute_la_metropole=True
        )
        for i in range(OPTIONS_MAX + 1)
    )
    page = _formulaire(client, suivi_11)

    assert '<select name="partenaire"' not in page
    assert 'list="partenaires-de-la-commune"' in page and "Association d&#x27;entraide 100" in page
    for select in re.findall(r"<select.*?</select>", page, flags=re.S):
        assert select.count("<option") <= OPTIONS_MAX
    reponse = _poster(client, suivi_11, "Association d'entraide 042")
    assert reponse.status_code == 302
    assert Demarche.objects.get().partenaire.nom == "Association d'entraide 042"
    inconnu = _poster(client, suivi_11, "Nulle part")
    assert "n&#x27;est pas dans l&#x27;annuaire pour la commune de la personne" in inconnu.content.decode()


def test_aucune_commune_ne_depasse_cent_partenaires_dans_l_annuaire_livre():
    for commune in (DIJON, CHENOVE):
        assert Partenaire.objects.actifs().servant(commune).count() <= OPTIONS_MAX


# --- the EMAS team names the partner at the origin of a referral, or the one it reorients to --------


def test_l_equipe_emas_designe_les_partenaires_du_signalement_dans_l_annuaire(client):
    equipe = membre(DIJON)
    personne = UsagerFactory(code_commune=DIJON)
    client.force_login(equipe)
    bailleur = Partenaire.objects.get(nom="Orvitis")
    cmp_ = Partenaire.objects.filter(type=TypePartenaire.SANTE).servant(DIJON).order_by("nom").first()

    formulaire = client.get(f"/espace/usagers/{personne.pk}/emas/signaler/").content.decode()
    assert '<select name="origine_partenaire"' in formulaire and "Orvitis" in formulaire
    reponse = client.post(
        f"/espace/usagers/{personne.pk}/emas/signaler/",
        {
            "date": "2026-03-02",
            "origine": "orvitis",
            "origine_partenaire": bailleur.pk,
            "motifs": ["isolement"],
            "majeur": "oui",
            "logement_autonome": "oui",
            "non_suivi_psychiatrie": "oui",
            "incapacite_demande_soins": "oui",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    assert Signalement.objects.get(usager=personne).origine_partenaire == bailleur

    autre = signalement(equipe)
    reponse = client.post(
        f"/espace/emas/signalements/{autre.pk}/reorienter/",
        {"date_decision": autre.date.isoformat(), "reoriente_vers_partenaire": cmp_.pk},
    )
    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    autre.refresh_from_db()
    assert (autre.reoriente_vers_partenaire, autre.reoriente_vers) == (cmp_, cmp_.nom)
    vide = client.post(
        f"/espace/emas/signalements/{signalement(equipe).pk}/reorienter/",
        {"date_decision": autre.date.isoformat()},
    )
    assert vide.status_code == 200 and "vers qui la situation est réorientée" in vide.content.decode()


# --- ASLL and ACOR: the partner a measure closes towards, the partner who referred to ACOR ----------


def test_la_mesure_asll_se_cloture_vers_un_partenaire_de_l_annuaire(client):
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    client.force_login(mesure.referent)
    ccas = Partenaire.objects.get(nom="CCAS de Dijon")
    url = f"/espace/asll/mesures/{mesure.pk}/cloturer/"
    assert "CCAS de Dijon" in client.get(url).content.decode()

    reponse = client.post(
        url,
        {
            "date_fin": aujourdhui().isoformat(),
            "issue": IssueMesure.ORIENTATION,
            "orientation": "autre",
            "orientation_partenaire": ccas.pk,
        },
    )

    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    mesure.refresh_from_db()
    assert (mesure.issue, mesure.orientation_partenaire) == (IssueMesure.ORIENTATION, ccas)


def test_l_orientation_vers_acor_nomme_son_prescripteur_dans_l_annuaire(client):
    personne = UsagerFactory(code_commune=DIJON)
    referent = agent("acor", DIJON)
    client.force_login(referent)
    bailleur = Partenaire.objects.get(nom="Orvitis")

    reponse = client.post(
        f"/espace/usagers/{personne.pk}/acor/orienter/",
        {
            "date_orientation": aujourdhui().isoformat(),
            "difficultes": ["sociale"],
            "prescripteur": "bailleur",
            "prescripteur_partenaire": bailleur.pk,
        },
    )

    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    assert SituationACOR.objects.get(usager=personne).prescripteur_partenaire == bailleur
