"""The national figures: every partnership pooled, split by outcome, small counts hidden and
totals that cannot give them away, filters in the address, a constant number of queries."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.urls import reverse

from followthrough.oversight import selectors
from followthrough.oversight.selectors import Filters, national_figures, shown, shown_total
from followthrough.partnerships.models import Agency
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import Recommendation, Theme
from followthrough.plans.outcomes import Outcome, recommendation_outcome
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

STATUS_FOR = {
    Outcome.FULLY_IMPLEMENTED: ["signed_off"],
    Outcome.ALREADY_IN_PLACE: ["already_in_place"],
    Outcome.PARTLY_IMPLEMENTED: ["signed_off", "on_track"],
    Outcome.NOT_MET: ["not_met"],
    Outcome.NO_INFORMATION: [],
    Outcome.UNDER_WAY: ["on_track"],
}


def recs(n, *, outcome=Outcome.FULLY_IMPLEMENTED, theme=None, review=None, agency=None, **kw):
    """``n`` recommendations with actions in statuses that give ``outcome``."""
    review = review or ReviewFactory(**kw)
    made = []
    for _ in range(n):
        rec = RecommendationFactory(review=review)
        if theme is not None:
            rec.themes.add(theme)
        for status in STATUS_FOR[outcome]:
            action = ActionFactory(recommendation=rec, status=status)
            if agency is not None:
                ActionLeadFactory(action=action, agency=agency)
        made.append(rec)
    return made


def table(figures, facet):
    return next(t for t in figures.tables if t.facet == facet)


def row(figures, facet, value):
    return next(r for r in table(figures, facet).rows if r.value == value)


def cell(figures, facet, value, outcome):
    return next(c for c in row(figures, facet, value).cells if c.outcome == outcome)


# --- Suppression -----------------------------------------------------------------------------


def test_a_count_of_four_is_shown_as_fewer_than_five_and_five_as_five():
    assert shown(4) == "fewer than 5"
    assert shown(1) == "fewer than 5"
    assert shown(5) == "5"
    assert shown(0) == "0"


def test_a_total_that_would_reveal_a_hidden_count_is_given_as_the_range_the_cells_imply():
    # 10 shown and 3 hidden: "13" would give the 3 away (13 - 10).
    assert shown_total([10, 3, 0]) == "11 to 14"
    assert shown_total([10, 5, 0]) == "15"  # nothing hidden: exact
    assert shown_total([2, 1]) == "2 to 8"  # two hidden: 1+1 to 4+4
    assert shown_total([4, 0]) == "fewer than 5"


def test_the_page_hides_small_counts_and_no_total_gives_them_away(national_client):
    risk = Theme.objects.get(slug=Theme.objects.order_by("order").first().slug)
    recs(10, theme=risk)
    recs(3, outcome=Outcome.NOT_MET, theme=risk)
    page = national_client.get(reverse("oversight:figures")).text
    theme_table = page[page.index('id="table-theme"') :]
    theme_table = theme_table[: theme_table.index("</table>")]
    risk_row = theme_table[theme_table.index(risk.name) :]
    risk_row = risk_row[: risk_row.index("</tr>")]
    cells = re.findall(r'numeric"[^>]*>(?:<a[^>]*>)?([^<]+)', risk_row)
    assert cells == ["10", "0", "0", "fewer than 5", "0", "0", "11 to 14"]
    # Neither 13 (the row's true total) nor 3 appears anywhere in the table.
    numbers = re.findall(r">(\d+)<", theme_table)
    assert "13" not in numbers and "3" not in numbers


def test_a_chart_draws_a_hidden_count_at_a_fixed_length_whatever_it_is():
    from followthrough.oversight.charts import chart

    def bar_of(hidden):
        t = selectors.FacetTable("scope", "t", "Scope", "")
        t.rows = [
            selectors.Row(
                "local",
                "Local",
                [
                    selectors.Cell(Outcome.FULLY_IMPLEMENTED, 20),
                    selectors.Cell(Outcome.NOT_MET, hidden),
                ],
            )
        ]
        return [(s.width, s.hidden) for s in chart(t).bars[0].segments]

    assert bar_of(1) == bar_of(4)
    assert bar_of(1)[1][1] is True


# --- Categories, facets, anonymity -----------------------------------------------------------


def test_both_sql_twins_of_the_outcome_agree_with_the_rule_for_every_mix_of_statuses():
    rng = random.Random(15)
    review = ReviewFactory()
    expected = {}
    statuses = list(ActionStatus.values)
    for _ in range(150):
        rec = RecommendationFactory(review=review)
        mix = [rng.choice(statuses) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        for status in mix:
            ActionFactory(recommendation=rec, status=status)
        expected[rec.pk] = recommendation_outcome(mix).value
    per_page = dict(
        Recommendation.objects.annotate(outcome=selectors.outcome_expression()).values_list(
            "pk", "outcome"
        )
    )
    at_once = dict(selectors.with_outcome(Recommendation.objects).values_list("pk", "outcome"))
    assert per_page == expected
    assert at_once == expected


def test_each_outcome_is_counted_in_its_own_column(national):
    for outcome in Outcome:
        recs(5, outcome=outcome)
    figures = national_figures(Filters())
    local = row(figures, "scope", "local")
    assert [(c.outcome, c.count) for c in local.cells] == [(o, 5) for o in Outcome]
    assert local.total == "30"


def test_the_page_names_each_category_and_says_what_it_means(national_client):
    recs(5)
    page = national_client.get(reverse("oversight:figures")).text
    for outcome in Outcome:
        assert outcome.label in page
        assert selectors.OUTCOME_MEANINGS[outcome] in page.replace("&#x27;", "'")
    assert "Learning from loss" in page


def test_figures_pool_every_partnership_by_sector_type_and_year_without_names(national_client):
    police = AgencyFactory(name="Westshire Police", sector=Agency.Sector.POLICE)
    recs(5, agency=police, partnership=PartnershipFactory(name="Eastridge CSP"))
    recs(
        6,
        outcome=Outcome.NOT_MET,
        agency=police,
        review_type="SAR",
        published_on=dt.date(2023, 5, 1),
        partnership=PartnershipFactory(name="Fellside CSP"),
    )
    recs(5, outcome=Outcome.NO_INFORMATION)  # no action, so no lead agency
    figures = national_figures(Filters())
    assert cell(figures, "sector", "police", Outcome.FULLY_IMPLEMENTED).count == 5
    assert cell(figures, "sector", "police", Outcome.NOT_MET).count == 6
    assert cell(figures, "sector", "not_stated", Outcome.NO_INFORMATION).count == 5
    assert cell(figures, "review_type", "SAR", Outcome.NOT_MET).count == 6
    assert cell(figures, "year", "2023", Outcome.NOT_MET).count == 6
    this_year = str(dt.date.today().year)
    assert cell(figures, "year", this_year, Outcome.FULLY_IMPLEMENTED).count == 5
    page = national_client.get(reverse("oversight:figures")).text
    for name in ["Eastridge CSP", "Fellside CSP", "Westshire Police", "Lee Example"]:
        assert name not in page


def test_a_recommendation_with_one_action_led_and_one_not_counts_under_its_sector_only():
    police = AgencyFactory(name="Westshire Police", sector=Agency.Sector.POLICE)
    rec = RecommendationFactory()
    ActionLeadFactory(action=ActionFactory(recommendation=rec, status="on_track"), agency=police)
    ActionFactory(recommendation=rec, status="on_track")
    figures = national_figures(Filters())
    assert [r.value for r in table(figures, "sector").rows] == ["police"]


def test_the_filters_in_the_address_narrow_the_figures(national_client):
    recs(5, review_type="SAR", published_on=dt.date(2022, 3, 1))
    recs(7, review_type="DHR", published_on=dt.date(2024, 3, 1))
    by_type = national_figures(Filters.from_query({"review_type": "SAR"}))
    assert [r.value for r in table(by_type, "review_type").rows] == ["SAR"]
    by_year = national_figures(Filters.from_query({"year": "2024"}))
    assert row(by_year, "scope", "local").total == "7"
    page = national_client.get(reverse("oversight:figures"), {"year": "2022"}).text
    assert '<option value="2022" selected>' in page


def test_a_bad_filter_is_told_in_a_message_not_a_traceback(national_client):
    recs(5)
    response = national_client.get(
        reverse("oversight:figures"), {"year": "twenty", "review_type": "nope"}
    )
    assert response.status_code == 200
    assert "Enter a year as four digits" in response.text
    assert "Choose a type of review from the list" in response.text


# --- Cost ------------------------------------------------------------------------------------


def _grow(count):
    police = AgencyFactory(name="Westshire Police", sector=Agency.Sector.POLICE)
    themes = list(Theme.objects.all()[:4])
    for index in range(count):
        partnership = PartnershipFactory(name=f"Partnership {index} CSP")
        for outcome in Outcome:
            recs(
                2,
                outcome=outcome,
                theme=themes[index % len(themes)],
                agency=police,
                partnership=partnership,
                published_on=dt.date(2020 + index % 5, 1, 10),
            )


def _queries(client, url, query=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, query)  # the session and the user warmed
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("oversight:figures", None),
        ("oversight:figures", {"year": "2021", "review_type": "DHR"}),
        ("oversight:figures_xlsx", None),
        ("oversight:recommendations", {"outcome": "not_met", "scope": "local"}),
    ],
)
def test_each_page_runs_the_same_queries_whatever_the_data(national_client, url, query):
    _grow(1)
    small = _queries(national_client, reverse(url), query)
    _grow(12)
    large = _queries(national_client, reverse(url), query)
    assert small == large
    assert large <= 14
