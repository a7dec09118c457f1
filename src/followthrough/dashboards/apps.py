from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "followthrough.dashboards"
    verbose_name = "Dashboards: a partnership's delivery at a glance, and a lead's own actions"
