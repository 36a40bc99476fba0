import pytest

from persondata.audit.models import AuditEntry
from persondata.audit.tests.factories import write_entries


@pytest.fixture
def chain_of_ten(db: None) -> list[AuditEntry]:
    """Ten entries written through write_audit_entry, chain intact."""
    return write_entries(10)
