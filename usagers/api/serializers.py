from rest_framework import serializers

from communes.api.fields import CodeInseeField
from config.api.serializers import ModelSerializer
from config.validators import valider_date_pas_future, valider_date_plausible
from usagers.models import Usager


class UsagerSerializer(ModelSerializer):
    commune = CodeInseeField()
    telephone = serializers.CharField(
        label="téléphone",
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="Numéro français, enregistré « 06 12 34 56 78 ».",
    )
    date_demenagement = serializers.DateField(
        label="date du déménagement",
        write_only=True,
        required=False,
        validators=[valider_date_pas_future, valider_date_plausible],
        help_text="Avec une nouvelle commune : date du déménagement (aujourd'hui par défaut). Les "
        "événements antérieurs restent comptés dans l'ancienne commune.",
    )

    confirmer_doublon = serializers.BooleanField(
        label="confirmer le doublon",
        write_only=True,
        required=False,
        default=False,
        help_text="À la création : vrai pour enregistrer malgré une personne de même nom, prénom et "
        "date de naissance (sinon 409 listant les candidats).",
    )

    class Meta:
        model = Usager
        fields = [
            "id",
            "version",
            "nom",
            "prenom",
            "date_naissance",
            "commune",
            "adresse",
            "telephone",
            "email",
            "date_demenagement",
            "confirmer_doublon",
        ]
        extra_kwargs = {
            "nom": {"trim_whitespace": True},
            "prenom": {"trim_whitespace": True},
        }
