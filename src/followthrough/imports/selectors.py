from django.http import Http404

from followthrough.imports.models import PendingImport


def get_pending_import_for_user(
    request, pk: int, perm: str = "imports.change_pendingimport"
) -> PendingImport:
    """The pending import, if the user may work on it; otherwise 404."""
    pending = PendingImport.objects.select_related("partnership").filter(pk=pk).first()
    if pending is None or not request.user.has_perm(perm, pending):
        raise Http404("Not found")
    return pending


# Words every partnership's name may have: they do not tell one partnership from another.
_GENERIC_NAME_WORDS = frozenset(
    "the of and safer community safety partnership csp board safeguarding adults adult "
    "children childrens sab lscp domestic abuse".split()
)


def names_another_partnership(named: str | None, partnership) -> str | None:
    """``named`` (the partnership the document names), when it shares no distinctive word with
    ``partnership``, the one the plan is being imported for ("Safer Northshire Partnership" for
    South Lakeland CSP): the person may have chosen the wrong one."""
    if not named:
        return None

    def words(name: str) -> set[str]:
        found = {w.strip(".,'’()").lower() for w in name.split()}
        return found - _GENERIC_NAME_WORDS - {""}

    ours, theirs = words(partnership.name), words(named)
    return named if theirs and not ours & theirs else None


def drafts_for_user(user):
    """The imports not yet saved (waiting to be read, being read, read and waiting in their
    preview, or refused) of every partnership the user writes plans for, newest first within
    each partnership. One query; the documents and the plans read are not loaded."""
    from followthrough.partnerships.selectors import partnership_ids_for_user
    from followthrough.plans.rules import PLAN_AUTHORS

    drafts = (
        PendingImport.objects.select_related("partnership", "uploaded_by")
        .defer("content", "plan")
        .order_by("partnership__name", "partnership_id", "-created_at")
    )
    if user.is_superuser:
        return drafts
    return drafts.filter(partnership_id__in=partnership_ids_for_user(user, roles=PLAN_AUTHORS))


def reviews_it_may_update(plan, partnership):
    """The partnership's reviews a document may be a new version of: the same reference, the
    same title, or the same pseudonym in the same type of review. One query."""
    from django.db.models import Q

    from followthrough.plans.models import Review

    info = plan.review
    same = Q(title__iexact=" ".join(info.title.split()))
    if info.reference:
        same |= Q(reference__iexact=info.reference.strip())
    if info.subject_pseudonym and info.review_type:
        same |= Q(subject_pseudonym__iexact=info.subject_pseudonym.strip()) & Q(
            review_type=info.review_type
        )
    return list(Review.objects.filter(partnership=partnership).filter(same).order_by("-created_at"))


def reviews_of(partnership):
    """The partnership's reviews, by title: those a document of it may be a new version of."""
    from followthrough.plans.models import Review

    return Review.objects.filter(partnership=partnership).order_by("title", "pk")
