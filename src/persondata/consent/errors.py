"""The error the consent actions raise for input they refuse."""


class ConsentError(ValueError):
    """Input the consent ledger refuses; the message names the field. Nothing was written."""


class SubjectNotFound(ConsentError):
    """No subject has the identifier given."""
