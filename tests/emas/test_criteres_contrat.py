"""Issue 22, reproduction 3: the four criteria of a referral may be left unanswered (« not yet
assessed » is a real state when the referral comes in); the schema, the serializer, the model and the
admin say the same thing — and a contract test catches the class of mismatch for every model."""

import datetime
from pathlib import Path

import pghistory.models
import pytest
from django.apps import apps
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

from emas.models import Signalement
from emas.validators import CRITERES_ELIGIBILITE
from tests.emas.factories import membre
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/emas/signalements/"


def test_un_signalement_sans_les_criteres_est_enregistre_en_attente_d_evaluation(client_de):
    equipe = membre(DIJON)
    personne = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(
        URL,
        {"usager": personne.pk, "date": "2026-03-01", "origine": "orvitis", "motifs": ["danger_soi"]},
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()
    signalement = Signalement.objects.get()
    assert all(getattr(signalement, champ) is None for champ in CRITERES_ELIGIBILITE)


def test_un_critere_explicitement_nul_est_accepte(client_de):
    equipe = membre(DIJON)
    personne = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(
        URL,
        {
            "usager": personne.pk,
            "date": "2026-03-01",
            "origine": "orvitis",
            "motifs": ["danger_soi"],
            "majeur": None,
            "logement_autonome": True,
        },
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()


def test_le_schema_dit_les_criteres_optionnels_et_nullables_comme_le_modele():

    schema = SchemaGenerator().get_schema(request=None, public=True)
    corps = schema["components"]["schemas"]["SignalementCreationRequest"]
    for champ in CRITERES_ELIGIBILITE:
        assert champ not in corps.get("required", [])
        assert corps["properties"][champ].get("nullable") is True
        assert Signalement._meta.get_field(champ).null
        assert Signalement._meta.get_field(champ).blank


def _applications_du_projet():
    """The apps of this repository (installed libraries live in the virtualenv, outside it)."""
    racine = Path(settings.BASE_DIR).resolve()
    return [
        a
        for a in apps.get_app_configs()
        if Path(a.path).resolve().is_relative_to(racine) and ".venv" not in Path(a.path).parts
    ]


def test_contrat_un_champ_nullable_est_aussi_facultatif_dans_le_modele():
    """The class of mismatch: `null=True` without `blank=True` makes `full_clean` refuse the None
    that the column, the serializers and the schema accept (« Ce champ ne peut pas être vide »).
    Every nullable field of the project's models is optional for validation too, or is listed here
    with why the database keeps NULL for it while validation requires a value."""
    exceptions: dict[str, str] = {}
    fautifs = []
    for application in _applications_du_projet():
        for modele in application.get_models():
            if issubclass(modele, pghistory.models.Event):
                continue  # written by database triggers, never validated
            for champ in modele._meta.concrete_fields:
                nom = f"{modele._meta.label}.{champ.name}"
                if champ.null and not champ.blank and not champ.primary_key and nom not in exceptions:
                    fautifs.append(nom)
    assert fautifs == []
