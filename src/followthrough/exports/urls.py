from django.urls import path

from followthrough.exports import views
from followthrough.exports.services import PACK_FORMATS, PLAN_FORMATS

app_name = "exports"

# One URL name per format (exports:review_docx, exports:partnership_board_pack_pdf, ...), so
# templates link with the review or partnership alone. ?profile=public for the public profile;
# a board pack's page takes ?since=YYYY-MM-DD (default: three months ago) and, posted, asks the
# worker to make it (exports:job shows how it is going and offers the files).
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
    path("board-packs/<int:pk>/", views.job, name="job"),
    path("board-packs/<int:pk>/status.json", views.job_status, name="job_status"),
    path("board-packs/<int:pk>/again", views.job_again, name="job_again"),
    path("board-packs/<int:pk>/pack", views.job_download, {"part": "pack"}, name="job_download"),
    path(
        "board-packs/<int:pk>/appendix.xlsx",
        views.job_download,
        {"part": "appendix"},
        name="job_appendix",
    ),
]
