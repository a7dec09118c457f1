from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from followthrough.web import views as web_views

admin.site.site_header = "Followthrough administration"
admin.site.site_title = "Followthrough administration"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("accounts/", include("followthrough.web.urls")),
    path("reviews/", include("followthrough.delivery.action_urls")),
    path("reviews/", include("followthrough.plans.urls")),
    path("imports/", include("followthrough.imports.urls")),
    path("delivery/", include("followthrough.delivery.urls")),
    path("exports/", include("followthrough.exports.urls")),
    path("dashboards/", include("followthrough.dashboards.urls")),
    path("partnerships/", include("followthrough.partnerships.urls")),
    path("", include("followthrough.people.urls")),
    path("calendar/", include("followthrough.notifications.urls")),
    path("search/", include("followthrough.search.urls")),
    path("lessons/", include("followthrough.lessons.urls")),
    path("oversight/", include("followthrough.oversight.urls")),
    path("reviews/", include("followthrough.stages.urls")),
    path("reviews/", include("followthrough.pfd.urls")),
    path("bodies/", include("followthrough.bodies.urls")),
    path("", include("followthrough.api.urls")),  # /api/v1/ and /accounts/api-tokens/
    path("trackers/", include("followthrough.trackers.urls")),
    # Open to anyone, signed in or not: published reviews only.
    path("public/", include("followthrough.public.urls")),
    # One way in, with its lock-out and second factor: the admin's own sign-in page sends there.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="web:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
]
