"""Reading a coroner's report for the import page: its text (a pasted text, a text file, or a
Word or PDF file read in a child process held to the reader's ceilings), and what the preview
shows of it."""

from __future__ import annotations

from followthrough.parsing import ParseError
from followthrough.parsing.pfd import review_title
from followthrough.parsing.sniff import decode_text
from followthrough.pfd.clock import day, response_period
from followthrough.pfd.selectors import partner_agencies_named
from followthrough.sandbox import ChildFailed, ChildRefused, SandboxError, run_limited

TARGET = "followthrough.parsing.pfd:report_text"


def text_of(data: dict) -> str:
    """The report's text from the import form's cleaned data. Raises ``ParseError`` (one line)
    when a file cannot be read."""
    document = data.get("document")
    if not document:
        return data["text"]
    content = document.read()
    if document.name.lower().endswith(".txt"):
        return decode_text(content)
    from followthrough.imports.tasks import ceilings

    try:
        return run_limited(
            TARGET,
            content,
            kwargs={"filename": document.name},
            limits=ceilings(),
            expected=(f"{ParseError.__module__}.{ParseError.__qualname__}",),
            what="reading the report",
        )
    except ChildRefused as exc:
        raise ParseError(str(exc)) from None
    except (ChildFailed, SandboxError) as exc:
        raise ParseError(
            f"{document.name}: {exc}: copy the report's text and paste it instead"
        ) from None


def preview_context(report, save_form, partnership) -> dict:
    """What the preview page shows: the concerns, the addressees (with the partnership's
    agency each names, if any), the dates and what could not be read."""
    agencies = partner_agencies_named(report.addressees, partnership)
    period = response_period()
    due_on = period.after(report.report_date) if report.report_date else None
    notes = list(report.warnings)
    if due_on and report.response_by and report.response_by != due_on:
        notes.append(
            f"The report asks for responses by {day(report.response_by)}; {period} after its "
            f"date is {day(due_on)}. Followthrough counts {period} from the date of the report: "
            "check the date below."
        )
    return {
        "report": report,
        "title": review_title(report.report_date),
        "addressees": [(name, agencies.get(name)) for name in report.addressees],
        "due_on": due_on,
        "period": period,
        "save_form": save_form,
        "partnership": partnership,
        "notes": notes,
        "nav": "reviews",
    }
