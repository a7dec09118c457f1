"""Themes on import: suggested in the preview, never saved silently; saving asks once whether
to save the suggestions; a recommendation's themes chosen on its correction page win."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.urls import reverse

from followthrough import interchange
from followthrough.audit.models import AuditEvent
from followthrough.imports.models import PendingImport
from followthrough.learning.themes import suggest_themes
from followthrough.plans.models import Recommendation, Review, Theme
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import save

pytestmark = pytest.mark.django_db


TRAINING = "Training and awareness (professionals)"
SUICIDE = "Suicide"
HOUSING = "Housing and homelessness"
TRAIN = "Westshire Council will deliver training on domestic abuse to all staff."
PLAIN = "Zzz qqq."


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Westshire CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator-imports-themes")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def ready_import(partnership, user, texts) -> PendingImport:
    """A document read and waiting in the preview, with one recommendation per text."""
    plan = interchange.ActionPlan(
        review=interchange.ReviewInfo(title="DHR into the death of Adult W"),
        recommendations=[
            interchange.Recommendation(
                text=text, number=str(n), actions=[interchange.Action(text="Do it")]
            )
            for n, text in enumerate(texts, start=1)
        ],
    )
    content = "\n".join(texts).encode()
    return PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=user,
        filename="plan.txt",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        state=PendingImport.State.READY,
        plan=interchange.plan_to_dict(plan, warnings=True),
    )


def saved_themes() -> list[list[str]]:
    return [
        [t.name for t in rec.themes.order_by("order")]
        for rec in Recommendation.objects.order_by("order")
    ]


def correction(pending, number, text, themes, shown):
    return {
        "version": pending.version,
        "number": str(number),
        "text": text,
        "theme": "",
        "scope": "",
        "area": "",
        "themes": [Theme.objects.get(name=name).pk for name in themes],
        "themes_shown": ",".join(
            str(pk) for pk in sorted(Theme.objects.get(name=name).pk for name in shown)
        ),
    }


def test_the_preview_shows_each_recommendations_suggested_themes(client, coordinator, partnership):
    pending = ready_import(partnership, coordinator, [TRAIN, PLAIN])
    page = html.unescape(client.get(reverse("imports:preview", args=[pending.pk])).text)
    first = page.split('id="recommendation-1-themes"', 1)[1].split("</section>", 1)[0]
    assert "Suggested themes" in first
    assert f"{TRAINING} (because: 'training'" in first
    second = page.split('id="recommendation-2-themes"', 1)[1].split("</section>", 1)[0]
    assert "No theme is suggested from its text" in second


def test_saving_asks_whether_to_save_the_suggested_themes_with_no_default(
    client, coordinator, partnership
):
    pending = ready_import(partnership, coordinator, [TRAIN])
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    block = page.split('id="save-themes"', 1)[1].split("</fieldset>", 1)[0]
    assert "Yes, save the suggested themes (you can change any recommendation" in html.unescape(
        block
    )
    assert "No, leave the themes empty" in block
    assert " checked" not in block


def test_saving_without_answering_the_themes_question_saves_nothing(
    client, coordinator, partnership
):
    pending = ready_import(partnership, coordinator, [TRAIN])
    response = save(client, pending, themes="")
    assert response.status_code == 200
    assert "Say whether to save the suggested themes" in response.text
    assert not Review.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_yes_saves_the_suggested_themes(client, coordinator, partnership):
    pending = ready_import(partnership, coordinator, [TRAIN, PLAIN])
    assert save(client, pending, themes="yes").status_code == 302
    first, second = saved_themes()
    assert TRAINING in first
    assert second == []
    event = AuditEvent.objects.get(event_type="plan.imported")
    assert event.after["recommendations_with_themes"] == 1


def test_no_leaves_every_theme_empty(client, coordinator, partnership):
    pending = ready_import(partnership, coordinator, [TRAIN, PLAIN])
    assert save(client, pending, themes="no").status_code == 302
    assert saved_themes() == [[], []]


def test_the_correction_page_ticks_the_suggested_themes(client, coordinator, partnership):
    pending = ready_import(partnership, coordinator, [TRAIN])
    page = client.get(reverse("imports:correct_recommendation", args=[pending.pk, 1])).text
    pk = Theme.objects.get(name=TRAINING).pk
    at = page.index(f'name="themes" type="checkbox" value="{pk}"')
    assert page[at : page.index(">", at)].endswith(" checked")
    assert "ticked as suggested from the text" in page


def test_themes_chosen_on_the_correction_page_win_whatever_the_answer(
    client, coordinator, partnership
):
    pending = ready_import(partnership, coordinator, [TRAIN, TRAIN])
    suggested = [s.theme for s in suggest_themes(TRAIN)]
    response = client.post(
        reverse("imports:correct_recommendation", args=[pending.pk, 1]),
        correction(pending, 1, TRAIN, [SUICIDE, HOUSING], suggested),
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.themes == {"1": [SUICIDE, HOUSING]}
    preview = client.get(reverse("imports:preview", args=[pending.pk])).text
    first = preview.split('id="recommendation-1-themes"', 1)[1].split("</section>", 1)[0]
    assert "as you chose them" in first and SUICIDE in first
    assert save(client, pending, themes="yes").status_code == 302
    first, second = saved_themes()
    assert first == [SUICIDE, HOUSING]  # chosen, in the vocabulary's order
    assert TRAINING in second  # the other follows the answer


def test_unticking_every_suggested_theme_saves_none_for_it_even_on_yes(
    client, coordinator, partnership
):
    pending = ready_import(partnership, coordinator, [TRAIN])
    suggested = [s.theme for s in suggest_themes(TRAIN)]
    client.post(
        reverse("imports:correct_recommendation", args=[pending.pk, 1]),
        correction(pending, 1, TRAIN, [], suggested),
    )
    pending.refresh_from_db()
    save(client, pending, themes="yes")
    assert saved_themes() == [[]]


def test_correcting_only_the_text_leaves_the_themes_to_the_answer(client, coordinator, partnership):
    pending = ready_import(partnership, coordinator, [TRAIN])
    suggested = [s.theme for s in suggest_themes(TRAIN)]
    client.post(
        reverse("imports:correct_recommendation", args=[pending.pk, 1]),
        correction(pending, 1, TRAIN + " Soon.", suggested, suggested),
    )
    pending.refresh_from_db()
    assert pending.themes == {}
    save(client, pending, themes="no")
    assert saved_themes() == [[]]


def test_a_failed_save_saves_no_themes_and_no_plan(client, coordinator, partnership, monkeypatch):
    pending = ready_import(partnership, coordinator, [TRAIN])
    from followthrough.plans.services import importing

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "findings_refresh", broken)
    with pytest.raises(RuntimeError):
        save(client, pending, themes="yes")
    assert not Recommendation.objects.exists()
    assert not Recommendation.themes.through.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()
