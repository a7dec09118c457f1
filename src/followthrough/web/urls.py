from django.urls import path

from followthrough.web import views

app_name = "web"

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("security-code/", views.verify, name="verify"),
    path("", views.account, name="account"),
    path("authenticator/", views.authenticator_setup, name="authenticator_setup"),
    path("authenticator/remove/", views.authenticator_remove, name="authenticator_remove"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("second-factor-reset/", views.second_factor_reset, name="second_factor_reset"),
    path("password/", views.password_change, name="password_change"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
