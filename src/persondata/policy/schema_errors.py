"""Turning pydantic's validation errors about a declaration into plain words.

Pydantic says "Input should be 'consent', 'contract' or ..."; a person
editing a YAML file needs "'legit' is not a legal basis; expected one of:
consent, contract, ...", at the line of the offending value, and for an
unknown key the closest valid key. This module knows the schema's shape so
that it can name what each place of the file expects.
"""

from __future__ import annotations

import difflib
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from persondata.policy.schema import Declaration, KeepRule, TriggerRule

Loc = tuple[str | int, ...]

# What a value of each field with a fixed set of words is, in plain words.
_NOUNS: dict[str, str] = {
    "legal_bases": "a legal basis (Art. 6(1))",
    "special_basis": "a basis for special category data (Art. 9(2))",
    "languages": "a supported language",
    "version": "a supported format version",
    "channel": "a consent channel",
    "marketing_channels": "a marketing channel",
    "transfer_safeguard": "a transfer safeguard (Art. 45-49)",
    "until_end_of": "a period to round up to",
    "unreviewed": "a way to handle unreviewed records",
    "erasure": "a way to erase",
    "sensitivity": "a sensitivity level",
}

# Keys that persondata works out itself; declaring them is refused with the reason.
_DERIVED_KEYS: dict[str, str] = {
    "portability": (
        "'portability' is derived, never declared: persondata works it out from the legal "
        "bases (data the subject provided under consent or contract, Art. 20); remove this key"
    ),
}

_TYPE_WORDS: dict[str, str] = {
    "list_type": "must be a list, written [a, b] or one '- item' per line",
    "string_type": "must be a text",
    "dict_type": "must be a mapping of keys and values",
    "model_type": "must be a mapping of keys and values",
    "model_attributes_type": "must be a mapping of keys and values",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD that exists",
    "date_from_datetime_inexact": "must be a date without a time",
}


@dataclass(frozen=True)
class SchemaError:
    """One explained schema error: where it is, what to say, and whether the
    line to name is the key's (unknown or missing key) rather than the value's."""

    loc: Loc
    message: str
    at_key: bool = False


def explain_validation_error(exc: ValidationError) -> list[SchemaError]:
    """Every error of ``exc`` in plain words, one per place in the file.

    Errors from the branches of one union (``supervisory_authority`` is the
    word ``datatilsynet`` or a mapping) are merged into one message.
    """
    by_loc: dict[Loc, list[tuple[dict[str, Any], Loc]]] = {}
    for error in exc.errors():
        raw = tuple(error["loc"])
        by_loc.setdefault(_clean_loc(raw), []).append((dict(error), raw))
    explained: list[SchemaError] = []
    for loc, errors in by_loc.items():
        if len(errors) > 1 and any(_is_union_branch(raw) for _, raw in errors):
            explained.append(SchemaError(loc, _union_message(loc, errors[0][0])))
            continue
        explained.extend(_explain(error, loc, raw) for error, raw in errors)
    return explained


def readable(loc: Loc) -> str:
    """``("activities", "x", "retention", 0)`` -> ``activities.x.retention[0]``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the declaration"


def _is_union_branch(raw: Loc) -> bool:
    return any(isinstance(part, str) and ("[" in part or part in _MODEL_NAMES) for part in raw)


def _union_message(loc: Loc, error: dict[str, Any]) -> str:
    got = _shown(error.get("input"))
    if loc and loc[-1] == "supervisory_authority":
        return (
            f"{readable(loc)} must be 'datatilsynet' or a mapping with name and address "
            f"(and optionally phone, email, website); got {got}"
        )
    return f"{readable(loc)} has a value of none of the accepted forms; got {got}"


def _explain(error: dict[str, Any], loc: Loc, raw: Loc) -> SchemaError:
    kind = str(error["type"])
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    parent = readable(loc[:-1])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        if key in _DERIVED_KEYS:
            return SchemaError(loc, _DERIVED_KEYS[key], at_key=True)
        allowed = _allowed_fields(raw[:-1])
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if hint:
            return SchemaError(
                loc, f"unknown key '{key}' in {parent}; did you mean '{hint[0]}'?", at_key=True
            )
        valid = f"; the valid keys are: {', '.join(allowed)}" if allowed else ""
        return SchemaError(loc, f"unknown key '{key}' in {parent}{valid}", at_key=True)
    if kind == "missing":
        return SchemaError(
            loc[:-1], f"{parent} is missing the required key '{loc[-1]}'", at_key=bool(loc[:-1])
        )
    if kind in ("literal_error", "enum"):
        expected = _expected_words(error)
        noun = _NOUNS.get(field, f"an allowed value for '{field}'")
        if field == "role":
            noun = "an activity role" if loc[:1] == ("activities",) else "a recipient role"
        return SchemaError(
            loc,
            f"{_shown(error.get('input'))} is not {noun}; expected one of: {', '.join(expected)}",
        )
    if kind == "too_short":
        if loc == ("activities",):
            return SchemaError(loc, "the declaration needs at least one activity")
        return SchemaError(loc, f"{readable(loc)} must list at least one item")
    if kind == "greater_than_equal":
        limit = error.get("ctx", {}).get("ge")
        return SchemaError(loc, f"{readable(loc)} must be at least {limit}")
    if kind == "model_type" and _is_text(raw):
        return SchemaError(
            loc,
            f"{readable(loc)} must be a text, or a text per language as {{da: ..., en: ...}}; "
            f"got {_shown(error.get('input'))}",
        )
    if field == "automated_decisions" and kind == "model_type":
        return SchemaError(
            loc,
            f"{readable(loc)} must be true, false or {{used: true, text: ...}}; "
            f"got {_shown(error.get('input'))}",
        )
    if kind in _TYPE_WORDS:
        return SchemaError(
            loc, f"{readable(loc)} {_TYPE_WORDS[kind]}; got {_shown(error.get('input'))}"
        )
    text = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return SchemaError(loc, f"{readable(loc)}: {text}")


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"


def _expected_words(error: dict[str, Any]) -> list[str]:
    expected = str(error.get("ctx", {}).get("expected", ""))
    words: list[str] = []
    for chunk in expected.replace(" or ", ", ").split(", "):
        word = chunk.strip().strip("'")
        if word:
            words.append(word)
    return words


def _clean_loc(loc: Loc) -> Loc:
    """Drop the parts pydantic adds that are not keys of the file: union tags
    (a retention rule's ``keep``/``on``), union branch names, validator names."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if isinstance(part, str) and (
            "[" in part or part.startswith("function-") or part in _MODEL_NAMES
        ):
            continue
        if part in ("keep", "on") and index >= 2 and loc[index - 2] == "retention":
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _members(annotation: Any) -> list[Any]:
    """The concrete types an annotation stands for (Annotated and unions opened)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [m for arg in get_args(annotation) for m in _members(arg) if m is not type(None)]
    return [annotation]


def _walk(raw: Loc) -> list[Any]:
    """The candidate types at location ``raw`` (pydantic's own location)."""
    current: list[Any] = [Declaration]
    for part in raw:
        members = [m for ann in current for m in _members(ann)]
        if part in ("keep", "on") and KeepRule in members and TriggerRule in members:
            current = [KeepRule if part == "keep" else TriggerRule]
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        named = [m for m in members if getattr(m, "__name__", None) == part]
        if named:
            current = named
            continue
        following: list[Any] = []
        for member in members:
            origin = get_origin(member)
            if origin is dict:
                following.append(get_args(member)[1])
            elif origin is list:
                following.append(get_args(member)[0])
            elif isinstance(member, type) and issubclass(member, BaseModel):
                info = member.model_fields.get(str(part))
                if info is not None:
                    following.append(info.annotation)
        current = following
    return [m for ann in current for m in _members(ann)]


def _allowed_fields(raw: Loc) -> list[str]:
    for member in _walk(raw):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return [name for name, info in member.model_fields.items() if not info.exclude]
    return []


def _is_text(raw: Loc) -> bool:
    return any(getattr(member, "__name__", "") == "Text" for member in _walk(raw))


def _model_names() -> frozenset[str]:
    from persondata.policy import schema

    return frozenset(
        name
        for name, value in vars(schema).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    )


_MODEL_NAMES = _model_names()
