from django.urls import path

from followthrough.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("index.json", views.index_json, name="index_json"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("reviews/<int:pk>.json", views.review_json, name="review_json"),
    path("reviews/<int:pk>/", views.review, name="review"),
]
