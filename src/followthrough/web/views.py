from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from followthrough.web import services
from followthrough.web.forms import (
    AuthenticatorForm,
    CodeForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecondFactorResetForm,
    SetPasswordForm,
    SignInForm,
)
from followthrough.web.qr import qr_svg
from followthrough.web.second_factor import (
    Step,
    authenticator_for,
    backup_codes_left,
    second_factor_required,
    second_factor_step,
)

# --- Signing in ------------------------------------------------------------------------------


def _next_url(request, default=None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Where signing in leads when no page asked for it: the national role, which belongs
        to no partnership, to the national figures; a national body's user to what is
        addressed to their body; everyone else to their reviews."""
        user = self.request.user
        if not user.is_superuser and user.has_perm("oversight.view_figures"):
            return reverse("oversight:figures")
        if not user.is_superuser and user.has_perm("bodies.view_register"):
            return reverse("bodies:register")
        return super().get_default_redirect_url()

    def get_success_url(self):
        """After the password, the code (or setting up an authenticator) where needed."""
        next_url = super().get_success_url()
        step = second_factor_step(self.request.user)
        if step is Step.VERIFY:
            return _with_next(reverse("web:verify"), next_url)
        if step is Step.SETUP:
            return _with_next(reverse("web:authenticator_setup"), next_url)
        return next_url


sign_in = SignInView.as_view()
sign_out = auth_views.LogoutView.as_view()


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lock-out response: what happened and when to try again, the same for
    every username (it never says whether an account exists)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: the authenticator's code, or a backup code."""
    next_url = _next_url(request)
    if request.user.is_verified() or second_factor_step(request.user) is not Step.VERIFY:
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(
                user=request.user, code=form.cleaned_data["code"]
            )
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(next_url)
    return render(request, "web/verify.html", {"form": form, "next": next_url, "signing_in": True})


# --- Your account ------------------------------------------------------------------------


@login_required
def account(request):
    user = request.user
    device = authenticator_for(user)
    return render(
        request,
        "web/account.html",
        {
            "nav": "account",
            "device": device,
            "backup_codes_left": backup_codes_left(user),
            "required": second_factor_required(user),
        },
    )


_SETUP_KEY = "followthrough_authenticator_key"


@login_required
@require_http_methods(["GET", "POST"])
def authenticator_setup(request):
    """Add Followthrough to an authenticator app (QR code, or the key typed in), then prove it
    with a code. The key waits in the session until then."""
    key = request.session.get(_SETUP_KEY)
    if key is None:
        key = request.session[_SETUP_KEY] = default_key()
    form = AuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_up = services.authenticator_confirm(
                user=request.user, key=key, code=form.cleaned_data["code"], actor=request.user
            )
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            del request.session[_SETUP_KEY]
            otp_login(request, set_up.device)
            return _show_backup_codes(request, set_up.backup_codes, first=True)
    device = TOTPDevice(user=request.user, key=key)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "web/authenticator_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": second_factor_required(request.user),
            "replacing": authenticator_for(request.user) is not None,
            "next": _next_url(request, reverse("web:account")),
            "nav": "account",
            "signing_in": second_factor_step(request.user) is Step.SETUP,
        },
    )


def _show_backup_codes(request, codes, *, first: bool):
    return render(
        request,
        "web/backup_codes.html",
        {
            "codes": codes,
            "first": first,
            "next": _next_url(request, reverse("web:account")),
            "nav": "account",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    if authenticator_for(request.user) is None:
        return redirect("web:account")
    if request.method == "POST":
        codes = services.backup_codes_create(user=request.user, actor=request.user)
        return _show_backup_codes(request, codes, first=False)
    return render(request, "web/backup_codes_confirm.html", {"nav": "account"})


@login_required
@require_http_methods(["GET", "POST"])
def authenticator_remove(request):
    if authenticator_for(request.user) is None or second_factor_required(request.user):
        return redirect("web:account")
    if request.method == "POST":
        services.second_factor_remove(user=request.user, actor=request.user)
        messages.success(request, "Two-factor sign-in is off. You sign in with your password.")
        return redirect("web:account")
    return render(request, "web/authenticator_remove.html", {"nav": "account"})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_reset(request):
    """A site administrator resets someone's second factor (a lost phone)."""
    if not request.user.is_superuser:
        raise Http404
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_reset(user=form.user, actor=request.user)
        except PermissionDenied as exc:  # pragma: no cover - the view checked already
            raise Http404 from exc
        messages.success(
            request,
            f"The second factor of {form.user.get_username()} is reset. At their next sign-in "
            "they set up an authenticator app again.",
        )
        return redirect("web:account")
    return render(request, "web/second_factor_reset.html", {"form": form, "nav": "account"})


# --- Passwords ----------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("web:account")

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Your password has been changed.")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "nav": "account"}


password_change = PasswordChangeView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="registration/password_reset_form.html",
    success_url=reverse_lazy("web:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html",
    extra_context={"minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("web:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html",
)


# --- Other pages ---------------------------------------------------------------------------


def home(request):
    # The national role belongs to no partnership: its home is the national figures.
    if not request.user.is_superuser and request.user.has_perm("oversight.view_figures"):
        return redirect("oversight:figures")
    # A national body's user belongs to no partnership either: its home is its register.
    if not request.user.is_superuser and request.user.has_perm("bodies.view_register"):
        return redirect("bodies:register")
    return redirect("plans:review_list")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
