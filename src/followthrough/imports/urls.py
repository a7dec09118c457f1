from django.urls import path

from followthrough.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.drafts, name="drafts"),
    path("new/", views.upload, name="upload"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/progress/", views.status, name="status"),
    path("<int:pk>/progress.json", views.status_json, name="status_json"),
    path("<int:pk>/read-again/", views.requeue, name="requeue"),
    path("<int:pk>/template.xlsx", views.filled_template, name="template"),
    path("<int:pk>/blank-template.xlsx", views.blank_template, name="blank_template"),
    path("<int:pk>/review/", views.correct_review, name="correct_review"),
    path(
        "<int:pk>/recommendations/<int:rec>/",
        views.correct_recommendation,
        name="correct_recommendation",
    ),
    path(
        "<int:pk>/recommendations/<int:rec>/actions/<int:action>/",
        views.correct_action,
        name="correct_action",
    ),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/updates/", views.compare_choose, name="compare_choose"),
    path("<int:pk>/updates/<int:review>/", views.compare, name="compare"),
]
