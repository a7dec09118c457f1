from django.urls import path

from followthrough.people import views

app_name = "people"

urlpatterns = [
    path("partnerships/<int:pk>/people/", views.people, name="people"),
    path("partnerships/<int:pk>/people/invite/", views.invite, name="invite"),
    path(
        "partnerships/<int:pk>/people/<int:membership_pk>/change/",
        views.membership_change,
        name="membership_change",
    ),
    path(
        "partnerships/<int:pk>/people/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "partnerships/<int:pk>/invitations/<int:invitation_pk>/send-again/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "partnerships/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
