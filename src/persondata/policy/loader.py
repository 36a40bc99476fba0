"""Reading a declaration file into a checked ``Declaration``.

The file is read with a YAML 1.2-like reading (only ``true``/``false`` are
booleans, so a retention rule's ``on:`` stays a key), anchors and aliases
are refused (no billion-laughs expansion), duplicate keys are errors, and
every value keeps the line and column it came from, so that every problem,
from the schema or from the lint rules, names ``FILE:LINE:COL``. Nothing is
half-loaded: a file with any error yields no declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from django.conf import settings
from pydantic import ValidationError

from persondata.policy.schema import Declaration
from persondata.policy.schema_errors import explain_validation_error

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


@dataclass
class LoadResult:
    """The outcome of reading a file: a declaration only when there is no error."""

    file: str
    declaration: Declaration | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.declaration is not None and not self.errors


class _Positions:
    """Where each value (and each mapping key) of the document stands."""

    def __init__(self) -> None:
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        probe = tuple(loc)
        if key and probe in self.keys:
            return self.keys[probe]
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Reader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (``on``, ``off``, ``yes``, ``no`` stay
    text) that refuses anchors and aliases as soon as it reads one, before any
    value is built, so that an alias bomb ("billion laughs") never expands."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            start = event.start_mark
            raise DeclarationSyntaxError(
                "anchors and aliases (&name, *name) are not allowed in a declaration; "
                "write each value out",
                start.line + 1,
                start.column + 1,
            )
        return super().compose_node(parent, index)


_Reader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Reader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class DeclarationSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "an empty value" if value is None else "a value that is not text"


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed YAML nodes into plain Python values, noting positions."""

    def __init__(self, reader: _Reader, text: str) -> None:
        self.reader = reader
        self.text = text
        self.positions = _Positions()
        self.notes: dict[Loc, str] = {}

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.positions.values[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        try:
            return self.reader.construct_object(node, deep=True)
        except ValueError as exc:
            # PyYAML raises a plain ValueError for impossible dates such as 2025-02-30.
            if node.tag == "tag:yaml.org,2002:timestamp":
                message = (
                    f"'{node.value}' is not a date that exists ({exc}); "
                    "write dates as YYYY-MM-DD, e.g. 2025-07-01"
                )
            else:
                message = f"cannot read the value '{node.value}': {exc}"
            raise DeclarationSyntaxError(message, *_mark(node)) from None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        previous: tuple[Any, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise DeclarationSyntaxError("a key must be a plain word", *_mark(key_node))
            key = self.reader.construct_object(key_node)
            if previous is not None and self._is_split_text(node, key_node, value_node, previous):
                prev_key, prev_value_node = previous
                start = prev_value_node.start_mark.index
                end = key_node.end_mark.index
                joined = self.text[start:end].strip()
                result[prev_key] = joined
                # One note per text, naming what it was read as in the end.
                self.notes[(*loc, prev_key)] = (
                    "this text contains a comma inside a {...} mapping, so YAML splits it at "
                    f"the comma; it was read as one text ('{joined}'), but put it in quotes "
                    "to make that explicit"
                )
                continue
            if not isinstance(key, str):
                raise DeclarationSyntaxError(
                    f"the key '{key_node.value}' is read as {_kind_of(key)}, but keys are "
                    f'words; write it in quotes ("{key_node.value}") if you mean the text',
                    *_mark(key_node),
                )
            if key in result:
                first_line = self.positions.keys.get((*loc, key), (0, 0))[0]
                raise DeclarationSyntaxError(
                    f"the key '{key}' appears twice in the same mapping (first on line "
                    f"{first_line}); keep only one",
                    *_mark(key_node),
                )
            self.positions.keys[(*loc, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*loc, key))
            previous = (key, value_node)
        return result

    @staticmethod
    def _is_split_text(
        node: yaml.MappingNode,
        key_node: yaml.ScalarNode,
        value_node: yaml.Node,
        previous: tuple[Any, yaml.Node],
    ) -> bool:
        # `{da: Offentlige myndigheder, når vi er pålagt det, en: ...}`: YAML reads
        # the words after the comma as a key with no value. In a label mapping
        # (keys da/en) such a key continues the previous language's text.
        if not node.flow_style:
            return False
        prev_key, prev_value = previous
        return (
            prev_key in ("da", "en")
            and isinstance(prev_value, yaml.ScalarNode)
            and prev_value.style is None
            and key_node.style is None
            and key_node.value not in ("da", "en")
            and isinstance(value_node, yaml.ScalarNode)
            and value_node.tag == "tag:yaml.org,2002:null"
            and value_node.value == ""
        )


MAX_FLOW_DEPTH = 64
_BRACKET = re.compile(r"[\[\]{}]")


def _refuse_deep_nesting(text: str) -> None:
    # PyYAML's scanner slows down with the square of the bracket depth (a file
    # of 3,000 nested "[" takes seconds), so deep nesting is refused before
    # parsing. Brackets in texts count too; a real declaration nests a few levels.
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                index = match.start()
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                raise DeclarationSyntaxError(
                    f"lists or mappings in [...] or {{...}} nest more than {MAX_FLOW_DEPTH} "
                    "levels deep here; a declaration needs only a few levels",
                    line,
                    column,
                )
        else:
            depth = max(depth - 1, 0)


def parse_text(text: str) -> tuple[Any, _Positions, dict[Loc, str]]:
    """Parse YAML ``text`` into plain values with their positions.

    Raises DeclarationSyntaxError with the line and column of the problem:
    YAML syntax, characters YAML refuses, anchors, duplicate keys,
    impossible dates, an empty document or one that is not a mapping.
    """
    try:
        _refuse_deep_nesting(text)
        reader = _Reader(text)
        try:
            node = reader.get_single_node()
        finally:
            reader.dispose()
        if node is None:
            raise DeclarationSyntaxError(
                "the file is empty; a declaration starts with 'version: 1'", 1, 1
            )
        builder = _Builder(_Reader(""), text)
        value = builder.build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DeclarationSyntaxError(_yaml_message(exc), line, column) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DeclarationSyntaxError(
            f"the file contains the control character U+{exc.character:04X}, which YAML does "
            "not allow; remove it",
            line,
            column,
        ) from None
    except RecursionError:
        raise DeclarationSyntaxError(
            "the file nests lists or mappings too deeply to be a declaration", 1, 1
        ) from None
    if not isinstance(value, dict):
        line, column = _mark(node)
        kind = "a list" if isinstance(value, list) else f"the single value '{value}'"
        raise DeclarationSyntaxError(
            "the declaration must be a mapping of keys (version, controller, activities, ...), "
            f"not {kind}",
            line,
            column,
        )
    return value, builder.positions, builder.notes


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "the file is not valid YAML"
    if problem == "but found another document":
        return (
            "the file holds a second YAML document (after '---'); a declaration is one "
            "document, so remove the '---' line and merge the two parts"
        )
    if "'\\t'" in problem:
        return (
            "YAML syntax error: a tab character here; YAML does not allow tabs for "
            "indentation, indent with spaces instead"
        )
    context = ""
    if exc.context:
        start = exc.context_mark
        where = f" that starts at line {start.line + 1}, column {start.column + 1}" if start else ""
        context = f" ({exc.context}{where})"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; if a text contains ': ', put the whole text in quotes"
    return f"YAML syntax error: {problem}{context}{hint}"


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def load_text(text: str, *, file: str = "<declaration>") -> LoadResult:
    """Check declaration ``text``; run the lint rules when the schema passes."""
    from persondata.policy.lint import lint_declaration

    result = LoadResult(file=file, text=text)
    size, limit = len(text.encode("utf-8", errors="replace")), _size_limit()
    if size > limit:
        result.problems.append(Problem("error", _too_large(size, limit), file, 1, 1))
        return result
    try:
        data, positions, notes = parse_text(text)
    except DeclarationSyntaxError as exc:
        result.problems.append(Problem("error", exc.message, file, exc.line, exc.column))
        return result
    for loc, note in notes.items():
        line, column = positions.find(loc)
        result.problems.append(Problem("warning", note, file, line, column, _dotted(loc)))
    try:
        declaration = Declaration.model_validate(data)
    except ValidationError as exc:
        for explained in explain_validation_error(exc):
            line, column = positions.find(explained.loc, key=explained.at_key)
            result.problems.append(
                Problem("error", explained.message, file, line, column, _dotted(explained.loc))
            )
        result.problems.sort(key=lambda p: (p.line, p.column, p.severity))
        return result
    for finding in lint_declaration(declaration):
        line, column = positions.find(finding.loc, key=finding.at_key)
        result.problems.append(
            Problem(finding.severity, finding.message, file, line, column, _dotted(finding.loc))
        )
    result.problems.sort(key=lambda p: (p.line, p.column, p.severity))
    if not result.errors:
        result.declaration = declaration
    return result


def load_file(path: str | Path) -> LoadResult:
    """Check the declaration file at ``path``.

    A file larger than ``POLICY_MAX_BYTES`` is refused before it is read, and
    a file that is not UTF-8 text is refused with the byte offset.
    """
    file = str(path)
    result = LoadResult(file=file)
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        result.problems.append(
            Problem("error", f"cannot read the file: {exc.strerror}", file, 1, 1)
        )
        return result
    limit = _size_limit()
    if size > limit:
        result.problems.append(Problem("error", _too_large(size, limit), file, 1, 1))
        return result
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        result.problems.append(
            Problem("error", f"cannot read the file: {exc.strerror}", file, 1, 1)
        )
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        result.problems.append(
            Problem(
                "error",
                f"the file is not UTF-8 text: the byte 0x{raw[exc.start]:02X} here cannot be "
                "read; save the file as UTF-8",
                file,
                line,
                column,
            )
        )
        return result
    return load_text(text, file=file)


def _size_limit() -> int:
    return int(getattr(settings, "POLICY_MAX_BYTES", 2 * 1024 * 1024))


def _too_large(size: int, limit: int) -> str:
    return (
        f"the declaration is {size:,} bytes; it may be at most {limit:,} bytes "
        "(PERSONDATA_POLICY_MAX_BYTES); it was not read"
    )
