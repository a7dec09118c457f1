from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect

from followthrough.web.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


sign_in = SignInView.as_view()
sign_out = auth_views.LogoutView.as_view()


def home(request):
    return redirect("plans:review_list")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
