from django.urls import path, re_path

from followthrough.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("new/", views.calendar_create, name="calendar_create"),
    path("revoke/", views.calendar_revoke, name="calendar_revoke"),
    re_path(r"^(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", views.calendar_feed, name="calendar_feed"),
]
