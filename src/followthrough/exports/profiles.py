"""The two export profiles. Plain Python.

* **internal**: everything the user may see (they are a member of the review's partnership):
  named leads and their roles, outcomes as recorded.
* **public**: for publication beside the anonymised review. Only a review that has been
  published (it has a publication date) may be exported this way. What it leaves out:

  - every person: a lead keeps only their agency (name and role go: a role such as "DV Lead
    Officer" of a small agency identifies its holder); a lead with no agency goes altogether;
  - every narrative written after publication that may name people: the "outcome" of each
    action (what the lead or the board wrote on completion or closure). The status, the
    completion date and the target dates stay.

  The review's title, pseudonym, preamble and the texts of the recommendations, actions
  (with their measures of success) and milestones are the published plan's own words and stay
  as they are.

  The public board pack (``public_board_pack``, applied by ``selectors.board_pack``) takes
  published reviews only, names agencies only, and leaves out every piece of free text
  written in the app: progress narratives, outcomes, sign-off comments and minutes
  references, reasons for revised dates and for closing an action, the actions' comment
  threads, who did what, and the links into the app. What happened is told in fixed words
  with its date ("Signed off at the meeting of 3 March 2026"). Its appendix
  (``writers.appendix``) lists every action with its agencies, and the progress updates as
  their date and status only.
"""

from __future__ import annotations

import copy

from followthrough.exports.model import BoardPack, PlanExport, Profile
from followthrough.interchange import Lead

UNPUBLISHED = (
    "this review has not been published (it has no publication date), so it cannot be "
    "exported with the public profile: record the date it was published on the review's "
    "details, or export the internal profile for use inside the partnership"
)


class ProfileRefused(Exception):
    """The export cannot be made with this profile; the message says why and what to do."""


def agencies_only(leads: list[Lead]) -> list[Lead]:
    """The leads' agencies, each once, in order: no names, no roles."""
    seen: list[str] = []
    for lead in leads:
        if lead.agency and lead.agency not in seen:
            seen.append(lead.agency)
    return [Lead(agency=agency) for agency in seen]


def public_export(export: PlanExport) -> PlanExport:
    """A copy of ``export`` with the public profile applied, or ``ProfileRefused``."""
    if export.plan.review.published_on is None:
        raise ProfileRefused(UNPUBLISHED)
    plan = copy.deepcopy(export.plan)
    plan.warnings = []
    for rec in plan.recommendations:
        rec.warnings = []
        for action in rec.actions:
            action.leads = agencies_only(action.leads)
            action.outcome = None
            action.warnings = []
    return PlanExport(
        plan=plan,
        delivery=copy.deepcopy(export.delivery),
        profile=Profile.PUBLIC,
        exported_on=export.exported_on,
    )


def apply_profile(export: PlanExport, profile: Profile | str) -> PlanExport:
    profile = Profile(profile)
    return public_export(export) if profile is Profile.PUBLIC else export


def publishable_reviews(reviews: list, *, one_review: bool) -> list:
    """The reviews a public board pack may cover (the published ones), or ``ProfileRefused``
    when there are none."""
    published = [review for review in reviews if review.published_on is not None]
    if one_review and not published:
        raise ProfileRefused(
            "this review has not been published (it has no publication date), so its "
            "board pack cannot be made with the public profile: export the internal profile"
        )
    if not published:
        raise ProfileRefused(
            "none of this partnership's reviews has been published, so there is nothing for "
            "a public board pack: export the internal profile"
        )
    return published


def public_board_pack(pack: BoardPack) -> BoardPack:
    """A copy of the board pack with the public profile applied (see the module's notes)."""
    public = copy.deepcopy(pack)  # the actions are shared between its lists: copied once each
    public.profile = Profile.PUBLIC
    public.comments = []  # a comment thread is free text between people: never published
    public.other_comments = 0
    actions = {}
    for change in public.updates + public.completions + public.sign_offs + public.revisions:
        actions[id(change.action)] = change.action
        change.summary = change.public_summary or change.summary
        change.public_summary = None
        change.by = None
        change.detail = None
    for item in public.overdue + public.exceptions:
        actions[id(item.action)] = item.action
    for action in actions.values():
        action.leads = "; ".join(action.agencies)
        action.url = None
    return public
