"""A new version of a plan already in Followthrough: compared with the review it updates, and
applied to it as changes.

``plan_compare`` lists the differences between the stored review and the new document, item by
item: recommendations matched first by their wording, then by their number, then by wording
that is close enough; actions within them by wording (an action whose wording is unchanged but
which moved to another recommendation is matched too). Each item is new, changed (with what
changed, before and after), unchanged or removed.

``plan_revise`` applies those changes in one transaction, all or nothing, and only if they are
still the ones the person saw (``fingerprint``). Matched actions are changed in place, so their
progress updates, evidence, sign-off, revised dates and history stay theirs. Delivery is
Followthrough's record: the statuses, completion dates and outcomes the document gives are
not applied to actions already in the plan (new actions take them, as an import does).

Removed actions: one with nothing of its delivery recorded (no progress update, evidence,
decision or revised date, still "not started" with no completion or outcome) is deleted (its
row history and the audit event keep it). One with anything recorded is **kept** where it was,
and the comparison says so: whether it is superseded is the partnership's decision, taken on
the action's own page like any other ending. A removed recommendation is deleted unless it
still holds such an action. On an agreed plan, a changed target date counts as a revision of
the date (the first date kept, as for an approved revised date); on a draft it is simply
corrected.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import transaction

from followthrough import interchange
from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.partnerships.selectors import AgencyMatch, agency_matches
from followthrough.plans import lifecycle, selectors
from followthrough.plans.concurrency import claim
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import (
    Action,
    ImportSource,
    Milestone,
    PrecisionChoices,
    Recommendation,
    Review,
    ReviewType,
)
from followthrough.plans.services.authoring import PlanRuleError
from followthrough.plans.services.importing import (
    AgenciesNeedLinking,
    action_add,
    agencies_resolve,
    leads_add,
    milestone_fields,
    recommendation_fields,
)
from followthrough.plans.smart import findings_refresh

NEW, CHANGED, UNCHANGED, REMOVED = "new", "changed", "unchanged", "removed"
# How alike two wordings must be (difflib's ratio, 0 to 1) to be the same item reworded.
SIMILAR = 0.5
# Only the start of a long text is compared for likeness: enough to tell items apart.
_COMPARED = 1_500


class PlanChangedMeanwhile(Exception):
    """The review, or the document in the preview, changed after the comparison was shown."""

    def __init__(self):
        super().__init__(
            "The review or the document changed after you compared them, so nothing was "
            "changed. Check the differences as they are now, then apply them again."
        )


@dataclass(frozen=True)
class Difference:
    """One thing that differs, in words: what, as it is in Followthrough, as the document has it."""

    label: str
    before: str
    after: str


@dataclass
class ActionChange:
    kind: str
    old: Action | None = None
    new: interchange.Action | None = None
    differences: list[Difference] = field(default_factory=list)
    # Removed from the document, but kept: something of its delivery is recorded.
    kept: bool = False

    @property
    def text(self) -> str:
        return self.new.text if self.new is not None else self.old.text


@dataclass
class RecommendationChange:
    kind: str
    label: str
    old: Recommendation | None = None
    new: interchange.Recommendation | None = None
    differences: list[Difference] = field(default_factory=list)
    actions: list[ActionChange] = field(default_factory=list)
    # Removed from the document, but kept: it holds an action that is kept.
    kept: bool = False

    @property
    def text(self) -> str:
        return self.new.text if self.new is not None else self.old.text

    @property
    def has_changes(self) -> bool:
        return self.kind != UNCHANGED or any(a.kind != UNCHANGED for a in self.actions)


@dataclass
class PlanChanges:
    review: Review
    details: list[Difference]
    recommendations: list[RecommendationChange]
    problems: list[str]
    agencies_to_link: list[AgencyMatch]
    fingerprint: str = ""

    def actions(self) -> list[ActionChange]:
        return [a for rec in self.recommendations for a in rec.actions]

    @property
    def counts(self) -> dict[str, int]:
        recs, actions = self.recommendations, self.actions()
        return {
            "recommendations_new": sum(r.kind == NEW for r in recs),
            "recommendations_changed": sum(r.kind == CHANGED for r in recs),
            "recommendations_removed": sum(r.kind == REMOVED and not r.kept for r in recs),
            "actions_new": sum(a.kind == NEW for a in actions),
            "actions_changed": sum(a.kind == CHANGED for a in actions),
            "actions_unchanged": sum(a.kind == UNCHANGED for a in actions),
            "actions_removed": sum(a.kind == REMOVED and not a.kept for a in actions),
            "actions_kept": sum(a.kept for a in actions),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.details) or any(r.has_changes for r in self.recommendations)


# Matching ---------------------------------------------------------------------------------


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _number_key(number: str | None) -> str | None:
    key = re.sub(r"^(?:recommendation|rec|r)\s*", "", _words(number)).rstrip(".").strip()
    return key or None


def _alike(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a[:_COMPARED], b[:_COMPARED], autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _pair(old_texts, new_texts, old_keys=None, new_keys=None) -> dict[int, int]:
    """Which old item each new one is (new index -> old index): the same wording first; then
    the same number, where each side has it once; then the most alike wording, if alike
    enough."""
    old_texts = [_words(t) for t in old_texts]
    new_texts = [_words(t) for t in new_texts]
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for n, text in enumerate(new_texts):
        o = next((o for o, t in enumerate(old_texts) if t == text and o not in taken), None)
        if o is not None:
            pairs[n] = o
            taken.add(o)
    if old_keys and new_keys:
        for n, key in enumerate(new_keys):
            if n in pairs or key is None or new_keys.count(key) != 1 or old_keys.count(key) != 1:
                continue
            o = old_keys.index(key)
            if o not in taken:
                pairs[n] = o
                taken.add(o)
    candidates = sorted(
        (
            (_alike(old_texts[o], new_texts[n]), n, o)
            for n in range(len(new_texts))
            if n not in pairs
            for o in range(len(old_texts))
            if o not in taken
        ),
        reverse=True,
    )
    for score, n, o in candidates:
        if score < SIMILAR:
            break
        if n not in pairs and o not in taken:
            pairs[n] = o
            taken.add(o)
    return pairs


# Words for the differences ------------------------------------------------------------------


def _date(value: interchange.PartialDate | None, text: str | None = None) -> str:
    shown = value.display() if value else "None"
    return f"{shown} (plan says: {text})" if text else shown


def _lead(lead: interchange.Lead) -> str:
    who = ", ".join(part for part in (lead.name, lead.role) if part)
    if lead.agency:
        return f"{who} ({lead.agency})" if who else lead.agency
    return who or "(no lead)"


def _leads(leads: list[interchange.Lead]) -> str:
    return "; ".join(_lead(lead) for lead in leads) or "None"


def _milestones(milestones: list[interchange.Milestone]) -> str:
    return (
        "; ".join(
            f"{f'{ms.number}. ' if ms.number is not None else ''}{ms.text}"
            f"{f' (by {ms.target_date.display()})' if ms.target_date else ''}"
            for ms in milestones
        )
        or "None"
    )


def _text(value: str | None) -> str:
    return value or "None"


def _rec_label(rec, position: int) -> str:
    return f"Recommendation {rec.number or position}"


# Comparing ----------------------------------------------------------------------------------


def _details(review: Review, info: interchange.ReviewInfo, preamble: str | None) -> list:
    """The review's details the document gives and Followthrough has otherwise. A detail the
    document leaves out is left as it is."""
    found = []
    review_type = info.review_type if info.review_type in ReviewType.values else None
    for label, before, after in [
        ("Title", review.title, info.title),
        ("Type of review", review.review_type, review_type),
        ("Pseudonym", review.subject_pseudonym, info.subject_pseudonym),
        ("Reference", review.reference, info.reference),
        ("Introduction to the plan", review.preamble, preamble),
    ]:
        if after and _words(after) != _words(before):
            found.append(Difference(label, before or "Not recorded", after))
    if info.published_on and info.published_on != review.published:
        before = review.published.display() if review.published else "Not recorded"
        found.append(Difference("Date published", before, info.published_on.display()))
    return found


def _lead_keys(leads, resolved: dict[str, AgencyMatch]) -> list[tuple]:
    def agency_key(name):
        if not name:
            return None
        match = resolved.get(_words(name))
        if match is not None and match.partner is not None:
            return ("agency", match.partner.pk)
        return ("name", _words(name))

    return [(_words(ld.name), _words(ld.role), agency_key(ld.agency)) for ld in leads]


def _action_differences(
    old: interchange.Action, new: interchange.Action, old_leads: list, resolved
) -> list[Difference]:
    found = []
    if _words(old.text) != _words(new.text):
        found.append(Difference("Action to take", old.text, new.text))
    if (old.target_date, old.target_date_text or None) != (
        new.target_date,
        new.target_date_text or None,
    ):
        found.append(
            Difference(
                "Target date",
                _date(old.target_date, old.target_date_text),
                _date(new.target_date, new.target_date_text),
            )
        )
    if _words(old.measure) != _words(new.measure):
        found.append(Difference("Measure of success", _text(old.measure), _text(new.measure)))
    old_lead_keys = [
        (
            _words(ld.person_name),
            _words(ld.role),
            ("agency", ld.agency_id) if ld.agency_id else None,
        )
        for ld in old_leads
    ]
    if old_lead_keys != _lead_keys(new.leads, resolved):
        found.append(Difference("Leads", _leads(old.leads), _leads(new.leads)))
    if [(m.number, _words(m.text), m.target_date) for m in old.milestones] != [
        (m.number, _words(m.text), m.target_date) for m in new.milestones
    ]:
        found.append(
            Difference("Milestones", _milestones(old.milestones), _milestones(new.milestones))
        )
    return found


def _rec_differences(old: interchange.Recommendation, new: interchange.Recommendation) -> list:
    found = []
    for label, before, after in [
        ("Number", old.number, new.number),
        ("Recommendation", old.text, new.text),
        ("Theme", old.theme, new.theme),
        ("Scope", old.scope, new.scope),
        ("Area", old.area, new.area),
    ]:
        if _words(before) != _words(after):
            found.append(Difference(label, _text(before), _text(after)))
    return found


def _with_delivery(actions: list[Action]) -> set[int]:
    """The actions, of those given, with anything of their delivery recorded: a status other
    than "not started" or "no information", a completion date, an outcome, a revised date, or
    any record of another part of Followthrough about them (progress updates, evidence,
    sign-off decisions, revised dates, whatever else refers to an action). One query per kind
    of record."""
    untouched = {lifecycle.ActionStatus.NOT_STARTED, lifecycle.ActionStatus.NO_INFORMATION}
    found = {
        a.pk
        for a in actions
        if a.status not in untouched or a.completed_on or a.outcome or a.target_date_revisions
    }
    ids = [a.pk for a in actions if a.pk not in found]
    if not ids:
        return found
    for relation in Action._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "plans" or relation.many_to_many:
            continue
        name = relation.field.name
        found.update(
            model._base_manager.filter(**{f"{name}__in": ids}).values_list(
                relation.field.attname, flat=True
            )
        )
    return found


def plan_compare(*, review: Review, plan: interchange.ActionPlan) -> PlanChanges:
    """What applying ``plan`` to ``review`` would change. A fixed number of queries whatever
    the size of the plan."""
    stored = selectors.review_plan(review)
    old_plan = plan_from_review(review, stored)
    resolved_list = agency_matches(
        [ld.agency for item in plan.actions() for ld in item.leads if ld.agency],
        review.partnership,
    )
    resolved = {_words(m.name): m for m in resolved_list}
    rec_pairs = _pair(
        [r.text for r in old_plan.recommendations],
        [r.text for r in plan.recommendations],
        [_number_key(r.number) for r in old_plan.recommendations],
        [_number_key(r.number) for r in plan.recommendations],
    )
    matched_old = set(rec_pairs.values())
    changes: list[RecommendationChange] = []
    leftover_new: list[tuple[RecommendationChange, int, interchange.Action]] = []
    leftover_old: dict[int, tuple[int, Action, interchange.Action]] = {}

    for n, new_rec in enumerate(plan.recommendations):
        o = rec_pairs.get(n)
        label = _rec_label(new_rec, n + 1)
        if o is None:
            change = RecommendationChange(NEW, label, new=new_rec)
            change.actions = [ActionChange(NEW, new=item) for item in new_rec.actions]
            for a, item in enumerate(new_rec.actions):
                leftover_new.append((change, a, item))
            changes.append(change)
            continue
        old_rec, old_data = stored[o], old_plan.recommendations[o]
        differences = _rec_differences(old_data, new_rec)
        change = RecommendationChange(
            CHANGED if differences else UNCHANGED, label, old_rec, new_rec, differences
        )
        old_actions = list(old_rec.actions.all())
        action_pairs = _pair([a.text for a in old_data.actions], [a.text for a in new_rec.actions])
        for a, item in enumerate(new_rec.actions):
            p = action_pairs.get(a)
            if p is None:
                change.actions.append(ActionChange(NEW, new=item))
                leftover_new.append((change, a, item))
                continue
            found = _action_differences(
                old_data.actions[p], item, list(old_actions[p].leads.all()), resolved
            )
            change.actions.append(
                ActionChange(CHANGED if found else UNCHANGED, old_actions[p], item, found)
            )
        paired = set(action_pairs.values())
        for p, old_action in enumerate(old_actions):
            if p not in paired:
                leftover_old[old_action.pk] = (o, old_action, old_data.actions[p])
        changes.append(change)

    for o, old_rec in enumerate(stored):
        if o not in matched_old:
            for p, old_action in enumerate(old_rec.actions.all()):
                leftover_old[old_action.pk] = (
                    o,
                    old_action,
                    old_plan.recommendations[o].actions[p],
                )

    # An action moved to another recommendation, its wording unchanged, is the same action.
    for change, a, item in leftover_new:
        pk = next(
            (
                pk
                for pk, (_, _, data) in leftover_old.items()
                if _words(data.text) == _words(item.text)
            ),
            None,
        )
        if pk is None:
            continue
        o, old_action, data = leftover_old.pop(pk)
        found = _action_differences(data, item, list(old_action.leads.all()), resolved)
        moved = Difference("Recommendation", _rec_label(stored[o], o + 1), change.label)
        change.actions[a] = ActionChange(CHANGED, old_action, item, [moved, *found])

    delivered = _with_delivery([old for _, old, _ in leftover_old.values()])
    removed_actions: dict[int, list[ActionChange]] = {}
    for o, old_action, _ in leftover_old.values():
        removed_actions.setdefault(o, []).append(
            ActionChange(REMOVED, old=old_action, kept=old_action.pk in delivered)
        )
    for o, old_rec in enumerate(stored):
        actions = removed_actions.get(o, [])
        if o in matched_old:
            holder = next(c for c in changes if c.old is old_rec)
            holder.actions.extend(actions)
        else:
            changes.append(
                RecommendationChange(
                    REMOVED,
                    _rec_label(old_rec, o + 1),
                    old=old_rec,
                    actions=actions,
                    kept=any(a.kept for a in actions),
                )
            )

    problems = []
    if not plan.recommendations:
        problems.append("The document has no recommendations, so there is nothing to apply.")
    reference = plan.review.reference
    if reference and _words(reference) != _words(review.reference):
        other = (
            Review.objects.filter(partnership_id=review.partnership_id, reference__iexact=reference)
            .exclude(pk=review.pk)
            .first()
        )
        if other is not None:
            problems.append(
                f"The document's reference, {reference}, is already the reference of "
                f"\u201c{other.title}\u201d. Correct it in the preview first."
            )

    used = {
        _words(ld.agency)
        for c in changes
        for a in c.actions
        if a.new is not None and (a.kind == NEW or any(d.label == "Leads" for d in a.differences))
        for ld in a.new.leads
        if ld.agency
    }
    result = PlanChanges(
        review=review,
        details=_details(review, plan.review, plan.preamble),
        recommendations=changes,
        problems=problems,
        agencies_to_link=[m for m in resolved_list if m.needs_link and _words(m.name) in used],
    )
    result.fingerprint = _fingerprint(result)
    return result


def _fingerprint(changes: PlanChanges) -> str:
    """A digest of the comparison as shown, and of the versions of every record it changes:
    applying it is refused if it is no longer the same."""

    def differences(items):
        return [[d.label, d.before, d.after] for d in items]

    def version(obj):
        return [obj.pk, obj.version] if obj is not None else None

    content = {
        "review": version(changes.review),
        "details": differences(changes.details),
        "recommendations": [
            {
                "kind": rec.kind,
                "old": version(rec.old) if rec.kind != UNCHANGED else rec.old.pk,
                "text": rec.text,
                "differences": differences(rec.differences),
                "actions": [
                    [
                        a.kind,
                        version(a.old) if a.kind != UNCHANGED else a.old.pk,
                        a.text,
                        differences(a.differences),
                        a.kept,
                    ]
                    for a in rec.actions
                ],
            }
            for rec in changes.recommendations
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


# Applying -----------------------------------------------------------------------------------


def _date_fields(prefix: str, value: interchange.PartialDate | None) -> dict:
    return {
        prefix: value.due_on if value else None,
        f"{prefix}_precision": value.precision.value if value else PrecisionChoices.DAY,
    }


def _record(actor, event_type, target, review, summary, before=None, after=None):
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=target,
        partnership=review.partnership,
        summary=summary,
        before=before,
        after=after,
    )


def _review_changes(review: Review, plan: interchange.ActionPlan, details) -> dict:
    info, labels = plan.review, {d.label for d in details}
    changes = {}
    if "Title" in labels:
        changes["title"] = info.title
    if "Type of review" in labels:
        changes["review_type"] = info.review_type
    if "Pseudonym" in labels:
        changes["subject_pseudonym"] = info.subject_pseudonym
    if "Reference" in labels:
        changes["reference"] = info.reference
    if "Introduction to the plan" in labels:
        changes["preamble"] = plan.preamble
    if "Date published" in labels:
        changes.update(_date_fields("published_on", info.published_on))
    return changes


_REC_FIELDS = {
    "Number": "number",
    "Recommendation": "text",
    "Theme": "theme_heading",
    "Scope": "scope",
    "Area": "area",
}


def _milestones_sync(action: Action, milestones: list[interchange.Milestone]) -> None:
    """Make the action's milestones the document's: the same milestone (by number, then
    wording) changed in place, keeping the day it was done; a new one added; one left out
    deleted, unless it was done (then kept, after the others)."""
    old = list(action.milestones.all())
    pairs = _pair(
        [m.text for m in old],
        [m.text for m in milestones],
        [m.number for m in old],
        [m.number for m in milestones],
    )
    for position, item in enumerate(milestones, start=1):
        o = pairs.get(position - 1)
        if o is None:
            Milestone.objects.create(action=action, order=position, **milestone_fields(item))
        else:
            claim(old[o], old[o].version, changes={**milestone_fields(item), "order": position})
    paired = set(pairs.values())
    after = len(milestones)
    for o, milestone in enumerate(old):
        if o in paired:
            continue
        if milestone.done_on:
            after += 1
            claim(milestone, milestone.version, changes={"order": after})
        else:
            milestone.delete()


def _action_apply(
    change: ActionChange, *, recommendation, order: int, review: Review, agency_for, actor, note
):
    action, item = change.old, change.new
    labels = {d.label for d in change.differences}
    changes: dict = {"order": order, "recommendation_id": recommendation.pk}
    if "Action to take" in labels:
        changes["text"] = item.text
    if "Measure of success" in labels:
        changes["measure"] = item.measure or ""
    if "Target date" in labels:
        changes.update(_date_fields("target_date", item.target_date))
        changes["target_date_text"] = item.target_date_text or ""
        if review.is_agreed and action.target_date and action.target != item.target_date:
            # An agreed plan's date revised by the panel's new version: counted as a revision,
            # with the first date kept, as an approved revised date is.
            changes["target_date_revisions"] = action.target_date_revisions + 1
            if action.original_target_date is None:
                changes["original_target_date"] = action.target_date
                changes["original_target_date_precision"] = action.target_date_precision
    edit = claim(action, action.version, changes=changes)
    if "Leads" in labels:
        for lead in action.leads.all():
            lead.delete()
        leads_add(edit.obj, item.leads, agency_for)
    if "Milestones" in labels:
        _milestones_sync(edit.obj, item.milestones)
    if change.differences:
        _record(
            actor,
            events.ACTION_UPDATED,
            edit.obj,
            review,
            f"Action changed by {note}",
            before={d.label: d.before for d in change.differences},
            after={d.label: d.after for d in change.differences},
        )


@transaction.atomic
def plan_revise(
    *,
    review: Review,
    plan: interchange.ActionPlan,
    source: bytes,
    filename: str,
    fingerprint: str,
    actor,
    link_agencies: bool = False,
) -> PlanChanges:
    """Apply a new version of the review's plan (``plan``, read from ``source``) as changes
    to the review, all or nothing, if the changes are still the ones compared
    (``fingerprint``; otherwise ``PlanChangedMeanwhile``). ``PlanRuleError`` names a problem
    that stops it; ``AgenciesNeedLinking`` as for an import. Returns what was changed."""
    locked = Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)
    changes = plan_compare(review=locked, plan=plan)
    if changes.fingerprint != fingerprint:
        raise PlanChangedMeanwhile()
    if changes.problems:
        raise PlanRuleError(changes.problems[0])
    if changes.agencies_to_link and not link_agencies:
        raise AgenciesNeedLinking(changes.agencies_to_link, locked.partnership)
    note = f"a new version of the plan ({filename})"
    agency_for = agencies_resolve(
        agency_matches(
            [
                ld.agency
                for a in changes.actions()
                if a.new is not None
                and (a.kind == NEW or any(d.label == "Leads" for d in a.differences))
                for ld in a.new.leads
            ],
            locked.partnership,
        ),
        partnership=locked.partnership,
        actor=actor,
    )

    edit = claim(
        locked, locked.version, changes=_review_changes(locked, plan, changes.details), always=True
    )
    review = edit.obj
    if changes.details:
        _record(
            actor,
            events.REVIEW_UPDATED,
            review,
            review,
            f"Review details changed by {note}",
            edit.before,
            edit.after,
        )

    kept_after = len(plan.recommendations)
    doomed_actions, doomed_recs = [], []
    for position, rec_change in enumerate(changes.recommendations, start=1):
        if rec_change.kind == REMOVED:
            if rec_change.kept:
                kept_after += 1
                claim(rec_change.old, rec_change.old.version, changes={"order": kept_after})
            else:
                doomed_recs.append(rec_change.old)
            doomed_actions += [a for a in rec_change.actions if not a.kept]
            continue
        if rec_change.kind == NEW:
            recommendation = Recommendation.objects.create(
                review=review, order=position, **recommendation_fields(rec_change.new)
            )
            _record(
                actor,
                events.RECOMMENDATION_CREATED,
                recommendation,
                review,
                f"Recommendation {position} added by {note}",
            )
        else:
            fields = recommendation_fields(rec_change.new)
            rec_edit = claim(
                rec_change.old,
                rec_change.old.version,
                changes={
                    **{
                        name: fields[name]
                        for d in rec_change.differences
                        for name in [_REC_FIELDS[d.label]]
                    },
                    "order": position,
                },
            )
            recommendation = rec_edit.obj
            if rec_change.differences:
                _record(
                    actor,
                    events.RECOMMENDATION_UPDATED,
                    recommendation,
                    review,
                    f"Recommendation {position} changed by {note}",
                    rec_edit.before,
                    rec_edit.after,
                )
        order = 0
        for action_change in rec_change.actions:
            if action_change.kind == NEW:
                order += 1
                action = action_add(
                    recommendation=recommendation,
                    item=action_change.new,
                    order=order,
                    agency_for=agency_for,
                )
                _record(actor, events.ACTION_CREATED, action, review, f"Action added by {note}")
            elif action_change.kind in (CHANGED, UNCHANGED):
                order += 1
                _action_apply(
                    action_change,
                    recommendation=recommendation,
                    order=order,
                    review=review,
                    agency_for=agency_for,
                    actor=actor,
                    note=note,
                )
        for action_change in rec_change.actions:
            if action_change.kind == REMOVED:
                if action_change.kept:
                    order += 1
                    claim(action_change.old, action_change.old.version, changes={"order": order})
                else:
                    doomed_actions.append(action_change)

    for action_change in doomed_actions:
        _record(
            actor,
            events.ACTION_DELETED,
            action_change.old,
            review,
            f"Action deleted: {note} leaves it out",
            before={"text": action_change.old.text},
        )
        action_change.old.delete()
    for rec in doomed_recs:
        _record(
            actor,
            events.RECOMMENDATION_DELETED,
            rec,
            review,
            f"Recommendation deleted: {note} leaves it out",
            before={"text": rec.text},
        )
        rec.delete()

    sha256 = hashlib.sha256(source).hexdigest()
    previous = ImportSource.objects.without_content().filter(review=review).first()
    ImportSource.objects.update_or_create(
        review=review,
        defaults={
            "partnership": review.partnership,
            "sha256": sha256,
            "filename": filename,
            "size": len(source),
            "content": source,
        },
    )
    counts = changes.counts
    _record(
        actor,
        events.PLAN_REVISED,
        review,
        review,
        f"Plan updated from {note}: {counts['recommendations_new']} recommendations added, "
        f"{counts['recommendations_changed']} changed, {counts['recommendations_removed']} "
        f"removed; {counts['actions_new']} actions added, {counts['actions_changed']} changed, "
        f"{counts['actions_removed']} removed, {counts['actions_kept']} kept for their progress",
        before={"sha256": previous.sha256, "filename": previous.filename} if previous else None,
        after={"sha256": sha256, "filename": filename, **counts},
    )
    findings_refresh(review=review)
    return changes
