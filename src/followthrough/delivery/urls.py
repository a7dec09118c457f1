from django.urls import path

from followthrough.delivery import views

app_name = "delivery"

urlpatterns = [
    path("actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("actions/<int:pk>/complete/", views.complete, name="complete"),
    path("actions/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("actions/<int:pk>/close/", views.close, name="close"),
    path("actions/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("actions/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("partnerships/<int:pk>/meeting/", views.meeting, name="meeting"),
    path("actions/<int:pk>/new-date/", views.revision_propose, name="revision_propose"),
    path("revisions/<int:pk>/decide/", views.revision_decide, name="revision_decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("help/rag/", views.rag_help, name="rag_help"),
]
