from django.urls import path

from followthrough.bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.register, name="register"),
    path("register.xlsx", views.register_download, name="register_xlsx"),
    path("addressed/<int:pk>/", views.addressing_detail, name="addressing"),
    path("addressed/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("addressed/<int:pk>/respond/", views.respond, name="respond"),
    path("addressed/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("recommendations/<int:pk>/address/", views.address, name="address"),
]
