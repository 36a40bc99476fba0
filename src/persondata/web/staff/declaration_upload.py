"""Checking and applying an uploaded declaration from the staff pages.

The upload is checked exactly as ``persondata policy check`` checks a file
(``policy.loader.load_file``: size limit first, UTF-8, YAML, schema, lint);
nothing is applied while it has an error. Applying goes through
``policy.actions.apply_declaration``, which checks again and audits, and
queues the recomputation of every due date for the worker. A text that
drops activities the register holds data for is applied only for the
activities the person confirmed, and only for the text they were shown
(its sha256 travels with the confirmation). The file lives only in a
private temporary folder while it is read.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Collection
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from persondata.policy.actions import DeclarationRejected, apply_declaration
from persondata.policy.loader import LoadResult, load_file
from persondata.policy.models import DeclarationVersion
from persondata.retention.tasks import enqueue_recompute

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


def _as_file_text(text: str) -> str:
    # A browser sends form text with CRLF line ends; the file had LF.
    return text.replace("\r\n", "\n")


def text_digest(text: str) -> str:
    """The sha256 of a declaration text as it is applied (LF line ends)."""
    return hashlib.sha256(_as_file_text(text).encode("utf-8")).hexdigest()


def apply_text(
    *, text: str, name: str, user: User, allow_removal_of: Collection[str] = ()
) -> tuple[DeclarationVersion, bool]:
    """Apply a checked declaration text as the next version, named ``name``,
    and queue the recomputation of every due date (``persondata worker``).

    Returns the version and whether it is new (an unchanged text is not).
    Raises DeclarationRejected when the text has an error, or when it drops
    an activity that holds data and is not in ``allow_removal_of`` (nothing
    applied; ``removed_in_use`` on the exception lists them).
    """
    with tempfile.TemporaryDirectory(prefix="persondata-upload-") as folder:
        path = Path(folder) / safe_file_name(name)
        path.write_text(_as_file_text(text), encoding="utf-8")
        try:
            # One transaction: the queued task becomes visible with the version.
            with transaction.atomic():
                version, created = apply_declaration(
                    path=path, actor=user, allow_removal_of=allow_removal_of
                )
                if created:
                    enqueue_recompute()
        except DeclarationRejected as exc:
            exc.result.file = safe_file_name(name)
            raise
    return version, created
