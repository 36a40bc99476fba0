"""The ``persondata`` console script.

Command groups (``persondata policy check FILE``) are Django management
commands whose first argument is the sub-command; Django's own commands
(``migrate``, ``runserver``, ``createsuperuser``) pass through unchanged.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "persondata.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "persondata"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
