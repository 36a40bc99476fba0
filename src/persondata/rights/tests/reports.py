"""Helpers that open answer files in tests."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from persondata.rights.answer_files import read_document
from persondata.rights.models import RightsRequest


def answer_files(rights_request: RightsRequest) -> dict[str, bytes]:
    """The answer's files (not the delivered bundle) by name."""
    return {d.name: read_document(d) for d in rights_request.documents.filter(is_bundle=False)}


def file_ending(rights_request: RightsRequest, suffix: str) -> bytes:
    found = [
        content for name, content in answer_files(rights_request).items() if name.endswith(suffix)
    ]
    assert len(found) == 1, f"expected one {suffix} file, got {len(found)}"
    return found[0]


def report_json(rights_request: RightsRequest) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(file_ending(rights_request, ".json"))
    return data


def report_html(rights_request: RightsRequest) -> str:
    return file_ending(rights_request, ".html").decode("utf-8")


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
