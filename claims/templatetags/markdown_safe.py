from django import template

from factcheck.lib.markdown import render_markdown

register = template.Library()


@register.filter
def safe_markdown(text: str):
    """Render Markdown and sanitise the result (see factcheck.lib.markdown)."""
    return render_markdown(text)
