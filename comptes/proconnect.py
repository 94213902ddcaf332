"""Signing in with ProConnect, the State's OpenID Connect federation (README « ProConnect »).

mozilla-django-oidc runs the authorisation code flow (PKCE S256, `state` and `nonce` kept in the
session and used once); this module adds what ProConnect and this product need:
- the ID token's signature, `iss`, `aud` (and `azp`), `exp`, `iat` and `nonce` are all verified
  (the library checks neither `iss` nor `aud`), and so is the signed userinfo (`application/jwt`),
  whose `sub` must be the ID token's;
- **no account is created and no grant given**: the first sign-in links an existing active account by
  its verified e-mail and stores the provider's `sub` (`User.proconnect_sub`), matched alone from then
  on; an unknown e-mail gets « votre compte n'est pas encore ouvert » and a journal entry;
- the `acr` is read: one the deployment declares strong (`PROCONNECT_ACR_FORTS`) counts as the second
  factor of the accounts that need one; a weaker one leaves them to present their own code here;
- signing out ends the ProConnect session too (RP-initiated logout: `id_token_hint`, `state`,
  `post_logout_redirect_uri`), see `comptes.views.DeconnexionView`.

Every refusal is a French page, a journal entry and a failed attempt counted for the address
(`comptes.connexion`), never a 500."""

import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from comptes.models import Evenement, Moyen, User
from comptes.perms import exige_second_facteur
from comptes.second_facteur import SESSION_ACR_FORT
from comptes.services import evenement_de_connexion_enregistrer

# Where the browser goes once signed in but still owing its second factor (comptes.views).
SESSION_SUIVANT = "comptes_suivant"
# Clock skew tolerated on `exp` / `iat` (seconds).
TOLERANCE = 60

# Environment variable → (setting, key of the discovery document).
VARIABLES = {
    "PROCONNECT_ISSUER": ("OIDC_OP_ISSUER", "issuer"),
    "PROCONNECT_AUTHORIZATION_ENDPOINT": ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    "PROCONNECT_TOKEN_ENDPOINT": ("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
    "PROCONNECT_USERINFO_ENDPOINT": ("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint"),
    "PROCONNECT_JWKS_URI": ("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
    "PROCONNECT_END_SESSION_ENDPOINT": ("OIDC_OP_LOGOUT_ENDPOINT", "end_session_endpoint"),
}
REGLAGES_REQUIS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)

COMPTE_NON_OUVERT = "compte non ouvert"


def proconnect_actif() -> bool:
    """ProConnect is offered once its client and every endpoint are configured."""
    return all(getattr(settings, nom, "") for nom in REGLAGES_REQUIS)


def variables_depuis_decouverte(document: dict) -> dict[str, str]:
    """The environment variables of this deployment, from the provider's discovery document."""
    return {variable: str(document.get(cle, "")) for variable, (_, cle) in VARIABLES.items()}


def reglages_depuis_decouverte(document: dict) -> dict[str, str]:
    """The same, as Django settings (tests configure the test provider with it)."""
    return {reglage: str(document.get(cle, "")) for reglage, cle in VARIABLES.values()}


@dataclass
class Refus:
    motif: str
    compte: str = ""


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authenticates the return of ProConnect (called by `auth.authenticate` from the callback view
    only: any other call — a password sign-in — is not its business)."""

    def authenticate(self, request, **kwargs):
        if request is None or set(kwargs) - {"nonce", "code_verifier"} or not proconnect_actif():
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    # Tokens -----------------------------------------------------------------------------------

    def _cle(self, jeton: str):
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
            if self.OIDC_RP_IDP_SIGN_KEY is not None:
                return self.OIDC_RP_IDP_SIGN_KEY
            try:
                return self.retrieve_matching_jwk(jeton)
            except (jwt.PyJWTError, KeyError) as exc:
                raise SuspiciousOperation("clé de signature du jeton introuvable") from exc
        return self.OIDC_RP_CLIENT_SECRET

    def _decoder(self, jeton: str, *, requis: list[str]) -> dict:
        """Signature (the registered algorithm only), issuer, audience, expiry: each refused with its
        own French reason."""
        if not jeton:
            raise SuspiciousOperation("jeton d'identité absent de la réponse du fournisseur")
        try:
            claims = jwt.decode(
                jeton,
                self._cle(jeton),
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=TOLERANCE,
                options={"require": requis},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SuspiciousOperation("jeton d'identité expiré (exp)") from exc
        except jwt.InvalidAudienceError as exc:
            raise SuspiciousOperation("jeton destiné à un autre client (aud)") from exc
        except jwt.InvalidIssuerError as exc:
            raise SuspiciousOperation("jeton d'un autre émetteur (iss)") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise SuspiciousOperation(f"revendication « {exc.claim} » absente du jeton") from exc
        except jwt.ImmatureSignatureError as exc:
            raise SuspiciousOperation("jeton émis dans le futur (iat)") from exc
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation("signature ou format du jeton invalide") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("jeton destiné à plusieurs clients sans être pour celui-ci (azp)")
        return claims

    def verify_token(self, token, **kwargs):
        """The ID token: signed, for us, by the provider, alive, and carrying the `nonce` of this very
        request (one nonce per sign-in, used once: a replayed token carries an older one)."""
        claims = self._decoder(token, requis=["iss", "aud", "exp", "iat", "sub", "nonce"])
        attendu = kwargs.get("nonce")
        if not attendu or not hmac.compare_digest(str(claims["nonce"]), str(attendu)):
            raise SuspiciousOperation("nonce du jeton différent de celui de la demande (rejeu ?)")
        return claims

    def _demander_userinfo(self, access_token: str) -> requests.Response:
        reponse = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        reponse.raise_for_status()
        return reponse

    def get_userinfo(self, access_token, id_token, payload):
        """ProConnect answers a signed JWT (verified like the ID token, its expiry if it has one); its
        `sub` must be the ID token's."""
        reponse = self._demander_userinfo(access_token)
        if reponse.headers.get("content-type", "").lower().startswith("application/jwt"):
            claims = self._decoder(reponse.text, requis=["iss", "aud", "sub"])
        else:
            claims = reponse.json()
        if str(claims.get("sub", "")) != str(payload["sub"]):
            raise SuspiciousOperation("les informations reçues sont celles d'une autre identité (sub)")
        return claims

    # Accounts ---------------------------------------------------------------------------------

    def _refuser(self, motif: str, compte: str = ""):
        self.request.motif_d_echec = motif
        self.request.compte_tente = compte
        self.request.refus_proconnect = Refus(motif=motif, compte=compte)
        return None

    @staticmethod
    def email_verifie(claims: dict) -> bool:
        """An explicit `email_verified: false` is refused; a missing one only if the deployment says so
        (ProConnect sends none: each identity provider vouches for its own domains)."""
        if "email_verified" in claims:
            return claims["email_verified"] is True or str(claims["email_verified"]).lower() == "true"
        return not settings.PROCONNECT_EMAIL_VERIFIE_EXIGE

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except SuspiciousOperation as exc:
            return self._refuser(str(exc))
        sub = str(payload["sub"])
        email = str(claims.get("email") or "").strip()
        user = User.objects.filter(proconnect_sub=sub).first()
        if user is None:
            if not email:
                return self._refuser("adresse électronique absente des informations de ProConnect")
            if not self.email_verifie(claims):
                return self._refuser("adresse électronique non vérifiée par le fournisseur", email)
            candidats = list(User.objects.filter(email__iexact=email)[:2])
            if not candidats:
                return self._refuser(COMPTE_NON_OUVERT, email)
            if len(candidats) > 1:
                return self._refuser("plusieurs comptes portent cette adresse électronique", email)
            user = candidats[0]
            if user.proconnect_sub:
                return self._refuser("ce compte est lié à une autre identité ProConnect", email)
            if not user.is_active:
                return self._refuser("compte désactivé", email)
            user.proconnect_sub = sub
            user.save(update_fields=["proconnect_sub"])
            evenement_de_connexion_enregistrer(
                evenement=Evenement.LIAISON,
                moyen=Moyen.PROCONNECT,
                request=self.request,
                user=user,
                detail=f"idp {claims.get('idp_id', '')}".strip(),
            )
        if not user.is_active:
            return self._refuser("compte désactivé", user.get_username())
        user.proconnect_acr = str(payload.get("acr") or "")
        user.proconnect_amr = payload.get("amr") or []
        return user


class ProConnectConnexionView(OIDCAuthenticationRequestView):
    """« S'identifier avec ProConnect » : to the provider, with `state`, `nonce` and the PKCE challenge
    kept in the session; only the parameters ProConnect knows (it refuses any other)."""

    def get(self, request):
        if not proconnect_actif():
            raise Http404
        return super().get(request)

    def get_extra_params(self, request):
        params = {}
        if settings.PROCONNECT_ACR_VALUES:
            params["acr_values"] = settings.PROCONNECT_ACR_VALUES
        if settings.PROCONNECT_CLAIMS:
            params["claims"] = json.dumps(json.loads(settings.PROCONNECT_CLAIMS), separators=(",", ":"))
        return params


class ProConnectRetourView(OIDCAuthenticationCallbackView):
    """The return from ProConnect (`redirect_uri`): the `state` must be one this browser's session
    issued and not yet used; then the code is exchanged (with the PKCE verifier) and the tokens checked
    by `ProConnectBackend`. Any failure is a French page and a journal entry."""

    def get(self, request):
        if not proconnect_actif():
            raise Http404
        request.moyen_de_connexion = Moyen.PROCONNECT
        if request.GET.get("error"):
            request.motif_d_echec = f"refus du fournisseur : {request.GET['error'][:60]}"
        elif "code" in request.GET:
            etats = request.session.get("oidc_states") or {}
            if request.GET.get("state") not in etats:
                return self.echouer("state inconnu ou déjà utilisé")
            # RFC 9207: a provider that names itself on the return must be ours (mix-up attacks).
            if "iss" in request.GET and request.GET["iss"] != settings.OIDC_OP_ISSUER:
                return self.echouer("retour d'un autre émetteur (iss)")
        else:
            return self.echouer("retour sans code ni erreur")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            return self.echouer(str(exc))
        except (requests.RequestException, ValueError):
            return self.echouer("échange du code refusé par le fournisseur, ou fournisseur injoignable")

    def echouer(self, motif: str):
        self.request.motif_d_echec = motif
        return self.login_failure()

    def login_failure(self):
        request = self.request
        if not getattr(request, "echec_journalise", False):
            request.motif_d_echec = getattr(request, "motif_d_echec", "connexion ProConnect refusée")
            user_login_failed.send(sender=__name__, credentials={}, request=request)
        refus = getattr(request, "refus_proconnect", None)
        if refus is not None and refus.motif == COMPTE_NON_OUVERT:
            return render(request, "comptes/compte_non_ouvert.html", {"email": refus.compte}, status=403)
        return render(request, "comptes/echec_proconnect.html", {"motif": request.motif_d_echec}, status=403)

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or settings.CONNEXION_ARRIVEE_URL

    def login_success(self):
        suite = self.success_url
        # Always a new session key, even for the account already signed in (by password, say).
        auth.login(self.request, self.user)
        acr = getattr(self.user, "proconnect_acr", "")
        if acr and acr in settings.PROCONNECT_ACR_FORTS:
            self.request.session[SESSION_ACR_FORT] = acr
            if exige_second_facteur(self.user):
                evenement_de_connexion_enregistrer(
                    evenement=Evenement.SECOND_FACTEUR,
                    moyen=Moyen.PROCONNECT,
                    request=self.request,
                    user=self.user,
                    detail=f"acr {acr}",
                )
        elif exige_second_facteur(self.user):
            self.request.session[SESSION_SUIVANT] = suite
            return redirect("second-facteur")
        return redirect(suite)


def url_de_deconnexion(request, id_token: str, state: str) -> str:
    """ProConnect's end-session URL (a browser redirect, every parameter required)."""
    params = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("deconnexion-terminee")),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
