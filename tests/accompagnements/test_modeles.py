"""Traceability and the catalogue: no cascade from a person to their history, stable codes."""

import pytest
from django.apps import apps
from django.db import models
from pghistory.models import Event

from accompagnements.models import TypeDroit

pytestmark = pytest.mark.django_db


def test_aucune_suppression_en_cascade_vers_l_historique():
    for modele in apps.get_app_config("accompagnements").get_models():
        if issubclass(modele, Event):
            continue  # change-history rows reference without constraint (historique.models)
        for champ in modele._meta.get_fields():
            if isinstance(champ, models.ForeignKey):
                assert champ.remote_field.on_delete is models.PROTECT, f"{modele.__name__}.{champ.name}"


def test_le_catalogue_des_droits_est_charge_avec_des_codes_stables():
    codes = set(TypeDroit.objects.values_list("code", flat=True))

    assert {
        "rsa",
        "prime_activite",
        "aah",
        "apl",
        "als",
        "alf",
        "css",
        "puma",
        "aspa",
        "allocations_familiales",
        "ars",
        "cheque_energie",
        "fsl",
        "faj",
        "tarification_solidaire_transports",
    } <= codes
    assert len(codes) == 23  # the catalogue loaded at installation (accompagnements/migrations/0002)
    for type_droit in TypeDroit.objects.all():
        type_droit.full_clean()  # lower snake case codes


def test_un_code_hors_norme_est_refuse():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as erreur:
        TypeDroit(code="Prime-Activité", libelle="Autre libellé").full_clean()
    assert "code" in erreur.value.message_dict


def test_permissions_des_roles_dans_l_admin():
    from django.contrib.auth.models import Group

    attendues = {"view_droit", "add_droit", "change_droit", "view_typedroit", "add_contact"}
    encadrant = set(
        Group.objects.get(name="encadrant")
        .permissions.filter(content_type__app_label="accompagnements")
        .values_list("codename", flat=True)
    )
    assert {"view_droit", "view_contact", "view_accompagnement"} <= encadrant  # supervisors read
    assert not any(c.startswith(("add_", "change_")) for c in encadrant)  # and do not edit
    for role in ("acces_droits",):
        codenames = set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="accompagnements")
            .values_list("codename", flat=True)
        )
        assert attendues <= codenames
        assert "add_typedroit" not in codenames
        assert not any(c.startswith("delete_") for c in codenames)
    assert (
        not Group.objects.get(name="asll")
        .permissions.filter(content_type__app_label="accompagnements")
        .exists()
    )
