"""PostgreSQL: leave half of each purpose-link page free.

Every recomputation rewrites links' due dates. None of the columns it
writes is indexed, so with room on the page PostgreSQL updates the row in
place (a heap-only tuple) instead of writing a new row and an entry in
each of the table's four indexes; measured, a full rewrite of the links
is about eight times faster. The price is a table about twice the size.
SQLite updates rows in place anyway: nothing to do there.
"""

from __future__ import annotations

from django.db import migrations

TABLE = "subjects_purposelink"


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 50)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("subjects", "0004_fewer_link_indexes")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
