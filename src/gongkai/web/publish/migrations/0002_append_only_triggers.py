"""The database itself keeps the audit trail: UPDATE and DELETE (and, on PostgreSQL, TRUNCATE)
of a review entry or a submission is refused by a trigger, whatever the client.

SQLite drops a table's triggers with the table: a later migration that rebuilds one of these
tables on SQLite (most AlterField operations do) must create the triggers again
(`create_triggers`)."""

from django.db import migrations

TABLES = ("publish_reviewentry", "publish_publicationsubmission")
MESSAGE = "审核记录保存后不能修改或删除；更正请新增一条记录"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION publish_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}（%）', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""


def _statements(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements of `table`'s triggers on `vendor`."""
    if vendor == "postgresql":
        return ([
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION publish_refuse_change()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION publish_refuse_change()",
        ], [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"])
    if vendor == "sqlite":
        return ([
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for event in ("UPDATE", "DELETE")
        ], [f"DROP TRIGGER IF EXISTS {table}_no_{event}" for event in ("update", "delete")])
    return [], []  # another database: the models' own refusal only


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION, params=None)
    for table in TABLES:
        for statement in _statements(vendor, table)[0]:
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in _statements(vendor, table)[1]:
            schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS publish_refuse_change()", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("publish", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
