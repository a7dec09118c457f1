from django.apps import AppConfig


class StagesConfig(AppConfig):
    name = "followthrough.stages"
    verbose_name = "Review stages and statutory clocks"

    def ready(self):
        # A date changed on a review's details page moves its stage on the timeline too
        # (plans cannot import stages, which builds on it).
        from followthrough.plans.services import authoring
        from followthrough.stages.services import review_dates_changed

        if review_dates_changed not in authoring.REVIEW_DATE_FOLLOWERS:
            authoring.REVIEW_DATE_FOLLOWERS.append(review_dates_changed)
