"""Every setting of spamgate, declared once, for the project and the server.

A project's settings live in ``[tool.spamgate]`` of pyproject.toml or in
``.spamgate.toml`` (scope ``PROJECT``; keys in kebab-case); the server's in
the file named by ``spamgate pre-receive --config`` or ``SPAMGATE_CONFIG``
(scope ``SERVER``; keys in snake_case).  A setting may belong to both.

Each ``Setting`` names its key as written in TOML, its kind of value (which
also gives its allowed range or choices), its default, its scopes, its
documentation and an example.  From these come the parser and its error
messages (``Table.values``), the typed settings classes (``record_class``:
``spamgate.config.Settings``, ``spamgate.server.config.ServerConfig``,
``Thresholds``; named tuples, which cost nothing to import on the start-up
path and cannot be changed once made), ``--show-config`` and the README
reference.  Rules between keys (``AtMost``) belong to the table that holds
the keys.

Adding a setting is one ``Setting(...)`` in ``SETTINGS``: name, kind (from
``kinds``: ``Number(positive=..., whole=..., minimum=..., maximum=..., unit=...)``,
``Boolean()``, ``Choice((...))``, ``Text()``, ``Path()``, ``Strings("...")``,
...), default, documentation, example and scopes.  Its attribute on the
settings object is its name with ``-`` turned into ``_``, and
``python scripts/update_readme.py`` puts it into the README reference.  A
table of settings is a ``Table`` of ``Setting``s with its own
``record_class``, as ``THRESHOLDS`` is.
"""
from __future__ import annotations

from collections import namedtuple

from typing import NamedTuple
from spamgate.settings.kinds import (Boolean, Characters, Choice, Codes, ConfigError, Invalid, Kind, Mapping,
                                     Number, Path, Scripts, Strings, Text, closest, dotted, refuse)

PROJECT = "project"
SERVER = "server"
# Where a setting of each scope is written, for a key put in the wrong file.
HOMES = {
    PROJECT: "a project setting ([tool.spamgate] in pyproject.toml, or .spamgate.toml), which the server never reads",
    SERVER: "a server setting (the file named by spamgate pre-receive --config or SPAMGATE_CONFIG)",
}
DEFAULT_SOURCE = "default"

# The values of mode, on_unjudged and on_unjudged_wiki.
ENFORCE, WARN = "enforce", "warn"
QUEUE, REFUSE = "queue", "refuse"
DEFAULT_CONTACT = "If you believe this is a mistake, contact the site administrators."


class Setting(NamedTuple):
    name: str  # as written in TOML
    kind: Kind
    default: object  # the typed value
    doc: str = ""  # Markdown; a table's keys carry its documentation
    example: object = None  # a TOML value (a table's keys carry its example)
    scopes: tuple[str, ...] = ()  # empty for a key inside a table
    shown_default: str | None = None  # when the default is best said in words

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


class AtMost:
    """A rule between two keys of one table: ``key`` may not be above ``limit``."""

    def __init__(self, key: str, limit: str):
        self.key, self.limit = key, limit

    def problem(self, values: dict[str, object]) -> str | None:
        value, limit = values[self.key.replace("-", "_")], values[self.limit.replace("-", "_")]
        if value > limit:
            return f"expected {self.key} at most {self.limit}, got {self.key} = {value:g} and {self.limit} = {limit:g}"
        return None

    def constraint(self, key: str, table: str) -> str | None:
        """What the rule asks of ``key``, for the reference."""
        return f"at most `{table}.{self.limit}`" if key == self.key else None


class Table(Kind):
    """A table of declared settings: the whole configuration of a scope, or a
    table inside it such as ``[thresholds]``.  ``homes``: keys that belong to
    another scope, and where they belong."""

    def __init__(self, settings: tuple[Setting, ...], rules: tuple[AtMost, ...] = (),
                 homes: dict[str, str] | None = None):
        self.settings, self.rules, self.homes = settings, rules, homes or {}
        self.names = tuple(s.name for s in settings)
        self.expected = f"a table ({', '.join(self.names)})"
        self.build = None  # the typed value's class, set by record_class

    def values(self, table: object, base: str | None) -> dict[str, object]:
        """The typed value of every key (the default where the table has none),
        checked against the kinds and the rules; raises Invalid."""
        if not isinstance(table, dict):
            raise refuse(self.expected, table)
        by_name = {s.name: s for s in self.settings}
        for key in table:
            if key not in by_name:
                raise Invalid(self.unknown(key), (key,))
        values = {}
        for s in self.settings:
            if s.name in table:
                try:
                    values[s.attr] = s.kind.parse(table[s.name], base)
                except Invalid as exc:
                    raise exc.within(s.name) from None
            else:
                values[s.attr] = s.default
        for rule in self.rules:
            problem = rule.problem(values)
            if problem:
                raise Invalid(problem)
        return values

    def unknown(self, key: str) -> str:
        if key in self.homes:
            problem = f"unknown key: {key} is {self.homes[key]}"
        else:
            guess = closest(key, self.names)
            problem = f"unknown key (did you mean {guess}?)" if guess else "unknown key"
        return f"{problem}; known keys: {', '.join(self.names)}"

    def parse(self, value, base):
        return self.build(**self.values(value, base))

    def plain(self, value):
        return {s.name: s.kind.plain(getattr(value, s.attr)) for s in self.settings}


def record_class(name: str, table: Table, module: str, *, base: type = object, extra: tuple = (),
                 checked_as: str | None = None) -> type:
    """The named tuple of a table's settings: one field per setting, with its default,
    then the ``extra`` (name, default) fields, and the methods of ``base``.  With
    ``checked_as`` (the table's key), making one checks the values as the
    configuration file's would be, and raises ConfigError."""
    fields = [(s.attr, s.default) for s in table.settings] + list(extra)
    record = namedtuple(name, [f for f, _ in fields], defaults=[d for _, d in fields], module=module)
    namespace: dict[str, object] = {"__module__": module}
    if checked_as is not None:
        def __new__(cls, *args, **kwargs):
            given = record.__new__(cls, *args, **kwargs)
            try:
                values = table.values({s.name: getattr(given, s.attr) for s in table.settings}, None)
            except Invalid as exc:
                raise ConfigError(None, dotted((checked_as, *exc.keys)), exc.problem) from None
            return record.__new__(cls, **values)

        namespace["__new__"] = __new__
    cls = type(name, (record,) if base is object else (base, record), namespace)
    table.build = cls
    return cls


def _profiles() -> tuple[str, ...]:
    from spamgate.model import PROFILES

    return PROFILES


THRESHOLDS = Table((
    Setting("spam", Number(positive=True), 10.0,
            "Score at or above which a document is judged `spam`: it fails under the `push` profile, and "
            "the server hook refuses the push.", 12),
    Setting("suspicious", Number(positive=True), 4.0,
            "Score at or above which a document is judged `suspicious`: it does not fail, and the server "
            "hook logs it.", 5),
), rules=(AtMost("suspicious", "spam"),))

# Score at which a document is spam and at which it is suspicious.
Thresholds = record_class("Thresholds", THRESHOLDS, __name__, checked_as="thresholds")

SETTINGS: tuple[Setting, ...] = (
    # ---------------------------------------------------------------- project
    Setting("select", Codes(), None,
            "Only report the checks whose code starts with one of these (`SG101`, `SG1`, `SG`). "
            "`--select` on the command line replaces it.",
            ["SG1", "SG2"], (PROJECT,), shown_default="all rules"),
    Setting("extend-select", Codes(), (),
            "Checks to report in addition to `select`.",
            ["SG901"], (PROJECT,)),
    Setting("ignore", Codes(), (),
            "Never report the checks whose code starts with one of these. Wins over `select`; "
            "`--ignore` on the command line adds to it.",
            ["SG103"], (PROJECT,)),
    Setting("per-file-ignores", Mapping("glob", Codes()), (),
            "Checks to ignore in the files matching a glob. A glob without `/` matches a file or "
            "directory name anywhere; one with `/` matches from the configuration file's directory; "
            "`*` stays within a directory, `**` crosses directories.",
            {"tests/homoglyphs/**": ["SG1"], "CHANGELOG.md": ["SG104"]}, (PROJECT,)),
    Setting("allowed-characters", Characters(), (),
            "Characters never reported by the character checks (SG1xx): each entry is the "
            "characters themselves (`\"αβγ\"`), a code point (`\"U+00B5\"`) or a range "
            "(`\"U+0391..U+03A9\"`). A finding is dropped when every character it names is allowed.",
            ["µ", "U+2126", "U+0391..U+03A9"], (PROJECT,)),
    Setting("allowed-scripts", Scripts(), (),
            "Unicode scripts whose letters are never reported by the character checks, by name or "
            "four-letter code (`Greek`, `Grek`, `Cyrillic`), matched by Script_Extensions.",
            ["Greek"], (PROJECT,)),
    Setting("allowed-words", Strings("words", single=True, strip=True), (),
            "Words never reported by the character checks, compared without regard to case "
            "(a product name written with a foreign letter, a test fixture).",
            ["Ꮢeact", "pαss"], (PROJECT,)),
    Setting("profile", Choice(_profiles), "commit",
            "`commit`: any error-level finding fails. `push`: only a `spam` verdict fails, and "
            "inline suppressions are ignored. `--profile` on the command line wins.",
            "commit", (PROJECT,)),
    Setting("exclude", Strings("globs", single=True, strip=True), (),
            "Files and directories never checked, even when named on the command line (as "
            "pre-commit does). Same glob rules as `per-file-ignores`. Version-control and virtualenv "
            "directories are always skipped when walking a directory. `--exclude` on the command line "
            "adds to it.",
            ["vendor", "docs/generated/**", "*.min.js"], (PROJECT,)),
    Setting("max-file-size", Number(positive=True, whole=True, unit="bytes"), 5 * 1024 * 1024,
            "Files larger than this are not scanned, and fail. `--max-file-size` wins.",
            1048576, (PROJECT,)),
    Setting("baseline", Path(), None,
            "A baseline file written by `spamgate check --write-baseline FILE`, relative to the "
            "configuration file's directory: the findings it records are not reported. "
            "`--baseline` wins.",
            ".spamgate-baseline.json", (PROJECT,), shown_default="none"),
    # ---------------------------------------------------------------- server
    Setting("mode", Choice((ENFORCE, WARN)), ENFORCE,
            '`"enforce"`: refuse pushes that add spam. `"warn"`: never refuse; show and log what would '
            "have been refused (for a trial period).",
            WARN, (SERVER,)),
    Setting("contact", Text(), DEFAULT_CONTACT,
            "How to reach the admins; shown in the first block of every refusal.",
            "If you believe this is a mistake, write to abuse@git.example.org.", (SERVER,)),
    Setting("time_budget", Number(positive=True, maximum=3600, unit="seconds"), 4.0,
            "Seconds for the whole scan (GitHub Enterprise allows 5 s for all pre-receive hooks "
            "together; Gitea sets no limit but ends web pushes after 360 s).",
            3, (SERVER,)),
    Setting("max_blob_size", Number(positive=True, whole=True, unit="bytes"), 1024 * 1024,
            "Files larger than this are judged by their ends: the first and the last `window_size` "
            "bytes, where titles and closing paragraphs sit (blank padding between is left out).",
            2097152, (SERVER,)),
    Setting("window_size", Number(whole=True, minimum=4096, maximum=1 << 30, unit="bytes"), 256 * 1024,
            "Bytes judged at the start and at the end of a file over `max_blob_size`.",
            131072, (SERVER,)),
    Setting("on_unjudged", Choice((QUEUE, REFUSE)), QUEUE,
            "What to do, in a repository that is not a wiki, with content that could not be judged (the "
            "time budget ran out, git or a scan process failed, a rule raised an error, no scan slot "
            "freed up in time): `\"queue\"` accepts the push and writes what was not judged to the "
            "queue under `state_dir` for `spamgate audit --queue`; `\"refuse\"` refuses the push. "
            "Either way the pusher is told and the decision is logged.",
            REFUSE, (SERVER,)),
    Setting("on_unjudged_wiki", Choice((QUEUE, REFUSE)), REFUSE,
            "The same for wikis, where spam pages land and pushes are small: refused by default.",
            QUEUE, (SERVER,)),
    Setting("state_dir", Path(), None,
            "Directory for the scan slots and the queue of unjudged content; relative to the "
            "configuration file. Set it: the default depends on `HOME`, which Gitea sets to its own "
            "git home for hooks.",
            "/var/lib/spamgate", (SERVER,), shown_default="`$XDG_STATE_HOME/spamgate`, else "
            "`~/.local/state/spamgate`"),
    Setting("max_parallel_scans", Number(whole=True, minimum=0, maximum=1024), 0,
            "Scans running at once on this host, over all pushes (a helper process counts as one); "
            "0: one per core. The time budget starts once a push holds a slot.",
            2, (SERVER,)),
    Setting("max_wait", Number(minimum=0, maximum=3600, unit="seconds"), 30.0,
            "Seconds a push waits for a scan slot; after that its content is unjudged.",
            60, (SERVER,)),
    Setting("exempt_pushers", Strings("user names"), (),
            "User names (`GITEA_PUSHER_NAME`, case-insensitive) whose pushes are not scanned.",
            ["gitea-admin", "renovate-bot"], (SERVER,)),
    Setting("exempt_repositories", Strings("owner/name patterns"), (),
            "`owner/name` patterns (`*`, `?`, `[…]`; case-insensitive) of repositories not scanned; "
            "a wiki also matches `owner/name.wiki`.",
            ["docs/*", "infra/handbook"], (SERVER,)),
    Setting("skip_refs", Strings("ref patterns"), ("refs/pull/*",),
            "Ref patterns not scanned. Gitea writes pull-request heads under `refs/pull/`; the commits "
            "there come from branches already scanned when they were pushed, and refusing them can "
            "break pull requests.",
            ["refs/pull/*", "refs/keep-around/*"], (SERVER,)),
    Setting("scan_internal_pushes", Boolean(), False,
            "Also scan pushes Gitea makes itself (`GITEA_INTERNAL_PUSH=true`): a new repository's "
            "generated README (which holds the description its creator typed), a repository "
            "generated from a template, pull-request heads.",
            True, (SERVER,)),
    Setting("log_file", Path(), None,
            "Decision log (JSON lines); a relative path is relative to the configuration file; never "
            "written inside a repository.",
            "/var/log/spamgate/decisions.jsonl", (SERVER,), shown_default="none"),
    Setting("log_suspicious", Boolean(), True,
            "Also log accepted pushes with a suspicious document.",
            False, (SERVER,)),
    Setting("max_details", Number(whole=True, minimum=0, maximum=1000), 20,
            "Findings listed after the first block (0: only the first block).",
            5, (SERVER,)),
    Setting("gitlab", Boolean(), False,
            "Same as `--gitlab`: every line starts with `GL-HOOK-ERR:`.",
            True, (SERVER,)),
    # ---------------------------------------------------------------- both
    Setting("thresholds", THRESHOLDS, Thresholds(), scopes=(PROJECT, SERVER)),
)


# Keys that were settings once, and what takes their place.
RETIRED = {
    SERVER: {key: "no longer a setting: content that cannot be judged follows on_unjudged (on_unjudged_wiki "
                  "for wikis)" for key in ("on_timeout", "on_error")},
}


def scope_settings(scope: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if scope in s.scopes)


def scope_table(scope: str) -> Table:
    """The table of a whole configuration file of ``scope``."""
    table = _SCOPE_TABLES.get(scope)
    if table is None:
        own = scope_settings(scope)
        homes = {s.name: HOMES[other] for s in SETTINGS for other in s.scopes if scope not in s.scopes}
        homes.update(RETIRED.get(scope, {}))
        table = _SCOPE_TABLES[scope] = Table(own, homes=homes)
    return table


_SCOPE_TABLES: dict[str, Table] = {}


def setting(name: str) -> Setting:
    return next(s for s in SETTINGS if s.name == name)


def parse_scope(scope: str, table: dict, source: str, base: str | None) -> dict[str, object]:
    """The typed values of a configuration file's table; raises ConfigError naming ``source`` and the key."""
    try:
        return scope_table(scope).values(table, base)
    except Invalid as exc:
        raise ConfigError(source, dotted(exc.keys), exc.problem) from None


def base_fields(*extra) -> tuple:
    """The (name, default) fields every settings class has after its settings: the file
    it came from, then ``extra``, then where each value came from (a dict key -> source;
    None when every value is the default)."""
    return (("path", None), *extra, ("sources", None))


class SettingsBase:
    """What the settings classes of both scopes do."""

    def source(self, key: str) -> str:
        """Where the value of ``key`` came from: a file, a command-line option or the default."""
        return self.sources.get(key, DEFAULT_SOURCE) if self.sources else DEFAULT_SOURCE

    def with_value(self, key: str, value: object, source: str):
        """A copy with ``key`` set to ``value``, which came from ``source``."""
        return self._replace(**{key.replace("-", "_"): value}, sources={**(self.sources or {}), key: source})
