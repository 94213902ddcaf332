"""On PostgreSQL the access journal becomes a table partitioned by month (declarative RANGE
partitioning on `quand`), so that the 12-month purge detaches and drops a whole month — a cost that
does not depend on the month's size — instead of a `DELETE` on the largest table, and the INSERT of
every list request touches the indexes of the current month only.

- The parent keeps the table's name, columns and index names (the model does not change); its
  primary key becomes `(id, quand)` (a partitioned table's unique keys must hold the partition key);
  `id` stays one identity sequence, restarted after the largest existing id. Nothing points at the
  journal (no foreign key), so the composite key changes nothing for Django, which reads `id`.
- One partition per month, `journal_entreejournal_pAAAAMM` (UTC bounds), from the oldest retained
  month of the existing rows to three months ahead; older rows, and any row no partition covers,
  go to the `journal_entreejournal_defaut` partition (the purge's `DELETE` path still reaches it).
  Every existing row is copied, then the old table dropped, in the migration's transaction.
- `journal_creer_partition(mois)` creates a month's partition with its guards; the beat task
  `journal.tasks.preparer_partitions` calls it ahead of time (`journal.partitions`).
- Append-only, as before and on every partition: the row trigger `journal_ajout_seul` (cloned by
  PostgreSQL to each partition) refuses UPDATE and DELETE except the purge's expired rows;
  `journal_refuser_vidage` refuses TRUNCATE on the parent and on each partition, except a month
  wholly older than the purge's limit; where the migration runs as a superuser, an event trigger
  refuses `DROP TABLE` of a month that is not expired. Django's test databases (`test_…`) are
  emptied by TRUNCATE between transactional tests: TRUNCATE is allowed there unless a test turns
  `journal.vidage_des_tests` off (tests/journal/test_partitions.py does, to check the refusal).

SQLite (and any other engine) keeps the plain table: nothing runs there.
"""

from django.db import migrations

FONCTIONS = r"""
CREATE OR REPLACE FUNCTION journal_mois_expire(partition text) RETURNS boolean AS $$
-- A partition `…_pAAAAMM` whose whole month is older than the purge's limit (`journal.purge_avant`,
-- itself at least six months in the past: the CNIL's minimum).
DECLARE
    limite timestamptz;
    mois text;
BEGIN
    limite := NULLIF(current_setting('journal.purge_avant', true), '')::timestamptz;
    mois := substring(partition from '_p([0-9]{6})$');
    IF limite IS NULL OR mois IS NULL OR limite > now() - interval '6 months' THEN
        RETURN false;
    END IF;
    RETURN (to_date(mois, 'YYYYMM')::timestamp AT TIME ZONE 'UTC') + interval '1 month' <= limite;
END;
$$ LANGUAGE plpgsql STABLE;

CREATE OR REPLACE FUNCTION journal_vidage_des_tests() RETURNS boolean AS $$
-- Django's test databases are emptied by TRUNCATE between transactional tests.
BEGIN
    RETURN current_database() LIKE 'test\_%'
        AND current_setting('journal.vidage_des_tests', true) IS DISTINCT FROM 'off';
END;
$$ LANGUAGE plpgsql STABLE;

CREATE OR REPLACE FUNCTION journal_refuser_vidage() RETURNS trigger AS $$
BEGIN
    IF journal_vidage_des_tests() OR journal_mois_expire(TG_TABLE_NAME) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Le journal des accès est en ajout seul : TRUNCATE de % refusé.', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION journal_creer_partition(mois date) RETURNS text AS $$
-- The partition of the month of `mois` (UTC bounds), created once with its TRUNCATE guard.
DECLARE
    debut date := date_trunc('month', mois)::date;
    nom text := 'journal_entreejournal_p' || to_char(debut, 'YYYYMM');
BEGIN
    IF to_regclass(nom) IS NULL THEN
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF journal_entreejournal FOR VALUES FROM (%L) TO (%L)',
            nom, debut::text || ' 00:00+00', (debut + interval '1 month')::date::text || ' 00:00+00'
        );
        EXECUTE format(
            'CREATE TRIGGER journal_sans_vidage BEFORE TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION journal_refuser_vidage()', nom
        );
    END IF;
    RETURN nom;
END;
$$ LANGUAGE plpgsql;
"""

PARTITIONNER = """
ALTER TABLE journal_entreejournal RENAME TO journal_entreejournal_avant;
ALTER TABLE journal_entreejournal_avant RENAME CONSTRAINT journal_entreejournal_pkey
    TO journal_entreejournal_avant_pkey;
ALTER SEQUENCE journal_entreejournal_id_seq RENAME TO journal_entreejournal_avant_id_seq;
DROP TRIGGER IF EXISTS journal_ajout_seul ON journal_entreejournal_avant;
DROP INDEX IF EXISTS journal_usager_quand_idx;
DROP INDEX IF EXISTS journal_quand_idx;
DROP INDEX IF EXISTS journal_objet_idx;

CREATE TABLE journal_entreejournal (
    LIKE journal_entreejournal_avant INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS
) PARTITION BY RANGE (quand);
ALTER TABLE journal_entreejournal ADD CONSTRAINT journal_entreejournal_pkey PRIMARY KEY (id, quand);
CREATE INDEX journal_usager_quand_idx ON journal_entreejournal (usager_id, quand);
CREATE INDEX journal_quand_idx ON journal_entreejournal (quand);
CREATE INDEX journal_objet_idx ON journal_entreejournal (objet_type, objet_id);
CREATE TABLE journal_entreejournal_defaut PARTITION OF journal_entreejournal DEFAULT;
CREATE TRIGGER journal_sans_vidage BEFORE TRUNCATE ON journal_entreejournal_defaut
    FOR EACH STATEMENT EXECUTE FUNCTION journal_refuser_vidage();
CREATE TRIGGER journal_sans_vidage BEFORE TRUNCATE ON journal_entreejournal
    FOR EACH STATEMENT EXECUTE FUNCTION journal_refuser_vidage();

-- One partition per month, from the oldest retained month of the existing rows (12 months: the
-- longest retention) to three months ahead; older rows stay in the default partition.
SELECT journal_creer_partition(mois::date)
FROM generate_series(
    date_trunc('month', GREATEST(
        COALESCE((SELECT min(quand) FROM journal_entreejournal_avant), now()),
        now() - interval '12 months'
    ) AT TIME ZONE 'UTC'),
    date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
    interval '1 month'
) AS mois;

INSERT INTO journal_entreejournal OVERRIDING SYSTEM VALUE SELECT * FROM journal_entreejournal_avant;
SELECT setval(
    pg_get_serial_sequence('journal_entreejournal', 'id'),
    COALESCE((SELECT max(id) FROM journal_entreejournal_avant), 0) + 1,
    false
);
DROP TABLE journal_entreejournal_avant;

-- Cloned by PostgreSQL to every partition, present and future.
CREATE TRIGGER journal_ajout_seul BEFORE UPDATE OR DELETE ON journal_entreejournal
    FOR EACH ROW EXECUTE FUNCTION journal_refuser_modification();
"""

# Only a superuser creates event triggers: elsewhere the deployment's role separation (the
# application's role does not own the journal) is what refuses a DROP (docs/DEPLOIEMENT.md).
GARDE_DROP = """
CREATE OR REPLACE FUNCTION journal_refuser_drop() RETURNS event_trigger AS $$
DECLARE
    objet record;
BEGIN
    FOR objet IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
        IF objet.object_type = 'table' AND objet.object_name LIKE 'journal\\_entreejournal%'
           AND NOT journal_mois_expire(objet.object_name)
           AND current_setting('journal.migration', true) IS DISTINCT FROM 'on' THEN
            RAISE EXCEPTION 'Le journal des accès est en ajout seul : DROP de % refusé.', objet.object_name
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
END;
$$ LANGUAGE plpgsql;

CREATE EVENT TRIGGER journal_sans_drop ON sql_drop EXECUTE FUNCTION journal_refuser_drop();
"""

DEPARTITIONNER = """
SELECT set_config('journal.migration', 'on', true);
DROP EVENT TRIGGER IF EXISTS journal_sans_drop;
DROP FUNCTION IF EXISTS journal_refuser_drop();
ALTER TABLE journal_entreejournal RENAME TO journal_entreejournal_partitionne;
ALTER TABLE journal_entreejournal_partitionne RENAME CONSTRAINT journal_entreejournal_pkey
    TO journal_entreejournal_partitionne_pkey;
ALTER SEQUENCE journal_entreejournal_id_seq RENAME TO journal_entreejournal_partitionne_id_seq;
DROP INDEX journal_usager_quand_idx;
DROP INDEX journal_quand_idx;
DROP INDEX journal_objet_idx;
CREATE TABLE journal_entreejournal (
    LIKE journal_entreejournal_partitionne INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS
);
ALTER TABLE journal_entreejournal ADD CONSTRAINT journal_entreejournal_pkey PRIMARY KEY (id);
CREATE INDEX journal_usager_quand_idx ON journal_entreejournal (usager_id, quand);
CREATE INDEX journal_quand_idx ON journal_entreejournal (quand);
CREATE INDEX journal_objet_idx ON journal_entreejournal (objet_type, objet_id);
INSERT INTO journal_entreejournal OVERRIDING SYSTEM VALUE SELECT * FROM journal_entreejournal_partitionne;
SELECT setval(
    pg_get_serial_sequence('journal_entreejournal', 'id'),
    COALESCE((SELECT max(id) FROM journal_entreejournal), 0) + 1,
    false
);
DROP TABLE journal_entreejournal_partitionne;
DROP FUNCTION journal_creer_partition(date);
DROP FUNCTION journal_refuser_vidage();
DROP FUNCTION journal_vidage_des_tests();
DROP FUNCTION journal_mois_expire(text);
CREATE TRIGGER journal_ajout_seul BEFORE UPDATE OR DELETE ON journal_entreejournal
    FOR EACH ROW EXECUTE FUNCTION journal_refuser_modification();
"""


def partitionner(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FONCTIONS, params=None)
    schema_editor.execute(PARTITIONNER, params=None)
    with schema_editor.connection.cursor() as curseur:
        curseur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if curseur.fetchone()[0]:
            schema_editor.execute(GARDE_DROP, params=None)


def departitionner(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DEPARTITIONNER, params=None)


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_compartiment_de_l_entree")]

    operations = [migrations.RunPython(partitionner, departitionner)]
