"""An entry says which compartment (health data) it belongs to, by the compartment's code, instead of
a yes/no column named after the one compartment of the time: every value is kept (an entry marked
`emas` before belongs to the compartment `emas`). The append-only trigger is suspended for this one
copy, inside the migration's transaction."""

from django.db import migrations, models

COPIER = """
ALTER TABLE journal_entreejournal DISABLE TRIGGER journal_ajout_seul;
UPDATE journal_entreejournal SET compartiment = 'emas' WHERE emas;
ALTER TABLE journal_entreejournal ENABLE TRIGGER journal_ajout_seul;
"""
RECOPIER = """
ALTER TABLE journal_entreejournal DISABLE TRIGGER journal_ajout_seul;
UPDATE journal_entreejournal SET emas = (compartiment <> '');
ALTER TABLE journal_entreejournal ENABLE TRIGGER journal_ajout_seul;
"""


def _executer(sql: str, sans_trigger: str):
    def executer(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)
        else:  # no trigger elsewhere
            schema_editor.execute(sans_trigger, params=None)

    return executer


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0002_journal_ajout_seul"),
    ]

    operations = [
        migrations.AddField(
            model_name="entreejournal",
            name="compartiment",
            field=models.CharField(
                blank=True, default="", max_length=10, verbose_name="compartiment (données de santé)"
            ),
        ),
        migrations.RunPython(
            _executer(COPIER, "UPDATE journal_entreejournal SET compartiment = 'emas' WHERE emas"),
            _executer(RECOPIER, "UPDATE journal_entreejournal SET emas = (compartiment <> '')"),
        ),
        migrations.RemoveField(model_name="entreejournal", name="emas"),
    ]
