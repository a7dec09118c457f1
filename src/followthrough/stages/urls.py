from django.urls import path

from followthrough.stages import views

app_name = "stages"

urlpatterns = [
    path("clocks/", views.clocks, name="clocks"),
    path("in-progress/<int:pk>/", views.in_progress, name="in_progress"),
    path("in-progress/<int:pk>/reviews.xlsx", views.in_progress_xlsx, name="in_progress_xlsx"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/timeline/record/", views.stage_record, name="record"),
    path("<int:pk>/timeline/extend/", views.stage_extend, name="extend"),
    path("stage-entries/<int:pk>/change/", views.entry_change, name="entry_change"),
    path("stage-entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
]
