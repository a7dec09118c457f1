"""The action page, at /reviews/actions/<pk>/ (where links in reminders and calendars point),
served by delivery because it shows the action with its delivery."""

from django.urls import path

from followthrough.delivery import views

app_name = "actions"

urlpatterns = [
    path("actions/<int:pk>/", views.action_detail, name="detail"),
]
