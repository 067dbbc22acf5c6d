"""Getting in without a valid credential: every request is refused with 401 before it runs, a
key revoked through the serving process stops at once (one revoked elsewhere within the key
cache's few seconds), keys are never stored in clear, and refusals are audited without the
credential."""

import asyncio
import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from graph_service.auth import IssuedKey, parse_key
from graph_service.domain.access import Role
from graph_service.repository import ApiKeyRepository
from graph_service.services import Actor, KeyService
from graph_service.store import GraphStore
from tests.analytics import oracle
from tests.auth.conftest import AUDIENCE, ISSUER, SigningKey, claims, write_jwks
from tests.recording import recorded
from tests.security.conftest import (
    Restricted,
    bearer,
    client,
    codes,
    issue,
    post,
    running,
    serve,
    settings,
)

DATA_QUERY = "{ reviews(first: 1) { totalCount edges { node { id title } } } }"
MUTATION = 'mutation { createApiKey(name: "intruder", role: ADMIN) { text key { keyId } } }'
COUNTS = "{ reviews(first: 0) { totalCount } }"
LOOKUP = "query ($id: ID!) { review(id: $id) { id restricted } }"
AUDIT = """
query ($action: String) {
  auditLog(filter: {action: $action}, first: 100) {
    totalCount
    nodes { actor actorKind action target outcome detail }
  }
}
"""
# Generous enough that no test here is cut short by the limit on failed attempts.
MANY_FAILURES = 1_000


def _refused(response: Any) -> str:
    """Checks a 401 refusal and returns its message."""
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] is None
    assert codes(body) == ["UNAUTHENTICATED"]
    message: str = body["errors"][0]["message"]
    return message


def _other_secret(text: str) -> str:
    """The same key id with another secret of the right shape."""
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def _secret_parts(credential: str) -> list[str]:
    """Stretches of a credential that must never be shown or stored (key ids are names)."""
    parts = re.split(r"[._ ]", credential.removeprefix("lgs_"))
    return [part[i : i + 10] for part in parts if len(part) > 12 for i in (0, len(part) - 10)]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())


# ---------------------------------------------------------------------------------------------
# No credential, or one that is not a credential of this service


@pytest.mark.parametrize("operation", [DATA_QUERY, MUTATION], ids=["query", "mutation"])
async def test_a_request_without_credentials_is_refused_before_it_runs(
    keyed_store: GraphStore, operation: str
) -> None:
    async with running(keyed_store) as app, client(app) as http:
        before = keyed_store.statements_run
        message = _refused(await post(http, operation))
        by_get = await http.get("/graphql", params={"query": DATA_QUERY})
        ran = keyed_store.statements_run - before
    _refused(by_get)
    assert "authentication is required" in message
    assert ran == 0  # nothing ran, not even a key lookup
    assert await ApiKeyRepository(keyed_store).list_keys() == []


BAD_HEADERS: dict[str, Callable[[IssuedKey, IssuedKey], str]] = {
    "basic scheme": lambda key, _: "Basic " + base64.b64encode(b"admin:admin").decode(),
    "key under another scheme": lambda key, _: f"Token {key.text}",
    "empty bearer": lambda key, _: "Bearer",
    "blank bearer": lambda key, _: "Bearer    ",
    "malformed key": lambda key, _: "Bearer lgs_short",
    "key id without secret": lambda key, _: f"Bearer lgs_{key.key.key_id}",
    "wrong secret": lambda key, _: f"Bearer {_other_secret(key.text)}",
    "unknown key id": lambda key, _: "Bearer lgs_ZZZZZZZZZZZZ_" + parse_key(key.text).secret,
    "secret of another key": lambda key, other: (
        f"Bearer lgs_{key.key.key_id}_{parse_key(other.text).secret}"
    ),
    "key and trailing text": lambda key, _: f"Bearer {key.text} {key.text}",
    "random text": lambda key, _: "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "jwt-shaped text": lambda key, _: "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
}


@pytest.mark.parametrize("build", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
async def test_a_bad_credential_is_refused_and_never_repeated(
    keyed_store: GraphStore, build: Callable[[IssuedKey, IssuedKey], str]
) -> None:
    admin = await issue(keyed_store, Role.ADMIN)
    other = await issue(keyed_store, Role.READER)
    header = build(admin, other)
    async with serve(keyed_store, settings(failed_auth_per_minute=MANY_FAILURES)) as http:
        for operation in (DATA_QUERY, MUTATION):
            response = await post(http, operation, headers={"Authorization": header})
            message = _refused(response)
            for part in _secret_parts(header.partition(" ")[2]):
                assert part not in response.text
            assert message
        # The key the bad header was built from works, so the refusal was the header's doing.
        good = await post(http, COUNTS, headers=bearer(admin))
    assert good.status_code == 200, good.text
    assert [k.name for k in await ApiKeyRepository(keyed_store).list_keys()] == [
        admin.key.name,
        other.key.name,
    ]


async def test_a_wrong_secret_and_an_unknown_key_id_get_the_same_answer(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ANALYST)
    secret = parse_key(key.text).secret
    async with serve(keyed_store) as http:
        wrong = await post(http, COUNTS, headers=bearer(_other_secret(key.text)))
        unknown = await post(http, COUNTS, headers=bearer(f"lgs_ZZZZZZZZZZZZ_{secret}"))
    assert _refused(wrong) == _refused(unknown)
    assert wrong.json() == unknown.json()


async def test_a_kept_key_still_needs_its_secret(keyed_store: GraphStore) -> None:
    """A key the service just let in is kept by its id; the secret is checked every time, and
    a refusal changes nothing of what was kept."""
    key = await issue(keyed_store, Role.ANALYST)
    async with serve(keyed_store, settings(failed_auth_per_minute=MANY_FAILURES)) as http:
        accepted = await post(http, COUNTS, headers=bearer(key))
        with recorded(keyed_store) as names:
            wrong = await post(http, COUNTS, headers=bearer(_other_secret(key.text)))
            again = await post(http, COUNTS, headers=bearer(key))
    assert accepted.status_code == 200, accepted.text
    assert "not valid" in _refused(wrong)
    assert again.status_code == 200, again.text
    assert "keys/key_by_id" not in names  # both checked against the kept hash
    assert names.count("audit/append_event") == 1  # the refusal, audited as ever


# ---------------------------------------------------------------------------------------------
# OpenID Connect tokens


@pytest.fixture
def jwks(tmp_path: Path, rsa_key: SigningKey, ec_key: SigningKey) -> Path:
    return write_jwks(tmp_path / "jwks.json", rsa_key, ec_key)


def _oidc(jwks: Path) -> Any:
    return settings(
        oidc_jwks_file=jwks,
        oidc_issuer=ISSUER,
        oidc_audience=AUDIENCE,
        failed_auth_per_minute=MANY_FAILURES,
    )


async def test_a_valid_token_works_and_its_role_decides_what_it_sees(
    analytics_store: GraphStore,
    analytics_dataset: oracle.Dataset,
    restricted: Restricted,
    jwks: Path,
    rsa_key: SigningKey,
    ec_key: SigningKey,
) -> None:
    hidden = sorted(restricted.reviews)[0]
    async with running(analytics_store, _oidc(jwks)) as app:
        analyst = client(app, bearer(rsa_key.sign(claims(roles=["analyst"]))))
        reader = client(app, bearer(ec_key.sign(claims(roles="reader", sub="bob"))))
        async with analyst, reader:
            as_analyst = (await post(analyst, COUNTS)).json()
            as_reader = (await post(reader, COUNTS)).json()
            seen = (await post(analyst, LOOKUP, {"id": hidden})).json()
            unseen = (await post(reader, LOOKUP, {"id": hidden})).json()
    assert as_analyst["data"]["reviews"]["totalCount"] == len(analytics_dataset.reviews)
    assert as_reader["data"]["reviews"]["totalCount"] == len(
        analytics_dataset.visible_reviews(oracle.PUBLIC)
    )
    assert seen == {"data": {"review": {"id": hidden, "restricted": True}}}
    assert unseen == {"data": {"review": None}}


def _hs256_with_the_public_key(key: SigningKey) -> str:
    public_pem = key.private.public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _unsigned({"alg": "HS256", "typ": "JWT", "kid": key.kid}, claims())
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def _promoted(token: str) -> str:
    """``token`` with its payload swapped for one naming the admin role, signature kept."""
    header, _, signature = token.split(".")
    return f"{header}.{_b64(json.dumps(claims(roles=['admin'])).encode())}.{signature}"


BAD_TOKENS: dict[str, Callable[[SigningKey, SigningKey], str]] = {
    "expired": lambda key, _: key.sign(
        claims(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    ),
    "not yet valid": lambda key, _: key.sign(claims(nbf=int(time.time()) + 3600)),
    "issued in the future": lambda key, _: key.sign(claims(iat=int(time.time()) + 3600)),
    "wrong audience": lambda key, _: key.sign(claims(aud="another-api")),
    "wrong issuer": lambda key, _: key.sign(claims(iss="https://evil.example.com")),
    "signed by another key": lambda _, forger: forger.sign(claims(roles=["admin"])),
    "alg none": lambda key, _: _unsigned({"alg": "none", "kid": key.kid}, claims()) + ".",
    "hs256 keyed with the public key": lambda key, _: _hs256_with_the_public_key(key),
    "role claim missing": lambda key, _: key.sign(claims(roles=None)),
    "no role of this service": lambda key, _: key.sign(claims(roles=["superuser", "root"])),
    "no subject": lambda key, _: key.sign(claims(sub=None)),
    "no expiry": lambda key, _: key.sign(claims(exp=None)),
    "payload altered after signing": lambda key, _: _promoted(key.sign(claims(roles="reader"))),
}


@pytest.mark.parametrize("build", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
async def test_a_bad_token_is_refused(
    analytics_store: GraphStore,
    jwks: Path,
    rsa_key: SigningKey,
    other_rsa_key: SigningKey,
    build: Callable[[SigningKey, SigningKey], str],
) -> None:
    token = build(rsa_key, other_rsa_key)
    async with serve(analytics_store, _oidc(jwks)) as http:
        refused = await post(http, DATA_QUERY, headers=bearer(token))
        accepted = await post(http, COUNTS, headers=bearer(rsa_key.sign(claims())))
    _refused(refused)
    for part in _secret_parts(token):
        assert part not in refused.text
    assert accepted.status_code == 200, accepted.text


async def test_without_a_key_set_tokens_are_refused(
    keyed_store: GraphStore, rsa_key: SigningKey
) -> None:
    async with serve(keyed_store) as http:
        message = _refused(await post(http, COUNTS, headers=bearer(rsa_key.sign(claims()))))
    assert "API keys only" in message


# ---------------------------------------------------------------------------------------------
# Revocation


# A key the service let in is trusted for GRAPH_SERVICE_KEY_CACHE_SECONDS without reading it
# again. Revoking it through the process that serves (the mutation, or KeyService in its code)
# must still stop it on the very next request; revoking it elsewhere stops it within that time.
KEPT = settings(key_cache_seconds=60)  # long: only the revocation can drop the kept key
REVOKE = "mutation ($id: ID!) { revokeApiKey(keyId: $id) { keyId revokedAt } }"


async def _kept(http: Any, store: GraphStore) -> None:
    """Two accepted requests, the second let in without reading the key: it is kept."""
    with recorded(store) as first:
        assert (await post(http, COUNTS)).status_code == 200
    with recorded(store) as second:
        assert (await post(http, COUNTS)).status_code == 200
    assert "keys/key_by_id" in first
    assert "keys/key_by_id" not in second


async def test_a_key_revoked_by_an_admin_is_refused_on_the_very_next_request(
    keyed_store: GraphStore,
) -> None:
    admin = await issue(keyed_store, Role.ADMIN)
    victim = await issue(keyed_store, Role.ANALYST)
    async with (
        running(keyed_store, KEPT) as app,
        client(app, bearer(admin)) as admins,
        client(app, bearer(victim)) as holder,
    ):
        await _kept(holder, keyed_store)
        revoked = (await post(admins, REVOKE, {"id": victim.key.key_id})).json()
        refused = await post(holder, COUNTS)
        still = await post(admins, COUNTS)
        events = (await post(admins, AUDIT, {"action": "keys.revoke"})).json()
    assert "errors" not in revoked, revoked
    assert revoked["data"]["revokeApiKey"]["keyId"] == victim.key.key_id
    assert revoked["data"]["revokeApiKey"]["revokedAt"]
    assert "revoked" in _refused(refused)
    assert still.status_code == 200
    [event] = events["data"]["auditLog"]["nodes"]
    assert (event["actor"], event["target"], event["outcome"]) == (
        admin.key.name,
        f"key {victim.key.key_id}",
        "OK",
    )


async def test_a_key_revoked_through_the_key_service_is_refused_on_the_very_next_request(
    keyed_store: GraphStore,
) -> None:
    """The use case the command line runs, called in the serving process (its own instance,
    as any code would make one)."""
    key = await issue(keyed_store, Role.ANALYST)
    async with serve(keyed_store, KEPT, bearer(key)) as http:
        await _kept(http, keyed_store)
        await KeyService(keyed_store).revoke(Actor.command_line(), key.key.key_id)
        after = await post(http, COUNTS)
        by_get = await http.get("/graphql", params={"query": COUNTS})
    assert "revoked" in _refused(after)
    _refused(by_get)


async def test_a_key_revoked_twice_is_refused_here_even_when_another_process_revoked_it_first(
    keyed_store: GraphStore,
) -> None:
    """Revoking fails when another process got there first; this process must still stop
    trusting the key it kept."""
    admin = await issue(keyed_store, Role.ADMIN)
    victim = await issue(keyed_store, Role.ANALYST)
    async with (
        running(keyed_store, KEPT) as app,
        client(app, bearer(admin)) as admins,
        client(app, bearer(victim)) as holder,
    ):
        await _kept(holder, keyed_store)
        await ApiKeyRepository(keyed_store).revoke(victim.key.key_id)  # "another process"
        again = (await post(admins, REVOKE, {"id": victim.key.key_id})).json()
        refused = await post(holder, COUNTS)
    assert codes(again) == ["BAD_USER_INPUT"], again
    assert "already revoked" in again["errors"][0]["message"]
    assert "revoked" in _refused(refused)


async def test_with_the_key_cache_off_a_key_revoked_elsewhere_is_refused_on_the_very_next_request(
    keyed_store: GraphStore,
) -> None:
    key = await issue(keyed_store, Role.ANALYST)
    off = settings(key_cache_seconds=0)
    async with serve(keyed_store, off, bearer(key)) as http:
        with recorded(keyed_store) as names:
            before = [await post(http, COUNTS) for _ in range(3)]
        # Revoked past this process, as the command line or another worker would.
        await ApiKeyRepository(keyed_store).revoke(key.key.key_id)
        after = await post(http, COUNTS)
        by_get = await http.get("/graphql", params={"query": COUNTS})
    assert [answer.status_code for answer in before] == [200] * 3
    assert names.count("keys/key_by_id") == 3  # every request read the key
    assert "revoked" in _refused(after)
    _refused(by_get)


async def test_a_key_revoked_elsewhere_is_refused_once_its_cache_entry_expires(
    keyed_store: GraphStore,
) -> None:
    """The documented bound: a key revoked by another process works here for at most
    GRAPH_SERVICE_KEY_CACHE_SECONDS after this process read it, however often it is used
    meanwhile (using a kept key does not keep it longer)."""
    key = await issue(keyed_store, Role.ANALYST)
    ttl = 1.5
    async with serve(keyed_store, settings(key_cache_seconds=ttl), bearer(key)) as http:
        # The key is read from the store, and kept, between these two moments.
        earliest = time.monotonic()
        assert (await post(http, COUNTS)).status_code == 200
        latest = time.monotonic()
        await ApiKeyRepository(keyed_store).revoke(key.key.key_id)  # past this process
        answers = []
        while time.monotonic() - latest < ttl + 0.1:
            started = time.monotonic()
            status = (await post(http, COUNTS)).status_code
            answers.append((started - latest, time.monotonic() - earliest, status))
            await asyncio.sleep(0.1)
        after = await post(http, COUNTS)
    assert "revoked" in _refused(after)
    for started, ended, status in answers:
        if status == 200:  # let in on the kept key: before it can have expired
            assert started < ttl, answers
        if ended < ttl:  # over before the key can have expired: it was still kept
            assert status == 200, answers


# ---------------------------------------------------------------------------------------------
# Keys at rest

CREATE = """
mutation ($name: String!, $role: AccessRole!) {
  createApiKey(name: $name, role: $role) { text key { keyId name role } }
}
"""


async def test_no_key_is_stored_or_shown_in_clear(keyed_store: GraphStore) -> None:
    admin = await issue(keyed_store, Role.ADMIN, name="root")
    texts = [admin.text]
    async with serve(keyed_store, headers=bearer(admin)) as http:
        for n, role in enumerate(("READER", "ANALYST", "ADMIN")):
            created = (await post(http, CREATE, {"name": f"made-{n}", "role": role})).json()
            assert "errors" not in created, created
            texts.append(created["data"]["createApiKey"]["text"])
        await post(http, REVOKE, {"id": parse_key(texts[1]).key_id})
        shown = (await post(http, "{ apiKeys { keyId name role createdAt revokedAt } }")).text
        audited = (await post(http, AUDIT, {"action": None})).text
    keys = ApiKeyRepository(keyed_store)
    stored = [await keys.find(parse_key(text).key_id) for text in texts]
    nodes = [row["properties"] for row in await keyed_store.read("test/node_properties")]
    everything = repr(nodes) + repr(stored) + shown + audited
    assert len([node for node in nodes if "keyId" in node]) == len(texts)
    for text in texts:
        secret = parse_key(text).secret
        assert text not in everything
        for start in range(len(secret) - 8):
            assert secret[start : start + 8] not in everything
    for found in stored:
        assert found is not None
        assert re.fullmatch(r"[0-9a-f]{64}", found.secret_hash)
    assert len({found.salt for found in stored if found}) == len(texts)


# ---------------------------------------------------------------------------------------------
# The audit log of refused credentials


async def test_each_refused_credential_is_audited_without_the_credential(
    keyed_store: GraphStore, jwks: Path, rsa_key: SigningKey, other_rsa_key: SigningKey
) -> None:
    admin = await issue(keyed_store, Role.ADMIN)
    victim = await issue(keyed_store, Role.READER)
    attempts = [
        _other_secret(victim.text),
        "lgs_UNKNOWNKEYID_" + parse_key(victim.text).secret,
        "lgs_malformed-key-with-a-secret-in-it-0123456789",
        "random-text-that-is-neither-key-nor-token-0123456789",
        other_rsa_key.sign(claims(roles=["admin"])),
        rsa_key.sign(claims(aud="another-api")),
        _unsigned({"alg": "none", "kid": rsa_key.kid}, claims()) + ".",
    ]
    async with serve(keyed_store, _oidc(jwks)) as http:
        for attempt in attempts:
            _refused(await post(http, DATA_QUERY, headers=bearer(attempt)))
        answer = await post(http, AUDIT, {"action": "auth"}, headers=bearer(admin))
    body = answer.json()
    assert "errors" not in body, body
    log = body["data"]["auditLog"]
    assert log["totalCount"] == len(attempts)
    assert {(e["action"], e["outcome"], e["actor"]) for e in log["nodes"]} == {
        ("auth.failed", "DENIED", "unauthenticated")
    }
    targets = sorted(e["target"] for e in log["nodes"])
    assert targets == sorted(
        [f"key {victim.key.key_id}", "key UNKNOWNKEYID", "key", "token", "token", "token", "token"]
    )
    stored = repr(await keyed_store.read("test/node_properties"))
    for attempt in [*attempts, victim.text]:
        for part in _secret_parts(attempt):
            assert part not in answer.text, part
            assert part not in stored, part


async def test_a_credential_pasted_into_a_key_name_is_masked_in_the_audit_log(
    keyed_store: GraphStore,
) -> None:
    """The names themselves are kept as given (they are names); the log keeps no credential."""
    admin = await issue(keyed_store, Role.ADMIN)
    pasted = await issue(keyed_store, Role.READER)
    jwt_text = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLWFsaWNl"
    async with serve(keyed_store, headers=bearer(admin)) as http:
        for name in (f"etl {pasted.text}", f"sso {jwt_text}"):
            created = (await post(http, CREATE, {"name": name, "role": "READER"})).json()
            assert "errors" not in created, created
        log = await post(http, AUDIT, {"action": "keys.create"})
    details = sorted(event["detail"] for event in log.json()["data"]["auditLog"]["nodes"])
    assert details == [
        f"name 'etl lgs_{pasted.key.key_id}_***', role reader",
        "name 'sso ***', role reader",
    ]
    events = [
        row["properties"]
        for row in await keyed_store.read("test/node_properties")
        if "AuditEvent" in row["labels"]
    ]
    assert len(events) == 2
    for part in [*_secret_parts(pasted.text), *_secret_parts(jwt_text)]:
        assert part not in repr(events), part
        assert part not in log.text, part


# ---------------------------------------------------------------------------------------------
# Anonymous reading


async def test_anonymous_reading_gives_a_reader_and_never_excuses_a_bad_credential(
    analytics_store: GraphStore, analytics_dataset: oracle.Dataset, restricted: Restricted
) -> None:
    hidden = sorted(restricted.reviews)[0]
    configured = settings(allow_anonymous_read=True, failed_auth_per_minute=MANY_FAILURES)
    async with serve(analytics_store, configured) as http:
        counts = (await post(http, COUNTS)).json()
        lookup = (await post(http, LOOKUP, {"id": hidden})).json()
        admin_only = (await post(http, "{ apiKeys { keyId } }")).json()
        mutation = (await post(http, MUTATION)).json()
        bad = await post(http, COUNTS, headers=bearer("lgs_ZZZZZZZZZZZZ_" + "x" * 43))
        wrong_scheme = await post(http, COUNTS, headers={"Authorization": "Basic YTpi"})
    assert counts["data"]["reviews"]["totalCount"] == len(
        analytics_dataset.visible_reviews(oracle.PUBLIC)
    )
    assert lookup == {"data": {"review": None}}
    assert codes(admin_only) == ["FORBIDDEN"]
    assert codes(mutation) == ["FORBIDDEN"]
    _refused(bad)
    _refused(wrong_scheme)
