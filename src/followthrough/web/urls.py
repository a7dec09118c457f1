from django.urls import path

from followthrough.web import views

app_name = "web"

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
]
