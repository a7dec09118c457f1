"""The API tokens pages: list your tokens, make one (its secret shown once), revoke one.
Only ever your own tokens: anyone else's is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from followthrough.api import forms, selectors, services
from followthrough.pages import form_page


@login_required
def token_list(request):
    today = timezone.localdate()
    tokens = list(selectors.api_tokens_for_user(request.user))
    for token in tokens:
        token.live = token.is_live(today)
    return render(
        request,
        "api/token_list.html",
        {"tokens": tokens, "nav": "account", "docs_url": reverse("api-v1:openapi-view")},
    )


@login_required
def token_create(request):
    form = forms.ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.api_token_create(
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                expires_on=data["expires_on"],
                actor=request.user,
            )
        except services.ApiTokenRefused as exc:
            form.add_error(None, str(exc))
        else:
            # Shown in this response only: it is kept nowhere but as a hash, so there is no
            # redirect to a page that could show it again.
            response = render(
                request,
                "api/token_created.html",
                {"token": token, "secret": secret, "nav": "account"},
            )
            add_never_cache_headers(response)
            return response
    return form_page(
        request,
        form,
        title="Create an API token",
        caption="Your account",
        back_url=reverse("api_tokens:list"),
        submit="Create the token",
        intro="A token lets a program (a script, your agency's tracker or case system) read "
        "and record what you can, as you, without your password or code. Keep it as safe as "
        "a password.",
        context={"nav": "account"},
    )


@login_required
def token_revoke(request, pk: int):
    token = selectors.get_api_token_for_user(request, pk)
    form = forms.RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, f"The token '{token.name}' has been revoked.")
        return redirect("api_tokens:list")
    return form_page(
        request,
        form,
        title=f"Revoke the token '{token.name}'",
        caption="Your account",
        back_url=reverse("api_tokens:list"),
        submit="Revoke the token",
        intro="Programs that use it stop working at once. This cannot be undone: you can make "
        "a new token.",
        context={"nav": "account"},
    )
