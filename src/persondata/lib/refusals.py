"""A refusal whose message is English for the CLI, the API and logs, and in
the page's language on the web.

Raise with a ``gettext_lazy`` message and its parameters::

    raise RightsError(gettext_lazy("request %(id)s is closed"), id=rq.pk)

``str(error)`` renders the message with translations off (the English
msgid), so commands, API answers and tests read exactly what they read
before; ``error.localized()`` renders it in the active language, which is
what a web page shows. A plain ``str`` message works too and stays as it is
in both. Parameters may themselves be lazy texts; they are rendered in the
same language as the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

from django.utils import translation
from django.utils.functional import Promise


class TranslatableRefusal(ValueError):
    def __init__(self, message: str | Promise, /, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def localized(self) -> str:
        """The message in the active language."""
        text = str(self.message)
        if not self.params:
            return text
        return text % {key: str(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        with translation.override(None):
            return self.localized()

    @classmethod
    def saying(cls, problems: Sequence[TranslatableRefusal | str], separator: str = "; ") -> Self:
        """A refusal of this kind that says each of ``problems`` (other refusals
        or plain texts) in turn, each in the language the whole is shown in;
        repeated problems are said once."""
        seen: set[str] = set()
        kept = []
        for problem in problems:
            if str(problem) not in seen:
                seen.add(str(problem))
                kept.append(problem)
        names = [f"problem{number}" for number in range(len(kept))]
        return cls(
            separator.join(f"%({name})s" for name in names),
            **{name: Said(problem) for name, problem in zip(names, kept, strict=True)},
        )


class Said:
    """A refusal as a parameter of another, said in the language of the one
    that carries it (``RegisterError("name: %(problem)s", problem=Said(...))``)."""

    def __init__(self, problem: TranslatableRefusal | str) -> None:
        self.problem = problem

    def __str__(self) -> str:
        if isinstance(self.problem, TranslatableRefusal):
            return self.problem.localized()
        return str(self.problem)


class KeyOrLabel:
    """A parameter shown as its stored key in English (``executed``) and as its
    choice label in a translated page ("udført")."""

    def __init__(self, key: str, label: str | Promise) -> None:
        self.key = key
        self.label = label

    def __str__(self) -> str:
        if translation.get_language() is None:
            return self.key
        return str(self.label)
