"""persondata: a privacy-operations system driven by a processing declaration."""

__version__ = "0.1.0"
