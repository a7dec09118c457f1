from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "followthrough.trackers"
    verbose_name = "Spreadsheet trackers: my actions offline and back"
