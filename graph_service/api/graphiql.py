"""The GraphiQL page, opening on a worked example instead of a blank editor."""

import re

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

_EXAMPLE = re.compile(r"const EXAMPLE_QUERY = `.*?`;", re.DOTALL)


def with_opening_query(page: str) -> str:
    """Strawberry's GraphiQL page, opening on :data:`OPENING_QUERY`."""
    literal = OPENING_QUERY.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return _EXAMPLE.sub(lambda _: f"const EXAMPLE_QUERY = `{literal}`;", page, count=1)
