"""Demo orientations (`manage.py charger_demo`): the 1.1 agent orients Hélène Dupré (Dijon) to
ACOR, and Sophie Martin to the CAF of the directory."""

from orientations.models import Orientation
from orientations.services import orientation_creer
from partenaires.models import Partenaire
from usagers.models import Usager


def charger(*, par_role: dict) -> None:
    agent = par_role["acces_droits"]
    dupre = Usager.objects.get(nom="Dupré", prenom="Hélène")
    if not Orientation.objects.filter(usager=dupre).exists():
        orientation_creer(
            par=agent,
            usager=dupre,
            vers_dispositif="acor",
            motif="exclusion",
            note="Isolement, démarches abandonnées malgré plusieurs rendez-vous.",
            accord_personne=True,
            accord_modalite="ecrit",
        )
    martin = Usager.objects.get(nom="MARTIN", prenom="Sophie")
    caf = Partenaire.objects.filter(type="caf", actif=True).first()
    if caf is not None and not Orientation.objects.filter(usager=martin).exists():
        orientation_creer(
            par=agent,
            usager=martin,
            vers_partenaire=caf,
            motif="acces_droits",
            accord_personne=True,
            accord_modalite="oral",
        )
