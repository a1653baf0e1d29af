"""Records declared as classes with annotated fields, made by ``collections.namedtuple``.

``class Finding(Record):`` with ``code: str`` and ``weight: float = 0.0``
lines makes what ``typing.NamedTuple`` makes -- a named tuple class with those
fields and defaults, and the class body's methods, properties and docstring --
without importing ``typing``, which costs a hook several milliseconds at every
start.
"""
from __future__ import annotations

from collections import namedtuple

_KEEP_OUT = frozenset(("__annotations__", "__module__", "__qualname__", "__dict__", "__weakref__"))


class _Maker(type):
    def __new__(mcs, name, bases, namespace):
        if not bases:  # Record itself
            return super().__new__(mcs, name, bases, namespace)
        annotations = namespace.get("__annotations__", {})
        fields = tuple(annotations)
        defaults = [namespace[f] for f in fields if f in namespace]
        if any(f not in namespace for f in fields[len(fields) - len(defaults):]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        record = namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))
        record.__qualname__ = namespace.get("__qualname__", name)
        record.__annotations__ = dict(annotations)
        for key, value in namespace.items():
            if key not in _KEEP_OUT and key not in annotations:
                setattr(record, key, value)
        return record


class Record(metaclass=_Maker):
    """Base of the record classes: its subclasses are named tuples (see the module's docstring)."""
