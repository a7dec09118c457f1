"""A bounded fuzz of every form and of the reader: no input may produce a server error.

Every page of the permission matrix is opened by a site administrator (who passes every
permission, so every form is reached); each form on it is read from the HTML, as a browser
would, and posted (or, for a search form, fetched) with values that hypothesis generates: the
fields' own values, the edge cases that broke the app before (year 9999, a superscript digit,
a 23-digit id, 10,000 emoji, formulas, control characters), and arbitrary text and files. The
reader gets arbitrary bytes and text, and the seed plan cut and spliced. The number of examples
is fixed and the generation derandomised, so the suite stays fast and a failure repeats.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.interchange import ActionPlan
from followthrough.parsing import ParseError, read_plan
from followthrough.plans.models import Action
from tests.conftest import SEED_TEXT
from tests.factories import ActionFactory, RecommendationFactory
from tests.test_permissions import MATRIX
from tests.worlds import every_persona_world

EXAMPLES = 12

EDGES = [
    "",
    " ",
    "0",
    "-1",
    "²",
    "9" * 23,
    "1e308",
    "NaN",
    "31/12/9999",
    "9999-12-31",
    "December 9999",
    "0000-00-00",
    "29/02/2023",
    "July 2025",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid")',
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\r\n\t",
    "😀" * 10_001,
    "x" * 100_001,
    "../../etc/passwd",
    "%s%s%n",
    "' OR '1'='1",
    "name | role | agency",
    "1. Course designed | July 2025",
]
WEIRD = st.one_of(st.sampled_from(EDGES), st.text(max_size=300))


class _Forms(HTMLParser):
    """The forms of a page: method, action and fields (name, kind, the values offered)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if tag == "button":
                kind = "submit"
            field = self._form["fields"].setdefault(a["name"], {"kind": kind, "values": []})
            if a.get("value") is not None:
                field["values"].append(a["value"])
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select:
            self._form["fields"][self._select]["values"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def field_strategy(name: str, field: dict):
    offered = [v for v in field["values"] if v is not None]
    own = st.sampled_from(offered) if offered else WEIRD
    kind = field["kind"]
    if kind == "file":
        return st.lists(
            st.builds(
                lambda data, filename: SimpleUploadedFile(filename or "f", data),
                st.one_of(
                    st.binary(max_size=2048), st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04"])
                ),
                st.text(max_size=40),
            ),
            max_size=2,
        )
    if kind == "checkbox":
        return st.lists(st.one_of(own, WEIRD), max_size=3)
    if kind in ("submit",):
        return own
    if name == "csrfmiddlewaretoken":
        return st.just(offered[0] if offered else "")
    return st.one_of(own, own, WEIRD, st.integers(-(2**70), 2**70).map(str))


def post_data_strategy(form: dict):
    fields = {
        name: st.one_of(st.none(), field_strategy(name, field))
        for name, field in form["fields"].items()
    }
    extra = st.dictionaries(st.sampled_from(["version", "pk", "id", "next"]), WEIRD, max_size=2)
    return st.tuples(st.fixed_dictionaries(fields), extra).map(
        lambda both: {k: v for k, v in {**both[1], **both[0]}.items() if v is not None}
    )


# Forms that end the session or the account under test rather than test a page: signing out,
# changing the password. They are exercised by tests/web.
SKIPPED_ACTIONS = ("/accounts/sign-out/", "/accounts/password/")


def _first(row):
    """A row's (kind, rule), or its first pair when it lists several (test_permissions.py)."""
    return row[0] if isinstance(row, list) else row


PAGES = sorted(name for name, row in MATRIX.items() if _first(row)[1] != "405")
# Pages for people who are not signed in (sign-in, password reset) are fuzzed as such.
ANONYMOUS = ("public", "login")


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users, objects = every_persona_world()
    # A second recommendation and action, so that the write page offers its move forms.
    action = Action.objects.get(pk=objects["action"][0])
    ActionFactory(recommendation=action.recommendation)
    RecommendationFactory(review=action.recommendation.review)
    return users, objects


@pytest.mark.parametrize("name", PAGES)
def test_no_form_answers_a_server_error_whatever_is_posted(client, world, name):
    users, objects = world
    kind, rule = _first(MATRIX[name])
    url = reverse(name, args=objects[kind] if kind else [])
    user = None if rule in ANONYMOUS else users["superuser"]
    if user is not None:
        client.force_login(user)
    page = client.get(url)
    assert page.status_code < 500
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    forms = [
        form
        for form in forms_of(page.content.decode())
        if not any(skip in (form["action"] or url) for skip in SKIPPED_ACTIONS)
        and (form["fields"] or form["method"] == "post")
    ]
    for form in forms:
        edge_pass(client, user, form, form["action"] or url)
        fuzz_form(client, user, form, form["action"] or url)


def _send(client, user, form: dict, target: str, data: dict):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    if form["method"] == "post":
        response = client.post(target, data)
    else:
        query = {k: v for k, v in data.items() if not isinstance(v, list | SimpleUploadedFile)}
        response = client.get(target, query)
    assert response.status_code < 500, (target, response.status_code)


def edge_pass(client, user, form: dict, target: str) -> None:
    """Each edge case in every field at once (a list of it where the field takes several),
    so that every field's cleaning meets every edge whatever the random examples pick."""
    for edge in EDGES:
        data = {}
        for name, field in form["fields"].items():
            if field["kind"] == "file":
                continue
            if name == "csrfmiddlewaretoken":
                data[name] = (field["values"] or [""])[0]
            else:
                data[name] = [edge] if field["kind"] == "checkbox" else edge
        _send(client, user, form, target, data)


def fuzz_form(client, user, form: dict, target: str) -> None:
    """Send the form ``EXAMPLES`` times with generated values; never a server error."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=post_data_strategy(form))
    def send(data):
        _send(client, user, form, target, data)

    send()


def _spliced(seed: bytes):
    """The seed plan with a stretch cut out and arbitrary bytes put in its place."""
    return st.tuples(st.integers(0, len(seed)), st.integers(0, 2_000), st.binary(max_size=200)).map(
        lambda t: seed[: t[0]] + t[2] + seed[t[0] + t[1] :]
    )


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(
    data=st.one_of(
        st.binary(max_size=4096),
        st.text(max_size=2000).map(str.encode),
        _spliced(SEED_TEXT.read_bytes()),
        st.sampled_from(
            [
                b"{" * 100_000,
                b'{"format": "followthrough.action-plan/1", "review": {"published_on": '
                b'"9999-12-31"}, "recommendations": []}',
                b"PK\x03\x04" + b"\x00" * 200,
                b"%PDF-1.7\n" + b"0" * 500,
                b"\xff\xfe" + "Recommendation 1 Train staff".encode("utf-16-le"),
            ]
        ),
    ),
    filename=st.sampled_from([None, "plan.txt", "plan.csv", "plan.docx", "plan.xlsx", "plan.pdf"]),
)
def test_the_reader_returns_a_plan_or_one_line_saying_why_never_anything_else(data, filename):
    try:
        plan = read_plan(data, filename=filename)
    except ParseError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        assert isinstance(plan, ActionPlan)
