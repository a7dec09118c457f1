"""The Word, Excel, CSV and text corpus: invented plans, each built at test time by the code of
its format (python-docx, openpyxl, csv), with its expected reading committed beside it as
``corpus/<format>/<name>.expected.json``.

Every person, partnership and agency in these plans is made up. ``CASES`` lists them;
``Case.build()`` gives the document's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    name: str  # "home-office-template"
    format: str  # "docx", "xlsx", "csv", "text": the folder of its expected JSON
    filename: str  # what the file is called when it is read
    build: Callable[[], bytes]
    layout: str  # one line: what this document exercises
    # Written after the reader was tuned on the others, its expected JSON by hand before it was
    # first read: ``bench/parse_accuracy.py --set held-out`` scores these apart.
    held_out: bool = False

    @property
    def expected_path(self) -> Path:
        return CORPUS / self.format / f"{self.name}.expected.json"

    @property
    def id(self) -> str:
        return f"{self.format}/{self.name}"


def cases() -> list[Case]:
    from tests.parsing.corpus.office import delimited, excel, held_out, word

    return [*word.CASES, *excel.CASES, *delimited.CASES, *held_out.CASES]
