"""Database triggers that keep the eligibility index honest.

Every table whose rows eligibility reads gets triggers that note the
subjects concerned in ``consent_eligibilitychange`` when a row is added,
removed, or changed in a column eligibility reads, in the same transaction.
The index is brought up to date from those notes before it is read
(``consent/eligibility_index.py``). Triggers rather than code in the
actions, because facts also change through bulk loads, the retention
sweep's set-based deletes, erasure's cascades and plain SQL.

A subject that is deleted, or whose e-mail address or phone number
changes, has its rows in the index removed at once: the index must never
keep an address the register no longer holds. The subject is noted too
(so that the index's content gets a new token), and so are the subjects
sharing the old address, since their shared answer included the one that
left.

The SQL is written here, not imported, so that this migration keeps
meaning what it meant when it ran.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CHANGES = "consent_eligibilitychange"
ANSWERS = "consent_eligibilityanswer"
SUBJECTS = "subjects_datasubject"
CONTACT_CATEGORIES = "('user.contact.email', 'user.contact.phone_number')"

# table: (the column naming the subject, the columns eligibility reads, a
# condition on the row for the triggers to fire, or None)
WATCHED = {
    "consent_consententry": ("subject_id", ("subject_id", "purpose", "version", "given", "at"), None),
    "consent_marketingobjection": ("subject_id", ("subject_id", "at", "lifted_at"), None),
    "subjects_relationship": (
        "subject_id",
        ("subject_id", "organisation_id", "kind", "started"),
        None,
    ),
    "subjects_contactlink": ("person_id", ("person_id", "organisation_id"), None),
    "subjects_record": (
        "subject_id",
        ("subject_id", "data_category", "value", "source", "collected_at"),
        "{row}.data_category IN " + CONTACT_CATEGORIES,
    ),
    "subjects_purposelink": ("subject_id", ("subject_id", "record_id", "activity"), None),
}
# A relationship of an organisation concerns the people who represent it.
ORGANISATION_PEOPLE = (
    "SELECT person_id FROM subjects_contactlink WHERE organisation_id = {row}.organisation_id"
)
# The other holders of a subject's old address, one statement per column:
# with OR, SQLite scanned the whole register for every deleted subject.
SHARERS = tuple(
    f"SELECT id FROM {SUBJECTS} WHERE {column} = {{row}}.{column} AND {{row}}.{column} <> ''"
    for column in ("email", "phone")
)
ADDRESS_COLUMNS = ("email", "phone", "restricted_at")
# Turns a SELECT of subject ids into the statement that notes them.
Note = Callable[[str], str]


def _sqlite_note(select: str) -> str:
    return f"INSERT OR IGNORE INTO {CHANGES} (subject_id) {select};"


def _pg_note(select: str) -> str:
    return f"INSERT INTO {CHANGES} (subject_id) {select} ON CONFLICT DO NOTHING;"


def _notes(table: str, row: str, note: Note) -> list[str]:
    column = WATCHED[table][0]
    statements = [note(f"SELECT {row}.{column} WHERE {row}.{column} IS NOT NULL")]
    if table == "subjects_relationship":
        statements.append(note(ORGANISATION_PEOPLE.format(row=row)))
    return statements


def _sharers(note: Note) -> str:
    return " ".join(note(select.format(row="OLD")) for select in SHARERS)


def _changed(columns: tuple[str, ...], differ: str) -> str:
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in columns)


def _events(table: str, differ: str) -> list[tuple[str, tuple[str, ...], str]]:
    """For each event on ``table``: its clause (``UPDATE OF`` the columns
    eligibility reads), the rows it concerns and its condition ("" for none):
    the table's own condition on those rows and, for an update, that one of
    the columns really changed (``differ`` is how this database says so)."""
    _column, columns, condition = WATCHED[table]
    events: list[tuple[str, tuple[str, ...], str]] = []
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
        when = []
        if condition:
            when.append(" OR ".join(condition.format(row=r) for r in rows))
        if event == "UPDATE":
            when.append(_changed(columns, differ))
            event = f"UPDATE OF {', '.join(columns)}"
        events.append((event, rows, f"({') AND ('.join(when)})" if when else ""))
    return events


def sqlite_statements() -> list[str]:
    statements = []
    for table in WATCHED:
        for event, rows, when in _events(table, "IS NOT"):
            body = " ".join(s for r in rows for s in _notes(table, r, _sqlite_note))
            guard = f" WHEN {when}" if when else ""
            name = f"persondata_eligibility_{table}_{event.split()[0].lower()}"
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table}{guard} BEGIN {body} END"
            )
    statements += [
        f"CREATE TRIGGER persondata_eligibility_subject_insert AFTER INSERT ON {SUBJECTS} "
        f"BEGIN {_sqlite_note('SELECT NEW.id')} END",
        f"CREATE TRIGGER persondata_eligibility_subject_update "
        f"AFTER UPDATE OF {', '.join(ADDRESS_COLUMNS)} ON {SUBJECTS} "
        f"WHEN {_changed(ADDRESS_COLUMNS, 'IS NOT')} BEGIN "
        f"DELETE FROM {ANSWERS} WHERE subject_id = OLD.id; "
        f"{_sharers(_sqlite_note)} {_sqlite_note('SELECT NEW.id')} END",
        f"CREATE TRIGGER persondata_eligibility_subject_delete AFTER DELETE ON {SUBJECTS} BEGIN "
        f"DELETE FROM {ANSWERS} WHERE subject_id = OLD.id; "
        f"{_sharers(_sqlite_note)} {_sqlite_note('SELECT OLD.id')} END",
    ]
    return statements


def sqlite_drop() -> list[str]:
    names = [f"persondata_eligibility_{t}_{e}" for t in WATCHED for e in ("insert", "delete", "update")]
    names += [f"persondata_eligibility_subject_{e}" for e in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$"
    )


def postgresql_statements() -> list[str]:
    statements = []
    for table in WATCHED:
        function = f"persondata_eligibility_{table}"
        old = " ".join(_notes(table, "OLD", _pg_note))
        new = " ".join(_notes(table, "NEW", _pg_note))
        statements.append(
            _pg_function(
                function,
                f"IF TG_OP <> 'INSERT' THEN {old} END IF; IF TG_OP <> 'DELETE' THEN {new} END IF;",
            )
        )
        for event, _rows, when in _events(table, "IS DISTINCT FROM"):
            guard = f" WHEN ({when})" if when else ""
            name = f"persondata_eligibility_{event.split()[0].lower()}"
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{guard} "
                f"EXECUTE FUNCTION {function}()"
            )
    statements += [
        _pg_function(
            "persondata_eligibility_subject",
            f"IF TG_OP <> 'INSERT' THEN DELETE FROM {ANSWERS} WHERE subject_id = OLD.id; "
            f"{_sharers(_pg_note)} {_pg_note('SELECT OLD.id')} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_pg_note('SELECT NEW.id')} END IF;",
        ),
        f"CREATE TRIGGER persondata_eligibility_insert AFTER INSERT ON {SUBJECTS} "
        "FOR EACH ROW EXECUTE FUNCTION persondata_eligibility_subject()",
        f"CREATE TRIGGER persondata_eligibility_update AFTER UPDATE OF "
        f"{', '.join(ADDRESS_COLUMNS)} ON {SUBJECTS} FOR EACH ROW "
        f"WHEN ({_changed(ADDRESS_COLUMNS, 'IS DISTINCT FROM')}) "
        "EXECUTE FUNCTION persondata_eligibility_subject()",
        f"CREATE TRIGGER persondata_eligibility_delete AFTER DELETE ON {SUBJECTS} "
        "FOR EACH ROW EXECUTE FUNCTION persondata_eligibility_subject()",
    ]
    return statements


def postgresql_drop() -> list[str]:
    functions = [f"persondata_eligibility_{t}" for t in WATCHED] + [
        "persondata_eligibility_subject"
    ]
    # Dropping a function drops its triggers.
    return [f"DROP FUNCTION IF EXISTS {name}() CASCADE" for name in functions]


def _run(schema_editor: BaseDatabaseSchemaEditor, create: bool) -> None:
    connection = schema_editor.connection
    vendor = connection.vendor
    if vendor == "postgresql":
        statements = postgresql_statements() if create else postgresql_drop()
    elif vendor == "sqlite":
        statements = sqlite_statements() if create else sqlite_drop()
    else:
        raise RuntimeError(f"the eligibility index has no triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers(apps: object, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, create=True)


def drop_triggers(apps: object, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0002_eligibility_index"),
        ("subjects", "0008_purposelink_no_due_reason"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
