from django.urls import path

from followthrough.pfd import views

app_name = "pfd"

urlpatterns = [
    path("pfd/import/", views.report_import, name="import"),
    path("<int:pk>/addressees/", views.addressee_list, name="addressee_list"),
    path("<int:pk>/addressees/new/", views.addressee_add, name="addressee_add"),
    path("addressees/<int:pk>/", views.addressee_detail, name="addressee_detail"),
    path("addressees/<int:pk>/change/", views.addressee_change, name="addressee_change"),
    path("addressees/<int:pk>/remove/", views.addressee_remove, name="addressee_remove"),
    path("addressees/<int:pk>/extension/", views.extension_record, name="extension_record"),
    path("addressees/<int:pk>/response/", views.response_record, name="response_record"),
]
