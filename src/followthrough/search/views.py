"""The search page: a thin view over search.selectors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from followthrough.search import selectors
from followthrough.search.forms import SearchForm


@login_required
def results(request):
    """A GET form: the first visit shows the form alone; a search with no words says so beside
    the box; otherwise one page of what the user may see that matches."""
    form = SearchForm(request.GET or None, options=selectors.filter_options(request.user))
    found = None
    if form.is_bound and not form.has_error("q"):
        # A filter in error filters nothing (its message shows beside it); the words are still
        # searched for with the others.
        found = selectors.search(
            request.user, form.cleaned_data["q"], form.filters(), request.GET.get("page")
        )
    return render(request, "search/results.html", {"form": form, "found": found, "nav": "search"})
