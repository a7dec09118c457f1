from django.urls import path

from followthrough.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("<int:pk>/agencies/", views.agencies, name="agencies"),
    path("<int:pk>/agencies/add/", views.agency_link, name="agency_link"),
    path("<int:pk>/agencies/new/", views.agency_create, name="agency_create"),
    path("<int:pk>/agencies/<int:agency_pk>/remove/", views.agency_unlink, name="agency_unlink"),
    path("<int:pk>/agencies/<int:agency_pk>/merge/", views.agency_merge, name="agency_merge"),
]
