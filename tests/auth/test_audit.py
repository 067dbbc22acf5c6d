"""The audit log: appended, listed newest first in pages, filtered, and free of credentials."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph_service.auth import Authenticator, issue_key
from graph_service.auth.keys import parse_key
from graph_service.domain.access import AuditEvent, Role, redact_credentials
from graph_service.domain.paging import PageRequest
from graph_service.errors import AuthenticationError
from graph_service.repository import ApiKeyRepository, AuditRepository
from graph_service.repository.audit import AUDIT_ORDER, AuditSelection
from graph_service.store import GraphStore
from graph_service.store.catalogue import StatementCatalogue
from tests.auth.conftest import SigningKey, claims, oidc_settings


async def _all(
    audit: AuditRepository, selection: AuditSelection | None = None, size: int = 100
) -> list[AuditEvent]:
    """Every selected event, newest first, read page by page."""
    events: list[AuditEvent] = []
    after: str | None = None
    while True:
        page = await audit.events(
            selection or AuditSelection(),
            PageRequest.of(order=AUDIT_ORDER, first=size, after=after),
        )
        events.extend(event for _, event in page.items)
        if not page.has_next:
            return events
        after = page.items[-1][0].encode()


async def test_events_are_appended_and_listed_newest_first(auth_store: GraphStore) -> None:
    audit = AuditRepository(auth_store)
    first = await audit.append(
        actor="cli:alice", actor_kind="cli", action="keys.create", outcome="ok", target="key A"
    )
    second = await audit.append(
        actor="etl", actor_kind="key", action="dataset.load", outcome="failed", detail="2 problems"
    )
    listed = await _all(audit)
    assert listed == [second, first]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", first.at)
    assert first.at <= second.at
    assert (second.actor, second.actor_kind, second.action, second.outcome, second.detail) == (
        "etl",
        "key",
        "dataset.load",
        "failed",
        "2 problems",
    )


async def test_pages_cover_every_event_once_in_both_directions(auth_store: GraphStore) -> None:
    audit = AuditRepository(auth_store)
    appended = [
        await audit.append(actor="a", actor_kind="cli", action="db.refresh", outcome="ok")
        for _ in range(7)
    ]
    newest_first = list(reversed(appended))
    assert await _all(audit, size=3) == newest_first
    assert await _all(audit, size=1) == newest_first
    page = await audit.events(AuditSelection(), PageRequest.of(order=AUDIT_ORDER, first=3))
    assert [event for _, event in page.items] == newest_first[:3]
    assert page.has_next
    assert not page.has_previous
    back = await audit.events(
        AuditSelection(),
        PageRequest.of(order=AUDIT_ORDER, last=2, before=page.items[2][0].encode()),
    )
    assert [event for _, event in back.items] == newest_first[:2]


async def test_events_are_filtered_by_action_actor_outcome_and_time(
    auth_store: GraphStore,
) -> None:
    audit = AuditRepository(auth_store)
    create = await audit.append(actor="cli:a", actor_kind="cli", action="keys.create", outcome="ok")
    revoke = await audit.append(
        actor="cli:b", actor_kind="cli", action="keys.revoke", outcome="failed"
    )
    load = await audit.append(actor="cli:a", actor_kind="cli", action="dataset.load", outcome="ok")
    denied = await audit.append(
        actor="unauthenticated", actor_kind="key", action="auth.failed", outcome="denied"
    )
    assert await _all(audit, AuditSelection(action="keys")) == [revoke, create]
    assert await _all(audit, AuditSelection(action="keys.create")) == [create]
    assert await _all(audit, AuditSelection(action="key")) == []  # not a prefix match
    assert await _all(audit, AuditSelection(actor="cli:a")) == [load, create]
    assert await _all(audit, AuditSelection(outcome="denied")) == [denied]
    assert await _all(audit, AuditSelection(actor="cli:a", action="dataset.load")) == [load]
    since = datetime.strptime(load.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert await _all(audit, AuditSelection(since=since)) == [denied, load]
    assert await _all(audit, AuditSelection(since=since + timedelta(days=1))) == []
    # A naive time is read as UTC; an aware one is converted.
    assert await _all(audit, AuditSelection(since=since.replace(tzinfo=None))) == [denied, load]
    in_paris = since.astimezone(datetime.now().astimezone().tzinfo)
    assert await _all(audit, AuditSelection(since=in_paris)) == [denied, load]


async def test_texts_are_one_bounded_line(auth_store: GraphStore) -> None:
    audit = AuditRepository(auth_store)
    event = await audit.append(
        actor="cli:a", actor_kind="cli", action="x", outcome="ok", detail="a\nb\tc " + "d" * 2000
    )
    assert event.detail.startswith("a b c ddd")
    assert len(event.detail) == 1000
    assert event.detail.endswith("…")
    with pytest.raises(ValueError, match="outcome"):
        await audit.append(actor="a", actor_kind="cli", action="x", outcome="maybe")  # type: ignore[arg-type]


async def test_failed_attempts_are_recorded_without_any_part_of_the_credential(
    auth_store: GraphStore, jwks_file: Path, rsa_key: SigningKey, other_rsa_key: SigningKey
) -> None:
    keys = ApiKeyRepository(auth_store)
    audit = AuditRepository(auth_store)
    issued = await issue_key(keys, name="etl", role=Role.ANALYST)
    real = parse_key(issued.text)
    wrong_secret = issued.text[:-6] + ("Q" if issued.text[-6] != "Q" else "R") + issued.text[-5:]
    attempts = [
        wrong_secret,
        "lgs_UNKNOWNKEYID_" + "u" * 43,
        "lgs_malformed-key-with-a-secret-in-it",
        other_rsa_key.sign(claims()),  # forged signature
        rsa_key.sign(claims(aud="another-api")),
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.",
        "not-a-token-at-all-but-secret-looking-text",
    ]
    authenticator = Authenticator(oidc_settings(jwks_file), keys, audit=audit)
    for credential in attempts:
        with pytest.raises(AuthenticationError):
            await authenticator.authenticate(f"Bearer {credential}")
    # A successful authentication is not an audit event.
    await authenticator.authenticate(f"Bearer {issued.text}")
    events = await _all(audit)
    assert len(events) == len(attempts)
    assert {(e.action, e.outcome, e.actor) for e in events} == {
        ("auth.failed", "denied", "unauthenticated")
    }
    assert {e.target for e in events} == {f"key {real.key_id}", "key UNKNOWNKEYID", "key", "token"}
    stored = repr(await auth_store.read("test/node_properties"))
    for credential in [*attempts, issued.text]:
        secret_parts = re.split(r"[._]", credential.removeprefix("lgs_"))
        for part in secret_parts:
            if len(part) > 12:  # key ids (12 characters) are names, not secrets
                assert part not in stored, part
                assert part[:10] not in stored, part
                assert part[-10:] not in stored, part
    assert real.secret[:10] not in stored


def test_credentials_are_masked_in_any_text() -> None:
    key = "lgs_ABCDEFGHIJKL_" + "s" * 43
    assert redact_credentials(f"name {key}!") == "name lgs_ABCDEFGHIJKL_***!"
    assert redact_credentials("odd lgs_short-secret") == "odd lgs_***"
    jwt_text = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl"
    assert redact_credentials(f"Bearer {jwt_text} end") == "Bearer *** end"
    assert redact_credentials("nothing to hide") == "nothing to hide"


def test_no_statement_changes_or_deletes_audit_events() -> None:
    for dialect in ("falkordb", "neo4j"):
        naming = set()
        for statement in StatementCatalogue.load(dialect):
            text = "\n".join(
                line for line in statement.text.splitlines() if not line.strip().startswith("//")
            )
            if "AuditEvent" in text:
                naming.add(statement.name)
                assert not re.search(r"\b(SET|DELETE|REMOVE|MERGE)\b", text, re.I), statement.name
            # A node deleted must be matched with its label, so that it cannot be an audit event.
            for deleted in re.findall(r"\bDELETE\s+(\w+)", text, re.I):
                bound = re.search(rf"\(\s*{deleted}\s*(:\s*(\w+))?", text)
                assert (
                    bound is None
                    or bound.group(2) not in (None, "AuditEvent")
                    or re.search(rf"\[\s*{deleted}\s*:", text)
                ), f"{statement.name} deletes {deleted}"
        assert naming == {"audit/append_event", "audit/events", "audit/events_count"}
