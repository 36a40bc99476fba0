"""Typed readers for configuration from environment variables.

Every variable the settings read goes through one of these functions, so
that ``docs/configuration.md`` can be checked against the code: a test
collects the names passed here and fails on any that is undocumented.
A secret may instead be given as a path in ``NAME_FILE``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
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
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
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
    path = var_dir / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = generate() if generate is not None else secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value
