"""The ``persondata`` console script.

Command groups (``persondata policy check FILE``) are Django management
commands whose first argument is the sub-command; Django's own commands
(``migrate``, ``runserver``, ``createsuperuser``) pass through unchanged.
``persondata`` alone or ``persondata help`` lists the groups first
(cli/overview.py). A configuration error stops every command with its
message and exit status 2, without a traceback.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured

_OVERVIEW_ARGS: tuple[list[str], ...] = ([], ["help"], ["--help"], ["-h"])


def _run(args: list[str]) -> None:
    if args[1:] in _OVERVIEW_ARGS:
        import django

        from persondata.cli.overview import overview_text

        django.setup()
        sys.stdout.write(overview_text())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "persondata.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "persondata"
    try:
        _run(args)
    except ImproperlyConfigured as exc:
        sys.stderr.write(
            f"persondata: configuration error: {exc}\n"
            "(every variable is described in docs/configuration.md)\n"
        )
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
