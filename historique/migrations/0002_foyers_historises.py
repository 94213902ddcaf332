"""The event tables of the change history, as this app first held them (their state moved to each
model's app in 0003; the tables stay). Frozen: no validator, no code of another app."""

import django.core.validators
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnements", "0008_historique_des_modifications"),
        ("communes", "0002_charger_les_23_communes"),
        ("estimations", "0003_historique_des_modifications"),
        ("historique", "0001_historique_des_dossiers"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("usagers", "0007_conservation_et_historique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="FoyerHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "valide_du",
                    models.DateField(
                        help_text="Date à laquelle la situation a été déclarée.", verbose_name="valable du"
                    ),
                ),
                (
                    "valide_au",
                    models.DateField(
                        blank=True,
                        help_text="Renseignée quand une nouvelle description du foyer la remplace.",
                        null=True,
                        verbose_name="valable jusqu'au",
                    ),
                ),
                (
                    "situation_couple",
                    models.CharField(
                        choices=[
                            ("seul", "Personne seule (sans conjoint)"),
                            ("marie", "Marié(e)"),
                            ("pacse", "Pacsé(e)"),
                            ("concubinage", "En concubinage (union libre)"),
                        ],
                        help_text="Le RSA, la prime d'activité et les aides au logement se calculent pour le couple.",
                        max_length=15,
                        verbose_name="situation de couple",
                    ),
                ),
                (
                    "statut_occupation",
                    models.CharField(
                        choices=[
                            ("locataire_vide", "Locataire (logement vide, parc privé)"),
                            ("locataire_meuble", "Locataire (meublé)"),
                            ("locataire_hlm", "Locataire d'un logement social (HLM)"),
                            ("locataire_foyer", "Résident d'un foyer"),
                            ("proprietaire", "Propriétaire"),
                            ("primo_accedant", "Accédant à la propriété"),
                            ("loge_gratuitement", "Hébergé gratuitement"),
                            ("sans_domicile", "Sans domicile"),
                        ],
                        help_text="Les aides au logement dépendent du statut (locataire, propriétaire, hébergé).",
                        max_length=20,
                        verbose_name="statut d'occupation du logement",
                    ),
                ),
                (
                    "loyer",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        help_text="Montant de l'aide au logement et forfait logement du RSA ; 0 si non locataire.",
                        max_digits=8,
                        verbose_name="loyer mensuel hors charges (€)",
                    ),
                ),
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
                        help_text="Code INSEE : il donne la zone des aides au logement (barème des loyers plafonds).",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="communes.commune",
                        verbose_name="commune du logement",
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
                        to="estimations.foyer",
                    ),
                ),
                (
                    "usager",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="La personne suivie : une personne n'appartient qu'à un foyer à la fois.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="usagers.usager",
                        verbose_name="personne de référence",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="MembreFoyerHistorique",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("demandeur", "Personne de référence"),
                            ("conjoint", "Conjoint"),
                            ("enfant", "Enfant à charge"),
                        ],
                        help_text="Qui est allocataire, conjoint ou à charge (majorations pour enfants, ASF, AF).",
                        max_length=10,
                        verbose_name="lien avec la personne de référence",
                    ),
                ),
                (
                    "date_naissance",
                    models.DateField(
                        help_text="Conditions d'âge : RSA (25 ans), ASPA (65 ans), AF (enfants de moins de 20 ans).",
                        verbose_name="date de naissance",
                    ),
                ),
                (
                    "salaire_brut",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        help_text="Moyenne des trois derniers mois : RSA et prime d'activité.",
                        max_digits=9,
                        verbose_name="salaire brut mensuel (€)",
                    ),
                ),
                (
                    "retraite_brute",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        help_text="ASPA, aides au logement, RSA.",
                        max_digits=9,
                        verbose_name="pension de retraite brute mensuelle (€)",
                    ),
                ),
                (
                    "chomage_brut",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        help_text="Ressource prise en compte par le RSA et les aides au logement.",
                        max_digits=9,
                        verbose_name="allocation chômage brute mensuelle (€)",
                    ),
                ),
                (
                    "pension_alimentaire_recue",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        help_text="Autres ressources : elles réduisent le RSA et conditionnent l'ASF.",
                        max_digits=9,
                        verbose_name="pension alimentaire reçue mensuelle (€)",
                    ),
                ),
                (
                    "foyer",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="estimations.foyer",
                        verbose_name="foyer",
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
                        to="estimations.membrefoyer",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="foyerhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="060055f1f034ae65152a6f1b25ad1a621bcdf2b5",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_09b05",
                    table="historique_foyerhistorique",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="membrefoyerhistorique",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="f2b56a08bd41d7ffec440abb90c6dd6abdd6872d",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_9ce93",
                    table="historique_membrefoyerhistorique",
                    when="BEFORE",
                ),
            ),
        ),
    ]
