from django.urls import path

from followthrough.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
]
