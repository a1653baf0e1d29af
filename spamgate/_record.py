"""A small stand-in for ``dataclasses`` on the start-up path.

Importing ``dataclasses`` pulls in ``inspect`` (and with it ``ast`` and
``dis``), which costs several milliseconds in every hook process.  This module
gives the few features spamgate's plain data classes use: an ``__init__`` from
the annotated fields in order, defaults and default factories, ``__repr__``,
``__eq__``, and frozen instances.
"""
from __future__ import annotations

_MISSING = object()


class _Field:
    __slots__ = ("default", "default_factory", "repr")

    def __init__(self, default=_MISSING, default_factory=_MISSING, repr=True):
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(*, default=_MISSING, default_factory=_MISSING, repr=True):
    """Like ``dataclasses.field``: a default, a default factory, or left out of ``repr``."""
    return _Field(default, default_factory, repr)


class FrozenInstanceError(AttributeError):
    pass


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def dataclass(cls=None, *, frozen: bool = False):
    """Decorate a class whose annotated attributes are its fields, as ``@dataclass`` does."""

    def wrap(cls):
        names = list(cls.__dict__.get("__annotations__", {}))
        params, lines = [], []
        env = {"_MISSING": _MISSING, "_set": object.__setattr__}
        shown = []
        for name in names:
            value = cls.__dict__.get(name, _MISSING)
            show = True
            if isinstance(value, _Field):
                show = value.repr
                if value.default_factory is not _MISSING:
                    env[f"_factory_{name}"] = value.default_factory
                    params.append(f"{name}=_MISSING")
                    lines.append(f"if {name} is _MISSING: {name} = _factory_{name}()")
                    delattr(cls, name)
                    value = _MISSING
                elif value.default is not _MISSING:
                    value = value.default
                    setattr(cls, name, value)
                else:
                    delattr(cls, name)
                    value = _MISSING
            if value is not _MISSING and not any(p.startswith(f"{name}=") for p in params):
                env[f"_default_{name}"] = value
                params.append(f"{name}=_default_{name}")
            elif value is _MISSING and not any(p.startswith(f"{name}=") for p in params):
                params.append(name)
            lines.append(f"_set(self, {name!r}, {name})" if frozen else f"self.{name} = {name}")
            if show:
                shown.append(name)
        if hasattr(cls, "__post_init__"):
            lines.append("self.__post_init__()")
        source = f"def __init__(self, {', '.join(params)}):\n" + "".join(f"    {line}\n" for line in lines or ["pass"])
        exec(source, env)
        init = env["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
        fields = tuple(names)

        def __repr__(self):
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
            return f"{type(self).__qualname__}({inner})"

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, n) == getattr(other, n) for n in fields)

        cls.__repr__ = __repr__
        cls.__eq__ = __eq__
        cls.__match_args__ = fields
        if frozen:
            cls.__setattr__ = _frozen_setattr
            cls.__hash__ = lambda self: hash(tuple(getattr(self, n) for n in fields))
        else:
            cls.__hash__ = None
        return cls

    return wrap if cls is None else wrap(cls)
