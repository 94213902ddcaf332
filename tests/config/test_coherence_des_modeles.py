"""Consistency rules over every model of the project, present and future."""

import pytest
from django.apps import apps
from django.db import models
from pghistory.models import Event

from usagers.models import Usager

APPS_DU_PROJET = {"comptes", "communes", "usagers", "accompagnements", "logement", "emas", "notifications"}


def _relations_vers(modele):
    for model in apps.get_models():
        # Change-history rows reference without constraint: the anonymisation erases them explicitly.
        if model._meta.app_label not in APPS_DU_PROJET or issubclass(model, Event):
            continue
        for champ in model._meta.get_fields():
            if isinstance(champ, models.ForeignKey) and champ.related_model is modele:
                yield model, champ


@pytest.mark.parametrize("modele", [Usager])
def test_aucune_suppression_en_cascade_depuis_une_personne_vers_son_historique(modele):
    """A person's history is kept for the pacte's reports: deleting them must be refused, not cascade."""
    fautifs = [
        f"{model.__name__}.{champ.name}"
        for model, champ in _relations_vers(modele)
        if champ.remote_field.on_delete is not models.PROTECT
    ]

    assert fautifs == []


def test_chaque_modele_declare_son_nom_francais():
    sans_nom = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in APPS_DU_PROJET
        and "verbose_name" not in model._meta.original_attrs
        and not model._meta.auto_created
    ]

    assert sans_nom == []
