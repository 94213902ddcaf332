"""On PostgreSQL, the access journal refuses UPDATE and DELETE, raw SQL included. The one exception
is the scheduled purge (`journal.services.journal_purger`): it sets `journal.purge_avant` for its
transaction, and a row may go only if it is older than that limit, itself at least six months in
the past (the CNIL's minimum) — so no one can erase yesterday's entries by setting the variable."""

from django.db import migrations

FONCTION = """
CREATE OR REPLACE FUNCTION journal_refuser_modification() RETURNS trigger AS $$
DECLARE
    limite timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        limite := NULLIF(current_setting('journal.purge_avant', true), '')::timestamptz;
        IF limite IS NOT NULL AND limite <= now() - interval '6 months' AND OLD.quand < limite THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'Le journal des accès est en ajout seul : % refusé.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER journal_ajout_seul
    BEFORE UPDATE OR DELETE ON journal_entreejournal
    FOR EACH ROW EXECUTE FUNCTION journal_refuser_modification();
"""

RETRAIT = """
DROP TRIGGER IF EXISTS journal_ajout_seul ON journal_entreejournal;
DROP FUNCTION IF EXISTS journal_refuser_modification();
"""


def installer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FONCTION, params=None)


def retirer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RETRAIT, params=None)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_journal_des_acces")]

    operations = [migrations.RunPython(installer, retirer)]
