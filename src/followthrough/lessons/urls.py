from django.urls import path

from followthrough.lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.recurring, name="recurring"),
    path("recurring-lessons.xlsx", views.recurring_xlsx, name="recurring_xlsx"),
]
