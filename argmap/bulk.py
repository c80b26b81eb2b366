"""Building large corpora: the cyclic garbage collector paused, records made quickly.

Parsing a large corpus allocates millions of small objects that all stay
alive; each allocation threshold reached makes the collector walk them again,
which costs a third of the time of a 100,000-claim check and grows faster
than the corpus. None of these objects form reference cycles, so nothing is
lost by pausing the collector (:func:`gc_paused`); it runs again as before afterwards.

Most of these objects are frozen dataclasses (locations, spans, relations,
links), whose generated ``__init__`` is slow; :func:`builder` makes the same
objects in a third of the time.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

T = TypeVar("T")


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Disable the cyclic collector inside the block (re-entrant; restores the previous state).

    ``freeze``: for what lives as long as the process (a command's corpus and graph): at the
    end of the outermost pause, move every object to the collector's permanent generation
    (``gc.freeze``). Otherwise the first collection after the pause walks every object made
    during it, a third of a second for 100,000 claims, and later ones walk them again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def builder(cls: type[T]) -> Callable[..., T]:
    """A faster constructor for the frozen slots dataclass ``cls``: ``builder(Location)(path, 1, 2)``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (its own ``__setattr__`` refuses), which costs about 0.1 µs a field: 0.6 µs for a
    :class:`~argmap.errors.Location`, more than everything else a parser does with
    it. The builder is a twin class with the same slots and a plain ``__init__``
    (the same parameters and defaults); its ``__init__`` ends by making the object a
    ``cls``, so what it returns is a ``cls``, equal to one made the usual way and as
    frozen. Only for classes whose ``__init__`` is the one dataclasses generated
    (no ``__post_init__``, no ``InitVar``, no default factories).
    """
    if not (dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__} is not a frozen dataclass")
    slots = cls.__dict__.get("__slots__")
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    if slots is None or tuple(slots) != names or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} must have slots for exactly its fields and no __post_init__")
    defaults: dict[str, Any] = {}
    params = []
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name} has a default factory")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    source = f"def __init__(self, {', '.join(params)}):\n{body}    self.__class__ = _cls\n"
    scope: dict[str, Any] = {"_cls": cls, **defaults}
    exec(source, scope)  # the source is made here, from the field names
    twin = type(f"_{cls.__name__}Builder", (), {"__slots__": names, "__init__": scope["__init__"]})
    return cast("Callable[..., T]", twin)
