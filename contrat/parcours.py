"""An integrator's journey through a client generated from the served schema (make contrat).

Runs in the throw-away virtualenv where the generated package is installed, against the demo
accounts of a freshly migrated server. Every call goes through the generated, typed functions:
a response the client cannot parse into the documented model fails the run.
"""

import base64
import datetime
import hmac
import os
import struct
import sys
import time

from pacte_solidarite_client import AuthenticatedClient, Client
from pacte_solidarite_client.api.accompagnements import accompagnements_create
from pacte_solidarite_client.api.acor import acor_situations_list
from pacte_solidarite_client.api.asll import asll_mesures_create, asll_points_etape_list
from pacte_solidarite_client.api.auth import auth_token_create
from pacte_solidarite_client.api.contacts import contacts_create
from pacte_solidarite_client.api.droits import droits_create, droits_partial_update
from pacte_solidarite_client.api.emas import (
    emas_signalements_accepter_create,
    emas_signalements_create,
    emas_signalements_list,
)
from pacte_solidarite_client.api.orientations import orientations_create, orientations_retrieve
from pacte_solidarite_client.api.partenaires import partenaires_list
from pacte_solidarite_client.api.usagers import usagers_create, usagers_list
from pacte_solidarite_client.models import (
    AcceptationRequest,
    AccompagnementRequest,
    ContactRequest,
    DroitDetailRequest,
    Erreur,
    IdentifiantsRequest,
    MesureASLLCreationRequest,
    ModaliteAccordEnum,
    ModeContactEnum,
    MotifOrientationEnum,
    MotifSignalementEnum,
    ObjectifEnum,
    OrientationCreationRequest,
    OrigineSignalementEnum,
    PatchedDroitDetailRequest,
    SignalementCreationRequest,
    StatutDroitEnum,
    StatutOrientationEnum,
    TypeMesureEnum,
    UsagerRequest,
    VersDispositifEnum,
)

MOT_DE_PASSE = "demo-pacte-2020"
AUJOURD_HUI = datetime.date.today()


def attendre(reponse, statut: int, modele):
    """The answer has the documented status and parsed into the documented model."""
    assert reponse.status_code == statut, (reponse.status_code, reponse.content[:500])
    assert isinstance(reponse.parsed, modele), (type(reponse.parsed), reponse.content[:500])
    return reponse.parsed


def code_totp(secret: str) -> str:
    """The current code of a TOTP application (RFC 6238: SHA-1, 30 s, 6 digits), from its base32 secret."""
    cle = base64.b32decode(secret + "=" * (-len(secret) % 8))
    empreinte = hmac.new(cle, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
    decalage = empreinte[-1] & 0x0F
    return f"{(struct.unpack('>I', empreinte[decalage : decalage + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def connecter(base: str, identifiant: str, secret_totp: str = "") -> AuthenticatedClient:
    """A token for a demo account; the EMAS team and administrators send their second factor (`otp`)."""
    anonyme = Client(base_url=base, raise_on_unexpected_status=True)
    identifiants = IdentifiantsRequest(username=identifiant, password=MOT_DE_PASSE)
    if secret_totp:
        identifiants.otp = code_totp(secret_totp)
    jeton = auth_token_create.sync(client=anonyme, body=identifiants)
    assert jeton is not None and jeton.token
    return AuthenticatedClient(
        base_url=base, token=jeton.token, prefix="Token", raise_on_unexpected_status=True
    )


def main(base: str) -> None:
    from pacte_solidarite_client.models import (
        Accompagnement,
        Contact,
        DroitDetail,
        MesureASLL,
        PaginatedPointEtapeList,
        PaginatedUsagerList,
        Signalement,
        Usager,
    )

    # 1.1: an agent lists and creates persons, opens a follow-up, records a contact and a right.
    agent = connecter(base, "agent.droits")
    liste = attendre(usagers_list.sync_detailed(client=agent, page_size=10), 200, PaginatedUsagerList)
    assert liste.count >= 1 and all(isinstance(u, Usager) for u in liste.results)
    personne = attendre(
        usagers_create.sync_detailed(
            client=agent,
            body=UsagerRequest(
                nom="CONTRAT",
                prenom="Intégrateur",
                date_naissance=datetime.date(1980, 3, 12),
                commune="21231",
            ),
        ),
        201,
        Usager,
    )
    suivi = attendre(
        accompagnements_create.sync_detailed(client=agent, body=AccompagnementRequest(usager=personne.id)),
        201,
        Accompagnement,
    )
    attendre(
        contacts_create.sync_detailed(
            client=agent,
            body=ContactRequest(
                accompagnement=suivi.id,
                date=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
                mode=ModeContactEnum.TELEPHONE,
                duree_minutes=20,
            ),
        ),
        201,
        Contact,
    )
    reponse = droits_create.sync_detailed(
        client=agent,
        body=DroitDetailRequest(usager=personne.id, type_="rsa", accompagnement=suivi.id),
    )
    droit = attendre(reponse, 201, DroitDetail)
    for statut, dates in (
        (StatutDroitEnum.DEMANDE, {"date_demande": AUJOURD_HUI}),
        (StatutDroitEnum.OUVERT, {"date_ouverture": AUJOURD_HUI}),
    ):
        # No lost update: a change names the version it was made from (the ETag just received).
        reponse = droits_partial_update.sync_detailed(
            droit.id,
            client=agent,
            if_match=reponse.headers["etag"],
            body=PatchedDroitDetailRequest(statut=statut, **dates),
        )
        droit = attendre(reponse, 200, DroitDetail)
    assert droit.statut == StatutDroitEnum.OUVERT

    # One refused input, read through the typed error model.
    erreur = attendre(
        usagers_create.sync_detailed(
            client=agent,
            body=UsagerRequest(
                nom="FUTUR",
                prenom="Né",
                date_naissance=AUJOURD_HUI + datetime.timedelta(days=3),
                commune="21231",
            ),
        ),
        400,
        Erreur,
    )
    assert erreur.code == "invalide" and "date_naissance" in erreur.additional_properties, erreur

    # 2.1: a social worker opens an ASLL measure and lists its checkpoints.
    travailleur = connecter(base, "ts.asll")
    mesure = attendre(
        asll_mesures_create.sync_detailed(
            client=travailleur,
            body=MesureASLLCreationRequest(
                usager=personne.id,
                type_=TypeMesureEnum.ACCES,
                date_debut=AUJOURD_HUI - datetime.timedelta(days=70),
                duree_mois=6,
                objectifs=[ObjectifEnum.BUDGET],
            ),
        ),
        201,
        MesureASLL,
    )
    points = attendre(
        asll_points_etape_list.sync_detailed(client=travailleur, mesure=mesure.id),
        200,
        PaginatedPointEtapeList,
    )
    assert points.count == 3, points.count

    # 2.3: the EMAS team records a referral and accepts it.
    equipe = connecter(base, "infirmier.emas", os.environ["CONTRAT_TOTP_SECRET"])
    signalement = attendre(
        emas_signalements_create.sync_detailed(
            client=equipe,
            body=SignalementCreationRequest(
                usager=personne.id,
                date=AUJOURD_HUI - datetime.timedelta(days=2),
                origine=OrigineSignalementEnum.GRAND_DIJON_HABITAT,
                motifs=[MotifSignalementEnum.ISOLEMENT],
                majeur=True,
                logement_autonome=True,
                non_suivi_psychiatrie=True,
                incapacite_demande_soins=True,
            ),
        ),
        201,
        Signalement,
    )
    accepte = attendre(
        emas_signalements_accepter_create.sync_detailed(
            signalement.id, client=equipe, body=AcceptationRequest(date_decision=AUJOURD_HUI)
        ),
        200,
        Signalement,
    )
    assert accepte.decision.value == "accepte"

    # 1.4: the 1.1 agent reads the partners' directory, then orients the person to ACOR and to EMAS;
    # ACOR finds her on its waiting list; of the EMAS orientation the agent reads « reçue », nothing more.
    from pacte_solidarite_client.models import (
        Orientation,
        PaginatedPartenaireList,
        PaginatedSignalementList,
        PaginatedSituationACORList,
    )

    annuaire = attendre(
        partenaires_list.sync_detailed(client=agent, search="habitat", commune="21231"),
        200,
        PaginatedPartenaireList,
    )
    assert {"Grand Dijon Habitat", "CDC Habitat"} <= {p.nom for p in annuaire.results}, annuaire
    orientations = {}
    for cible in (VersDispositifEnum.ACOR, VersDispositifEnum.EMAS):
        orientations[cible] = attendre(
            orientations_create.sync_detailed(
                client=agent,
                body=OrientationCreationRequest(
                    usager=personne.id,
                    vers_dispositif=cible,
                    motif=MotifOrientationEnum.SOUFFRANCE_PSYCHIQUE,
                    note="Orientation du parcours de contrat.",
                    accord_personne=True,
                    accord_modalite=ModaliteAccordEnum.ORAL,
                ),
            ),
            201,
            Orientation,
        )
        assert orientations[cible].statut == StatutOrientationEnum.RECUE
    intervenant = connecter(base, "intervenant.acor")
    attente = attendre(
        acor_situations_list.sync_detailed(client=intervenant, usager=personne.id),
        200,
        PaginatedSituationACORList,
    )
    assert [s.statut.value for s in attente.results] == ["en_attente"], attente
    recus = attendre(
        emas_signalements_list.sync_detailed(client=equipe, usager=personne.id),
        200,
        PaginatedSignalementList,
    )
    assert sorted(s.decision.value for s in recus.results) == ["accepte", "en_attente"], recus
    lu = attendre(
        orientations_retrieve.sync_detailed(orientations[VersDispositifEnum.EMAS].id, client=agent),
        200,
        Orientation,
    )
    assert lu.statut == StatutOrientationEnum.RECUE
    print("Contrat : le client généré a fait le parcours complet (1.1, 2.1, 2.3, 1.4, erreur typée).")


if __name__ == "__main__":
    main(sys.argv[1])
