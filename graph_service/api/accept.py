"""Choosing what to answer from a request's ``Accept`` header (RFC 9110, section 12.5.1)."""

from collections.abc import Sequence


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them.

    Each offered type takes the quality of the most specific range that matches it
    (``type/subtype`` over ``type/*`` over ``*/*``); among equal qualities the earlier offer
    wins. No header, or one with no well-formed range, accepts anything.
    """
    ranges = [parsed for part in (accept or "").split(",") if (parsed := _media_range(part))]
    if not ranges:
        return offered[0] if offered else None
    best: tuple[float, str] | None = None
    for media_type in offered:
        quality = _quality(media_type, ranges)
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, media_type)
    return best[1] if best else None


# (type, subtype, quality)
_Range = tuple[str, str, float]


def _media_range(text: str) -> _Range | None:
    """One range of the header; a malformed one is ignored, as if it were not there."""
    media_range, *parameters = (piece.strip() for piece in text.split(";"))
    type_, slash, subtype = media_range.lower().partition("/")
    if not slash or not type_ or not subtype or (type_ == "*" and subtype != "*"):
        return None
    quality = 1.0
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return None
            if not 0 <= quality <= 1:
                return None
    return type_, subtype, quality


def _quality(media_type: str, ranges: list[_Range]) -> float:
    type_, _, subtype = media_type.partition("/")
    matched: tuple[int, float] | None = None  # (specificity, quality)
    for range_type, range_subtype, quality in ranges:
        if range_type == type_ and range_subtype == subtype:
            specificity = 2
        elif range_type == type_ and range_subtype == "*":
            specificity = 1
        elif range_type == "*":
            specificity = 0
        else:
            continue
        if matched is None or specificity > matched[0]:
            matched = (specificity, quality)
    return matched[1] if matched else 0.0
