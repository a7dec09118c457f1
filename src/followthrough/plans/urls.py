from django.urls import path

from followthrough.plans import authoring_views as write
from followthrough.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", write.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/details/", write.review_details, name="review_details"),
    path("<int:pk>/edit/", write.review_edit, name="review_edit"),
    path("<int:pk>/as-of/", views.review_as_of, name="review_as_of"),
    path("<int:pk>/write/", write.review_write, name="review_write"),
    path("<int:pk>/agree/", write.plan_agree, name="plan_agree"),
    path(
        "<int:pk>/recommendations/new/", write.recommendation_create, name="recommendation_create"
    ),
    path("recommendations/<int:pk>/edit/", write.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/delete/",
        write.recommendation_delete,
        name="recommendation_delete",
    ),
    path("recommendations/<int:pk>/move/", write.recommendation_move, name="recommendation_move"),
    path("recommendations/<int:pk>/actions/new/", write.action_create, name="action_create"),
    path("actions/<int:pk>/history/", views.action_history, name="action_history"),
    path("actions/<int:pk>/edit/", write.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", write.action_delete, name="action_delete"),
    path("actions/<int:pk>/move/", write.action_move, name="action_move"),
    path("actions/<int:pk>/leads/new/", write.lead_add, name="lead_add"),
    path("leads/<int:pk>/remove/", write.lead_remove, name="lead_remove"),
    path("actions/<int:pk>/milestones/new/", write.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", write.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", write.milestone_delete, name="milestone_delete"),
]
