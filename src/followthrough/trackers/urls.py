from django.urls import path

from followthrough.trackers import views

app_name = "trackers"

urlpatterns = [
    path("my-actions.xlsx", views.download_mine, name="download_mine"),
    path(
        "partnerships/<int:pk>/open-actions.xlsx",
        views.download_partnership,
        name="download_partnership",
    ),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.preview, name="preview"),
    path("uploads/<int:pk>/apply/", views.apply, name="apply"),
]
