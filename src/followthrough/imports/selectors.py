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
