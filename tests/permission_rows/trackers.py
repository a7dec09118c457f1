"""The permission matrix's rows for the spreadsheet round trip (see tests/test_permissions.py).
Anyone signed in downloads their own actions (an empty sheet if they lead none) and uploads a
filled-in sheet, each row of which is checked as the progress form checks it; a partnership's
open actions are its coordinator's to download; an upload is seen and applied only by whoever
uploaded it, not even by the site administrator."""

from tests.permission_rows import SIGNED_IN

ROWS: dict = {
    "trackers:download_mine": (None, SIGNED_IN),
    "trackers:download_partnership": ("partnership", {"coordinator", "superuser"}),
    "trackers:upload": (None, SIGNED_IN),
    "trackers:preview": ("tracker_upload", {"lead"}),
    "trackers:apply": ("tracker_upload", "405"),
}


def world_add(*, users, objects, home, review, rec) -> None:
    """Add this area's records to the permission world (tests/worlds.py): URL arguments into
    ``objects`` by kind, people into ``users``. ``home`` is Northmoor CSP, ``review`` its
    unpublished review with the recommendation ``rec``."""
    from followthrough.trackers.models import TrackerUpload

    upload = TrackerUpload.objects.create(
        uploaded_by=users["lead"], filename="my-actions.xlsx", sha256="0" * 64, size=0, content=b""
    )
    objects["tracker_upload"] = [upload.pk]
