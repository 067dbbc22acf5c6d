"""FalkorDB parameter encoding: plain values only, and a clear error for anything else."""

import enum
import math

import pytest

from graph_service.errors import ParameterError
from graph_service.store.falkordb import encode_parameters


class Level(enum.IntEnum):
    HIGH = 3


def test_values_become_cypher_literals() -> None:
    header = encode_parameters(
        "s",
        {"rows": [{"id": 'a"b\\c', "n": 2, "x": 1.5, "ok": True, "none": None}], "k": Level.HIGH},
    )
    assert header == 'CYPHER rows=[{id:"a\\"b\\\\c",n:2,x:1.5,ok:true,none:null}] k=3 '


def test_no_parameters_no_header() -> None:
    assert encode_parameters("s", {}) == ""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rows": [{"v": 1.0}, {"v": math.nan}]}, r"\$rows\[1\]\.v is nan, not finite"),
        ({"m": {"bad key": 1}}, r"map key 'bad key' in \$m must be a plain identifier"),
        ({"m": {"a": [object()]}}, r"\$m\.a\[0\] has type object; pass str, int, float"),
        ({"bad-name": 1}, r"bad parameter name 'bad-name'"),
    ],
)
def test_unencodable_values_say_what_and_where(params: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        encode_parameters("dataset/x", params)
