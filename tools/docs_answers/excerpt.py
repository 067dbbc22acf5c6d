"""How an answer is shown in the docs: the one rule the rewriting and the test both apply.

Lists longer than two items show their first two, then the string ``"... N more"``; numbers
with a fraction are rounded to 3 decimals; everything else is shown as answered, as JSON
indented by two spaces.
"""

import json
from typing import Any

LIST_ITEMS_SHOWN = 2
DECIMALS = 3


def excerpt(value: Any) -> Any:
    """``value`` (decoded JSON) with long lists cut and fractions rounded."""
    if isinstance(value, dict):
        return {key: excerpt(item) for key, item in value.items()}
    if isinstance(value, list):
        shown = [excerpt(item) for item in value[:LIST_ITEMS_SHOWN]]
        hidden = len(value) - len(shown)
        return shown + ([f"... {hidden} more"] if hidden else [])
    if isinstance(value, float):
        return round(value, DECIMALS)
    return value


def render(data: Any) -> str:
    """The text of an answer block (without its fences) for a GraphQL answer's ``data``."""
    return json.dumps(excerpt(data), indent=2, ensure_ascii=False) + "\n"
