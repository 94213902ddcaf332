"""The directory as a form field of the agents' workspace: one home for every picker of a partner
(an orientation, a démarche's body), the active partners serving the person's commune. Up to
`OPTIONS_MAX` of them, a list grouped by kind (« CCAS de Chenôve » under « CCAS »); past it, a
search field suggesting the names as the agent types (never a <select> of more options: issue 21)."""

from django import forms
from django.core.exceptions import ValidationError

from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire

OPTIONS_MAX = 100


class RechercheDePartenaire(forms.TextInput):
    """A text field whose browser suggests the directory's names (a `<datalist>`)."""

    template_name = "partenaires/recherche_de_partenaire.html"

    def __init__(self, noms: list[str] | None = None):
        super().__init__(attrs={"list": "partenaires-de-la-commune", "autocomplete": "off"})
        self.noms = noms or []

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        contexte["widget"]["noms"] = self.noms
        return contexte

    def format_value(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return Partenaire.objects.filter(pk=value).values_list("nom", flat=True).first() or ""
        return super().format_value(value)


class ChoixPartenaire(forms.ModelChoiceField):
    def __init__(self, *, label: str, required: bool = False, **kwargs):
        super().__init__(queryset=Partenaire.objects.none(), label=label, required=required, **kwargs)

    def servir(self, commune: str) -> None:
        """Offer the active partners serving `commune` (its own and the whole métropole's)."""
        self.queryset = Partenaire.objects.actifs().servant(commune).order_by("type", "nom")
        lignes = list(self.queryset.values_list("pk", "nom", "type"))
        if len(lignes) > OPTIONS_MAX:
            self.widget = RechercheDePartenaire(
                [nom for _, nom, _ in sorted(lignes, key=lambda ligne: ligne[1])]
            )
            self.help_text = "Tapez le début du nom, puis choisissez parmi les propositions."
            return
        libelles = dict(TypePartenaire.choices)
        groupes: dict[str, list[tuple[int, str]]] = {}
        for pk, nom, type_ in lignes:
            groupes.setdefault(libelles.get(type_, type_), []).append((pk, nom))
        self.choices = [("", "Aucun"), *groupes.items()]

    def to_python(self, value):
        if isinstance(self.widget, RechercheDePartenaire) and value not in self.empty_values:
            # The search field sends a name (unique in the directory), the list an id.
            trouve = self.queryset.filter(nom=str(value).strip()).first()
            if trouve is None:
                raise ValidationError(
                    "Ce partenaire n'est pas dans l'annuaire pour la commune de la personne "
                    "(ou il est désactivé).",
                    code="invalid_choice",
                )
            return trouve
        return super().to_python(value)
