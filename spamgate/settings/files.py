"""Reading a configuration file, project or server: one set of errors for both.

tomllib is imported only here, and only when a file is parsed.
"""
from __future__ import annotations

from spamgate.settings.kinds import ConfigError

MAX_BYTES = 1024 * 1024


def check_file(path: str) -> None:
    """Raise ConfigError unless ``path`` names a regular file."""
    import os

    if os.path.isdir(path):
        raise ConfigError(path, None, "is a directory, not a configuration file")
    if not os.path.isfile(path):
        raise ConfigError(path, None, "no such configuration file")


def read_config(path: str) -> bytes:
    """The bytes of a configuration file (at most 1 MiB)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(path, None, "no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(path, None, "is a directory, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(path, None, "over 1 MiB, too large for a configuration file")
    return raw


def decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not valid UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start})") from None


def parse_toml(text: str, path: str) -> dict:
    """The TOML document ``text`` (read from ``path``, which errors name)."""
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ConfigError(path, None, "reading a configuration file needs the 'tomli' package on Python 3.10") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, None, "not valid TOML: nested too deeply") from None
