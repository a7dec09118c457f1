from django.urls import path

from followthrough.exports import views
from followthrough.exports.services import PACK_FORMATS, PLAN_FORMATS

app_name = "exports"

# One URL name per format (exports:review_docx, exports:partnership_board_pack_pdf, ...), so
# templates link with the review or partnership alone. ?profile=public for the public profile;
# board packs take ?since=YYYY-MM-DD (default: three months ago).
urlpatterns = [
    *(
        path(
            f"reviews/<int:pk>/action-plan.{fmt}",
            views.review_download,
            {"fmt": fmt},
            name=f"review_{fmt}",
        )
        for fmt in PLAN_FORMATS
    ),
    *(
        path(
            f"reviews/<int:pk>/board-pack.{fmt}",
            views.review_board_pack,
            {"fmt": fmt},
            name=f"review_board_pack_{fmt}",
        )
        for fmt in PACK_FORMATS
    ),
    *(
        path(
            f"partnerships/<int:pk>/board-pack.{fmt}",
            views.partnership_board_pack,
            {"fmt": fmt},
            name=f"partnership_board_pack_{fmt}",
        )
        for fmt in PACK_FORMATS
    ),
]
