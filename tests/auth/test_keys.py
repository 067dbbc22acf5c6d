"""API keys: issued once, stored as a salted hash, checked against the store on every use (or,
in the authenticating process, against what it kept of a key it verified seconds ago)."""

import hashlib
import hmac
import re
import uuid

import pytest

from graph_service.auth.keys import (
    KEY_ID_LENGTH,
    ParsedKey,
    hash_secret,
    issue_key,
    key_text,
    parse_key,
    secret_matches,
    verify_key,
)
from graph_service.auth.verified import VerifiedKeys, forget_key
from graph_service.domain.access import KEY_PREFIX, Role, visibility_for
from graph_service.domain.visibility import EVERYTHING, PUBLIC
from graph_service.errors import AuthenticationError, InputError, NotFoundError
from graph_service.repository import ApiKeyRepository
from graph_service.store import GRAPH_SCHEMA, GraphStore
from graph_service.store.embedded import EmbeddedServer, EmbeddedStore
from tests.graphs import catalogue_with_test_statements

KEY_FORMAT = re.compile(r"lgs_[A-Za-z0-9]{12}_[A-Za-z0-9_\-]{43}")


def _other_secret(text: str) -> str:
    """The same key id with a different secret of the right shape."""
    last = text[-1]
    return text[:-1] + ("A" if last != "A" else "B")


async def test_an_issued_key_verifies_as_its_name_and_role(auth_store: GraphStore) -> None:
    keys = ApiKeyRepository(auth_store)
    issued = await issue_key(keys, name="reporting-etl", role=Role.ANALYST)
    assert KEY_FORMAT.fullmatch(issued.text)
    assert issued.text.startswith(f"{KEY_PREFIX}{issued.key.key_id}_")
    assert len(issued.key.key_id) == KEY_ID_LENGTH
    assert issued.text not in repr(issued)
    principal = await verify_key(keys, issued.text)
    assert (principal.subject, principal.kind, principal.role, principal.key_id) == (
        "reporting-etl",
        "key",
        Role.ANALYST,
        issued.key.key_id,
    )
    assert principal.visibility == EVERYTHING


async def test_keys_are_listed_without_salt_or_hash(auth_store: GraphStore) -> None:
    keys = ApiKeyRepository(auth_store)
    first = await issue_key(keys, name="first", role=Role.READER)
    second = await issue_key(keys, name="second", role=Role.ADMIN)
    listed = await keys.list_keys()
    assert [(k.key_id, k.name, k.role, k.active) for k in listed] == [
        (first.key.key_id, "first", Role.READER, True),
        (second.key.key_id, "second", Role.ADMIN, True),
    ]
    rows = await auth_store.read("keys/keys")
    assert all(set(row) == {"keyId", "name", "role", "createdAt", "revokedAt"} for row in rows)


async def test_a_wrong_secret_and_an_unknown_key_id_give_the_same_answer(
    auth_store: GraphStore,
) -> None:
    keys = ApiKeyRepository(auth_store)
    issued = await issue_key(keys, name="etl", role=Role.READER)
    wrong = _other_secret(issued.text)
    with pytest.raises(AuthenticationError) as wrong_secret:
        await verify_key(keys, wrong)
    unknown = key_text(ParsedKey("Z" * KEY_ID_LENGTH, "s" * 43))
    with pytest.raises(AuthenticationError) as unknown_id:
        await verify_key(keys, unknown)
    assert wrong_secret.value.message == unknown_id.value.message
    assert "not valid" in wrong_secret.value.message
    assert wrong_secret.value.code == "UNAUTHENTICATED"
    for refused, text in ((wrong_secret, wrong), (unknown_id, unknown)):
        assert parse_key(text).secret not in refused.value.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "lgs_",
        "lgs_short_secret",
        "lgs_ABCDEFGHIJKL",
        "lgs_ABCDEFGHIJKL_" + "s" * 42,
        "lgs_ABCDEFGHIJKL_" + "s" * 44,
        "lgs_ABCDEFGHIJK!_" + "s" * 43,
        "lgs_ABCDEFGHIJKL_" + "s" * 42 + "=",
        "lgs_ABCDEFGHIJKL-" + "s" * 43,
        "LGS_ABCDEFGHIJKL_" + "s" * 43,
        " lgs_ABCDEFGHIJKL_" + "s" * 43,
        "lgs_ABCDEFGHIJKL_" + "s" * 43 + "\n",
    ],
)
def test_a_malformed_key_is_refused_without_detail(text: str) -> None:
    with pytest.raises(AuthenticationError) as refused:
        parse_key(text)
    assert "malformed" in refused.value.message
    assert "ssssssss" not in refused.value.message
    assert "ABCDEFGH" not in refused.value.message


async def test_a_revoked_key_is_refused_at_once_even_when_another_connection_revoked_it(
    embedded_server: EmbeddedServer,
) -> None:
    name = f"keys_{uuid.uuid4().hex[:12]}"

    def connect() -> EmbeddedStore:
        return EmbeddedStore(
            catalogue_with_test_statements("falkordb"),
            embedded_server,
            graph_name=name,
            timeout_ms=30_000,
        )

    api, admin = connect(), connect()
    try:
        await api.apply_schema(GRAPH_SCHEMA)
        keys = ApiKeyRepository(api)
        issued = await issue_key(keys, name="etl", role=Role.ANALYST)
        assert (await verify_key(keys, issued.text)).role == Role.ANALYST
        revoked = await ApiKeyRepository(admin).revoke(issued.key.key_id)
        assert revoked.revoked_at is not None
        with pytest.raises(AuthenticationError) as refused:
            await verify_key(keys, issued.text)
        assert refused.value.message == "the API key has been revoked; ask an admin for a new one"
        # Only the holder of the secret learns that the key was revoked.
        with pytest.raises(AuthenticationError) as guessed:
            await verify_key(keys, _other_secret(issued.text))
        assert "revoked" not in guessed.value.message
    finally:
        await api.write("test/clear")
        await admin.close()
        await api.close()


async def test_a_kept_key_is_checked_against_its_hash_and_dropped_when_revoked_here(
    auth_store: GraphStore,
) -> None:
    keys = ApiKeyRepository(auth_store)
    issued = await issue_key(keys, name="etl", role=Role.ANALYST)
    verified = VerifiedKeys(60)

    def reads() -> int:
        return auth_store.statements_run

    start = reads()
    first = await verify_key(keys, issued.text, verified)
    assert reads() == start + 1
    assert await verify_key(keys, issued.text, verified) == first
    with pytest.raises(AuthenticationError, match="not valid"):
        await verify_key(keys, _other_secret(issued.text), verified)
    assert reads() == start + 1  # both against the kept hash
    unknown = key_text(ParsedKey(key_id="Z" * KEY_ID_LENGTH, secret="s" * 43))
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="not valid"):
            await verify_key(keys, unknown, verified)
    assert reads() == start + 3  # an unknown key is looked up every time

    await keys.revoke(issued.key.key_id)  # as another process would: this one still trusts it
    assert await verify_key(keys, issued.text, verified) == first
    forget_key(issued.key.key_id)  # what KeyService.revoke does in the serving process
    start = reads()
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="has been revoked"):
            await verify_key(keys, issued.text, verified)
    assert reads() == start + 2  # read each time: a revoked key is never kept


async def test_revoking_an_unknown_or_revoked_key_is_a_clear_error(
    auth_store: GraphStore,
) -> None:
    keys = ApiKeyRepository(auth_store)
    with pytest.raises(NotFoundError, match=r"no API key has the id 'nope'; .*keys list"):
        await keys.revoke("nope")
    issued = await issue_key(keys, name="etl", role=Role.READER)
    first = await keys.revoke(issued.key.key_id)
    with pytest.raises(InputError, match="already revoked at " + re.escape(str(first.revoked_at))):
        await keys.revoke(issued.key.key_id)
    assert (await keys.list_keys())[0].revoked_at == first.revoked_at


async def test_a_name_is_unique_among_active_keys_only(auth_store: GraphStore) -> None:
    keys = ApiKeyRepository(auth_store)
    first = await issue_key(keys, name="etl", role=Role.READER)
    with pytest.raises(InputError, match="an active key is already called 'etl'"):
        await issue_key(keys, name=" etl ", role=Role.ADMIN)
    await keys.revoke(first.key.key_id)
    second = await issue_key(keys, name="etl", role=Role.ADMIN)  # rotation: same name again
    assert [(k.key_id, k.active) for k in await keys.list_keys()] == [
        (first.key.key_id, False),
        (second.key.key_id, True),
    ]
    assert (await verify_key(keys, second.text)).role == Role.ADMIN


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "give the key a name"), ("   ", "give the key a name"), ("a\tb", "control")],
)
async def test_bad_names_are_refused(auth_store: GraphStore, name: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        await issue_key(ApiKeyRepository(auth_store), name=name, role=Role.READER)


async def test_too_long_names_are_refused(auth_store: GraphStore) -> None:
    with pytest.raises(InputError, match="at most 100 characters"):
        await issue_key(ApiKeyRepository(auth_store), name="n" * 101, role=Role.READER)


async def test_no_key_is_ever_stored_in_clear(auth_store: GraphStore) -> None:
    keys = ApiKeyRepository(auth_store)
    issued = [await issue_key(keys, name=f"key-{n}", role=Role.READER) for n in range(3)]
    await keys.revoke(issued[0].key.key_id)
    nodes = [row["properties"] for row in await auth_store.read("test/node_properties")]
    stored = [node for node in nodes if "keyId" in node]
    assert len(stored) == 3
    everything = repr(nodes)
    for key in issued:
        secret = parse_key(key.text).secret
        assert key.text not in everything
        # No stretch of the secret long enough to matter appears anywhere.
        for start in range(0, len(secret) - 8):
            assert secret[start : start + 8] not in everything
    for node in stored:
        assert re.fullmatch(r"[0-9a-f]{32}", node["salt"])
        assert re.fullmatch(r"[0-9a-f]{64}", node["hash"])
    assert len({node["salt"] for node in stored}) == 3  # a salt per key


def test_the_hash_is_hmac_sha256_of_the_secret_under_the_salt() -> None:
    salt = "00" * 16
    expected = hmac.new(bytes(16), b"secret", hashlib.sha256).hexdigest()
    assert hash_secret(salt, "secret") == expected
    assert secret_matches("secret", salt, expected)
    assert not secret_matches("secreT", salt, expected)


def test_roles_are_ordered_and_decide_what_is_visible() -> None:
    assert Role.ADMIN.includes(Role.ANALYST)
    assert Role.ADMIN.includes(Role.READER)
    assert Role.ANALYST.includes(Role.READER)
    assert Role.ANALYST.includes(Role.ANALYST)
    assert not Role.READER.includes(Role.ANALYST)
    assert not Role.ANALYST.includes(Role.ADMIN)
    assert visibility_for(Role.READER) == PUBLIC
    assert visibility_for(Role.ANALYST) == EVERYTHING
    assert visibility_for(Role.ADMIN) == EVERYTHING
    assert Role.parse(" Admin ") == Role.ADMIN
    with pytest.raises(InputError, match="use one of reader, analyst, admin"):
        Role.parse("boss")
