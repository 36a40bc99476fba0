"""Changes to the register. Each action validates everything before writing,
runs in one transaction, writes its audit entry in that transaction, and
asks the retention engine to recompute the subject's due dates when the
change can move them.

Audit entries name the subject by ``subject_key`` (only its pseudonym is
stored) and hold no personal data: no names, identifiers, values, notes or
reasons; a changed value appears only as a keyed fingerprint.
"""

from persondata.subjects.actions.affiliations import (
    add_contact_link,
    create_organisation,
    end_employment,
    end_relationship,
    start_relationship,
)
from persondata.subjects.actions.holds import lift_legal_hold, set_legal_hold
from persondata.subjects.actions.records import (
    add_record,
    confirm_record,
    link_record,
    record_event,
    update_record,
)
from persondata.subjects.actions.subjects import create_subject, erase_subject, update_subject
from persondata.subjects.checks import RegisterError

__all__ = [
    "RegisterError",
    "add_contact_link",
    "add_record",
    "confirm_record",
    "create_organisation",
    "create_subject",
    "end_employment",
    "end_relationship",
    "erase_subject",
    "lift_legal_hold",
    "link_record",
    "record_event",
    "set_legal_hold",
    "start_relationship",
    "update_record",
    "update_subject",
]
