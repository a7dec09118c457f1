from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "followthrough.lessons"
    verbose_name = "Lessons: repeated recommendations and recurring lessons across reviews"
