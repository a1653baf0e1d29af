"""Server configuration: read only from a file the admin names.

The file is TOML, named by ``--config FILE`` or the ``SPAMGATE_CONFIG``
environment variable (e.g. ``/etc/spamgate.toml``).  Nothing inside a push
(config files, pyproject sections, comments) is ever read as configuration.
Every key is optional; unknown keys are an error, so a typo cannot silently
switch a setting off.  The keys are declared in ``spamgate.settings.schema``.
"""
from __future__ import annotations

import os

from spamgate.settings.kinds import ConfigError
from spamgate.settings.schema import (DEFAULT_CONTACT, ENFORCE, QUEUE, REFUSE, SERVER, WARN, SettingsBase, base_fields,
                                      parse_scope, record_class, scope_table)

ENV_VAR = "SPAMGATE_CONFIG"
OUTCOMES = (QUEUE, REFUSE)
MODES = (ENFORCE, WARN)
__all__ = ["DEFAULT_CONTACT", "ENFORCE", "ENV_VAR", "MODES", "OUTCOMES", "QUEUE", "REFUSE", "WARN", "ConfigError",
           "ServerConfig", "load", "parse", "salvage"]


class ServerSettings(SettingsBase):
    """What the server settings do; their fields come from the schema."""

    def pusher_is_exempt(self, name: str | None) -> bool:
        if not name:
            return False
        return name.lower() in {p.lower() for p in self.exempt_pushers}

    def repository_is_exempt(self, names: list[str]) -> bool:
        """``names``: the repository's names, e.g. ["owner/repo", "owner/repo.wiki"]."""
        if not self.exempt_repositories:
            return False
        from fnmatch import fnmatchcase

        for pattern in self.exempt_repositories:
            for name in names:
                if fnmatchcase(name.lower(), pattern.lower()):
                    return True
        return False

    def ref_is_skipped(self, ref: str) -> bool:
        if not self.skip_refs:
            return False
        from fnmatch import fnmatchcase

        return any(fnmatchcase(ref, pattern) for pattern in self.skip_refs)

    def state_path(self) -> str:
        from spamgate.server.state import default_state_dir

        return self.state_dir or default_state_dir()

    def scan_slots(self) -> int:
        from spamgate.parallel import cores

        return self.max_parallel_scans or cores()

    def unjudged_outcome(self, wiki: bool) -> str:
        return self.on_unjudged_wiki if wiki else self.on_unjudged


# The server's settings, and the file they came from.
ServerConfig = record_class("ServerConfig", scope_table(SERVER), __name__, base=ServerSettings, extra=base_fields())


def parse(text: str, path: str | None = None) -> ServerConfig:
    """A ServerConfig from TOML text; raises ConfigError with a clear message."""
    from spamgate.settings.files import parse_toml

    source = path or "configuration"
    table = parse_toml(text, source)
    values = parse_scope(SERVER, table, source, _base(path))
    return ServerConfig(**values, path=path, sources={key: source for key in table})


def _base(path: str | None) -> str:
    """The directory relative paths in a configuration file are taken from."""
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def _named(path: str | None, environ) -> str | None:
    path = path or (os.environ if environ is None else environ).get(ENV_VAR) or None
    return None if path is None else os.path.abspath(os.path.expanduser(path))


def load(path: str | None = None, environ=None) -> ServerConfig:
    """The server configuration from ``path``, else $SPAMGATE_CONFIG, else the defaults."""
    path = _named(path, environ)
    if path is None:
        return ServerConfig()
    from spamgate.settings.files import decode, read_config

    return parse(decode(read_config(path), path), path)


def salvage(path: str | None, environ=None) -> ServerConfig:
    """The built-in settings, with the places a configuration names (``log_file``,
    ``state_dir``) kept even when the rest of it is invalid, so a broken
    configuration is still reported in the admin's log and queues where the
    audit looks."""
    path = _named(path, environ)
    config = ServerConfig(path=path)
    if path is None:
        return config
    from spamgate.settings.files import decode, parse_toml, read_config

    try:
        table = parse_toml(decode(read_config(path), path), path)
    except (OSError, ValueError):
        return config
    kept = {}
    for key in ("log_file", "state_dir"):
        if key in table:
            try:
                kept[key] = parse_scope(SERVER, {key: table[key]}, path, _base(path))[key]
            except ConfigError:
                continue
    return config._replace(**kept)
