"""``{% made_before text exclude_review=review %}``: "Made before in 3 reviews; 1
implemented, 2 with no information", with the earlier recommendations the signed-in user may
see. An inclusion tag, because the pages that show it (authoring, the import preview) belong to
plans and imports, which must not import lessons (tests/test_layers.py): one selector call, a
constant number of queries."""

from django import template

from followthrough.lessons import selectors

register = template.Library()


@register.inclusion_tag("lessons/_made_before.html", takes_context=True)
def made_before(context, text, exclude_review=None, limit=10):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated or not text:
        return {"summary": selectors.summarise([])}
    exclude = getattr(exclude_review, "pk", exclude_review)
    repeats = selectors.repeats_for_user(user, str(text), exclude_review_id=exclude, limit=limit)
    return {"summary": selectors.summarise(repeats)}


@register.simple_tag(takes_context=True)
def made_before_texts(context, texts, exclude_review=None, limit=10):
    """For a page with many recommendations (the import preview), their repeats found at once
    in a constant number of queries: ``{% made_before_texts texts as found %}``, then
    ``{% made_before_found found text %}`` beside each. A dict of text -> RepeatSummary."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    texts = [str(text) for text in texts if text]
    if user is None or not user.is_authenticated or not texts:
        return {}
    exclude = getattr(exclude_review, "pk", exclude_review)
    found = selectors.repeats_for_texts(user, texts, exclude_review_id=exclude, limit=limit)
    return {text: selectors.summarise(repeats) for text, repeats in zip(texts, found, strict=True)}


@register.inclusion_tag("lessons/_made_before.html")
def made_before_found(found, text):
    """The summary of ``text`` from ``made_before_texts``, nothing if it has no repeats."""
    summary = found.get(str(text)) if found and text else None
    return {"summary": summary or selectors.summarise([])}
