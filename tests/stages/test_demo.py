"""The demo's reviews at several stages: one late against its clock, one returned by quality
assurance and resubmitted, one closed; loaded twice, nothing is added twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from followthrough.demo.loader import demo_load
from followthrough.plans.models import Review
from followthrough.stages.models import StageEntry
from followthrough.stages.selectors import pressing, review_timelines, reviews_in_progress

pytestmark = pytest.mark.django_db


def test_the_demo_has_reviews_late_returned_and_closed_and_loads_twice_the_same():
    demo_load()
    entries = StageEntry.objects.count()
    demo_load()
    assert StageEntry.objects.count() == entries
    today = timezone.localdate()
    late = Review.objects.get(reference="DEMO-DHR-D")
    returned = Review.objects.get(reference="DEMO-DARDR-E")
    closed = Review.objects.get(reference="DEMO-SAR-F")
    lines = review_timelines([late, returned, closed], today=today)
    assert pressing(lines[late.pk]).key == "report_completed"
    assert pressing(lines[late.pk]).state.status == "late"
    assert [r.outcome for r in lines[returned.pk].rows if r.key == "qa_outcome"] == [
        "returned",
        "approved",
    ]
    assert lines[closed.pk].closed
    listed = reviews_in_progress(partnerships=[late.partnership], today=today)
    assert listed[0].state.status == "late"
    assert late in [item.review for item in listed if item.state.status == "late"]
    assert closed not in [item.review for item in listed]
