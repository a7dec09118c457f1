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
