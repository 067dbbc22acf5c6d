"""Text no store can hold: a NUL character or an unpaired UTF-16 surrogate.

Both are valid in JSON and GraphQL strings, but FalkorDB cannot parse them as statement
parameters and an unpaired surrogate cannot be encoded as UTF-8. No id, code or text in the
graph holds one, so input that does is refused before it reaches a statement.
"""


def unstorable(text: str) -> bool:
    return any(char == "\x00" or "\ud800" <= char <= "\udfff" for char in text)
