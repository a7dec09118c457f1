from django.urls import path

from followthrough.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("reviews/<int:pk>/", views.review, name="review"),
]
