from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "followthrough.web"
    verbose_name = "Web pages"

    def ready(self):
        # django-axes reports a lock-out only through its user_locked_out signal, so the
        # receiver is the one place that can call the audited service (never a write itself).
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from followthrough.web.security import lockout_recorded, session_started

        user_locked_out.connect(lockout_recorded, dispatch_uid="followthrough.web.lockout")
        user_logged_in.connect(session_started, dispatch_uid="followthrough.web.session")
