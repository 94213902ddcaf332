"""Writes of action 1.4's orientations: one transaction creates the orientation and, for a
dispositif, the first record of the target's own workflow (`AccueilOrientation.recevoir`): nothing
is half-created. The person's row is locked while the open orientations are checked, so two agents
orienting the same person to the same target at once get one orientation and one 409."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from comptes.models import User
from config import dispositifs as registre
from config.errors import AccesRefuse, Conflit, Introuvable, RegleMetierError
from config.formats import date_fr
from config.periodes import aujourdhui
from config.services import save_valid
from orientations.models import (
    ModaliteAccord,
    MotifOrientation,
    Orientation,
    StatutOrientation,
    libelle_dispositif,
)
from orientations.perms import dispositif_d_origine
from partenaires.models import Partenaire
from usagers.models import Usager, commune_a_la_date

OUVERTS = (StatutOrientation.ENVOYEE, StatutOrientation.RECUE)


def _verifier_ouverte(*, par: User, usager: Usager, vers_dispositif: str, vers_partenaire, jour) -> None:
    """A second open orientation of the person to the same target is a 409, naming the open one when
    `par` may see it. Open: received and not yet decided, for a target that tells its outcome; for a
    partner or a compartment (whose outcome the orienting agent never learns), less than
    `ORIENTATION_OUVERTE_JOURS` old. To a compartment, only the orientations `par` may see count:
    another's would tell them the team was already asked."""
    memes = Orientation.objects.filter(usager=usager)
    if vers_partenaire is not None:
        memes = memes.filter(vers_partenaire=vers_partenaire)
        libelle = vers_partenaire.nom
    else:
        memes = memes.filter(vers_dispositif=vers_dispositif)
        libelle = libelle_dispositif(vers_dispositif)
    accueil = registre.dispositif(vers_dispositif).orientation if vers_dispositif else None
    if accueil is None or accueil.issue is None:
        memes = memes.filter(date__gt=jour - timedelta(days=settings.ORIENTATION_OUVERTE_JOURS))
    else:
        memes = memes.avec_statut().filter(statut__in=OUVERTS)
    if vers_dispositif and registre.dispositif(vers_dispositif).compartiment:
        memes = memes.filter(pk__in=Orientation.objects.visibles_par(par).values("pk"))
    ouverte = memes.order_by("-date", "-id").first()
    if ouverte is None:
        return
    if Orientation.objects.visibles_par(par).filter(pk=ouverte.pk).exists():
        raise Conflit(
            f"Une orientation de cette personne vers {libelle} est déjà ouverte : l'orientation "
            f"n°{ouverte.pk} du {date_fr(ouverte.date)}.",
            champ="vers_partenaire" if vers_partenaire is not None else "vers_dispositif",
        )
    raise Conflit(
        f"Une orientation de cette personne vers {libelle} est déjà ouverte.",
        champ="vers_partenaire" if vers_partenaire is not None else "vers_dispositif",
    )


@transaction.atomic
def orientation_creer(
    *,
    par: User,
    usager: Usager | int,
    motif: str,
    accord_personne: bool,
    accord_modalite: str,
    vers_dispositif: str = "",
    vers_partenaire: Partenaire | int | None = None,
    note: str = "",
) -> Orientation:
    """Orient a person `par` follows to another dispositif or to a partner of the directory."""
    depuis = dispositif_d_origine(par)
    if depuis is None:
        raise AccesRefuse(
            "Seul l'agent d'un dispositif qui suit la personne l'oriente (l'équipe EMAS réoriente ses "
            "signalements).",
        )
    pk = usager.pk if isinstance(usager, Usager) else usager
    usager = Usager.objects.visibles_par(par, [depuis]).select_for_update(of=("self",)).filter(pk=pk).first()
    if usager is None:
        raise Introuvable()
    if motif not in MotifOrientation.values:
        raise RegleMetierError("Indiquez le motif de l'orientation.", champ="motif")
    if accord_personne is not True:
        raise RegleMetierError(
            "L'accord de la personne est requis pour l'orienter : informez-la des données transmises "
            "et à qui, puis recueillez son accord.",
            champ="accord_personne",
        )
    if accord_modalite not in ModaliteAccord.values:
        raise RegleMetierError(
            "Indiquez comment la personne a été informée et a donné son accord.", champ="accord_modalite"
        )
    if bool(vers_dispositif) == (vers_partenaire is not None):
        raise RegleMetierError(
            "Indiquez soit un dispositif (vers_dispositif), soit un partenaire de l'annuaire "
            "(vers_partenaire).",
            champ="vers_dispositif",
        )
    accueil = None
    if vers_dispositif:
        accueils = {d.code: a for d, a in registre.accueils_d_orientation()}
        if vers_dispositif not in accueils:
            raise RegleMetierError(
                f"Dispositif inconnu : {vers_dispositif} ; possibles : {', '.join(accueils)}.",
                champ="vers_dispositif",
            )
        if vers_dispositif == depuis:
            raise RegleMetierError(
                "On oriente vers un autre dispositif que le sien.", champ="vers_dispositif"
            )
        accueil = accueils[vers_dispositif]
    else:
        partenaire_id = vers_partenaire.pk if isinstance(vers_partenaire, Partenaire) else vers_partenaire
        vers_partenaire = Partenaire.objects.filter(pk=partenaire_id).first()
        if vers_partenaire is None:
            raise RegleMetierError("Partenaire introuvable dans l'annuaire.", champ="vers_partenaire")
        if not vers_partenaire.actif:
            raise RegleMetierError(
                f"{vers_partenaire.nom} n'est plus actif dans l'annuaire : choisissez un autre partenaire.",
                champ="vers_partenaire",
            )
    jour = aujourdhui()
    _verifier_ouverte(
        par=par, usager=usager, vers_dispositif=vers_dispositif, vers_partenaire=vers_partenaire, jour=jour
    )
    note = (note or "").strip()
    orientation = Orientation(
        usager=usager,
        commune_id=commune_a_la_date(usager, jour),
        date=jour,
        depuis=depuis,
        vers_dispositif=vers_dispositif,
        vers_partenaire=vers_partenaire,
        motif=motif,
        note=note,
        accord_personne=True,
        accord_modalite=accord_modalite,
        cree_par=par,
    )
    if accueil is not None:
        cible = import_string(accueil.recevoir)(
            usager=usager,
            date=jour,
            motif=MotifOrientation(motif).label,
            note=note,
            depuis=depuis,
            par=par,
        )
        orientation.cible_modele = cible._meta.label_lower
        orientation.cible_id = cible.pk
    return save_valid(orientation)
