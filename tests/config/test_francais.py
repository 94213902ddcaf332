"""Everything a user reads is French, accents included: the workspace, the admin, the browsable API
(its labels and its buttons' hints) and every model's and field's name. Two checks: the names declared
on the models and the API's serializers (a name Django or DRF derived from the code, English or
unaccented, is caught before any page shows it), then a walk through every page each role reaches,
its visible text read for English words and unaccented French ones."""

import datetime
import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from comptes.roles import Role
from tests.accompagnements.factories import (
    AccompagnementFactory,
    ContactFactory,
    DemarcheFactory,
    DroitFactory,
)
from tests.comptes.factories import administrateur_habilite, agent
from tests.emas.factories import intervention, membre, signalement, suivi
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.routes import ECRITURES, operations_de_l_api
from tests.usagers.factories import DIJON, UsagerFactory

# Words a French screen never shows: English, or French written without its accents.
ANGLAIS = {
    "add", "all", "and", "are", "back", "by", "cancel", "change", "choose", "clear", "confirmed",
    "content", "context", "count", "created", "data", "definitions", "delete", "device", "devices",
    "digits", "drift", "enter", "event", "events", "extra", "failure", "field", "filter", "filters",
    "first", "for", "form", "group", "groups", "hide", "history", "home", "invalid", "is", "key", "label",
    "last", "list", "log", "make", "media", "metadata", "must", "name", "next", "not", "now", "obj",
    "object", "of", "pgh", "previous", "raw", "request", "required", "resource", "save", "search",
    "select", "show", "specify", "static", "step", "submit", "the", "this", "throttling", "timestamp",
    "to", "today", "token", "tokens", "tolerance", "updated", "used", "user", "users", "view", "welcome",
    "with", "yes", "your",
}  # fmt: skip
SANS_ACCENTS = {
    "activite", "annee", "apres", "beneficiaire", "categorie", "cloture", "cloturee", "cree", "creee",
    "debut", "demenagement", "departement", "detail", "details", "donnees", "duree", "echeance",
    "electronique", "employe", "etape", "etat", "evenement", "general", "generale", "identite",
    "modifie", "modifiee", "numero", "periode", "premiere", "prenom", "prevue", "reference", "referent",
    "securite", "telephone", "tres", "recu", "recue", "recus", "recues", "realise", "realisee", "realisees",
    "frequentation", "priorite", "systeme", "reponse", "decision", "refusee", "equipe", "evaluation",
    "medecin", "hopital", "hebergement", "deces", "operateur", "orientee", "reorientee", "ecrit",
}  # fmt: skip
INTERDITS = ANGLAIS | SANS_ACCENTS

APPS_TIERCES_AFFICHEES = {"auth", "authtoken", "guardian", "otp_static", "otp_totp", "pghistory", "dsfr"}


def mots_interdits(texte: str) -> set[str]:
    """The English or unaccented words of `texte` (a word is letters only: « date_naissance » is
    a name in code, never a word on a screen)."""
    return {mot for mot in re.findall(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])", texte) if mot.lower() in INTERDITS}


def test_la_liste_des_mots_interdits_reconnait_les_cas_connus():
    for anglais in (
        "Definitions",
        "Donnees Personnelles List",
        "Telephone",
        "Date demenagement",
        "Make a POST request on this resource",
        "Extra data",
        "Object id",
        "Content type",
    ):
        assert mots_interdits(anglais), anglais
    for francais in (
        "Date de déménagement",
        "Téléphone",
        "Données personnelles",
        "date_naissance",
        "Définitions",
    ):
        assert not mots_interdits(francais), francais


# --- the names declared in code -------------------------------------------------------------------


def _apps_du_projet():
    """The project's own apps (under BASE_DIR, outside the virtualenv)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts
    ]


def _modeles_affiches():
    """The project's models and the third-party ones the admin shows."""
    projet = {config.label for config in _apps_du_projet()}
    return [m for m in apps.get_models() if m._meta.app_label in projet or m in admin.site._registry]


def test_chaque_modele_et_chaque_champ_se_nomme_en_francais():
    fautes = []
    with translation.override("fr"):
        for modele in _modeles_affiches():
            meta = modele._meta
            textes = {"nom": meta.verbose_name, "nom au pluriel": meta.verbose_name_plural}
            for champ in meta.get_fields():
                # The change history's own columns (pgh_*) are never shown: the history reads in words.
                if not hasattr(champ, "verbose_name") or champ.name.startswith("pgh_"):
                    continue
                textes[champ.name] = champ.verbose_name
                if getattr(champ, "help_text", ""):
                    textes[f"{champ.name} (aide)"] = champ.help_text
                for _valeur, libelle in getattr(champ, "flatchoices", None) or ():
                    textes[f"{champ.name} (choix)"] = f"{textes.get(f'{champ.name} (choix)', '')} {libelle}"
            for ou, texte in textes.items():
                if mots := mots_interdits(str(texte)):
                    fautes.append(f"{meta.label}.{ou}: « {texte} » {sorted(mots)}")
    assert not fautes, "\n".join(fautes)


def _serializers_de_l_api():
    """Each API operation's serializer class (the viewset's for its action, or the view's)."""
    vus = {}
    for operation in operations_de_l_api(("get", *ECRITURES)):
        vue = operation.vue(**getattr(operation, "initkwargs", {}))
        vue.action, vue.request, vue.format_kwarg, vue.kwargs, vue.args = operation.action, None, None, {}, ()
        try:
            classe = vue.get_serializer_class()
        except Exception:  # a view without a serializer (a file, a report)
            continue
        vus.setdefault(classe, str(operation))
    return vus


def _filtres_de_l_api():
    """Each API list's filters, as its browsable page shows them."""
    vus = {}
    for operation in operations_de_l_api(("get",)):
        classe = getattr(operation.vue, "filterset_class", None)
        if classe is not None and classe not in vus:
            vus[classe] = classe(queryset=classe._meta.model.objects.none()).form.fields
    return vus


# A filter without a label gets django-filter's « [invalid name] », or, depending on what ran before
# in the process, its field's name capitalised (« Etat »): either way it needs an explicit French label.
def test_chaque_champ_et_chaque_filtre_de_l_api_a_un_libelle_francais():
    fautes = {}
    with translation.override("fr"):
        for classe, operation in _serializers_de_l_api().items():
            for nom, champ in classe().fields.items():
                for texte in (champ.label, champ.help_text):
                    if mots := mots_interdits(str(texte or "")):
                        fautes[f"{classe.__name__}.{nom}"] = f"{operation}: « {texte} » {sorted(mots)}"
        for classe, champs in _filtres_de_l_api().items():
            for nom, champ in champs.items():
                texte = str(champ.label or "")
                if texte == "[invalid name]" or mots_interdits(texte):
                    fautes[f"{classe.__name__}.{nom}"] = f"« {texte} »"
    assert not fautes, "\n".join(f"{k} {v}" for k, v in fautes.items())


# --- every page each role reaches -----------------------------------------------------------------


def texte_visible(page: str) -> str:
    """What a reader sees: the text outside tags (scripts, styles and the API's data left out: a JSON
    body is data, not words), and the hints a screen reader or a tooltip reads."""
    # `<bdi>` holds data, not words: the password's salt and hash shown by the admin (random letters).
    page = re.sub(r"<(script|style|pre|textarea|code|bdi)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"`[^`<]*`", " ", page)  # a parameter quoted in an API's description is code
    indices = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(indices))


def _fautes(client, urls, accept="text/html") -> dict[str, set[str]]:
    fautes = {}
    for url in urls:
        reponse = client.get(url, HTTP_ACCEPT=accept)
        if reponse.status_code >= 500 or "html" not in reponse.get("Content-Type", ""):
            continue
        if mots := mots_interdits(texte_visible(reponse.content.decode())):
            fautes[url] = mots
    return fautes


def _pages_de_l_espace(client, usagers, limite=150) -> list[str]:
    """The workspace's pages a role reaches from its home and from each file, two links deep."""
    vues, a_voir = set(), ["/espace/"]
    for usager in usagers:
        a_voir += [f"/espace/usagers/?q={usager.nom}", f"/espace/usagers/{usager.pk}/"]
    for _profondeur in range(3):
        suivants = []
        for url in a_voir:
            if url in vues or len(vues) >= limite:
                continue
            vues.add(url)
            reponse = client.get(url)
            if reponse.status_code == 200 and "html" in reponse.get("Content-Type", ""):
                liens = re.findall(r'href="(/espace/[^"#]*)"', reponse.content.decode())
                suivants += [html.unescape(lien) for lien in liens if "format=" not in lien]
        a_voir = suivants
    return sorted(vues)


def _pages_de_l_admin() -> list[str]:
    urls = [reverse("admin:index")]
    for modele in admin.site._registry:
        info = (modele._meta.app_label, modele._meta.model_name)
        try:
            urls.append(reverse("admin:app_list", args=[info[0]]))
            urls.append(reverse("admin:{}_{}_changelist".format(*info)))
            urls.append(reverse("admin:{}_{}_add".format(*info)))
            premier = modele._default_manager.first()
            if premier is not None:
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[premier.pk]))
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[premier.pk]))
        except NoReverseMatch:
            continue
    return list(dict.fromkeys(urls))


def _pages_de_l_api() -> list[str]:
    urls = ["/api/v1/"]
    for operation in operations_de_l_api(("get",)):
        if operation.parametres or "{format}" in operation.route or "(?P<format>" in operation.route:
            continue
        urls.append(operation.url())
    return list(dict.fromkeys(urls))


@pytest.fixture
def dossiers():
    partagee = UsagerFactory(nom="PARTAGEE", code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
    equipe = membre(DIJON, is_staff=True)
    s = suivi(equipe, partagee)
    intervention(equipe, s)
    signalement(equipe, partagee)
    accompagnement = AccompagnementFactory(usager=partagee)
    ContactFactory(accompagnement=accompagnement)
    DemarcheFactory(accompagnement=accompagnement)
    DroitFactory(usager=partagee, accompagnement=accompagnement)
    MesureASLLFactory(usager=partagee)
    SituationACORFactory(usager=partagee)
    CapaciteACORFactory()
    return {"usagers": [partagee], "equipe": equipe}


@pytest.mark.django_db
def test_aucune_page_de_l_espace_n_a_de_mot_anglais_ou_sans_accent(client, dossiers):
    fautes = {}
    for lecteur in (
        agent("acces_droits", DIJON),
        agent("asll", DIJON),
        agent("acor", DIJON),
        dossiers["equipe"],
        agent(Role.ENCADRANT, DIJON),
        administrateur_habilite(),
        agent(Role.DPO),
    ):
        client.force_login(lecteur)
        for url, mots in _fautes(client, _pages_de_l_espace(client, dossiers["usagers"])).items():
            fautes.setdefault(url, set()).update(mots)
    assert not fautes, "\n".join(f"{url}: {sorted(mots)}" for url, mots in sorted(fautes.items()))


@pytest.mark.django_db
def test_aucune_page_de_l_admin_ni_de_l_api_n_a_de_mot_anglais_ou_sans_accent(client, dossiers):
    client.force_login(administrateur_habilite())
    fautes = _fautes(client, _pages_de_l_admin()) | _fautes(client, _pages_de_l_api())
    assert not fautes, "\n".join(f"{url}: {sorted(mots)}" for url, mots in sorted(fautes.items()))


@pytest.mark.django_db
def test_les_pages_de_connexion_et_d_erreur_n_ont_pas_de_mot_anglais(client):
    from django.test import Client

    anonyme = Client()
    pages = [
        "/connexion/",
        "/admin/login/",
        "/deconnexion/terminee/",
        "/api/v1/auth/login/",
        "/espace/usagers/999999/",
        "/page-inconnue/",
    ]
    assert _fautes(anonyme, pages) == {}
    # An administrator asked for their second factor: the enrolment and the recovery codes.
    anonyme.force_login(administrateur_habilite())
    assert _fautes(anonyme, ["/connexion/second-facteur/", "/connexion/second-facteur/enrolement/"]) == {}


@pytest.mark.django_db
def test_les_rappels_et_leurs_courriels_sont_en_francais():
    from django.core import mail

    from notifications.models import Notification
    from notifications.services import rappels_envoyer
    from tests.notifications.factories import encadrant, mesure, referent

    jour = datetime.date(2026, 3, 30)
    for _ in range(2):
        mesure(datetime.date(2025, 9, 10), par=referent(DIJON))
    encadrant(DIJON)
    orientee = UsagerFactory(code_commune=DIJON)
    SituationACORFactory(usager=orientee, date_orientation=datetime.date(2025, 12, 1))

    rappels_envoyer(jour=jour)

    textes = [f"{n.titre}\n{n.message}" for n in Notification.objects.all()]
    textes += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    assert Notification.objects.exists() and mail.outbox
    # A link's path (/api/v1/asll/points-etape/) is an address, not words.
    fautes = [t for t in textes if mots_interdits(re.sub(r"https?://\S+|/\S+", " ", t))]
    assert not fautes, fautes


def _chaines(donnees) -> list[str]:
    if isinstance(donnees, dict):
        return [c for v in donnees.values() for c in _chaines(v)]
    if isinstance(donnees, list):
        return [c for v in donnees for c in _chaines(v)]
    return [str(donnees)] if isinstance(donnees, str) else []


@pytest.mark.django_db
def test_les_erreurs_de_l_api_sont_en_francais(client, dossiers):
    """Every creation refused for an empty, a mistyped or an unreadable body answers in French."""
    client.force_login(administrateur_habilite())
    fautes, lues = {}, 0
    for operation in operations_de_l_api(("post",)):
        if operation.parametres:
            continue
        url = operation.url()
        for corps in ("{}", '{"date": "hier", "usager": "x", "commune": [1]}', "{pas du json"):
            reponse = client.post(url, corps, content_type="application/json")
            if reponse.status_code >= 400 and reponse.get("Content-Type", "").startswith("application/json"):
                texte = " ".join(_chaines(reponse.json()))
                lues += 1
                if mots := mots_interdits(texte):
                    fautes[f"POST {url} {corps}"] = f"{texte} {sorted(mots)}"
    assert lues > 20  # the creations did refuse these bodies, and said why
    assert not fautes, "\n".join(f"{k}: {v}" for k, v in fautes.items())


def test_l_aide_des_commandes_du_projet_est_en_francais(capsys):
    from django.core.management import call_command, get_commands

    # `demo` (the demo data) is reworked elsewhere at the time of writing: its commands join later.
    projet = {config.name for config in _apps_du_projet()}
    commandes = [nom for nom, app in get_commands().items() if app in projet - {"demo"}]
    assert "creer_agent" in commandes
    fautes = {}
    for nom in commandes:
        with pytest.raises(SystemExit):
            call_command(nom, "--help")
        aide = capsys.readouterr().out
        # An option, a path, a value to type (« all ») are what the user types, not words.
        if mots := mots_interdits(re.sub(r"--?[\w-]+|\S*[/_]\S*|« \w+ »", " ", aide)):
            fautes[nom] = sorted(mots)
    assert not fautes, fautes
