"""One digest per recipient per scan, a link at most: no name, no free text, nothing beyond what
the recipient may see (asserted on the outbox)."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from logement.services import point_etape_realiser
from notifications.services import rappels_envoyer
from tests.logement.factories import SituationACORFactory
from tests.notifications.factories import encadrant, mesure, referent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_un_recapitulatif_par_destinataire_avec_des_liens_et_sans_donnee_personnelle(settings):
    settings.SITE_URL = "https://pacte.exemple.fr"
    travailleur = referent(DIJON)
    mesures = [mesure(D(2026, 1, 10), par=travailleur) for _ in range(3)]
    # A held checkpoint with a free-text summary, on a measure that is then late on its next one.
    point_etape_realiser(
        point=mesures[0].points_etape.get(rang=1),
        date_realisee=D(2026, 3, 10),
        par=travailleur,
        compte_rendu="Dette de loyer, suivi psychiatrique en cours",
    )
    autre = mesure(D(2026, 1, 10), commune=CHENOVE)
    chef_dijon = encadrant(DIJON)
    SituationACORFactory(usager=UsagerFactory(code_commune=DIJON), date_orientation=D(2025, 12, 1))

    rappels_envoyer(jour=D(2026, 3, 30))

    par_destinataire = {tuple(m.to): m for m in mail.outbox}
    assert len(mail.outbox) == len(par_destinataire) == 3  # one each: the two référents, the supervisor
    mien = par_destinataire[(travailleur.email,)].body
    for m in mesures[1:]:
        assert f"/api/v1/asll/points-etape/{m.points_etape.get(rang=1).pk}/" in mien
    assert "https://pacte.exemple.fr/api/v1/" in mien
    assert f"/api/v1/asll/points-etape/{autre.points_etape.get(rang=1).pk}/" not in mien  # not theirs

    tout = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    for m in [*mesures, autre]:
        for texte in (m.usager.nom, m.usager.prenom, m.usager.date_naissance.strftime("%d/%m/%Y")):
            assert texte not in tout
    assert "Dette" not in tout and "psychiatrique" not in tout

    chef = par_destinataire[(chef_dijon.email,)].body
    assert "/api/v1/acor/situations/" in chef
    assert f"/points-etape/{autre.points_etape.get(rang=1).pk}/" not in chef  # Chenôve is not theirs


def test_sans_adresse_pas_de_courriel_mais_la_notification_reste(django_user_model):
    m = mesure(D(2026, 1, 10))
    django_user_model.objects.filter(pk=m.referent_id).update(email="")
    resultat = rappels_envoyer(jour=D(2026, 3, 11))
    assert resultat["courriels"] == 0 and not mail.outbox
    assert m.referent.notifications.filter(envoyee_le__isnull=True).count() == 1


def test_un_envoi_refuse_ne_bloque_pas_les_autres_et_repart_au_passage_suivant(caplog):
    refuse, accepte = referent(DIJON), referent(DIJON)
    mesure(D(2026, 1, 10), par=refuse)
    mesure(D(2026, 1, 10), par=accepte)
    envoyer = EmailMessage.send

    def envoyer_sauf_a_refuse(message, *args, **kwargs):
        if message.to == [refuse.email]:
            raise smtplib.SMTPRecipientsRefused({refuse.email: (550, b"refused")})
        return envoyer(message, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", envoyer_sauf_a_refuse):
        assert rappels_envoyer(jour=D(2026, 3, 11))["courriels"] == 1
    assert [m.to for m in mail.outbox] == [[accepte.email]]
    assert "Récapitulatif non envoyé" in caplog.text
    assert refuse.notifications.filter(envoyee_le__isnull=True).count() == 1

    assert rappels_envoyer(jour=D(2026, 3, 12))["courriels"] == 1  # sent with the next scan
    assert [m.to for m in mail.outbox] == [[accepte.email], [refuse.email]]
