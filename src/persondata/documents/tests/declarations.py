"""Declarations for the documents tests: the two real files and small built ones."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from persondata.policy.loader import load_file
from persondata.policy.schema import Declaration

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "examples" / "demo.yaml"
EKSEMPEL = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
REAL_FILES = {"demo": DEMO, "eksempel": EKSEMPEL}


def load(path: Path) -> Declaration:
    """The declaration in ``path``; fails the test with the file's errors if it has any."""
    result = load_file(path)
    assert result.declaration is not None, [str(p) for p in result.errors]
    return result.declaration


MINIMAL: dict[str, Any] = {
    "version": 1,
    "controller": {
        "name": "Smedie Jensen ApS",
        "address": "Smedevej 1, 7100 Vejle",
        "email": "kontor@smedie-jensen.dk",
    },
    "subject_categories": {"customer": {"da": "Kunder", "en": "Customers"}},
    "activities": {
        "customers": {
            "name": {"da": "Kundeforhold", "en": "Customer relations"},
            "data_use": "essential.service",
            "subjects": ["customer"],
            "data": ["user.name", "user.contact.email"],
            "legal_bases": ["contract"],
            "sources": ["data_subject"],
            "recipients": [],
            "retention": [{"keep": "5y", "after": "relationship_ended"}],
        }
    },
}


def minimal_dict() -> dict[str, Any]:
    """A fresh copy of the smallest valid declaration, to change in a test."""
    return copy.deepcopy(MINIMAL)


def build(data: dict[str, Any]) -> Declaration:
    """A declaration from a dict (the schema's checks apply, the lint rules do not)."""
    return Declaration.model_validate(data)
