"""Records built without running validation, for values known to be what validation keeps.

The parser makes thousands of small pydantic records per document (cell locations, rows,
claims, indicators, budget lines); where a caller has checked (or built) values exactly as
validation would leave them, these give the same object as ``cls(**values)`` without
pydantic's per-call cost (``model_construct`` costs more than validating).  Anything not
known to be valid must go through the model's own constructor.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

_R = TypeVar("_R", bound=BaseModel)
#: BaseModel's slots, set through their descriptors (no attribute lookup per record)
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def record(cls: type[_R], data: dict[str, Any], fields_set: set[str]) -> _R:
    """The record whose fields are ``data`` (every field, in field order) and whose fields
    set is ``fields_set``, as validation or ``model_construct`` would make it."""
    obj = cls.__new__(cls)
    _set_dict(obj, data)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


@cache
def _fields(cls: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """Each field's default in field order (None when required), and the default factories."""
    defaults: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for name, info in cls.model_fields.items():
        defaults[name] = None if info.is_required() else info.default
        if info.default_factory is not None:
            factories.append((name, info.default_factory))
    return defaults, tuple(factories)


def trusted(cls: type[_R], /, **values: Any) -> _R:
    """``cls(**values)`` for values validation keeps as they are: the other fields take their
    defaults (a factory's called for this record), the fields set is ``values``' keys."""
    defaults, factories = _fields(cls)
    data = {**defaults, **values}
    for name, factory in factories:
        if name not in values:
            data[name] = factory()
    return record(cls, data, set(values))
