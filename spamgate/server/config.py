"""Server configuration: read only from a file the admin names.

The file is TOML, named by ``--config FILE`` or the ``SPAMGATE_CONFIG``
environment variable (e.g. ``/etc/spamgate.toml``).  Nothing inside a push
(config files, pyproject sections, comments) is ever read as configuration.
Every key is optional; unknown keys are an error, so a typo cannot silently
switch a setting off.
"""
from __future__ import annotations

import os

ENV_VAR = "SPAMGATE_CONFIG"
QUEUE = "queue"
REFUSE = "refuse"
OUTCOMES = (QUEUE, REFUSE)
ENFORCE = "enforce"
WARN = "warn"
MODES = (ENFORCE, WARN)

DEFAULT_CONTACT = "If you believe this is a mistake, contact the site administrators."


class ConfigError(Exception):
    """The configuration file is missing, unreadable or invalid."""


class ServerConfig:
    def __init__(self, path: str | None = None, mode: str = ENFORCE, spam_threshold: float = 10.0,
                 suspicious_threshold: float = 4.0, contact: str = DEFAULT_CONTACT, time_budget: float = 4.0,
                 max_blob_size: int = 1024 * 1024,
                 exempt_pushers: list[str] | None = None, exempt_repositories: list[str] | None = None,
                 skip_refs: list[str] | None = None, scan_internal_pushes: bool = False,
                 log_file: str | None = None, log_suspicious: bool = True, max_details: int = 20,
                 gitlab: bool = False, **unjudged):
        self.path = path  # the file it came from
        self.mode = mode  # "warn": never refuse, only report and log
        self.spam_threshold = spam_threshold
        self.suspicious_threshold = suspicious_threshold
        self.contact = contact
        self.time_budget = time_budget  # seconds for the whole scan
        self.max_blob_size = max_blob_size
        self.exempt_pushers = [] if exempt_pushers is None else exempt_pushers
        self.exempt_repositories = [] if exempt_repositories is None else exempt_repositories
        self.skip_refs = ["refs/pull/*"] if skip_refs is None else skip_refs
        self.scan_internal_pushes = scan_internal_pushes
        self.log_file = log_file
        self.log_suspicious = log_suspicious
        self.max_details = max_details
        self.gitlab = gitlab
        for key, default in UNJUDGED_DEFAULTS.items():
            setattr(self, key, unjudged.pop(key, default))
        if unjudged:
            raise TypeError(f"unknown settings: {', '.join(unjudged)}")

    def as_dict(self) -> dict:
        """Every setting, in declaration order."""
        return dict(vars(self))

    def __repr__(self) -> str:
        return "ServerConfig(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"

    def __eq__(self, other) -> bool:
        return isinstance(other, ServerConfig) and vars(self) == vars(other)

    def state_path(self) -> str:
        from spamgate.server.state import default_state_dir

        return self.state_dir or default_state_dir()

    def scan_slots(self) -> int:
        from spamgate.server.workers import cores

        return self.max_parallel_scans or cores()

    def unjudged_outcome(self, wiki: bool) -> str:
        return self.on_unjudged_wiki if wiki else self.on_unjudged

    @property
    def thresholds(self):
        from spamgate.verdict import Thresholds

        return Thresholds(spam=self.spam_threshold, suspicious=self.suspicious_threshold)

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


# key -> (attribute, type check, description for errors)
def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


_KEYS = {
    "mode": ("mode", lambda v: v in MODES, f"one of {', '.join(MODES)}"),
    "contact": ("contact", lambda v: isinstance(v, str), "a string"),
    "time_budget": ("time_budget", lambda v: _is_number(v) and 0 < v <= 3600, "a number of seconds (0-3600)"),
    "max_blob_size": ("max_blob_size", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
                      "a positive number of bytes"),
    "exempt_pushers": ("exempt_pushers", _is_str_list, "a list of user names"),
    "exempt_repositories": ("exempt_repositories", _is_str_list, "a list of owner/name patterns"),
    "skip_refs": ("skip_refs", _is_str_list, "a list of ref patterns"),
    "scan_internal_pushes": ("scan_internal_pushes", lambda v: isinstance(v, bool), "true or false"),
    "log_file": ("log_file", lambda v: isinstance(v, str) and v != "", "a file path"),
    "log_suspicious": ("log_suspicious", lambda v: isinstance(v, bool), "true or false"),
    "max_details": ("max_details", lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1000,
                    "a number (0-1000)"),
    "gitlab": ("gitlab", lambda v: isinstance(v, bool), "true or false"),
}

# -- What cannot be judged, and the state kept for it ---------------------------------------
# A document is unjudged when the time budget runs out before it is read, when
# git, a helper process or a rule fails on it, or when no scan slot frees up in
# time.  Wikis refuse such a push by default; other repositories accept it and
# queue what was not judged for ``spamgate audit --queue``.
UNJUDGED_DEFAULTS = {
    "on_unjudged": QUEUE,  # other repositories: "queue" (accept, keep for the audit) or "refuse"
    "on_unjudged_wiki": REFUSE,  # wikis: "refuse" or "queue"
    "state_dir": None,  # the queue and the scan slots; None: $XDG_STATE_HOME/spamgate or ~/.local/state/spamgate
    "max_parallel_scans": 0,  # scans at once on this host (a helper process counts as one); 0: one per core
    "max_wait": 30.0,  # seconds a push waits for a scan slot; then it is unjudged
    "window_size": 256 * 1024,  # bytes judged at the start and at the end of a file over max_blob_size
}
_KEYS.update({
    "on_unjudged": ("on_unjudged", lambda v: v in OUTCOMES, f"one of {', '.join(OUTCOMES)}"),
    "on_unjudged_wiki": ("on_unjudged_wiki", lambda v: v in OUTCOMES, f"one of {', '.join(OUTCOMES)}"),
    "state_dir": ("state_dir", lambda v: isinstance(v, str) and v != "", "a directory path"),
    "max_parallel_scans": ("max_parallel_scans",
                           lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1024,
                           "a number (0-1024; 0: one per core)"),
    "max_wait": ("max_wait", lambda v: _is_number(v) and 0 <= v <= 3600, "a number of seconds (0-3600)"),
    "window_size": ("window_size", lambda v: isinstance(v, int) and not isinstance(v, bool) and 4096 <= v <= 1 << 30,
                    "a number of bytes (4096 or more)"),
})
_RENAMED = {"on_timeout": "on_unjudged", "on_error": "on_unjudged"}

_THRESHOLD_KEYS = {
    "spam": "spam_threshold",
    "suspicious": "suspicious_threshold",
}


def _toml():
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError as exc:
            raise ConfigError("reading a config file needs the 'tomli' package on Python 3.10") from exc
    return tomllib


def parse(text: str, path: str | None = None) -> ServerConfig:
    """A ServerConfig from TOML text; raises ConfigError with a clear message."""
    where = path or "config"
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    config = ServerConfig(path=path)
    for key, value in data.items():
        if key == "thresholds":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [thresholds] must be a table")
            for tkey, tvalue in value.items():
                if tkey not in _THRESHOLD_KEYS:
                    raise ConfigError(f"{where}: unknown key thresholds.{tkey} (known: {', '.join(_THRESHOLD_KEYS)})")
                if not _is_number(tvalue) or tvalue < 0:
                    raise ConfigError(f"{where}: thresholds.{tkey} must be a non-negative number")
                setattr(config, _THRESHOLD_KEYS[tkey], float(tvalue))
            continue
        if key in _RENAMED:
            raise ConfigError(f"{where}: {key} is no longer a setting: what cannot be judged follows "
                              f"{_RENAMED[key]} (and on_unjudged_wiki for wikis)")
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: thresholds, {', '.join(_KEYS)})")
        attr, valid, expected = _KEYS[key]
        if not valid(value):
            raise ConfigError(f"{where}: {key} must be {expected}, not {value!r}")
        setattr(config, attr, float(value) if key in ("time_budget", "max_wait") else value)
    if config.suspicious_threshold > config.spam_threshold:
        raise ConfigError(f"{where}: thresholds.suspicious ({config.suspicious_threshold:g}) is above "
                          f"thresholds.spam ({config.spam_threshold:g})")
    config.log_file = _resolve(config.log_file, path)
    config.state_dir = _resolve(config.state_dir, path)
    return config


def _resolve(value: str | None, config_path: str | None) -> str | None:
    """A path setting: relative to the configuration file's directory."""
    if not value:
        return value
    resolved = os.path.expanduser(value)
    if not os.path.isabs(resolved):
        base = os.path.dirname(os.path.abspath(config_path)) if config_path else os.getcwd()
        resolved = os.path.join(base, resolved)
    return os.path.normpath(resolved)


def salvage(path: str | None, environ=None) -> ServerConfig:
    """The built-in settings, with the places a configuration names (``log_file``,
    ``state_dir``) kept even when the rest of it is invalid, so a broken
    configuration is still reported in the admin's log and queues where the
    audit looks."""
    environ = os.environ if environ is None else environ
    path = path or environ.get(ENV_VAR) or None
    config = ServerConfig(path=path)
    if path is None:
        return config
    path = os.path.abspath(os.path.expanduser(path))
    try:
        with open(path, "rb") as f:
            data = _toml().loads(f.read(1024 * 1024).decode("utf-8"))
    except (OSError, ValueError, ConfigError):
        return config
    for key in ("log_file", "state_dir"):
        value = data.get(key)
        if isinstance(value, str) and value:
            setattr(config, key, _resolve(value, path))
    return config


def load(path: str | None = None, environ=None) -> ServerConfig:
    """The server configuration from ``path``, else $SPAMGATE_CONFIG, else the defaults."""
    environ = os.environ if environ is None else environ
    path = path or environ.get(ENV_VAR) or None
    if path is None:
        return ServerConfig()
    path = os.path.abspath(os.path.expanduser(path))
    try:
        with open(path, "rb") as f:
            raw = f.read(1024 * 1024 + 1)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a directory") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    if len(raw) > 1024 * 1024:
        raise ConfigError(f"config file {path} is over 1 MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8") from None
    return parse(text, path)
