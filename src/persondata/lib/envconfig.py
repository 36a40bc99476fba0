"""Typed readers for configuration from environment variables.

Every variable the settings read goes through one of these functions, so
that ``docs/configuration.md`` can be checked against the code: a test
collects the names passed here and fails on any that is undocumented.
A secret may instead be given as a path in ``NAME_FILE``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """The text of ``name`` as given (an empty value stays empty), or ``default`` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """``name`` read as 1/0, true/false, yes/no or on/off (empty is false).

    Raises ImproperlyConfigured naming the variable and its value for any other text.
    """
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int) -> int:
    """``name`` as a whole number; ``default`` when unset or empty.

    Raises ImproperlyConfigured naming the variable and its value when it is not a number.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """``name`` split at commas, items stripped and empty items dropped; ``default`` when unset."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(
    name: str, *, var_dir: Path, filename: str, generate: Callable[[], str] | None = None
) -> str:
    """Return a secret from ``NAME``, from the file named by ``NAME_FILE``, or
    from ``var_dir/filename``, generating that file once when none is set
    (with ``generate()`` when given, else a random token).

    The generated file is readable by its owner only. Raises
    ImproperlyConfigured when ``NAME_FILE`` names a file that cannot be read
    or is empty, since silently falling back would change the key.
    """
    value = os.environ.get(name)
    if value:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name}: cannot read ({exc})") from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE={file_name}: the file is empty")
        return value
    return _stored_secret(var_dir / filename, generate=generate)


def _stored_secret(path: Path, *, generate: Callable[[], str] | None) -> str:
    """Read the secret kept at ``path``, creating it first if it does not exist.

    Creation is atomic: the value is written to a private temporary file that
    is then hard-linked into place, so two processes starting at once agree
    on one value and neither reads a half-written file. Raises
    ImproperlyConfigured when the file exists but is empty or unreadable.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        value = generate() if generate is not None else secrets.token_urlsafe(48)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(value + "\n")
            # When another process made it first, its value is the one to use.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{path}: cannot read the stored secret ({exc})") from None
    if not stored:
        raise ImproperlyConfigured(
            f"{path}: the stored secret is empty; restore it from a backup (deleting the file "
            "makes a new one, and data protected by the old one can no longer be read)"
        )
    return stored
