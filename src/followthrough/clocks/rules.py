"""The stages of each review type and their clocks, read from ``stages.toml``.

The file is data an administrator can read and change (see README.md beside it); this module
parses it into frozen dataclasses and refuses a file that does not hang together, naming the file,
the review type and the stage at fault.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from followthrough.clocks.calendar import add_months, add_working_days

DEFAULT_STAGES_FILE = Path(__file__).with_name("stages.toml")

UNITS = ("days", "working days", "weeks", "months")
BASES = ("statutory", "guidance", "local", "")

_PERIOD = re.compile(r"^\s*(\d{1,4})\s+(working\s+days?|days?|weeks?|months?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A length of time a stage is due within: "1 month", "5 working days", "56 days"."""

    amount: int
    unit: str  # one of UNITS

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}: use one of {', '.join(UNITS)}")
        if self.amount < 0:
            raise ValueError(f"a period cannot be negative ({self.amount})")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "6 months", "5 working days", "2 weeks", "56 days" (singular forms too)."""
        if not isinstance(text, str):
            raise ValueError(f"a period is written as text such as '6 months', not {text!r}")
        match = _PERIOD.match(text)
        if not match:
            raise ValueError(
                f"cannot read the period {text!r}: write a whole number and one of "
                "days, working days, weeks, months (for example '1 month', '5 working days')"
            )
        amount = int(match.group(1))
        unit = " ".join(match.group(2).lower().split())
        if not unit.endswith("s"):
            unit += "s"
        return cls(amount, unit)

    def after(self, day: date) -> date:
        """The date this period after ``day``: the due date of a clock started on ``day``."""
        if self.unit == "days":
            return day + timedelta(days=self.amount)
        if self.unit == "weeks":
            return day + timedelta(weeks=self.amount)
        if self.unit == "months":
            return add_months(day, self.amount)
        return add_working_days(day, self.amount)

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


@dataclass(frozen=True)
class StageRule:
    """One stage of a review type, and the clock (if any) it is due within."""

    key: str
    label: str
    clock_from: str | None
    within: Period | None
    basis: str
    source: str
    outcomes: tuple[str, ...] = ()
    returns_to: str | None = None
    per_addressee: bool = False
    optional: bool = False
    closes: bool = False


@dataclass(frozen=True)
class ReviewTypeStages:
    """The stages of one review type, in the order a review goes through them."""

    review_type: str
    label: str
    stages: tuple[StageRule, ...]

    def stage(self, key: str) -> StageRule:
        for rule in self.stages:
            if rule.key == key:
                return rule
        raise KeyError(f"{self.review_type} has no stage {key!r}")

    def keys(self) -> tuple[str, ...]:
        return tuple(rule.key for rule in self.stages)

    def timescale(self, rule: StageRule) -> str:
        """ "Within 1 month of: Notification of the death ...", or "" for a stage with no clock."""
        if rule.within is None or rule.clock_from is None:
            return ""
        return f"Within {rule.within} of: {self.stage(rule.clock_from).label}"


class StagesFileError(ValueError):
    """The stages file cannot be used; the message names the file, review type and stage."""


_STAGE_FIELDS = {
    "key",
    "label",
    "clock_from",
    "within",
    "basis",
    "source",
    "outcomes",
    "returns_to",
    "per_addressee",
    "optional",
    "closes",
}
_TYPE_FIELDS = {"label", "stages", "same_as"}
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def load_stages(path: Path | str | None = None) -> dict[str, ReviewTypeStages]:
    """Read the stages file (the packaged ``stages.toml`` unless ``path`` is given).

    The keys are review type codes (DHR, DARDR, SAR, CSPR, PFD, inquiry, other). A type written
    ``same_as = "DHR"`` shares that type's stages under its own code and label.
    Raises StagesFileError, naming the file, the review type and the stage, when the file is
    missing, is not TOML, or does not hang together.
    """
    path = Path(path) if path is not None else DEFAULT_STAGES_FILE
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise StagesFileError(f"{name}: no such file") from None
    except OSError as exc:
        raise StagesFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise StagesFileError(f"{name}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise StagesFileError(f"{name}: not UTF-8 text") from None

    if not data:
        raise StagesFileError(f"{name}: no review types are defined")

    result: dict[str, ReviewTypeStages] = {}
    aliases: dict[str, tuple[str, str]] = {}
    for code, table in data.items():
        where = f"{name}: review type {code}"
        if not isinstance(table, dict):
            raise StagesFileError(f"{where}: must be a table ([{code}])")
        unknown = set(table) - _TYPE_FIELDS
        if unknown:
            raise StagesFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        label = table.get("label", "")
        if not isinstance(label, str) or not label.strip():
            raise StagesFileError(f"{where}: needs a label")
        if "same_as" in table:
            if "stages" in table:
                raise StagesFileError(f"{where}: give either same_as or stages, not both")
            aliases[code] = (str(table["same_as"]), label.strip())
            continue
        stages = table.get("stages")
        if not isinstance(stages, list) or not stages:
            raise StagesFileError(f"{where}: has no stages ([[{code}.stages]])")
        result[code] = ReviewTypeStages(
            review_type=code,
            label=label.strip(),
            stages=_stages(where, stages),
        )
    for code, (other, label) in aliases.items():
        if other not in result:
            raise StagesFileError(
                f"{name}: review type {code}: same_as {other!r} is not a review type with stages"
            )
        result[code] = ReviewTypeStages(review_type=code, label=label, stages=result[other].stages)
    return {code: result[code] for code in data}  # in the file's order


def _stages(where: str, entries: list) -> tuple[StageRule, ...]:
    rules: list[StageRule] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise StagesFileError(f"{where}: stage {number} must be a table")
        key = entry.get("key")
        here = f"{where}, stage {key if isinstance(key, str) and key else number}"
        if not isinstance(key, str) or not _KEY.match(key):
            raise StagesFileError(
                f"{here}: needs a key of lower-case letters, digits and underscores"
            )
        if key in seen:
            raise StagesFileError(f"{here}: the key {key!r} is used twice")
        seen.add(key)
        unknown = set(entry) - _STAGE_FIELDS
        if unknown:
            raise StagesFileError(f"{here}: unknown field(s) {', '.join(sorted(unknown))}")
        label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            raise StagesFileError(f"{here}: needs a label")
        within = None
        if entry.get("within") not in (None, ""):
            try:
                within = Period.parse(entry["within"])
            except ValueError as exc:
                raise StagesFileError(f"{here}: {exc}") from None
        basis = entry.get("basis", "")
        if basis not in BASES:
            raise StagesFileError(
                f"{here}: basis {basis!r} must be one of statutory, guidance, local or empty"
            )
        outcomes = entry.get("outcomes", [])
        if not isinstance(outcomes, list) or not all(
            isinstance(o, str) and o.strip() for o in outcomes
        ):
            raise StagesFileError(f"{here}: outcomes must be a list of words")
        for flag in ("per_addressee", "optional", "closes"):
            if not isinstance(entry.get(flag, False), bool):
                raise StagesFileError(f"{here}: {flag} must be true or false")
        for text in ("clock_from", "returns_to", "source"):
            if entry.get(text) is not None and not isinstance(entry[text], str):
                raise StagesFileError(f"{here}: {text} must be text")
        rules.append(
            StageRule(
                key=key,
                label=label.strip(),
                clock_from=entry.get("clock_from") or None,
                within=within,
                basis=basis,
                source=(entry.get("source") or "").strip(),
                outcomes=tuple(o.strip() for o in outcomes),
                returns_to=entry.get("returns_to") or None,
                per_addressee=entry.get("per_addressee", False),
                optional=entry.get("optional", False),
                closes=entry.get("closes", False),
            )
        )
    _check_links(where, rules)
    return tuple(rules)


def _check_links(where: str, rules: list[StageRule]) -> None:
    order = {rule.key: i for i, rule in enumerate(rules)}
    for i, rule in enumerate(rules):
        here = f"{where}, stage {rule.key}"
        if rule.clock_from is not None:
            if rule.clock_from not in order:
                raise StagesFileError(f"{here}: clock_from {rule.clock_from!r} is not a stage")
            if order[rule.clock_from] >= i:
                raise StagesFileError(
                    f"{here}: clock_from {rule.clock_from!r} must be a stage before it"
                )
        if rule.within is not None and rule.clock_from is None:
            raise StagesFileError(
                f"{here}: a clock (within) needs clock_from, the stage it counts from"
            )
        if rule.returns_to is not None:
            if rule.returns_to not in order:
                raise StagesFileError(f"{here}: returns_to {rule.returns_to!r} is not a stage")
            if order[rule.returns_to] > i:
                raise StagesFileError(
                    f"{here}: returns_to {rule.returns_to!r} must be this stage or one before it"
                )
            if "returned" not in rule.outcomes:
                raise StagesFileError(
                    f"{here}: returns_to needs the outcome 'returned' in its outcomes"
                )
    loops = [r for r in rules if r.returns_to is not None]
    if len(loops) > 1:
        raise StagesFileError(
            f"{where}, stage {loops[1].key}: only one stage of a review type may return to an "
            "earlier one"
        )
