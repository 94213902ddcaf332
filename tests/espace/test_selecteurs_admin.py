"""No page of the admin renders a `<select>` of more than 100 options, whatever the volume: large
tables (persons, follow-ups, measures, follow-ups of the team) are searched through an autocomplete."""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from accompagnements.models import Accompagnement
from tests.comptes.factories import administrateur_habilite, agent
from tests.emas.factories import membre, suivi
from tests.usagers.factories import DIJON
from usagers.models import Usager

pytestmark = pytest.mark.django_db
VOLUME = 110


def _selecteurs_trop_longs(page: str) -> list[str]:
    return [
        re.search(r'name="([^"]+)"', s).group(1) if re.search(r'name="([^"]+)"', s) else s[:80]
        for s in re.findall(r"<select.*?</select>", page, flags=re.S)
        if s.count("<option") > 100
    ]


def _pages_de_l_admin(client) -> dict[str, list[str]]:
    trop_longs = {}
    for modele in admin.site._registry:
        info = (modele._meta.app_label, modele._meta.model_name)
        urls = []
        try:
            urls.append(reverse("admin:{}_{}_add".format(*info)))
            urls.append(reverse("admin:{}_{}_changelist".format(*info)))
            premier = modele._default_manager.first()
            if premier is not None:
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[premier.pk]))
        except NoReverseMatch:
            continue
        for url in urls:
            reponse = client.get(url)
            if reponse.status_code == 200 and hasattr(reponse, "render"):
                champs = _selecteurs_trop_longs(reponse.content.decode())
                if champs:
                    trop_longs[url] = champs
    return trop_longs


def test_aucun_selecteur_de_l_admin_ne_depasse_cent_options(client):
    Usager.objects.bulk_create(
        [
            Usager(
                nom=f"NOM{i:04d}", prenom="Prénom", date_naissance=datetime.date(1970, 1, 1), commune_id=DIJON
            )
            for i in range(VOLUME)
        ]
    )
    agent_11 = agent("acces_droits", DIJON, is_staff=True)
    Accompagnement.objects.bulk_create(
        [
            Accompagnement(
                usager=u,
                referent=agent_11,
                cree_par=agent_11,
                date_debut=datetime.date(2025, 1, 1),
                commune_actuelle_id=DIJON,
            )
            for u in Usager.objects.all()
        ]
    )
    equipe = membre(DIJON, is_staff=True)
    for u in Usager.objects.all()[:3]:
        suivi(equipe, u)

    for compte in (administrateur_habilite(), agent_11, equipe):
        client.force_login(compte)
        assert _pages_de_l_admin(client) == {}, compte
