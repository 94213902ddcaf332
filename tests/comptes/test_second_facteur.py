"""Strong authentication for administrators and the EMAS team (docs/SECURITY.md): the second factor
on the local path (TOTP, recovery codes, enrolment at first sign-in, reset by an administrator), on
the token endpoint (`otp`), and what a session without it reaches: nothing of theirs."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from communes.habilitations import habilitation_accorder_groupe
from communes.models import Commune
from comptes import jetons
from comptes.models import Evenement, EvenementDeConnexion, Moyen, User
from comptes.perms import exige_second_facteur
from comptes.roles import Role
from comptes.second_facteur import totp_de, totp_enroler
from comptes.services import agent_enregistrer
from emas.validators import EMAS
from tests.comptes.factories import SECRET_TOTP, ClientNavigateur, UserFactory, agent
from tests.comptes.fournisseur import texte
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db
MOT_DE_PASSE = "motdepasse-test"


def code(user, decalage: int = 0) -> str:
    """The code the agent's application shows now (or `decalage` seconds later)."""
    appareil = totp_de(user)
    totp = TOTP(appareil.bin_key, appareil.step, appareil.t0, appareil.digits, appareil.drift)
    totp.time = time.time() + decalage
    return f"{totp.token():0{appareil.digits}d}"


def administrateur(**kwargs) -> User:
    user = UserFactory(administrateur=True, **kwargs)
    totp_enroler(user=user, secret=SECRET_TOTP)
    return user


def membre_emas(**kwargs) -> User:
    user = agent("emas", DIJON, **kwargs)
    totp_enroler(user=user, secret=SECRET_TOTP)
    return user


def par_mot_de_passe(client: Client, user: User, suivant: str = ""):
    return client.post("/connexion/", {"username": user.username, "password": MOT_DE_PASSE, "next": suivant})


@pytest.fixture
def sans_ralentissement(settings):
    """django-otp slows a device down after a wrong code (tested below): off for the other tests."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_qui_doit_presenter_un_second_facteur():
    emas_par_groupe = agent("asll", DIJON)
    equipe, _ = Group.objects.get_or_create(name="equipe-mobile")
    equipe.user_set.add(emas_par_groupe)
    habilitation_accorder_groupe(group=equipe, dispositif=EMAS, communes=[Commune.objects.get(pk=DIJON)])
    inactif = UserFactory(administrateur=True, is_active=False)

    assert exige_second_facteur(UserFactory(administrateur=True))
    assert exige_second_facteur(agent("emas", DIJON))
    assert exige_second_facteur(User.objects.get(pk=emas_par_groupe.pk))
    assert not exige_second_facteur(inactif)
    for role in ("acces_droits", "asll", "acor", Role.ENCADRANT, Role.DPO):
        assert not exige_second_facteur(agent(role, DIJON)), role


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/comptes/user/", "/admin/tableau-de-bord/", "/api/v1/auth/me/", "/api/v1/connexions/"],
)
def test_un_administrateur_qui_saute_le_second_facteur_n_atteint_rien(url):
    user = administrateur()
    client = Client()
    assert par_mot_de_passe(client, user)["Location"] == "/connexion/second-facteur/"

    reponse = client.get(url)

    assert reponse.status_code == 403
    message = reponse.json()["detail"] if url.startswith("/api/") else texte(reponse)
    assert "terminez votre connexion avec votre second facteur" in message
    assert "/connexion/second-facteur/" in message


def test_un_membre_emas_sans_second_facteur_ne_lit_pas_les_donnees_de_sante(client):
    user = membre_emas()
    client.force_login(user, second_facteur=False)

    for url in ("/api/v1/emas/signalements/", "/api/v1/emas/suivis/", "/admin/emas/signalement/", "/admin/"):
        assert client.get(url).status_code == 403, url
    client.force_login(user)  # with it
    assert client.get("/api/v1/emas/signalements/").status_code == 200


def test_les_autres_comptes_n_ont_pas_de_second_facteur_a_presenter():
    user = agent("asll", DIJON, is_staff=True)
    client = Client()

    assert par_mot_de_passe(client, user)["Location"] == "/espace/"
    assert client.get("/admin/").status_code == 200


def test_code_faux_puis_juste_et_cle_de_session_renouvelee(sans_ralentissement):
    user = administrateur()
    client = Client()
    client.get("/connexion/")
    anonyme = client.cookies.get("sessionid")
    par_mot_de_passe(client, user, suivant="/admin/comptes/user/")
    apres_mot_de_passe = client.cookies["sessionid"].value

    faux = client.post(
        "/connexion/second-facteur/", {"code": "000000" if code(user) != "000000" else "111111"}
    )
    assert faux.status_code == 200
    assert "Code invalide ou déjà utilisé." in texte(faux)
    assert client.get("/admin/").status_code == 403

    juste = client.post("/connexion/second-facteur/", {"code": code(user)})

    assert juste["Location"] == "/admin/comptes/user/"
    assert client.get("/admin/").status_code == 200
    assert anonyme is None or anonyme.value != apres_mot_de_passe
    assert client.cookies["sessionid"].value != apres_mot_de_passe  # rotated on the second factor too
    assert list(
        EvenementDeConnexion.objects.filter(compte_id=user.pk)
        .order_by("id")
        .values_list("evenement", "moyen")
    )[-3:] == [
        (Evenement.CONNEXION, Moyen.LOCAL),
        (Evenement.ECHEC, Moyen.LOCAL),
        (Evenement.SECOND_FACTEUR, Moyen.LOCAL),
    ]


def test_un_code_deja_utilise_est_refuse(sans_ralentissement):
    user = administrateur()
    premier, second = Client(), Client()
    par_mot_de_passe(premier, user)
    par_mot_de_passe(second, user)
    utilise = code(user)
    assert premier.post("/connexion/second-facteur/", {"code": utilise})["Location"] == "/espace/"

    rejoue = second.post("/connexion/second-facteur/", {"code": utilise})

    assert rejoue.status_code == 200
    assert "Code invalide ou déjà utilisé." in texte(rejoue)
    assert second.get("/admin/").status_code == 403
    assert (
        second.post("/connexion/second-facteur/", {"code": code(user, decalage=30)})["Location"] == "/espace/"
    )


def test_un_code_juste_aussitot_apres_un_faux_attend(settings):
    """django-otp's throttling: after a wrong code, the device refuses any code for a while."""
    user = administrateur()
    client = Client()
    par_mot_de_passe(client, user)
    client.post("/connexion/second-facteur/", {"code": "12345a"})
    client.post("/connexion/second-facteur/", {"code": "000000" if code(user) != "000000" else "111111"})

    assert client.post("/connexion/second-facteur/", {"code": code(user)}).status_code == 200
    assert client.get("/admin/").status_code == 403


def test_les_codes_faux_comptent_comme_des_echecs_de_connexion(settings, sans_ralentissement):
    settings.CONNEXION_ECHECS_PAR_COMPTE = 3
    user = administrateur()
    client = Client()
    par_mot_de_passe(client, user)
    for _ in range(3):
        client.post("/connexion/second-facteur/", {"code": "abcdefgh"})

    bloque = client.post("/connexion/second-facteur/", {"code": code(user)})

    assert "Trop de tentatives" in texte(bloque)
    assert client.get("/admin/").status_code == 403
    assert par_mot_de_passe(Client(), user).status_code == 200  # the password path is locked too


def test_enrolement_a_la_premiere_connexion_puis_codes_de_secours(sans_ralentissement):
    user = UserFactory(administrateur=True)
    client = Client()
    par_mot_de_passe(client, user)

    assert client.get("/connexion/second-facteur/")["Location"] == "/connexion/second-facteur/enrolement/"
    page = client.get("/connexion/second-facteur/enrolement/")
    assert page.status_code == 200
    assert "<svg" in texte(page) and 'id="secret"' in texte(page)
    assert client.get("/admin/").status_code == 403
    assert client.get("/connexion/second-facteur/enrolement/").context["secret"] == page.context["secret"]

    appareil = TOTPDevice.objects.get(user=user, confirmed=False)
    totp = TOTP(appareil.bin_key)
    enrole = client.post("/connexion/second-facteur/enrolement/", {"code": f"{totp.token():06d}"})

    assert enrole.status_code == 200
    codes = enrole.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert EvenementDeConnexion.objects.filter(compte_id=user.pk, evenement=Evenement.ENROLEMENT).exists()

    # A recovery code, once.
    autre = Client()
    par_mot_de_passe(autre, user)
    assert autre.post("/connexion/second-facteur/", {"code": codes[0].upper()})["Location"] == "/espace/"
    assert autre.get("/admin/").status_code == 200
    troisieme = Client()
    par_mot_de_passe(troisieme, user)
    assert troisieme.post("/connexion/second-facteur/", {"code": codes[0]}).status_code == 200
    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    assert EvenementDeConnexion.objects.filter(
        compte_id=user.pk, evenement=Evenement.SECOND_FACTEUR, detail="codes de secours"
    ).exists()

    # A new set, from a verified session: the old codes stop working.
    nouveaux = autre.post("/connexion/codes-de-secours/").context["codes"]
    assert set(nouveaux).isdisjoint(codes)
    assert StaticDevice.objects.get(user=user).token_set.count() == 10


def test_un_administrateur_reinitialise_le_second_facteur_d_un_autre(client):
    admin = administrateur(username="chef")
    user = membre_emas()
    client.force_login(admin)

    reponse = client.post(
        "/admin/comptes/user/", {"action": "reinitialiser_le_second_facteur", "_selected_action": [user.pk]}
    )

    assert reponse.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    entree = EvenementDeConnexion.objects.get(evenement=Evenement.REINITIALISATION)
    assert (entree.compte_id, entree.par_id, entree.par, entree.moyen) == (
        user.pk,
        admin.pk,
        "chef",
        Moyen.ADMINISTRATION,
    )
    suite = Client()
    par_mot_de_passe(suite, user)
    assert suite.get("/connexion/second-facteur/")["Location"] == "/connexion/second-facteur/enrolement/"


def test_les_appareils_ne_sont_pas_dans_l_admin(client):
    client.force_login(administrateur())

    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


# The token endpoint ----------------------------------------------------------------------------


def jeton(client: APIClient, user: User, **otp):
    return client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": MOT_DE_PASSE, **otp}, format="json"
    )


@pytest.mark.parametrize("fabrique", [membre_emas, administrateur], ids=["emas", "administrateur"])
def test_le_point_d_acces_des_jetons_demande_le_code(anonyme, sans_ralentissement, fabrique):
    user = fabrique()

    sans = jeton(anonyme, user)
    faux = jeton(anonyme, user, otp="000000" if code(user) != "000000" else "111111")
    juste = jeton(anonyme, user, otp=code(user))
    rejoue = jeton(anonyme, user, otp=code(user))

    assert sans.status_code == 400 and "token" not in sans.json()
    assert "second facteur" in sans.json()["otp"][0]
    assert faux.status_code == 400 and faux.json()["otp"] == ["Code invalide ou déjà utilisé."]
    assert juste.status_code == 200
    assert rejoue.status_code == 400  # a TOTP code is used once
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {juste.json()['token']}")
    assert client.get("/api/v1/auth/me/").status_code == 200
    motifs = EvenementDeConnexion.objects.filter(evenement=Evenement.ECHEC, moyen=Moyen.JETON)
    assert list(motifs.order_by("id").values_list("motif", flat=True)) == [
        "second facteur absent",
        "code du second facteur invalide ou déjà utilisé",
        "code du second facteur invalide ou déjà utilisé",
    ]


def test_sans_application_enrolee_pas_de_jeton(anonyme):
    user = agent("emas", DIJON)

    reponse = jeton(anonyme, user, otp="123456")

    assert reponse.status_code == 400
    assert "pas encore enrôlé" in reponse.json()["otp"][0]


def test_un_jeton_delivre_sans_second_facteur_ne_sert_plus_quand_le_compte_en_demande_un(
    anonyme, monkeypatch
):
    user = agent("asll", DIJON)
    ancien = jeton(anonyme, user).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ancien}")
    assert client.get("/api/v1/auth/me/").status_code == 200

    # Through a group grant (not revoked at once): refused with the minute's activity check.
    equipe, _ = Group.objects.get_or_create(name="equipe-mobile")
    equipe.user_set.add(user)
    habilitation_accorder_groupe(group=equipe, dispositif=EMAS, communes=[Commune.objects.get(pk=DIJON)])
    plus_tard = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(jetons, "maintenant", lambda: plus_tard)
    refuse = client.get("/api/v1/emas/signalements/")
    assert refuse.status_code == 403
    assert "délivré sans lui" in refuse.json()["detail"]

    # Through the service (creer_agent, the demo): revoked at once.
    autre = agent("asll", DIJON)
    jeton_autre = jeton(anonyme, autre).json()["token"]
    agent_enregistrer(username=autre.username, role="emas", communes=[Commune.objects.get(pk=DIJON)])
    assert not Token.objects.filter(key=jeton_autre).exists()

    # Made an administrator: revoked at once.
    troisieme = agent("asll", DIJON)
    jeton_troisieme = jeton(anonyme, troisieme).json()["token"]
    troisieme.is_superuser = True
    troisieme.save()
    assert not Token.objects.filter(key=jeton_troisieme).exists()


def test_un_jeton_fait_hors_du_point_d_acces_est_verifie_a_chaque_usage():
    user = administrateur()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    assert client.get("/api/v1/auth/me/").status_code == 403


def test_creer_agent_enrole_un_secret_totp(anonyme, sans_ralentissement, capsys):
    call_command(
        "creer_agent",
        "zoe",
        "--role=emas",
        f"--communes={DIJON}",
        "--password=Un-mot-de-passe-2026",
        "--email=zoe@dijon-metropole.test",
        f"--totp-secret={SECRET_TOTP.lower()}",
    )
    user = User.objects.get(username="zoe")

    assert "Second facteur (application TOTP) enrôlé." in capsys.readouterr().out
    assert user.email == "zoe@dijon-metropole.test"
    assert (
        TOTP(bytes.fromhex(totp_de(user).key)).token()
        == TOTP(__import__("base64").b32decode(SECRET_TOTP)).token()
    )
    reponse = anonyme.post(
        "/api/v1/auth/token/",
        {"username": "zoe", "password": "Un-mot-de-passe-2026", "otp": code(user)},
        format="json",
    )
    assert reponse.status_code == 200
    assert EvenementDeConnexion.objects.filter(compte_id=user.pk, evenement=Evenement.ENROLEMENT).exists()
    with pytest.raises(CommandError, match="Secret TOTP invalide"):
        call_command(
            "creer_agent", "zoe", "--role=emas", f"--communes={DIJON}", "--totp-secret=pas-du-base32!"
        )


def test_un_compte_desactive_ne_se_connecte_par_aucun_chemin(anonyme):
    user = membre_emas(is_staff=True)
    User.objects.filter(pk=user.pk).update(is_active=False)
    client = Client()

    assert par_mot_de_passe(client, user).status_code == 200
    assert client.get("/admin/").status_code == 302  # to the sign-in page
    assert jeton(anonyme, user, otp=code(user)).status_code == 400
    session = ClientNavigateur()
    session.force_login(User.objects.get(pk=user.pk), second_facteur=False)
    assert session.get("/api/v1/auth/me/").status_code in (401, 403)
