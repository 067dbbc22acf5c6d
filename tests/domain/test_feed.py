"""Change feed positions: cursors that round-trip, refuse what is not one, and order strictly."""

import base64

import pytest

from graph_service.domain.feed import PAST_EVERY_ID, START, Position
from graph_service.errors import InputError

KINDS = 10


@pytest.mark.parametrize(
    "position",
    [
        Position(1, 0, "A1"),
        Position(12, 8, "kent:2024-01-01"),
        Position(3, 9, "x.y_z-1"),
        Position(7, end_of_run=True),
    ],
)
def test_a_cursor_names_the_position_it_was_made_from(position: Position) -> None:
    cursor = position.encode()
    assert "=" not in cursor
    assert Position.decode(cursor, KINDS) == position


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense!",
        base64.urlsafe_b64encode(b"2:1:0:A1").decode(),  # another version
        base64.urlsafe_b64encode(b"1:1:10:A1").decode(),  # no such kind
        base64.urlsafe_b64encode(b"1:-1:0:A1").decode(),
        base64.urlsafe_b64encode(b"1:1:0:").decode(),
        base64.urlsafe_b64encode(b"1:x:0:A1").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_anything_else_is_refused_saying_what_to_pass(cursor: str) -> None:
    with pytest.raises(InputError, match="is not a change feed cursor; pass the cursor"):
        Position.decode(cursor, KINDS)


def test_no_cursor_is_the_start() -> None:
    assert Position.decode(None, KINDS) == START
    assert Position.decode("", KINDS) == START


def test_positions_order_by_run_then_kind_then_id() -> None:
    ordered = [Position(1, 0, "B"), Position(1, 1, "A"), Position(1, 1, "B"), Position(2, 0, "A")]
    shuffled = [ordered[3], ordered[1], ordered[0], ordered[2]]
    assert sorted(shuffled) == ordered


def test_what_follows_a_position_in_each_kind() -> None:
    at = Position(4, 2, "F9")
    assert at.after_id_for(1) == (4, PAST_EVERY_ID)  # this run's earlier kinds are read
    assert at.after_id_for(2) == (4, "F9")
    assert at.after_id_for(3) == (4, "")  # this run's later kinds are not
    assert Position(4, end_of_run=True).after_id_for(0) == (4, PAST_EVERY_ID)
    assert max("zZ9._:-") < PAST_EVERY_ID


def test_what_a_reader_at_a_position_may_not_know() -> None:
    inside, after = Position(4, 2, "F9"), Position(4, end_of_run=True)
    assert inside.since(4)
    assert not after.since(4)
    assert after.since(5)
    assert not after.since(None)
    assert START.since(1)
