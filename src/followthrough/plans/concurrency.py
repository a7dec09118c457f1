"""No lost edits: every change to a versioned record goes through ``claim``.

A form carries the version of the record the page showed. ``claim`` locks the row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite runs write transactions one at a time), refuses
with ``StaleEdit`` if someone changed it since, applies the changes, raises the version by one
and saves through the model, so the row history keeps the change. Of two people saving the same
page, one wins and the other is told, with nothing lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class StaleEdit(Exception):
    """Someone else changed the record after this page was opened."""

    def __init__(self, thing: str = "action"):
        super().__init__(
            f"Someone else changed this {thing} after you opened the page, so your change was "
            "not saved and theirs is kept. Check it as it is now, then make your change again."
        )


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@dataclass
class Claimed:
    """The locked record after the change, with the fields that changed, before and after."""

    obj: Any
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.after)


def claim(instance, expected_version: int, *, changes: dict[str, Any], always: bool = False):
    """Apply ``changes`` to ``instance``'s row if its version is still ``expected_version``.

    A change may be a callable of the locked record, for values computed from it. Only fields
    whose value differs are written; with nothing to write, nothing is saved and the version
    stays, unless ``always`` (a delivery step is a change even when no field differs, as its
    update row is). Returns a ``Claimed``; raises ``StaleEdit``."""
    model = type(instance)
    locked = model.objects.select_for_update().get(pk=instance.pk)
    if locked.version != expected_version:
        raise StaleEdit(model._meta.verbose_name)
    result = Claimed(locked)
    for name, value in changes.items():
        value = value(locked) if callable(value) else value
        old = getattr(locked, name)
        if old != value:
            result.before[name], result.after[name] = jsonable(old), jsonable(value)
            setattr(locked, name, value)
    if result.changed or always:
        locked.version += 1
        locked.save()
    return result
