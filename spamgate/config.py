"""Project configuration: ``[tool.spamgate]`` in pyproject.toml or ``.spamgate.toml``.

The nearest configuration file wins: starting at a checked file's directory
(or the working directory), spamgate looks upward for ``.spamgate.toml`` and
then ``pyproject.toml`` with a ``[tool.spamgate]`` table; ``--config FILE``
names the file explicitly.  ``.spamgate.toml`` holds its keys at the top
level.  Globs (``exclude``, ``per-file-ignores``) are relative to the
directory of the configuration file.

Every key is described once, in ``KEYS``; ``reference()`` renders that
description as the Markdown reference in README.md, so the
documentation and the code cannot drift apart.

This is the configuration of a project, written by whoever commits to it.
Server-side checks (``spamgate pre-receive``) never read it.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, Callable, NamedTuple

CONFIG_NAMES = (".spamgate.toml", "pyproject.toml")
DEFAULT_SOURCE = "default"


class ConfigError(Exception):
    """A configuration file that cannot be used: the message names the file and the key."""


# --------------------------------------------------------------------------- keys


class Key(NamedTuple):
    name: str  # as written in the file, kebab-case
    type: str  # as documented
    default: str  # as documented
    description: str
    example: str  # a TOML line (or lines) that sets it


KEYS: tuple[Key, ...] = (
    Key("select", "list of codes or prefixes", "all rules",
        "Only report the checks whose code starts with one of these (`SG101`, `SG1`, `SG`). "
        "`--select` on the command line replaces it.",
        'select = ["SG1", "SG2"]'),
    Key("extend-select", "list of codes or prefixes", "`[]`",
        "Checks to report in addition to `select`.",
        'extend-select = ["SG901"]'),
    Key("ignore", "list of codes or prefixes", "`[]`",
        "Never report the checks whose code starts with one of these. Wins over `select`; "
        "`--ignore` on the command line adds to it.",
        'ignore = ["SG103"]'),
    Key("per-file-ignores", "table: glob -> list of codes or prefixes", "`{}`",
        "Checks to ignore in the files matching a glob. A glob without `/` matches a file or "
        "directory name anywhere; one with `/` matches from the configuration file's directory; "
        "`*` stays within a directory, `**` crosses directories.",
        '[tool.spamgate.per-file-ignores]\n"tests/homoglyphs/**" = ["SG1"]\n"CHANGELOG.md" = ["SG104"]'),
    Key("allowed-characters", "list of strings", "`[]`",
        "Characters never reported by the character checks (SG1xx): each entry is the "
        "characters themselves (`\"αβγ\"`), a code point (`\"U+00B5\"`) or a range "
        "(`\"U+0391..U+03A9\"`). A finding is dropped when every character it names is allowed.",
        'allowed-characters = ["µ", "U+2126", "U+0391..U+03A9"]'),
    Key("allowed-scripts", "list of script names", "`[]`",
        "Unicode scripts whose letters are never reported by the character checks, by name or "
        "four-letter code (`Greek`, `Grek`, `Cyrillic`), matched by Script_Extensions.",
        'allowed-scripts = ["Greek"]'),
    Key("allowed-words", "list of strings", "`[]`",
        "Words never reported by the character checks, compared without regard to case "
        "(a product name written with a foreign letter, a test fixture).",
        'allowed-words = ["Ꮢeact", "pαss"]'),
    Key("profile", '`"commit"` or `"push"`', '`"commit"`',
        "`commit`: any error-level finding fails. `push`: only a `spam` verdict fails, and "
        "inline suppressions are ignored. `--profile` on the command line wins.",
        'profile = "commit"'),
    Key("thresholds", "table: `spam`, `suspicious` (numbers)", "the profile's",
        "Scores at which a document is judged `spam` or `suspicious`; "
        "`suspicious` must not be above `spam`.",
        "[tool.spamgate.thresholds]\nspam = 12\nsuspicious = 5"),
    Key("exclude", "list of globs", "`[]`",
        "Files and directories never checked, even when named on the command line (as "
        "pre-commit does). Same glob rules as `per-file-ignores`. Version-control and virtualenv "
        "directories are always skipped when walking a directory.",
        'exclude = ["vendor", "docs/generated/**", "*.min.js"]'),
    Key("max-file-size", "integer (bytes)", "5 MiB",
        "Files larger than this are not scanned, and fail. `--max-file-size` wins.",
        "max-file-size = 1048576"),
    Key("baseline", "path", "none",
        "A baseline file written by `spamgate check --write-baseline FILE`, relative to the "
        "configuration file's directory: the findings it records are not reported. "
        "`--baseline` wins.",
        'baseline = ".spamgate-baseline.json"'),
)
KEY_NAMES = tuple(k.name for k in KEYS)


# --------------------------------------------------------------------------- settings


class Settings:
    """The effective settings for one file, and where each came from."""

    __slots__ = ("select", "extend_select", "ignore", "per_file_ignores", "allowed_characters",
                 "allowed_character_specs", "allowed_scripts", "allowed_words", "profile", "thresholds_spam",
                 "thresholds_suspicious", "exclude", "max_file_size", "baseline", "path", "root", "sources")

    def __init__(self) -> None:
        self.select: tuple[str, ...] | None = None
        self.extend_select: tuple[str, ...] = ()
        self.ignore: tuple[str, ...] = ()
        self.per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self.allowed_characters: frozenset[str] = frozenset()
        self.allowed_character_specs: tuple[str, ...] = ()
        self.allowed_scripts: tuple[str, ...] = ()
        self.allowed_words: tuple[str, ...] = ()
        self.profile: str = "commit"
        self.thresholds_spam: float | None = None
        self.thresholds_suspicious: float | None = None
        self.exclude: tuple[str, ...] = ()
        self.max_file_size: int | None = None
        self.baseline: str | None = None  # as written: relative to root
        self.path: str | None = None  # the configuration file, if any
        self.root: str = "."  # directory globs are relative to
        self.sources: dict[str, str] = {}

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"

    def __eq__(self, other) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # mutable, so not hashable

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT_SOURCE)

    # -- derived

    def thresholds(self):
        """The thresholds in force: the profile's defaults with the configured values on top."""
        from spamgate.verdict import thresholds_for

        t = thresholds_for(self.profile)
        if self.thresholds_spam is not None:
            t = t._replace(spam=self.thresholds_spam)
        if self.thresholds_suspicious is not None:
            t = t._replace(suspicious=self.thresholds_suspicious)
        return t

    def configured_thresholds(self):
        """The thresholds to pass to the engine: None when the profile's defaults apply."""
        if self.thresholds_spam is None and self.thresholds_suspicious is None:
            return None
        return self.thresholds()

    def effective_select(self) -> tuple[str, ...] | None:
        if self.select is None and not self.extend_select:
            return None
        if self.select is None:
            return None  # everything is selected already
        return tuple(self.select) + tuple(self.extend_select)

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """``ignore`` plus the per-file ignores whose glob matches ``path``."""
        codes = list(self.ignore)
        if self.per_file_ignores:
            rel = self.relative(path)
            for pattern, pcodes in self.per_file_ignores:
                if glob_match(pattern, rel):
                    codes.extend(pcodes)
        return tuple(codes)

    def is_excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return any(glob_match(p, rel) for p in self.exclude)

    def relative(self, path: str) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        except ValueError:  # another drive on Windows
            rel = os.path.abspath(path)
        return rel.replace(os.sep, "/")

    def baseline_path(self) -> str | None:
        """The baseline file, if one is set."""
        return None if self.baseline is None else os.path.join(os.path.abspath(self.root), self.baseline)

    def allowances(self):
        from spamgate.engine import Allowances

        if not (self.allowed_characters or self.allowed_scripts or self.allowed_words):
            return None
        return Allowances(characters=self.allowed_characters, scripts=self.allowed_scripts,
                          words=self.allowed_words)

    def scan_options(self, path: str) -> dict[str, Any]:
        """The keyword arguments of ``engine.scan_document`` these settings give for ``path``."""
        return {"thresholds": self.configured_thresholds(), "select": self.effective_select(),
                "ignore": self.ignores_for(path), "allowed": self.allowances()}

    def as_dict(self) -> dict[str, Any]:
        t = self.thresholds()
        return {
            "select": None if self.select is None else list(self.select),
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "per-file-ignores": {p: list(c) for p, c in self.per_file_ignores},
            "allowed-characters": list(self.allowed_character_specs),
            "allowed-scripts": list(self.allowed_scripts),
            "allowed-words": list(self.allowed_words),
            "profile": self.profile,
            "thresholds": {"spam": t.spam, "suspicious": t.suspicious},
            "exclude": list(self.exclude),
            "max-file-size": self.max_file_size if self.max_file_size is not None else _default_max(),
            "baseline": self.baseline,
        }


def _default_max() -> int:
    from spamgate.reader import DEFAULT_MAX_BYTES

    return DEFAULT_MAX_BYTES


# --------------------------------------------------------------------------- globs

_GLOB_CACHE: dict[str, re.Pattern] = {}


def _glob_regex(pattern: str) -> re.Pattern:
    rx = _GLOB_CACHE.get(pattern)
    if rx is not None:
        return rx
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                    out.append("(?:.*/)?")
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern.startswith("[!", i) or pattern.startswith("[]", i) else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    rx = re.compile("".join(out) + r"\Z", re.S)
    _GLOB_CACHE[pattern] = rx
    return rx


def glob_match(pattern: str, rel_path: str) -> bool:
    """Whether ``rel_path`` (relative, ``/``-separated) or one of its directories matches.

    A pattern without ``/`` is tried against every component (file or directory
    name); one with ``/`` against the path from the root and each directory prefix.
    """
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern = pattern.rstrip("/")
    if not pattern:
        return False
    parts = [p for p in rel_path.split("/") if p not in ("", ".")]
    if "/" not in pattern:
        rx = _glob_regex(pattern)
        return any(rx.match(p) for p in parts)
    rx = _glob_regex(pattern.lstrip("/"))
    if parts and parts[0] == "..":
        return False
    return any(rx.match("/".join(parts[:k])) for k in range(len(parts), 0, -1))


# --------------------------------------------------------------------------- validation

_CODE = re.compile(r"SG\d{0,3}\Z")
_RANGE = re.compile(r"U\+([0-9A-Fa-f]{4,6})(?:\.\.U\+([0-9A-Fa-f]{4,6}))?\Z")
_SCRIPT_NAME = re.compile(r"[A-Za-z][A-Za-z_ ]*\Z")


def validate_codes(value: Any, what: str) -> tuple[str, ...]:
    """Codes or prefixes (``SG101``, ``SG1``); raises ValueError with a reason."""
    from spamgate.registry import all_checks

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list of rule codes, got {_type_name(value)}")
    known = all_checks()
    out = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"expected rule codes as strings, got {_type_name(item)}")
        code = item.strip().upper()
        if not _CODE.match(code):
            raise ValueError(f"{item!r} is not a rule code or prefix (like SG101 or SG1)")
        if not any(c.startswith(code) for c in known):
            raise ValueError(f"{item!r} matches no rule (see 'spamgate rules')")
        out.append(code)
    return tuple(out)


def parse_codes_option(text: str) -> tuple[str, ...]:
    """A ``--select``/``--ignore`` value: codes separated by commas."""
    return validate_codes([c for c in re.split(r"[,\s]+", text) if c], "option")


def parse_allowed_characters(value: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list of strings, got {_type_name(value)}")
    chars: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item:
            raise ValueError("expected non-empty strings (characters, U+XXXX or U+XXXX..U+YYYY)")
        m = _RANGE.match(item.strip()) if item.strip().upper().startswith("U+") else None
        if m:
            lo = int(m.group(1), 16)
            hi = int(m.group(2), 16) if m.group(2) else lo
            if hi < lo or hi > 0x10FFFF:
                raise ValueError(f"{item!r} is not a valid code point range")
            if hi - lo > 0x10000:
                raise ValueError(f"{item!r} is too wide a range (at most 65,536 code points)")
            chars.update(chr(c) for c in range(lo, hi + 1))
        elif item.strip().upper().startswith("U+") and len(item.strip()) > 2:
            raise ValueError(f"{item!r} is not a code point (U+XXXX) or range (U+XXXX..U+YYYY)")
        else:
            chars.update(item)
    return frozenset(chars), tuple(value)


def validate_scripts(value: Any) -> tuple[str, ...]:
    import regex

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list of script names, got {_type_name(value)}")
    out = []
    for item in value:
        if not isinstance(item, str) or not _SCRIPT_NAME.match(item.strip()):
            raise ValueError(f"{item!r} is not a Unicode script name (like Greek or Grek)")
        name = item.strip().replace(" ", "_")
        try:
            regex.compile(r"\p{scx=%s}" % name)
        except regex.error:
            raise ValueError(f"{item!r} is not a Unicode script name (like Greek or Grek)") from None
        out.append(name)
    return tuple(out)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return float(value)


def apply_table(settings: Settings, table: dict, source: str) -> None:
    """Validate a configuration table and apply it to ``settings``."""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{source}: {key}: {problem}")

    handlers: dict[str, Callable[[Any], None]] = {}

    def on(name):
        def register(fn):
            handlers[name] = fn
            return fn
        return register

    @on("select")
    def _(v):
        settings.select = validate_codes(v, "select")

    @on("extend-select")
    def _(v):
        settings.extend_select = validate_codes(v, "extend-select")

    @on("ignore")
    def _(v):
        settings.ignore = validate_codes(v, "ignore")

    @on("per-file-ignores")
    def _(v):
        if not isinstance(v, dict):
            raise ValueError(f"expected a table of glob = [codes], got {_type_name(v)}")
        out = []
        for pattern, codes in v.items():
            if not pattern.strip():
                raise ValueError("empty glob")
            try:
                out.append((pattern, validate_codes(codes, "per-file-ignores")))
            except ValueError as exc:
                raise fail(f"per-file-ignores.{pattern!r}" if not _bare(pattern) else f"per-file-ignores.{pattern}", str(exc)) from None
        settings.per_file_ignores = tuple(out)

    @on("allowed-characters")
    def _(v):
        settings.allowed_characters, settings.allowed_character_specs = parse_allowed_characters(v)

    @on("allowed-scripts")
    def _(v):
        settings.allowed_scripts = validate_scripts(v)

    @on("allowed-words")
    def _(v):
        settings.allowed_words = _strings(v)

    @on("profile")
    def _(v):
        from spamgate.verdict import PROFILES

        if v not in PROFILES:
            raise ValueError(f"expected one of {', '.join(repr(p) for p in PROFILES)}, got {v!r}")
        settings.profile = v

    @on("thresholds")
    def _(v):
        if not isinstance(v, dict):
            raise ValueError(f"expected a table with spam and suspicious, got {_type_name(v)}")
        for sub in v:
            if sub not in ("spam", "suspicious"):
                raise fail(f"thresholds.{sub}", "unknown key (expected spam or suspicious)")
        for sub in ("spam", "suspicious"):
            if sub in v:
                try:
                    setattr(settings, f"thresholds_{sub}", _positive_number(v[sub]))
                except ValueError as exc:
                    raise fail(f"thresholds.{sub}", str(exc)) from None

    @on("exclude")
    def _(v):
        settings.exclude = _strings(v)

    @on("max-file-size")
    def _(v):
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise ValueError(f"expected a positive number of bytes, got {v!r}")
        settings.max_file_size = v

    @on("baseline")
    def _(v):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"expected the path of a baseline file, got {v!r}")
        settings.baseline = v.strip()

    assert set(handlers) == set(KEY_NAMES)
    for key, value in table.items():
        handler = handlers.get(key)
        if handler is None:
            hint = ""
            alt = key.replace("_", "-")
            if alt in handlers:
                hint = f" (did you mean {alt}?)"
            raise fail(key, f"unknown key{hint}; known keys: {', '.join(KEY_NAMES)}")
        try:
            handler(value)
        except ValueError as exc:
            raise fail(key, str(exc)) from None
        settings.sources[key] = source
    if "thresholds" in table or "profile" in table:
        t = settings.thresholds()
        if t.suspicious > t.spam:
            raise fail("thresholds", f"suspicious ({t.suspicious:g}) is above spam ({t.spam:g})")


def _bare(key: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9_-]+", key) is not None


# --------------------------------------------------------------------------- files


def _toml_load(path: str) -> dict:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None


def table_of(path: str) -> dict | None:
    """The spamgate table of a configuration file, or None if it has none."""
    data = _toml_load(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "spamgate" not in tool:
            return None
        table = tool["spamgate"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.spamgate: expected a table")
        return table
    return data


def find_config(start: str) -> str | None:
    """The nearest configuration file at or above directory ``start``."""
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


@lru_cache(maxsize=256)
def _has_tool_table(path: str) -> bool:
    """Whether a pyproject.toml has a [tool.spamgate] table (a broken file is an error)."""
    return table_of(path) is not None


def load(path: str | None) -> Settings:
    """Settings from one configuration file (defaults if ``path`` is None)."""
    settings = Settings()
    if path is None:
        settings.root = os.getcwd()
        return settings
    table = table_of(path)
    settings.path = path
    settings.root = os.path.dirname(os.path.abspath(path))
    if table:
        apply_table(settings, table, path)
    return settings


class Resolver:
    """Finds (and caches) the settings that apply to each checked file."""

    def __init__(self, config: str | None = None, overrides: Callable[[Settings], None] | None = None):
        self.config = config
        self.overrides = overrides
        self._by_dir: dict[str, Settings] = {}
        self._by_file: dict[str | None, Settings] = {}
        if config is not None:
            if not os.path.isfile(config):
                raise ConfigError(f"{config}: no such configuration file")

    def _for_file(self, config_path: str | None) -> Settings:
        settings = self._by_file.get(config_path)
        if settings is None:
            settings = load(config_path)
            if self.overrides is not None:
                self.overrides(settings)
            self._by_file[config_path] = settings
        return settings

    def for_path(self, path: str) -> Settings:
        if self.config is not None:
            return self._for_file(self.config)
        directory = os.getcwd() if path == "-" else os.path.dirname(os.path.abspath(path))
        settings = self._by_dir.get(directory)
        if settings is None:
            settings = self._for_file(find_config(directory))
            self._by_dir[directory] = settings
        return settings


# --------------------------------------------------------------------------- output


def show(settings: Settings, stream, fmt: str = "text") -> None:
    """Print the effective settings and where each came from."""
    data = settings.as_dict()
    if fmt == "json":
        import json

        json.dump({"config": settings.path,
                   "settings": {k: {"value": v, "source": settings.source(k)} for k, v in data.items()}},
                  stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    stream.write(f"# configuration file: {settings.path or '(none found; defaults)'}\n")
    width = max(len(k) for k in data)
    for key, value in data.items():
        shown = _toml_value(value) if value is not None else "(all rules)" if key == "select" else "(none)"
        stream.write(f"{key.ljust(width)} = {shown}    # {settings.source(key)}\n")


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def _computed_defaults() -> dict[str, str]:
    """Defaults that live elsewhere in the code, rendered for the reference."""
    from spamgate.reader import DEFAULT_MAX_BYTES
    from spamgate.verdict import PROFILES, thresholds_for

    shown = []
    for profile in PROFILES:
        t = thresholds_for(profile)
        shown.append((profile, f"`spam = {t.spam:g}`, `suspicious = {t.suspicious:g}`"))
    if len({v for _, v in shown}) == 1:
        thresholds = shown[0][1]
    else:
        thresholds = "; ".join(f"{p}: {v}" for p, v in shown)
    size = f"`{DEFAULT_MAX_BYTES}`"
    if DEFAULT_MAX_BYTES % (1024 * 1024) == 0:
        size += f" ({DEFAULT_MAX_BYTES // (1024 * 1024)} MiB)"
    return {"thresholds": thresholds, "max-file-size": size}


def reference() -> str:
    """The Markdown reference of every configuration key (README.md embeds it)."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    computed = _computed_defaults()
    for k in KEYS:
        lines.append(f"| `{k.name}` | {k.type} | {computed.get(k.name, k.default)} | {k.description} |")
    lines.append("")
    lines.append("Every key in one `pyproject.toml`:")
    lines.append("")
    lines.append("```toml")
    lines.append("[tool.spamgate]")
    tables = []
    for k in KEYS:
        if k.example.startswith("["):
            tables.append(k.example)
        else:
            lines.append(k.example)
    for t in tables:
        lines.append("")
        lines.append(t)
    lines.append("```")
    return "\n".join(lines) + "\n"
