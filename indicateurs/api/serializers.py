"""Query parameters of the indicators API: every refusal is a 400 in French naming the parameter."""

from datetime import date

from dateutil.relativedelta import relativedelta
from rest_framework import serializers

from config.dispositifs import MOIS
from config.formats import date_fr
from config.validators import DATE_MIN
from indicateurs.periodes import MESSAGE_TREILLIS, dans_le_treillis
from indicateurs.registre import indicateur, indicateurs

FORMATS = ("json", "csv", "xlsx", "ods")
FORMATS_RAPPORT = ("xlsx", "odt", "ods")
SOURCES = ("live", "snapshot")
NIVEAUX = ("diffusion", "etat")
DUREE_MAX_ANNEES = 10


def _date(nom: str) -> serializers.DateField:
    return serializers.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": f"Date invalide pour « {nom} » : attendu AAAA-MM-JJ.",
            "required": f"Le paramètre « {nom} » est obligatoire (AAAA-MM-JJ).",
            "null": f"Le paramètre « {nom} » est obligatoire (AAAA-MM-JJ).",
        },
    )


def _choix(nom: str, choix: tuple[str, ...], defaut: str) -> serializers.ChoiceField:
    possibles = ", ".join(choix)
    return serializers.ChoiceField(
        choices=choix,
        default=defaut,
        # DRF formats the message with the value received ({input}).
        error_messages={
            "invalid_choice": f"Valeur inconnue pour « {nom} » : « {{input}} » (possibles : {possibles})."
        },
    )


class ValeursParametresSerializer(serializers.Serializer):
    indicateur = serializers.CharField(
        error_messages={
            "required": "Le paramètre « indicateur » est obligatoire.",
            "blank": "Le paramètre « indicateur » est obligatoire.",
        }
    )
    du = _date("du")
    au = _date("au")
    par = serializers.CharField(required=False, allow_blank=True, default="")
    format = _choix("format", FORMATS, "json")
    source = _choix("source", SOURCES, "live")
    niveau = _choix("niveau", NIVEAUX, "diffusion")

    def validate_indicateur(self, valeur: str):
        trouve = indicateur(valeur)
        if trouve is None:
            connus = ", ".join(i.id for i in indicateurs())
            raise serializers.ValidationError(f"Indicateur inconnu « {valeur} » (connus : {connus}).")
        return trouve

    def validate_du(self, valeur: date) -> date:
        if valeur < DATE_MIN:
            raise serializers.ValidationError(f"« du » ne peut pas précéder le {date_fr(DATE_MIN)}.")
        return valeur

    def validate(self, attrs):
        du, au = attrs["du"], attrs["au"]
        if au < du:
            raise serializers.ValidationError({"au": ["« au » ne peut pas précéder « du »."]})
        if au > du + relativedelta(years=DUREE_MAX_ANNEES):
            raise serializers.ValidationError(
                {"au": [f"La période ne peut pas dépasser {DUREE_MAX_ANNEES} ans."]}
            )
        if not dans_le_treillis(du, au):
            raise serializers.ValidationError({"du": [MESSAGE_TREILLIS]})
        ind = attrs["indicateur"]
        par = [p.strip() for p in attrs.get("par", "").split(",") if p.strip()]
        inconnues = [p for p in par if p not in ind.par_possibles]
        if inconnues:
            raise serializers.ValidationError(
                {
                    "par": [
                        f"Ventilation inconnue pour {ind.id} : « {inconnues[0]} » "
                        f"(possibles : {', '.join(ind.par_possibles)})."
                    ]
                }
            )
        if len(set(par)) != len(par):
            raise serializers.ValidationError({"par": ["Une ventilation ne se répète pas."]})
        if len(par) > 2:
            raise serializers.ValidationError(
                {"par": ["Deux ventilations au plus (par exemple « commune,mois »)."]}
            )
        # Canonical order: the indicator's order, the month last.
        ordre = list(ind.par_possibles)
        attrs["par"] = sorted(par, key=lambda p: (p == MOIS, ordre.index(p)))
        return attrs


class RapportParametresSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000,
        max_value=9998,
        error_messages={
            "invalid": "Année invalide pour « annee » : attendu AAAA.",
            "required": "Le paramètre « annee » est obligatoire (AAAA).",
            "min_value": "« annee » doit être comprise entre 2000 et 9998.",
            "max_value": "« annee » doit être comprise entre 2000 et 9998.",
        },
    )
    format = _choix("format", FORMATS_RAPPORT, "xlsx")
    source = _choix("source", SOURCES, "live")
    niveau = _choix("niveau", NIVEAUX, "diffusion")


class CaseSerializer(serializers.Serializer):
    valeur = serializers.IntegerField(allow_null=True)
    secret = serializers.BooleanField()


class ValeursSerializer(serializers.Serializer):
    """Schema of the JSON answer (each line also carries its codes and labels)."""

    indicateur = serializers.CharField()
    libelle = serializers.CharField()
    action = serializers.CharField()
    regle = serializers.CharField()
    du = serializers.DateField()
    au = serializers.DateField()
    par = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()
    extrait_le = serializers.DateTimeField()
    seuil_secret = serializers.IntegerField()
    regle_secret = serializers.CharField()
    niveau = serializers.CharField()
    lignes = serializers.ListField(child=serializers.DictField())
    total = CaseSerializer()


class DefinitionSerializer(serializers.Serializer):
    id = serializers.CharField()
    libelle = serializers.CharField()
    action = serializers.CharField()
    action_libelle = serializers.CharField()
    regle = serializers.CharField()
    unite = serializers.CharField()
    additif = serializers.BooleanField()
    par = serializers.ListField(child=serializers.CharField())
