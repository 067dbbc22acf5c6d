"""The GraphiQL page: the project's own page, opening on a worked example, whose scripts,
styles and fonts all come from the service (:mod:`graph_service.api.assets`)."""

import html
import re
from importlib.resources import files

from graph_service.api.assets import Assets

# The first worked example of docs/queries.md.
OPENING_QUERY = """# Which perennial issues recur across kinds of review?
# More worked examples: docs/queries.md. Run with Ctrl-Enter.
{
  recurringIssues(minReviewTypes: 3) {
    code
    name
    reviews
    findings
    reviewTypeCount
    forceCount
    firstSeen
    lastSeen
    byReviewType { reviewType reviews findings }
  }
}
"""

_ASSET = re.compile(r"\{\{ asset (?P<name>[^ }]+) \}\}")
_OPENING_QUERY = "{{ opening_query }}"


def graphiql_page(assets: Assets) -> str:
    """The page, linking each file it loads at its address in ``assets``."""
    template = (files("graph_service.api") / "graphiql.html").read_text(encoding="utf-8")
    linked = _ASSET.sub(lambda found: html.escape(assets.url(found["name"])), template)
    return linked.replace(_OPENING_QUERY, html.escape(OPENING_QUERY, quote=True))
