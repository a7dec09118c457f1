from django.urls import path

from followthrough.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("partnerships/<int:pk>/", views.partnership_dashboard, name="partnership"),
    path("partnerships/<int:pk>/actions/", views.partnership_actions, name="actions"),
    path("my-actions/", views.my_actions, name="my_actions"),
]
