from django.http import Http404

from followthrough.delivery.models import Evidence, TargetDateRevision


def get_evidence_for_user(request, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("action__recommendation__review").filter(pk=pk).first()
    )
    if evidence is None or not request.user.has_perm("delivery.view_evidence", evidence.action):
        raise Http404("Not found")
    return evidence


def get_revision_for_user(request, pk: int, *, perm: str) -> TargetDateRevision:
    revision = (
        TargetDateRevision.objects.select_related("action__recommendation__review")
        .filter(pk=pk)
        .first()
    )
    if revision is None or not request.user.has_perm(perm, revision.action):
        raise Http404("Not found")
    return revision


def action_delivery(action) -> dict:
    """What the action page shows of delivery: updates with their evidence and authors,
    sign-off decisions and revisions (four queries)."""
    return {
        "updates": list(
            action.progress_updates.select_related("author").prefetch_related("evidence")
        ),
        "decisions": list(action.sign_off_decisions.select_related("decided_by")),
        "revisions": list(action.date_revisions.select_related("proposed_by", "decided_by")),
    }
