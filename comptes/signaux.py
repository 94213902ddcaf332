"""A deactivated account loses its API tokens at once, whatever path deactivated it (the admin's
form, a service, the shell): its sessions already stop, Django refusing inactive users. So does an
account whose password changed, whoever changed or reset it (the sessions stop by Django's own
session hash; the tokens, up to 24 hours, would not). An
administrator keeps only the tokens it obtained with its second factor.

Every browser sign-in, failure and sign-out, whatever the path (the sign-in page, the browsable
API's, ProConnect, the token endpoint's failures), is written to the sign-in journal from Django's
own signals. A caller says how (`request.moyen_de_connexion`), why a failure happened
(`request.motif_d_echec`) and, past the password, whose it is (`request.compte_en_echec`); nothing
else of the credentials is read."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import ProtectedError
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from comptes.jetons import jetons_revoquer, jetons_sans_second_facteur_revoquer
from comptes.middleware import session_demarrer
from comptes.models import Evenement, Moyen, User
from comptes.services import est_reference, evenement_de_connexion_enregistrer

PROCONNECT_BACKEND = "comptes.proconnect.ProConnectBackend"
MOTIF_PAR_DEFAUT = "identifiant ou mot de passe invalide"


@receiver(pre_delete, sender=User, dispatch_uid="comptes.signaux.suppression")
def refuser_de_supprimer_un_compte_reference(sender, instance: User, **kwargs) -> None:
    """Whatever path deletes it (the shell, a command): an account a record names is refused, as a
    foreign key `PROTECT` would — even where the name is a many-to-many row Django would cascade."""
    if est_reference(instance):
        raise ProtectedError("Ce compte est nommé par des dossiers : désactivez-le.", set())


@receiver(pre_save, sender=User, dispatch_uid="comptes.signaux.mot_de_passe")
def noter_un_mot_de_passe_change(sender, instance: User, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        instance._mot_de_passe_change = False
        return
    ancien = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._mot_de_passe_change = ancien is not None and ancien != instance.password


@receiver(post_save, sender=User, dispatch_uid="comptes.signaux.desactivation")
def revoquer_les_jetons_d_un_compte_desactive(sender, instance: User, **kwargs) -> None:
    if not instance.is_active or getattr(instance, "_mot_de_passe_change", False):
        jetons_revoquer(user=instance)
    elif instance.is_superuser:
        # An administrator needs the second factor: the tokens it was issued without stop at once.
        jetons_sans_second_facteur_revoquer(user=instance)


def _moyen_de_la_session(request) -> str:
    session = getattr(request, "session", None)
    backend = session.get(BACKEND_SESSION_KEY) if session is not None else None
    return Moyen.PROCONNECT if backend == PROCONNECT_BACKEND else Moyen.LOCAL


@receiver(user_logged_in, dispatch_uid="comptes.signaux.connexion")
def journaliser_la_connexion(sender, request, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        session_demarrer(request)
    moyen = _moyen_de_la_session(request)
    detail = ""
    if moyen == Moyen.PROCONNECT:
        detail = f"acr {getattr(user, 'proconnect_acr', '') or '(absent)'}"
    evenement_de_connexion_enregistrer(
        evenement=Evenement.CONNEXION, moyen=moyen, request=request, user=user, detail=detail
    )


@receiver(user_login_failed, dispatch_uid="comptes.signaux.echec")
def journaliser_l_echec(sender, credentials, request=None, **kwargs) -> None:
    compte = credentials.get("username") or getattr(request, "compte_tente", "")
    evenement_de_connexion_enregistrer(
        evenement=Evenement.ECHEC,
        moyen=getattr(request, "moyen_de_connexion", Moyen.LOCAL),
        request=request,
        # The account is known when its password was right and its second factor wrong.
        user=getattr(request, "compte_en_echec", None),
        compte=compte,
        motif=getattr(request, "motif_d_echec", MOTIF_PAR_DEFAUT),
    )
    if request is not None:
        request.echec_journalise = True


@receiver(user_logged_out, dispatch_uid="comptes.signaux.deconnexion")
def journaliser_la_deconnexion(sender, request, user, **kwargs) -> None:
    if user is None or getattr(request, "deconnexion_journalisee", False):
        return
    evenement_de_connexion_enregistrer(
        evenement=Evenement.DECONNEXION,
        moyen=_moyen_de_la_session(request),
        request=request,
        user=user,
        motif=getattr(request, "motif_de_deconnexion", ""),
    )
