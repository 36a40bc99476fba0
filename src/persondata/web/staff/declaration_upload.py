"""Checking and applying an uploaded declaration from the staff pages.

The upload is checked exactly as ``persondata policy check`` checks a file
(``policy.loader.load_file``: size limit first, UTF-8, YAML, schema, lint);
nothing is applied while it has an error. Applying goes through
``policy.actions.apply_declaration``, which checks again and audits. The
file lives only in a private temporary folder while it is read.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile

from persondata.policy.actions import DeclarationRejected, apply_declaration
from persondata.policy.loader import LoadResult, load_file
from persondata.policy.models import DeclarationVersion

DEFAULT_NAME = "persondata.yaml"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """A plain file name for the upload (letters, digits, . _ -), never a path;
    ``persondata.yaml`` when nothing usable is left."""
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._")[:100]
    return base or DEFAULT_NAME


def check_upload(upload: UploadedFile) -> tuple[LoadResult, str]:
    """The check result of an uploaded file and its text ("" when unreadable)."""
    name = safe_file_name(upload.name or "")
    with tempfile.TemporaryDirectory(prefix="persondata-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        result = load_file(path)
    result.file = name
    return result, result.text


def apply_text(*, text: str, name: str, user: User) -> tuple[DeclarationVersion, bool]:
    """Apply a checked declaration text as the next version, named ``name``.

    Returns the version and whether it is new (an unchanged text is not).
    Raises DeclarationRejected when the text has an error (nothing applied).
    """
    with tempfile.TemporaryDirectory(prefix="persondata-upload-") as folder:
        path = Path(folder) / safe_file_name(name)
        # A browser sends form text with CRLF line ends; the file had LF.
        path.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
        try:
            return apply_declaration(path=path, actor=user)
        except DeclarationRejected as exc:
            exc.result.file = safe_file_name(name)
            raise
