"""Project configuration: ``[tool.spamgate]`` in pyproject.toml or ``.spamgate.toml``.

The nearest configuration file wins: starting at a checked file's directory
(or the working directory), spamgate looks upward for ``.spamgate.toml`` and
then ``pyproject.toml`` with a ``[tool.spamgate]`` table; ``--config FILE``
names the file explicitly.  ``.spamgate.toml`` holds its keys at the top
level.  Globs (``exclude``, ``per-file-ignores``) are relative to the
directory of the configuration file.  The keys are declared in
``spamgate.settings.schema``.

This is the configuration of a project, written by whoever commits to it.
Server-side checks (``spamgate pre-receive``) never read it.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cached_property

from spamgate.settings.kinds import ConfigError, Invalid, expand_characters, found
from spamgate.settings.schema import (DEFAULT_SOURCE, PROJECT, SettingsBase, base_fields, parse_scope, record_class,
                                      scope_table, setting)

CONFIG_NAMES = (".spamgate.toml", "pyproject.toml")


class ProjectSettings(SettingsBase):
    """What the project settings do; their fields come from the schema."""

    def override(self, key: str, value: object, option: str, adds: bool = False) -> Settings:
        """A copy with ``key`` set from a command-line ``option``; ``adds``: the option adds to the file's value."""
        was, by = self.source(key), f"command line ({option})"
        return self.with_value(key, value, f"{was} + {by}" if adds and was != DEFAULT_SOURCE else by)

    def effective_select(self) -> tuple[str, ...] | None:
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
        """``path`` relative to the root, with ``/`` separators (the last answer is kept: a
        file's exclusion and its ignores ask for the same path)."""
        last = self.__dict__.get("_relative")
        if last is not None and last[0] == path:
            return last[1]
        absolute = os.path.abspath(path)
        root = self._absolute_root
        if absolute.startswith(root) and absolute[len(root):len(root) + 1] == os.sep and root != os.sep:
            rel = absolute[len(root) + 1:]
        else:
            try:
                rel = os.path.relpath(absolute, root)
            except ValueError:  # another drive on Windows
                rel = absolute
        rel = rel.replace(os.sep, "/")
        self.__dict__["_relative"] = (path, rel)
        return rel

    @cached_property
    def _absolute_root(self) -> str:
        return os.path.abspath(self.root)

    @cached_property
    def allowances(self):
        """The engine's Allowances for these settings, or None when nothing is allowed."""
        from spamgate.engine import Allowances

        if not (self.allowed_characters or self.allowed_scripts or self.allowed_words):
            return None
        return Allowances(characters=expand_characters(self.allowed_characters), scripts=self.allowed_scripts,
                          words=self.allowed_words)

    def scan_options(self, path: str) -> dict[str, object]:
        """The keyword arguments of ``engine.scan_document`` these settings give for ``path``."""
        return {"thresholds": self.thresholds, "select": self.effective_select(),
                "ignore": self.ignores_for(path), "allowed": self.allowances}


# The effective settings for one file, and where each came from.  ``root``:
# the directory globs are relative to.
Settings = record_class("Settings", scope_table(PROJECT), __name__, base=ProjectSettings,
                        extra=base_fields(("root", ".")))


def parse_option(key: str, value: object, option: str) -> object:
    """A command-line option's value for setting ``key``, checked as the file's would be."""
    kind = setting(key).kind
    try:
        return kind.parse_option(value) if isinstance(value, str) else kind.parse(value, None)
    except Invalid as exc:
        raise ConfigError(None, option, exc.problem) from None


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
    matcher = _MATCHERS.get(pattern)
    if matcher is None:
        matcher = _MATCHERS[pattern] = _matcher(pattern)
    if matcher is False:
        return False
    anywhere, match = matcher
    if _PARTS[0] != rel_path:
        _PARTS[0], _PARTS[1] = rel_path, [p for p in rel_path.split("/") if p not in ("", ".")]
    parts = _PARTS[1]
    if anywhere:
        for part in parts:
            if match(part):
                return True
        return False
    if parts and parts[0] == "..":
        return False
    return any(match("/".join(parts[:k])) for k in range(len(parts), 0, -1))


def _matcher(pattern: str):
    """(whether the pattern matches any one component, its compiled match), or False for an empty one."""
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern = pattern.rstrip("/")
    if not pattern:
        return False
    if "/" not in pattern:
        return True, _glob_regex(pattern).match
    return False, _glob_regex(pattern.lstrip("/")).match


_MATCHERS: dict = {}
_PARTS: list = [None, []]  # [path, its components] of the last path matched


# --------------------------------------------------------------------------- files


def _may_name_spamgate(raw: bytes) -> bool:
    """Whether a pyproject.toml could hold a [tool.spamgate] table: TOML can only spell
    the key as the plain word or with \\u escapes, so a file with neither has none,
    and is passed over without being parsed."""
    return b"spamgate" in raw or b"\\u" in raw or b"\\U" in raw


def _spamgate_table(path: str) -> dict | None:
    """The spamgate table of a configuration file, or None if it is a pyproject.toml without one."""
    from spamgate.settings.files import decode, parse_toml, read_config

    raw = read_config(path)
    pyproject = os.path.basename(path) == "pyproject.toml"
    if pyproject and not _may_name_spamgate(raw):
        return None
    data = parse_toml(decode(raw, path), path)
    if not pyproject:
        return data
    tool = data.get("tool")
    if not isinstance(tool, dict) or "spamgate" not in tool:
        return None
    if not isinstance(tool["spamgate"], dict):
        raise ConfigError(path, "tool.spamgate", f"expected a table, got {found(tool['spamgate'])}")
    return tool["spamgate"]


def load(path: str | None, table: dict | None = None) -> Settings:
    """Settings from one configuration file (defaults if ``path`` is None)."""
    if path is None:
        return Settings(root=os.getcwd())
    if table is None:
        table = _spamgate_table(path) or {}
    values = parse_scope(PROJECT, table, path, os.path.dirname(os.path.abspath(path)))
    return Settings(**values, path=path, root=os.path.dirname(os.path.abspath(path)),
                    sources={key: path for key in table})


class Resolver:
    """Finds (and caches) the settings that apply to each checked file."""

    def __init__(self, config: str | None = None, overrides: Callable[[Settings], Settings] | None = None):
        self.config = config
        self.overrides = overrides
        self._by_dir: dict[str, Settings] = {}
        self._by_file: dict[str | None, Settings] = {}
        self._tables: dict[str, dict | None] = {}
        if config is not None:
            from spamgate.settings.files import check_file

            check_file(config)

    def _table(self, path: str) -> dict | None:
        if path not in self._tables:
            self._tables[path] = _spamgate_table(path)
        return self._tables[path]

    def _for_file(self, config_path: str | None) -> Settings:
        settings = self._by_file.get(config_path)
        if settings is None:
            settings = load(config_path, None if config_path is None else self._table(config_path) or {})
            if self.overrides is not None:
                settings = self.overrides(settings)
            self._by_file[config_path] = settings
        return settings

    def find(self, start: str) -> str | None:
        """The nearest configuration file at or above directory ``start``."""
        directory = os.path.abspath(start)
        while True:
            for name in CONFIG_NAMES:
                candidate = os.path.join(directory, name)
                if os.path.isfile(candidate):
                    if name == "pyproject.toml" and self._table(candidate) is None:
                        continue
                    return candidate
            parent = os.path.dirname(directory)
            if parent == directory:
                return None
            directory = parent

    def for_path(self, path: str) -> Settings:
        if self.config is not None:
            return self._for_file(self.config)
        directory = os.getcwd() if path == "-" else os.path.dirname(os.path.abspath(path))
        settings = self._by_dir.get(directory)
        if settings is None:
            settings = self._for_file(self.find(directory))
            self._by_dir[directory] = settings
        return settings
