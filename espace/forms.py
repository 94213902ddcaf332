"""The kernel's forms of the workspace (the State's design system)."""

from django import forms

from communes.habilitations import communes_autorisees
from usagers.espace import Formulaire
from usagers.validators import valider_date_naissance


class UsagerForm(Formulaire):
    """A new person: identity and commune (the communes where the agent may record someone)."""

    nom = forms.CharField(label="Nom", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100)
    date_naissance = forms.DateField(
        label="Date de naissance",
        validators=[valider_date_naissance],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commune = forms.ModelChoiceField(
        label="Commune de résidence", queryset=None, empty_label="Choisir une commune"
    )
    adresse = forms.CharField(label="Adresse", max_length=255, required=False)
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(label="Adresse électronique", required=False)
    confirmer_doublon = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, je l'enregistre",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # At most the 23 communes of the métropole: a short list.
        self.fields["commune"].queryset = communes_autorisees(user).order_by("nom")

    def demander_confirmation(self) -> None:
        self.fields["confirmer_doublon"].widget = forms.CheckboxInput()
