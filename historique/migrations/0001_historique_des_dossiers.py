"""The event tables of the change history, as this app first held them (their state moved to each
model's app in 0003; the tables stay). Frozen: no validator, no code of another app."""

import django.core.validators
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("accompagnements", "0008_historique_des_modifications"),
        ("communes", "0002_charger_les_23_communes"),
        ("emas", "0003_historique_des_modifications"),
        ("logement", "0008_historique_des_modifications"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("usagers", "0007_conservation_et_historique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="AccompagnementHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("date_debut", models.DateField(verbose_name="date de début")),
                ("date_fin", models.DateField(blank=True, null=True, verbose_name="date de fin")),
                (
                    "statut",
                    models.CharField(
                        choices=[("ouvert", "Ouvert"), ("clos", "Clos")],
                        default="ouvert",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                (
                    "motif_cloture",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("demarches_abouties", "Démarches abouties"),
                            ("autonomie", "Personne autonome dans ses démarches"),
                            ("orientation", "Orientation vers un autre accompagnement"),
                            ("injoignable", "Personne injoignable"),
                            ("refus", "Refus de la personne"),
                            ("demenagement", "Déménagement hors de la métropole"),
                            ("autre", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="motif de clôture",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accompagnements.accompagnement",
                    ),
                ),
                (
                    "referent",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="référent (agent d'accompagnement)",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="ContactHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("date", models.DateTimeField(verbose_name="date et heure")),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("telephone", "Téléphone"),
                            ("rendez_vous", "Rendez-vous à l'antenne ou au CCAS"),
                            ("domicile", "Visite à domicile"),
                            ("autre", "Autre"),
                        ],
                        max_length=20,
                        verbose_name="mode",
                    ),
                ),
                ("lieu", models.CharField(blank=True, max_length=200, verbose_name="lieu")),
                ("duree_minutes", models.PositiveSmallIntegerField(verbose_name="durée (minutes)")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                (
                    "accompagnement",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="accompagnements.accompagnement",
                        verbose_name="accompagnement",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Renseignée automatiquement : la commune de l'usager à l'enregistrement du contact.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence au moment du contact",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accompagnements.contact",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="DemarcheHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("compte_en_ligne", "Création d'un compte en ligne"),
                            ("caf", "CAF"),
                            ("cpam", "CPAM / ameli"),
                            ("france_travail", "France Travail"),
                            ("impots", "Impôts"),
                            ("ants", "ANTS (titres d'identité, permis, carte grise)"),
                            ("mdph", "MDPH"),
                            ("retraite", "Retraite"),
                            ("logement_social", "Demande de logement social"),
                            ("aide_energie", "Aide à l'énergie"),
                            ("autre", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="type de démarche",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("en_ligne", models.BooleanField(default=True, verbose_name="faite en ligne")),
                (
                    "statut",
                    models.CharField(
                        choices=[
                            ("a_faire", "À faire"),
                            ("en_cours", "En cours"),
                            ("faite", "Faite"),
                            ("bloquee", "Bloquée"),
                        ],
                        default="a_faire",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                (
                    "organisme",
                    models.CharField(blank=True, max_length=200, verbose_name="organisme concerné"),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                (
                    "accompagnement",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="accompagnements.accompagnement",
                        verbose_name="accompagnement",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accompagnements.demarche",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="DroitHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                (
                    "statut",
                    models.CharField(
                        choices=[
                            ("identifie", "Identifié (non recouru)"),
                            ("demande", "Demandé"),
                            ("ouvert", "Ouvert"),
                            ("refuse", "Refusé"),
                            ("abandonne", "Abandonné"),
                        ],
                        default="identifie",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                ("date_identification", models.DateField(verbose_name="date d'identification")),
                ("date_demande", models.DateField(blank=True, null=True, verbose_name="date de la demande")),
                ("date_ouverture", models.DateField(blank=True, null=True, verbose_name="date d'ouverture")),
                ("date_refus", models.DateField(blank=True, null=True, verbose_name="date du refus")),
                ("date_abandon", models.DateField(blank=True, null=True, verbose_name="date d'abandon")),
                (
                    "montant_mensuel",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=9,
                        null=True,
                        verbose_name="montant mensuel (€)",
                    ),
                ),
                (
                    "accompagnement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="accompagnements.accompagnement",
                        verbose_name="accompagnement",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Renseignée automatiquement : commune de l'usager à l'enregistrement, puis à l'ouverture.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accompagnements.droit",
                    ),
                ),
                (
                    "type",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="accompagnements.typedroit",
                        verbose_name="type de droit",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="InterventionHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("date", models.DateField(verbose_name="date")),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("visite_domicile", "Visite à domicile"),
                            ("appel", "Appel téléphonique"),
                            ("accompagnement_soins", "Accompagnement vers les soins"),
                            ("reunion_partenaires", "Réunion avec des partenaires"),
                            ("synthese_equipe", "Synthèse d'équipe"),
                        ],
                        max_length=25,
                        verbose_name="type d'intervention",
                    ),
                ),
                ("duree_minutes", models.PositiveSmallIntegerField(verbose_name="durée (minutes)")),
                ("notes", models.TextField(blank=True, max_length=10000, verbose_name="notes")),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="emas.intervention",
                    ),
                ),
                (
                    "suivi",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="emas.suiviemas",
                        verbose_name="suivi",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="MesureASLLHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("nb_adultes", models.PositiveSmallIntegerField(default=1, verbose_name="adultes du ménage")),
                ("nb_enfants", models.PositiveSmallIntegerField(default=0, verbose_name="enfants du ménage")),
                (
                    "type",
                    models.CharField(
                        choices=[("acces", "Accès à un logement"), ("maintien", "Maintien dans le logement")],
                        max_length=10,
                        verbose_name="type de mesure",
                    ),
                ),
                (
                    "prescripteur",
                    models.CharField(
                        choices=[
                            ("ccas", "CCAS"),
                            ("service_social", "Service social métropolitain"),
                            ("bailleur", "Bailleur"),
                            ("autre", "Autre"),
                        ],
                        default="autre",
                        max_length=20,
                        verbose_name="prescripteur",
                    ),
                ),
                ("date_debut", models.DateField(verbose_name="date de début")),
                (
                    "duree_mois",
                    models.PositiveSmallIntegerField(
                        help_text="Durée totale accordée, renouvellements compris (24 mois au plus).",
                        verbose_name="durée accordée (mois)",
                    ),
                ),
                ("date_fin_prevue", models.DateField(editable=False, verbose_name="date de fin prévue")),
                ("objectifs", models.JSONField(default=list, verbose_name="objectifs")),
                (
                    "statut",
                    models.CharField(
                        choices=[
                            ("en_cours", "En cours"),
                            ("suspendue", "Suspendue"),
                            ("terminee", "Terminée"),
                        ],
                        default="en_cours",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                (
                    "date_suspension",
                    models.DateField(blank=True, null=True, verbose_name="suspendue depuis le"),
                ),
                ("date_fin", models.DateField(blank=True, null=True, verbose_name="date de fin")),
                (
                    "issue",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("objectifs_atteints", "Objectifs atteints"),
                            ("objectifs_partiellement_atteints", "Objectifs partiellement atteints"),
                            ("non_collaboration", "Non-collaboration"),
                            ("orientation", "Orientation vers une autre réponse"),
                            ("demenagement", "Déménagement"),
                            ("autre", "Autre"),
                        ],
                        max_length=40,
                        verbose_name="issue (bilan des suites)",
                    ),
                ),
                (
                    "orientation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("acor", "ACOR"),
                            ("emas", "Équipe mobile EMAS"),
                            ("mesure_budgetaire", "Mesure budgétaire"),
                            ("autre", "Autre"),
                        ],
                        max_length=20,
                        verbose_name="orientation vers",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Renseignée au début de la mesure ; les indicateurs comptent par cette commune.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence au début de la mesure",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="logement.mesureasll",
                    ),
                ),
                (
                    "referent",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="référent (travailleur social)",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager (personne de référence du ménage)",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="PointEtapeHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                (
                    "rang",
                    models.PositiveSmallIntegerField(
                        help_text="1 pour le point à 2 mois, 2 à 4 mois…", verbose_name="rang"
                    ),
                ),
                ("date_prevue", models.DateField(verbose_name="date prévue")),
                (
                    "date_realisee",
                    models.DateField(blank=True, null=True, verbose_name="date de réalisation"),
                ),
                ("compte_rendu", models.TextField(blank=True, max_length=10000, verbose_name="compte rendu")),
                ("annule", models.BooleanField(default=False, verbose_name="annulé")),
                (
                    "motif_annulation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cloture", "Mesure terminée avant cette date"),
                            ("suspension", "Mesure suspendue à cette date"),
                            ("non_tenu", "Non tenu à la fin de la mesure"),
                        ],
                        max_length=12,
                        verbose_name="motif d'annulation",
                    ),
                ),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "mesure",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="logement.mesureasll",
                        verbose_name="mesure",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="logement.pointetape",
                    ),
                ),
                (
                    "realise_par",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="saisi par",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="ResidenceHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("du", models.DateField(verbose_name="du")),
                (
                    "au",
                    models.DateField(
                        blank=True, help_text="Vide pour la résidence actuelle.", null=True, verbose_name="au"
                    ),
                ),
                ("enregistree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistrée le")),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="usagers.residence",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="SignalementHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("date", models.DateField(verbose_name="date du signalement")),
                (
                    "origine",
                    models.CharField(
                        choices=[
                            ("cdc_habitat", "CDC Habitat"),
                            ("grand_dijon_habitat", "Grand Dijon Habitat"),
                            ("habellis", "Habellis"),
                            ("icf_sud_est_mediterranee", "ICF Sud-Est-Méditerranée"),
                            ("orvitis", "Orvitis"),
                            ("commune_ccas", "Commune ou CCAS"),
                            ("ars", "ARS"),
                            ("ddcs", "DDCS"),
                            ("autre", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="origine (partenaire)",
                    ),
                ),
                (
                    "contact",
                    models.CharField(
                        blank=True,
                        help_text="Nom, fonction, téléphone.",
                        max_length=255,
                        verbose_name="contact de la personne qui signale",
                    ),
                ),
                ("motifs", models.JSONField(default=list, verbose_name="motifs")),
                (
                    "description",
                    models.TextField(
                        blank=True, max_length=10000, verbose_name="description de la situation"
                    ),
                ),
                ("majeur", models.BooleanField(null=True, verbose_name="la personne est majeure")),
                (
                    "logement_autonome",
                    models.BooleanField(null=True, verbose_name="vit en logement autonome"),
                ),
                (
                    "non_suivi_psychiatrie",
                    models.BooleanField(null=True, verbose_name="n'est pas suivie par la psychiatrie"),
                ),
                (
                    "incapacite_demande_soins",
                    models.BooleanField(null=True, verbose_name="ne peut pas formuler de demande de soins"),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("en_attente", "En attente"),
                            ("accepte", "Accepté"),
                            ("refuse", "Refusé"),
                            ("reoriente", "Réorienté"),
                        ],
                        default="en_attente",
                        max_length=12,
                        verbose_name="décision",
                    ),
                ),
                ("motif_refus", models.CharField(blank=True, max_length=255, verbose_name="motif du refus")),
                (
                    "reoriente_vers",
                    models.CharField(blank=True, max_length=255, verbose_name="réorienté vers"),
                ),
                (
                    "date_decision",
                    models.DateField(blank=True, null=True, verbose_name="date de la décision"),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Renseignée au signalement ; l'évaluation compte par cette commune.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence au signalement",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "decision_par",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="décision prise par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="emas.signalement",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="SituationACORHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="enregistré le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                (
                    "prescripteur",
                    models.CharField(
                        choices=[
                            ("ccas", "CCAS"),
                            ("service_social", "Service social métropolitain"),
                            ("bailleur", "Bailleur"),
                            ("sante", "Secteur sanitaire ou médico-social"),
                            ("asll", "Mesure ASLL"),
                            ("autre", "Autre"),
                        ],
                        default="autre",
                        max_length=20,
                        verbose_name="orienté par",
                    ),
                ),
                ("date_orientation", models.DateField(verbose_name="date d'orientation")),
                ("date_entree", models.DateField(blank=True, null=True, verbose_name="date d'entrée")),
                ("difficultes", models.JSONField(default=list, verbose_name="difficultés")),
                (
                    "statut",
                    models.CharField(
                        choices=[
                            ("en_attente", "En attente"),
                            ("en_cours", "En cours"),
                            ("terminee", "Terminée"),
                        ],
                        default="en_attente",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                ("date_sortie", models.DateField(blank=True, null=True, verbose_name="date de sortie")),
                (
                    "motif_sortie",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("objectifs_atteints", "Objectifs atteints"),
                            ("relais_droit_commun", "Relais par le droit commun"),
                            ("non_adhesion", "Non-adhésion de la personne"),
                            ("demenagement", "Déménagement"),
                            ("hospitalisation", "Hospitalisation ou hébergement"),
                            ("deces", "Décès"),
                            ("sans_suite", "Orientation sans suite (avant l'entrée)"),
                            ("autre", "Autre"),
                        ],
                        max_length=20,
                        verbose_name="motif de sortie",
                    ),
                ),
                (
                    "capacite_depassee",
                    models.BooleanField(
                        default=False,
                        help_text="Vrai quand un encadrant a forcé l'entrée alors que toutes les places étaient occupées.",
                        verbose_name="prise en charge au-delà de la capacité",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Renseignée à la prise en charge ; les indicateurs comptent par cette commune.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence à l'entrée",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enregistré par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="logement.situationacor",
                    ),
                ),
                (
                    "referent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="intervenant référent",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="SuiviEMASHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("date_debut", models.DateField(verbose_name="date de début")),
                ("date_fin", models.DateField(blank=True, null=True, verbose_name="date de fin")),
                (
                    "statut",
                    models.CharField(
                        choices=[("en_cours", "En cours"), ("clos", "Clos")],
                        default="en_cours",
                        max_length=10,
                        verbose_name="statut",
                    ),
                ),
                (
                    "motif_fin",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("relais_soins", "Relais pris par les soins"),
                            ("relais_droit_commun", "Relais pris par le droit commun"),
                            ("refus_personne", "Refus de la personne"),
                            ("hospitalisation", "Hospitalisation durable"),
                            ("demenagement", "Déménagement hors du territoire"),
                            ("deces", "Décès"),
                            ("autre", "Autre"),
                        ],
                        max_length=25,
                        verbose_name="motif de fin",
                    ),
                ),
                ("acces_soins_cmp", models.BooleanField(default=False, verbose_name="accès aux soins : CMP")),
                (
                    "acces_soins_psychiatre",
                    models.BooleanField(default=False, verbose_name="accès aux soins : psychiatre"),
                ),
                (
                    "acces_soins_medecin_traitant",
                    models.BooleanField(default=False, verbose_name="accès aux soins : médecin traitant"),
                ),
                (
                    "acces_soins_hopital",
                    models.BooleanField(default=False, verbose_name="accès aux soins : hôpital"),
                ),
                (
                    "droit_commun",
                    models.BooleanField(
                        default=False, verbose_name="inscription dans les dispositifs de droit commun"
                    ),
                ),
                ("maintien_domicile", models.BooleanField(default=False, verbose_name="maintien à domicile")),
                (
                    "soins_sans_consentement",
                    models.CharField(
                        choices=[
                            ("aucun", "Aucun"),
                            ("sdt", "Soins à la demande d'un tiers (SDT)"),
                            ("sdre", "Soins sur décision du représentant de l'État (SDRE)"),
                        ],
                        default="aucun",
                        max_length=5,
                        verbose_name="soins sans consentement",
                    ),
                ),
                (
                    "rupture_parcours",
                    models.BooleanField(default=False, verbose_name="rupture du parcours de soins"),
                ),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Celle du signalement ; l'évaluation compte par cette commune.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence au signalement",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="emas.suiviemas",
                    ),
                ),
                (
                    "referent",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="référent (membre de l'équipe)",
                    ),
                ),
                (
                    "signalement",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="emas.signalement",
                        verbose_name="signalement",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="UsagerHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("nom", models.CharField(max_length=100, verbose_name="nom")),
                ("prenom", models.CharField(max_length=100, verbose_name="prénom")),
                ("date_naissance", models.DateField(verbose_name="date de naissance")),
                ("adresse", models.CharField(blank=True, max_length=255, verbose_name="adresse")),
                ("telephone", models.CharField(blank=True, max_length=20, verbose_name="téléphone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="adresse électronique")),
                (
                    "compartiment",
                    models.CharField(
                        blank=True,
                        choices=[("", "Registre commun"), ("emas", "Équipe mobile EMAS (données de santé)")],
                        default="",
                        editable=False,
                        help_text="Vide : registre commun. « emas » : personne connue de la seule équipe EMAS.",
                        max_length=10,
                        verbose_name="compartiment",
                    ),
                ),
                (
                    "archive_le",
                    models.DateField(blank=True, editable=False, null=True, verbose_name="archivé le"),
                ),
                (
                    "anonymise_le",
                    models.DateField(blank=True, editable=False, null=True, verbose_name="anonymisé le"),
                ),
                (
                    "recherche",
                    models.CharField(
                        blank=True,
                        default="",
                        editable=False,
                        max_length=201,
                        verbose_name="nom et prénom normalisés",
                    ),
                ),
                ("cree_le", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune de résidence",
                    ),
                ),
                (
                    "cree_par",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="créé par",
                    ),
                ),
                (
                    "modifie_par",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="modifié par",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="usagers.usager",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="accompagnementhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="4b9bba40f918769ab417116e9dd676dd3d0c7bc0",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_ab53c",
                    table="historique_accompagnementhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="contacthistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="ba73329f96ad55a531ea9e989add75183b5fa778",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_78c70",
                    table="historique_contacthistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="demarchehistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="d7e41bcc1d93de9c0196a4f897137b41c99e69ad",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_373fa",
                    table="historique_demarchehistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="droithistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="93c3c9d6cdd06751c240efb4e1c45b709c993e51",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_8a786",
                    table="historique_droithistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="interventionhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="739917ed2b43c7c8be42a6599791456784d36f5f",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_df2ec",
                    table="historique_interventionhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="mesureasllhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="791151b52fe7072212bb0b78a0a4c23b37666421",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_ed5e1",
                    table="historique_mesureasllhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="pointetapehistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="e5a40f03e8c67c0bbb9b4b86bce1ab1690968825",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_7e211",
                    table="historique_pointetapehistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="residencehistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="075bb4500f82c62e2d4ce726118320f7dec244df",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_69be3",
                    table="historique_residencehistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="signalementhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="d65d6f8f65d473415ab06e11d37ad71b95540490",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_b2485",
                    table="historique_signalementhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="situationacorhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="31c220211fb03f17e548c939391d7b99e119b84a",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_2c96d",
                    table="historique_situationacorhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="suiviemashistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="68bea4245887ce3b6aa34e3b07d5ebc71a4d87bc",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_a4e7d",
                    table="historique_suiviemashistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="usagerhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="ec64622c5c59e87dabb87d9161e816b7bdebb191",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_b74fd",
                    table="historique_usagerhistorique",
                    when="BEFORE",
                ),
            ),
        ),
    ]
