"""The kinds of value a setting takes: how each reads a TOML value, checks it and says what it expects.

A kind's ``parse(value, base)`` returns the typed value or raises ``Invalid``;
``base`` is the directory relative paths count from (the configuration
file's).  ``expected`` is the phrase error messages use ("a positive
number"), ``doc`` the one the README reference uses ("positive number"), and
``plain(value)`` turns a typed value back into plain data (lists, tables) for
``--show-config``.
"""
from __future__ import annotations

import re
from collections.abc import Callable


class ConfigError(ValueError):
    """A configuration that cannot be used.  The message names the file, the key,
    what was expected and what was found: ``FILE: KEY: expected X, got Y``."""

    def __init__(self, source: str | None, key: str | None, problem: str):
        self.source, self.key, self.problem = source, key, problem
        super().__init__(": ".join(part for part in (source, key, problem) if part))


class Invalid(ValueError):
    """A value a kind refuses; ``keys`` lead from the setting to the refused part."""

    def __init__(self, problem: str, keys: tuple[str, ...] = ()):
        super().__init__(problem)
        self.problem, self.keys = problem, keys

    def within(self, key: str) -> Invalid:
        return Invalid(self.problem, (key, *self.keys))


def toml_key(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _quoted(key, limit=None)


def dotted(keys) -> str:
    """A key path as TOML writes it: ``thresholds.spam``, ``per-file-ignores."docs/**"``."""
    return ".".join(toml_key(k) for k in keys)


def _quoted(text: str, limit: int | None = 80) -> str:
    import json

    if limit is not None and len(text) > limit:
        text = text[:limit] + "..."
    return json.dumps(text, ensure_ascii=False)


def found(value: object) -> str:
    """A value from a TOML file, as an error message shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time" if type(value).__module__ == "datetime" else type(value).__name__


def refuse(expected: str, value: object, note: str = "") -> Invalid:
    return Invalid(f"expected {expected}, got {found(value)}{note}")


def closest(word: str, candidates) -> str | None:
    """The candidate nearest to ``word`` by edit distance (``-`` and ``_`` alike,
    case ignored), if it is near enough to be a slip of the keyboard."""

    def norm(s: str) -> str:
        return s.lower().replace("_", "-")

    target = norm(word)
    best, best_distance = None, min(3, max(1, len(target) // 3)) + 1
    for candidate in candidates:
        distance = _edit_distance(target, norm(candidate))
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that turn ``a`` into ``b``."""
    previous, current = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[len(b)]


class Kind:
    expected = "a value"
    doc = "value"

    def parse(self, value: object, base: str | None) -> object:
        raise Invalid(f"expected {self.expected}")

    def plain(self, value: object) -> object:
        return value


class Number(Kind):
    def __init__(self, *, positive: bool = False, whole: bool = False, minimum: float | None = None,
                 maximum: float | None = None, unit: str | None = None):
        self.positive, self.whole, self.minimum, self.maximum, self.unit = positive, whole, minimum, maximum, unit
        phrase = ("positive " if positive else "") + ("whole number" if whole else "number")
        if unit:
            phrase += f" of {unit}"
        if minimum is not None and maximum is not None:
            phrase += f" from {minimum:g} to {maximum:g}"
        elif maximum is not None:
            phrase += f", at most {maximum:g}"
        elif minimum is not None:
            phrase += f", at least {minimum:g}"
        self.doc, self.expected = phrase, "a " + phrase

    def parse(self, value, base):
        if isinstance(value, bool) or not isinstance(value, int if self.whole else (int, float)) or value != value:
            raise refuse(self.expected, value)
        if ((self.positive and not value > 0) or (self.minimum is not None and value < self.minimum)
                or (self.maximum is not None and value > self.maximum)):
            raise refuse(self.expected, value)
        return value if self.whole else float(value)


class Plain(Kind):
    """A value of one TOML type, taken as it is."""

    type: type = object

    def parse(self, value, base):
        if not isinstance(value, self.type):
            raise refuse(self.expected, value)
        return value


class Boolean(Plain):
    type, expected, doc = bool, "true or false", "`true` or `false`"


class Text(Plain):
    type, expected, doc = str, "a string", "string"


class Choice(Kind):
    """One of a few strings; ``options`` may be a function giving them, so the
    module that defines what they mean stays unimported until a file names one."""

    def __init__(self, options: tuple[str, ...] | Callable[[], tuple[str, ...]]):
        self._options = options

    @property
    def options(self) -> tuple[str, ...]:
        return self._options() if callable(self._options) else self._options

    @property
    def expected(self) -> str:
        quoted = [f'"{o}"' for o in self.options]
        return " or ".join(quoted) if len(quoted) == 2 else "one of " + ", ".join(quoted)

    @property
    def doc(self) -> str:
        return " or ".join(f'`"{o}"`' for o in self.options)

    def parse(self, value, base):
        if value not in self.options:
            raise refuse(self.expected, value)
        return value


class Path(Kind):
    """A file path; a relative one counts from the configuration file's directory."""

    expected = "a file path"
    doc = "file path"

    def parse(self, value, base):
        import os

        if not isinstance(value, str) or not value.strip():
            raise refuse(self.expected, value)
        path = os.path.expanduser(value)
        if not os.path.isabs(path):
            path = os.path.join(base or os.getcwd(), path)
        return os.path.normpath(path)


class Strings(Kind):
    """A list of strings.  ``single``: a lone string counts as a list of one;
    ``strip``: entries lose surrounding white space and may not be empty."""

    def __init__(self, items: str, *, single: bool = False, strip: bool = False):
        self.single, self.strip = single, strip
        self.doc, self.expected = f"list of {items}", f"a list of {items}"

    def parse(self, value, base):
        if self.single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise refuse(self.expected, value)
        return tuple(self.item(entry) for entry in value)

    def item(self, entry: object) -> str:
        if not isinstance(entry, str) or (self.strip and not entry.strip()):
            raise self.refuse_item(entry)
        return entry.strip() if self.strip else entry

    def refuse_item(self, entry: object, note: str = "") -> Invalid:
        return refuse(self.expected, entry, " in the list" + note)

    def parse_option(self, text: str) -> tuple[str, ...]:
        """A command-line value: entries separated by commas."""
        return self.parse([e for e in text.split(",") if e.strip()], None)

    def plain(self, value):
        return None if value is None else list(value)


_CODE = r"SG\d{0,3}\Z"  # patterns are compiled when a file is read, not at start-up


class Codes(Strings):
    """Rule codes or code prefixes (``SG101``, ``SG1``), each matching at least one rule."""

    def __init__(self):
        super().__init__("rule codes or prefixes (like SG101 or SG1)", single=True, strip=True)
        self.doc = "list of codes or prefixes"

    def item(self, entry):
        code = super().item(entry).upper()
        from spamgate.registry import all_checks

        known = all_checks()
        if not re.match(_CODE, code):
            guess = closest(code, known)
            raise self.refuse_item(entry, f" (did you mean {guess}?)" if guess else "")
        if not any(c.startswith(code) for c in known):
            raise self.refuse_item(entry, ", which matches no rule (see 'spamgate rules')")
        return code

    def parse_option(self, text: str) -> tuple[str, ...]:
        """A command-line value: codes separated by commas or spaces."""
        return self.parse([c for c in re.split(r"[,\s]+", text) if c], None)


_SCRIPT_NAME = r"[A-Za-z][A-Za-z_ ]*\Z"


def known_script(name: str) -> bool:
    """Whether ``name`` is a Unicode script name or four-letter code that matching by
    Script_Extensions understands (as the allowances use it)."""
    import regex

    try:
        regex.compile(r"\p{scx=%s}" % name)
    except regex.error:
        return False
    return True


class Scripts(Strings):
    def __init__(self):
        super().__init__("Unicode script names or codes (like Greek or Grek)", single=True, strip=True)
        self.doc = "list of script names"

    def item(self, entry):
        name = super().item(entry)
        if not re.match(_SCRIPT_NAME, name) or not known_script(name.replace(" ", "_")):
            raise self.refuse_item(entry)
        return name.replace(" ", "_")


_RANGE = r"U\+([0-9A-Fa-f]{4,6})(?:\.\.U\+([0-9A-Fa-f]{4,6}))?\Z"
MAX_RANGE = 0x10000


class Characters(Strings):
    """Characters written as themselves (``"αβγ"``), as a code point (``"U+00B5"``)
    or as a range (``"U+0391..U+03A9"``).  The value keeps the entries as written;
    ``expand`` gives the characters."""

    def __init__(self):
        super().__init__("characters, code points (U+XXXX) or ranges (U+XXXX..U+YYYY)", single=True)
        self.doc = "list of strings"

    def item(self, entry):
        if not isinstance(entry, str) or not entry:
            raise self.refuse_item(entry)
        spec = entry.strip()
        if spec.upper().startswith("U+") and len(spec) > 2:
            m = re.match(_RANGE, spec)
            if not m:
                raise self.refuse_item(entry)
            lo = int(m.group(1), 16)
            hi = int(m.group(2), 16) if m.group(2) else lo
            if hi < lo or hi > 0x10FFFF:
                raise self.refuse_item(entry, ", not a range from a lower to a higher code point")
            if hi - lo > MAX_RANGE:
                raise self.refuse_item(entry, f", a range wider than {MAX_RANGE:,} code points")
        return entry


def expand_characters(specs: tuple[str, ...]) -> frozenset[str]:
    """The characters that ``Characters`` entries name."""
    chars: set[str] = set()
    for spec in specs:
        m = re.match(_RANGE, spec.strip()) if spec.strip().upper().startswith("U+") else None
        if m:
            lo = int(m.group(1), 16)
            chars.update(chr(c) for c in range(lo, (int(m.group(2), 16) if m.group(2) else lo) + 1))
        else:
            chars.update(spec)
    return frozenset(chars)


class Mapping(Kind):
    """A table whose keys the user chooses (globs), each with a value of one kind.
    The typed value is a tuple of (key, value) pairs in the file's order."""

    def __init__(self, keys: str, values: Kind):
        self.keys, self.values = keys, values
        self.doc = f"table: {keys} -> {values.doc}"
        self.expected = f"a table of {keys} = {values.doc}"

    def parse(self, value, base):
        if not isinstance(value, dict):
            raise refuse(self.expected, value)
        pairs = []
        for key, entry in value.items():
            if not key.strip():
                raise Invalid(f"expected a {self.keys}, got an empty key")
            try:
                pairs.append((key, self.values.parse(entry, base)))
            except Invalid as exc:
                raise exc.within(key) from None
        return tuple(pairs)

    def plain(self, value):
        return {key: self.values.plain(entry) for key, entry in value}
