app_name = "pfd"

urlpatterns: list = []
