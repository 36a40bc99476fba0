"""What ``persondata`` and ``persondata help`` print: persondata's command
groups first, each with its one-line help, then Django's and add-ons'
commands in a compact list (they all still work).
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict

from django.core.management import get_commands, load_command_class

# Groups in the order a company meets them; groups not named here follow
# alphabetically. Each name is a management command of a persondata app (the
# rights app's group is "requests"); a test fails for a name that is not one.
GROUP_ORDER = (
    "policy",
    "subjects",
    "consent",
    "marketing",
    "requests",
    "retention",
    "documents",
    "audit",
    "keys",
    "apikeys",
    "worker",
    "demo",
)


def _summary(text: str) -> str:
    """The first sentence of a command's help, on one line ("Art. 30" does
    not end a sentence: the next word must start with a capital letter)."""
    flat = " ".join(text.split())
    end = re.search(r"\.\s+(?=[A-Z])", flat)
    return flat if end is None else flat[: end.start() + 1]


def command_groups() -> list[tuple[str, str]]:
    """persondata's own commands as (name, one-line help), in GROUP_ORDER."""
    ours = {name: app for name, app in get_commands().items() if app.startswith("persondata.")}

    def order(name: str) -> tuple[int, str]:
        position = GROUP_ORDER.index(name) if name in GROUP_ORDER else len(GROUP_ORDER)
        return position, name

    return [
        (name, _summary(str(load_command_class(ours[name], name).help)))
        for name in sorted(ours, key=order)
    ]


def other_commands() -> dict[str, list[str]]:
    """Django's and add-ons' commands, by the last part of their app's name."""
    by_app: dict[str, list[str]] = defaultdict(list)
    for name, app in get_commands().items():
        if not app.startswith("persondata."):
            by_app[app.rsplit(".", 1)[-1]].append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


def overview_text() -> str:
    groups = command_groups()
    width = max((len(name) for name, _ in groups), default=0) + 2
    lines = [
        "usage: persondata GROUP SUB-COMMAND [options]",
        "       persondata help GROUP      (a group's sub-commands and options)",
        "",
        "persondata's command groups:",
        *(f"  {name.ljust(width)}{summary}" for name, summary in groups),
        "",
        "Django's commands, which work as usual (persondata help COMMAND for details):",
    ]
    for app, names in other_commands().items():
        lines.extend(
            textwrap.wrap(
                ", ".join(names),
                width=90,
                initial_indent=f"  [{app}] ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
        )
    lines += ["", "Documentation: docs/cli.md; configuration: docs/configuration.md."]
    return "\n".join(lines) + "\n"
