"""The heatmap's shading: each shade's legend is the range of values drawn in it, and every
shade's ink passes WCAG 2.2 AA contrast; CSV cells a spreadsheet would run are kept as text."""

import pytest

from graph_service.workbench import views
from graph_service.workbench.pages import _cell


def _legend_by_value(largest: int) -> list[tuple[str, str]]:
    ranges: dict[str, list[int]] = {views.SHADES[0]: [0, 0]}
    for value in range(1, largest + 1):
        ranges.setdefault(views._shade(value, largest), [value, value])[1] = value
    return [(str(lo) if lo == hi else f"{lo} to {hi}", s) for s, (lo, hi) in ranges.items()]


@pytest.mark.parametrize("largest", [*range(0, 120), 997, 4_321, 50_000])
def test_the_legend_gives_each_shade_the_values_drawn_in_it(largest: int) -> None:
    legend = [(label, shade) for label, shade, _ in views._legend(largest)]
    assert legend == _legend_by_value(largest)


def test_every_shade_has_ink_of_enough_contrast() -> None:
    for shade in views.SHADES:
        assert views.contrast(views._ink(shade), shade) >= 4.5, shade


def test_csv_cells_that_would_be_formulas_stay_text() -> None:
    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert _cell("+1") == "'+1"
    assert _cell("-2") == "'-2"
    assert _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("Plain text") == "Plain text"
    assert _cell(-3) == -3
    assert _cell(None) == ""
