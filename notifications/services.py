"""Writes of the reminders: the daily scan, the e-mail digests, marking a notification read.

- `rappels_creer` runs the rules of `notifications.echeances` and inserts what they find with
  `INSERT … ON CONFLICT DO NOTHING` on the unique constraint (object, kind, recipient): each
  reminder exists exactly once however many scans run, at once or again.
- `digests_envoyer` sends one e-mail per recipient with everything not yet e-mailed, then marks it
  (`envoyee_le`) in the same transaction that locked the recipient and her rows: a concurrent scan
  passes over that recipient, a re-run sends nothing twice. A worker killed between the send and the
  commit resends that one digest on the next run: e-mail is effectively once, never lost.
"""

import logging
import smtplib
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from comptes.models import User
from config import dispositifs as registre
from config.dispositifs import Rappel
from config.sql import inserer_par_tableaux
from notifications.echeances import regles
from notifications.models import Notification

logger = logging.getLogger(__name__)


def jour_du_scan(maintenant=None) -> date:
    """The scan's day is the calendar day in Europe/Paris (a 00:30 Paris run is already tomorrow in Paris)."""
    return timezone.localdate(maintenant or timezone.now())


def lien(objet_type: str, objet_id: int) -> str | None:
    """Absolute link to the record (`SITE_URL` + API path), None when the record has no page yet.
    The route is the API page the dispositif declares for it: the recipient opens it with their own
    rights."""
    route = next((o.route for o in registre.objets_rappeles() if o.code == objet_type), None)
    if route is None:
        return None
    try:
        chemin = reverse(route, args=[objet_id])
    except NoReverseMatch:
        return None
    return f"{settings.SITE_URL.rstrip('/')}{chemin}"


def _inserer(rappels: list[Rappel]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on the unique constraint (object, kind, recipient); returns
    how many rows were inserted (a concurrent scan may have inserted the others).

    PostgreSQL: one statement whatever the number of rows (one array per column, `unnest`), where
    `bulk_create` would split beyond 65 535 parameters. SQLite (workstation): `bulk_create`, which
    splits beyond 999 parameters (INSERT OR IGNORE), counted before and after (SQLite has one writer).
    """
    if connection.vendor == "postgresql":
        maintenant = timezone.now()
        colonnes = {
            "destinataire_id": ("bigint", [r.destinataire_id for r in rappels]),
            "type": ("varchar", [r.type for r in rappels]),
            "objet_type": ("varchar", [r.objet_type for r in rappels]),
            "objet_id": ("bigint", [r.objet_id for r in rappels]),
            "titre": ("varchar", [r.titre for r in rappels]),
            "message": ("varchar", [r.message for r in rappels]),
            "cree_le": ("timestamptz", [maintenant] * len(rappels)),
        }
        fin = "ON CONFLICT (objet_type, objet_id, type, destinataire_id) DO NOTHING"
        return inserer_par_tableaux(connection, Notification._meta.db_table, colonnes, fin)
    avant = Notification.objects.count()
    Notification.objects.bulk_create(
        [
            Notification(
                destinataire_id=r.destinataire_id,
                type=r.type,
                objet_type=r.objet_type,
                objet_id=r.objet_id,
                titre=r.titre,
                message=r.message,
            )
            for r in rappels
        ],
        ignore_conflicts=True,
    )
    return Notification.objects.count() - avant


def rappels_creer(*, jour: date) -> int:
    """Create every reminder due up to `jour` that does not exist yet; returns how many it created.

    One transaction per rule: a worker killed between two rules keeps the rules already done; the
    next run redoes the rest. Each rule costs a fixed number of queries and reads only what is not
    reminded yet (`notifications.echeances`); its insert is one statement on PostgreSQL (SQLite
    splits a large insert into batches of its 999 parameters).
    """
    crees = 0
    for regle in regles():
        rappels = regle(jour)
        if rappels:
            with transaction.atomic():
                crees += _inserer(rappels)
    if crees and connection.vendor == "postgresql":
        # The scan refreshes the planner's statistics of what it wrote, rather than wait for
        # autovacuum: after a first scan or a backlog, the next scan's `NOT EXISTS` would be planned
        # for the empty table it saw before (a nested loop over thousands of rows).
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE notifications_notification")
    return crees


def _corps(notifications: list[Notification], jour: date) -> str:
    """The digest: titles, short factual messages (a number, a date) and links. No name, no free text."""
    lignes = [
        "Bonjour,",
        "",
        f"Voici vos rappels au {jour:%d/%m/%Y} (suivi des dispositifs du Pacte de solidarité) :",
        "",
    ]
    for n in notifications:
        lignes.append(f"- {n.titre} : {n.message}")
        adresse = lien(n.objet_type, n.objet_id)
        if adresse:
            lignes.append(f"  {adresse}")
    lignes += [
        "",
        "Connectez-vous pour consulter les dossiers :",
        "ce courriel ne contient aucune donnée sur les personnes suivies.",
    ]
    return "\n".join(lignes)


# The namespace of the digests' advisory locks (`_digest_a_soi`): the first key of PostgreSQL's two-key form.
_VERROU_DES_DIGESTS = 0x6E6F7469  # "noti"


def _digest_a_soi(destinataire_id: int) -> bool:
    """Whether this transaction takes the sending of `destinataire_id`'s digest: a transaction-level
    advisory lock on the recipient, tried, not awaited (PostgreSQL; SQLite has one writer). Row locks
    alone let two concurrent scans each lock part of one recipient's rows (`SKIP LOCKED` passes over
    the other's as it goes) and send two digests; with it, the second scan passes over the recipient
    and, once the first has committed, finds nothing left to send. Released at commit: allowed
    behind PgBouncer's transaction mode (docs/DEPLOIEMENT.md)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [_VERROU_DES_DIGESTS, destinataire_id % 2**31]
        )
        return curseur.fetchone()[0]


def digests_envoyer(*, jour: date) -> int:
    """Send each recipient one digest of their reminders not yet e-mailed; returns the mails sent.

    Recipients without an address or inactive keep their reminders in the application only; a
    digest that fails to send stays due and goes with the next scan.
    """
    destinataires = (
        Notification.objects.a_envoyer()
        .filter(destinataire__is_active=True)
        .exclude(destinataire__email="")
        .values_list("destinataire_id", flat=True)
        .distinct()
        .order_by("destinataire_id")
    )
    envoyes = 0
    connexion = get_connection()
    for destinataire_id in list(destinataires):
        with transaction.atomic():
            if not _digest_a_soi(destinataire_id):
                continue  # another scan is sending this recipient's digest
            notifications = list(
                Notification.objects.a_envoyer()
                .filter(destinataire_id=destinataire_id)
                .select_related("destinataire")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("cree_le", "id")
            )
            if not notifications:
                continue  # another scan holds or has sent them
            destinataire = notifications[0].destinataire
            try:
                EmailMessage(
                    subject=f"[Pacte de solidarité] {len(notifications)} rappel(s) au {jour:%d/%m/%Y}",
                    body=_corps(notifications, jour),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[destinataire.email],
                    connection=connexion,
                ).send()
            except (smtplib.SMTPException, OSError):
                # One refused address or an SMTP hiccup must not hold back the others' digests:
                # these rows stay unsent and go with the next scan's digest.
                logger.exception("Récapitulatif non envoyé au compte n°%s.", destinataire_id)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                envoyee_le=timezone.now()
            )
            envoyes += 1
    return envoyes


def rappels_envoyer(*, jour: date | None = None) -> dict[str, int]:
    """The daily scan: create what is due up to `jour` (Paris today by default), then mail the digests."""
    jour = jour or jour_du_scan()
    crees = rappels_creer(jour=jour)
    courriels = digests_envoyer(jour=jour)
    logger.info("Rappels du %s : %s créé(s), %s courriel(s) envoyé(s).", jour.isoformat(), crees, courriels)
    return {"crees": crees, "courriels": courriels}


def notification_marquer_lue(*, notification: Notification, par: User) -> Notification:
    """Mark one of `par`'s notifications read (the first reading counts; reading again changes nothing)."""
    if notification.destinataire_id != par.pk:
        raise Notification.DoesNotExist
    if notification.lue_le is None:
        notification.lue_le = timezone.now()
        Notification.objects.filter(pk=notification.pk, lue_le__isnull=True).update(
            lue_le=notification.lue_le
        )
    return notification
