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
from spamgate.settings.schema import (ACCEPT, DEFAULT_CONTACT, ENFORCE, REFUSE, SERVER, WARN, SettingsBase, base_fields,
                                      parse_scope, record_class, scope_table)

ENV_VAR = "SPAMGATE_CONFIG"
OUTCOMES = (ACCEPT, REFUSE)
MODES = (ENFORCE, WARN)
__all__ = ["ACCEPT", "DEFAULT_CONTACT", "ENFORCE", "ENV_VAR", "MODES", "OUTCOMES", "REFUSE", "WARN", "ConfigError",
           "ServerConfig", "load", "parse"]


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


# The server's settings, and the file they came from.
ServerConfig = record_class("ServerConfig", scope_table(SERVER), __name__, base=ServerSettings, extra=base_fields())


def parse(text: str, path: str | None = None) -> ServerConfig:
    """A ServerConfig from TOML text; raises ConfigError with a clear message."""
    from spamgate.settings.files import parse_toml

    source = path or "configuration"
    table = parse_toml(text, source)
    base = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    values = parse_scope(SERVER, table, source, base)
    return ServerConfig(**values, path=path, sources={key: source for key in table})


def load(path: str | None = None, environ=None) -> ServerConfig:
    """The server configuration from ``path``, else $SPAMGATE_CONFIG, else the defaults."""
    environ = os.environ if environ is None else environ
    path = path or environ.get(ENV_VAR) or None
    if path is None:
        return ServerConfig()
    from spamgate.settings.files import decode, read_config

    path = os.path.abspath(os.path.expanduser(path))
    return parse(decode(read_config(path), path), path)
