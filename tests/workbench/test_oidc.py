"""Signing in to the workbench with an OpenID Connect provider: the authorization-code flow
with PKCE against a small provider the tests serve over HTTP on a loopback port. It approves
every request at once, checks the token request as a provider does (the code, redirect URI,
client and the PKCE verifier against the challenge it saw) and signs ID tokens with the test
key. A sign-in ends signed in as the provider's subject with its role; a wrong state, an
altered flow cookie, a refused code, another nonce or a provider that does not answer each
show the sign-in page with what went wrong, and count as a failed sign-in. In Chromium, the
button leads through the provider, reached as another site, back to the page it started from,
signed in."""

import asyncio
import base64
import hashlib
import html
import itertools
import json
import re
import secrets
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from playwright.async_api import expect

from graph_service.api.app import create_app
from graph_service.config import Settings, load_settings
from graph_service.errors import ConfigError
from graph_service.store import GraphStore
from graph_service.workbench.oidc import FLOW_COOKIE
from graph_service.workbench.session import SESSION_COOKIE
from tests.api.conftest import client_for
from tests.auth.conftest import (
    AUDIENCE,
    ISSUER,
    SigningKey,
    oidc_settings,
    write_jwks,
)
from tests.browser import open_browser, serve

CLIENT_SECRET = "workbench-client-secret"  # noqa: S105  (the test provider's)
SUBJECT = "alice@example.org"
PROVIDER_NAME = "Police login"


@dataclass
class TestProvider:
    """An OpenID provider that approves every sign-in: ``/authorize`` sends the browser back
    with a code (or, with ``consent``, shows a page whose link does, as a provider's sign-in
    form would), ``/token`` exchanges it for an ID token signed with ``key``. ``nonce``, when
    set, replaces the nonce the token carries; ``lifetime`` is the token's, in seconds."""

    __test__ = False  # not a test class, whatever its name

    key: SigningKey
    roles: tuple[str, ...] = ("analyst",)
    nonce: str | None = None
    lifetime: int = 3600
    deny: bool = False
    consent: bool = False
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()
        app.add_api_route("/authorize", self.authorize, methods=["GET"])
        app.add_api_route("/token", self.token, methods=["POST"])
        return app

    async def authorize(self, request: Request) -> Response:
        asked = dict(request.query_params)
        problems = [
            name
            for name, wanted in (
                ("response_type", "code"),
                ("client_id", AUDIENCE),
                ("code_challenge_method", "S256"),
            )
            if asked.get(name) != wanted
        ]
        if "openid" not in asked.get("scope", "").split():
            problems.append("scope")
        for name in ("redirect_uri", "state", "nonce", "code_challenge"):
            if not asked.get(name):
                problems.append(name)
        if problems:
            return PlainTextResponse(f"bad authorization request: {problems}", status_code=400)
        answer = {"state": asked["state"]}
        if self.deny:
            answer |= {"error": "access_denied", "error_description": "Call 0800 000 000 now"}
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = asked
            answer["code"] = code
        back = f"{asked['redirect_uri']}?{urlencode(answer)}"
        if self.consent:
            return HTMLResponse(
                '<!doctype html><html lang="en"><title>Sign in</title>'
                f'<main><a href="{html.escape(back)}">Approve</a></main></html>'
            )
        return RedirectResponse(back, status_code=302)

    async def token(self, request: Request) -> Response:
        form = {
            name: values[-1] for name, values in parse_qs((await request.body()).decode()).items()
        }
        self.token_requests.append(form)
        if not self._client_authenticated(request.headers.get("authorization", "")):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        asked = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or asked is None:
            return _refuse("the code is unknown or used")
        if form.get("client_id") != AUDIENCE or form.get("redirect_uri") != asked["redirect_uri"]:
            return _refuse("the client or redirect URI differs from the authorization's")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != asked["code_challenge"]:
            return _refuse("PKCE verification failed")
        now = int(time.time())
        id_token = self.key.sign(
            {
                "iss": ISSUER,
                "aud": AUDIENCE,
                "sub": SUBJECT,
                "iat": now,
                "exp": now + self.lifetime,
                "nonce": self.nonce or asked["nonce"],
                "roles": list(self.roles),
            }
        )
        self.issued.append(id_token)
        return JSONResponse(
            {"access_token": "opaque", "token_type": "Bearer", "id_token": id_token}
        )

    @staticmethod
    def _client_authenticated(header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme != "Basic":
            return False
        client, _, secret = base64.b64decode(encoded).decode().partition(":")
        return (unquote_plus(client), unquote_plus(secret)) == (AUDIENCE, CLIENT_SECRET)


def _refuse(description: str) -> Response:
    return JSONResponse(
        {"error": "invalid_grant", "error_description": description}, status_code=400
    )


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    """The provider's key, which the service's JSON Web Key Set publishes."""
    return SigningKey(rsa.generate_private_key(65537, 2048), "provider-1", "RS256")


@pytest.fixture
async def provider(signing_key: SigningKey) -> AsyncIterator[tuple[TestProvider, str]]:
    """The provider, served on a free loopback port, and its base URL."""
    found = TestProvider(signing_key)
    async with serve(found.app()) as url:
        yield found, url


def _settings(jwks: Path, base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "oidc_authorization_url": f"{base_url}/authorize",
        "oidc_token_url": f"{base_url}/token",
        "oidc_client_id": AUDIENCE,
        "oidc_client_secret": CLIENT_SECRET,
        "oidc_provider_name": PROVIDER_NAME,
        **overrides,
    }
    return oidc_settings(jwks, **values)


# Each workbench client calls from an address of its own: failed sign-ins are counted per
# address, in buckets the tests' apps over one graph share.
_addresses = itertools.count(1)


@asynccontextmanager
async def workbench(
    store: GraphStore, tmp_path: Path, key: SigningKey, base_url: str, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client of the workbench (cookies kept, redirects followed by hand)
    whose settings sign in with the provider at ``base_url``."""
    jwks = write_jwks(tmp_path / "jwks.json", key)
    app = create_app(_settings(jwks, base_url, **overrides), store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(
            app=app,
            raise_app_exceptions=False,
            client=(f"198.51.100.{next(_addresses)}", 40000),
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def _leave_for_provider(
    client: httpx.AsyncClient, back_to: str = "/workbench/pathway"
) -> str:
    """Follow the sign-in page's button; the provider's authorization address it leads to."""
    page = await client.get("/workbench/signin", params={"next": back_to})
    assert page.status_code == 200, page.text
    link = re.search(r'<a href="([^"]+)" id="oidc">Sign in with ([^<]+)</a>', page.text)
    assert link, page.text
    assert link.group(2) == PROVIDER_NAME
    start = await client.get(link.group(1).replace("&amp;", "&"))
    assert start.status_code == 303, start.text
    return start.headers["location"]


async def _at_provider(authorization: str) -> str:
    """What the provider answers the browser: the address it sends it back to."""
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(authorization)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


async def _sign_in(
    client: httpx.AsyncClient, back_to: str = "/workbench/pathway"
) -> httpx.Response:
    return await client.get(await _at_provider(await _leave_for_provider(client, back_to)))


def _continue_to(page: httpx.Response) -> str:
    """Where the page shown after signing in moves on to."""
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page.text)
    assert refresh, page.text
    return refresh.group(1).replace("&amp;", "&")


def _cookie(response: httpx.Response, name: str) -> str:
    found = [
        each for each in response.headers.get_list("set-cookie") if each.startswith(f"{name}=")
    ]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return found[0]


def _query(url: str) -> dict[str, str]:
    return {name: values[-1] for name, values in parse_qs(urlsplit(url).query).items()}


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**_query(url), **changes})))


async def _signed_out(client: httpx.AsyncClient) -> None:
    page = await client.get("/workbench/heatmap")
    assert page.status_code == 303, page.text
    assert page.headers["location"].startswith("/workbench/signin?")


async def test_signing_in_with_the_provider_ends_signed_in_as_its_subject_and_role(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        await _signed_out(client)
        authorization = await _leave_for_provider(client)
        flow_cookie = _cookie(await client.get("/workbench/signin/oidc"), FLOW_COOKIE).lower()
        for attribute in ("httponly", "path=/workbench", "samesite=lax", "max-age=600"):
            assert attribute in flow_cookie, flow_cookie
        assert authorization.startswith(f"{base_url}/authorize?")
        asked = _query(authorization)
        assert asked["redirect_uri"] == "http://test/workbench/signin/callback"
        assert asked["code_challenge_method"] == "S256"
        assert asked["scope"] == "openid"
        # The second start replaced the first flow: its answer no longer belongs to this browser.
        stale = await client.get(await _at_provider(authorization))
        assert stale.status_code == 401
        assert "its state differs" in stale.text

        done = await _sign_in(client)
        assert done.status_code == 200, done.text
        session = _cookie(done, SESSION_COOKIE).lower()
        for attribute in ("httponly", "path=/workbench", "samesite=strict"):
            assert attribute in session, session
        assert client.cookies.get(SESSION_COOKIE) == idp.issued[-1]
        assert "max-age=0" in _cookie(done, FLOW_COOKIE).lower()
        assert client.cookies.get(FLOW_COOKIE) is None
        target = _continue_to(done)
        assert target == "/workbench/pathway"
        page = await client.get(target)
        heatmap = await client.get("/workbench/heatmap")
    assert page.status_code == 200, page.text
    assert f"Signed in as <strong>{SUBJECT}</strong> (analyst)" in page.text
    assert "Signed in as" in heatmap.text
    request = idp.token_requests[-1]
    assert request["grant_type"] == "authorization_code"
    assert request["client_id"] == AUDIENCE
    assert CLIENT_SECRET not in json.dumps(request)  # sent in the Authorization header only
    assert len(request["code_verifier"]) >= 43


async def test_a_return_address_off_the_workbench_is_not_followed(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    _, base_url = provider
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        start = await client.get("/workbench/signin/oidc", params={"next": "//evil.example/x"})
        done = await client.get(await _at_provider(start.headers["location"]))
    assert _continue_to(done) == "/workbench/heatmap"


async def test_an_answer_with_another_state_is_refused_and_counted(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    async with workbench(
        loaded_store, tmp_path, signing_key, base_url, failed_auth_per_minute=1
    ) as client:
        back = await _at_provider(await _leave_for_provider(client))
        refused = await client.get(_with_query(back, state=secrets.token_urlsafe(32)))
        assert refused.status_code == 401
        assert "does not belong to the sign-in this browser started" in refused.text
        assert f"Sign in with {PROVIDER_NAME}" in refused.text
        assert idp.token_requests == []  # the code was never exchanged
        await _signed_out(client)
        # The address has spent its one failed sign-in a minute.
        again = await _sign_in(client)
    assert again.status_code == 429
    assert "too many failed sign-ins from this address" in again.text


async def test_an_altered_flow_cookie_is_refused(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        back = await _at_provider(await _leave_for_provider(client))
        # Another state written into the cookie, with the answer carrying that state.
        forged_state = secrets.token_urlsafe(32)
        cookie = next(each for each in client.cookies.jar if each.name == FLOW_COOKIE)
        assert cookie.value is not None
        payload, _, mac = cookie.value.partition(".")
        flow = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        flow["state"] = forged_state
        forged = base64.urlsafe_b64encode(json.dumps(flow).encode()).rstrip(b"=").decode()
        cookie.value = f"{forged}.{mac}"
        refused = await client.get(_with_query(back, state=forged_state))
        assert refused.status_code == 401
        assert "altered" in refused.text
        assert idp.token_requests == []
        await _signed_out(client)


async def test_a_verifier_the_provider_refuses_says_so(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    _, base_url = provider
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        authorization = await _leave_for_provider(client)
        # The code is bound to another challenge than the one the service's verifier answers.
        other = base64.urlsafe_b64encode(hashlib.sha256(b"another verifier").digest())
        back = await _at_provider(
            _with_query(authorization, code_challenge=other.rstrip(b"=").decode())
        )
        refused = await client.get(back)
        assert refused.status_code == 401
        assert (
            f"{PROVIDER_NAME} refused to finish signing you in "
            "(invalid_grant: PKCE verification failed); start again"
        ) in refused.text
        await _signed_out(client)


async def test_an_id_token_with_another_nonce_is_refused(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    idp.nonce = secrets.token_urlsafe(32)
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        refused = await _sign_in(client)
        assert refused.status_code == 401
        assert "was not issued for this sign-in (its nonce differs)" in refused.text
        assert client.cookies.get(SESSION_COOKIE) is None
        await _signed_out(client)


async def test_an_id_token_granting_no_role_is_refused(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    idp.roles = ("offline_access",)
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        refused = await _sign_in(client)
        assert refused.status_code == 401
        assert "the token grants no role of this service" in refused.text
        await _signed_out(client)


async def test_a_provider_that_declines_is_reported_without_its_free_text(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    idp.deny = True
    async with workbench(loaded_store, tmp_path, signing_key, base_url) as client:
        refused = await _sign_in(client)
    assert refused.status_code == 401
    assert f"{PROVIDER_NAME} did not sign you in (access_denied)" in refused.text
    assert "0800" not in refused.text  # the callback's query is anyone's to write


async def test_a_token_endpoint_that_does_not_answer_says_so(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    _, base_url = provider
    with socket.socket() as closed:  # a port nothing listens on once the socket is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    async with workbench(
        loaded_store,
        tmp_path,
        signing_key,
        base_url,
        oidc_token_url=f"http://127.0.0.1:{port}/token",
    ) as client:
        failed = await _sign_in(client)
        assert failed.status_code == 502
        assert (
            f"the service could not reach {PROVIDER_NAME} to finish signing you in" in failed.text
        )
        assert "Traceback" not in failed.text
        await _signed_out(client)


async def test_the_session_ends_when_the_id_token_expires(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    idp.lifetime = 2
    async with workbench(
        loaded_store, tmp_path, signing_key, base_url, oidc_leeway_seconds=0
    ) as client:
        done = await _sign_in(client)
        page = await client.get(_continue_to(done))
        assert "Signed in as" in page.text
        await _sleep_past(idp.issued[-1])
        ended = await client.get("/workbench/heatmap")
        signin = await client.get(ended.headers["location"])
    assert ended.status_code == 303
    assert _query(ended.headers["location"])["reason"] == "ended"
    assert "Your session ended: its key or token is no longer accepted." in signin.text


async def _sleep_past(token: str) -> None:
    payload = token.split(".")[1]
    expires = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"]
    await asyncio.sleep(max(0.0, expires - time.time()) + 1.1)


async def test_without_the_settings_no_provider_is_offered(loaded_store: GraphStore) -> None:
    app = create_app(Settings(allow_anonymous_read=True), store=loaded_store)
    async with client_for(app) as client:
        page = await client.get("/workbench/signin")
        start = await client.get("/workbench/signin/oidc")
        callback = await client.get("/workbench/signin/callback", params={"code": "x"})
    assert page.status_code == 200
    assert "Sign in with" not in page.text
    assert "signin/oidc" not in page.text
    assert start.status_code == 404
    assert callback.status_code == 404


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"oidc_authorization_url": "https://login.example.org/auth"},
            "GRAPH_SERVICE_OIDC_TOKEN_URL and GRAPH_SERVICE_OIDC_CLIENT_ID are required for the "
            "workbench's OpenID Connect sign-in, since GRAPH_SERVICE_OIDC_AUTHORIZATION_URL is set",
        ),
        (
            {"oidc_client_secret": "hush-hush"},
            "GRAPH_SERVICE_OIDC_CLIENT_SECRET is set but the workbench's OpenID Connect sign-in "
            "is not",
        ),
        (
            {"oidc_token_url": "http://login.example.org/token"},
            "GRAPH_SERVICE_OIDC_TOKEN_URL='http://login.example.org/token' is invalid: use an "
            "https:// URL",
        ),
        (
            {"oidc_redirect_url": "https://graph.example.org/elsewhere"},
            "the redirect URI must be the service's address followed by /workbench/signin/callback",
        ),
        ({"oidc_scopes": "profile email"}, "include openid"),
    ],
)
def test_incomplete_sign_in_settings_say_what_to_set(
    tmp_path: Path, signing_key: SigningKey, values: dict[str, Any], message: str
) -> None:
    jwks = write_jwks(tmp_path / "jwks.json", signing_key)
    with pytest.raises(ConfigError) as refused:
        oidc_settings(jwks, **values)
    assert message in refused.value.message
    assert "hush-hush" not in refused.value.message


def test_the_sign_in_needs_token_verification_and_the_audience_as_client_id(
    tmp_path: Path, signing_key: SigningKey
) -> None:
    flow = {
        "oidc_authorization_url": "https://login.example.org/auth",
        "oidc_token_url": "https://login.example.org/token",
    }
    with pytest.raises(ConfigError, match="needs token verification: set GRAPH_SERVICE_OIDC_JWKS"):
        load_settings(_env_file=None, oidc_client_id=AUDIENCE, **flow)
    jwks = write_jwks(tmp_path / "jwks.json", signing_key)
    with pytest.raises(ConfigError, match=r"GRAPH_SERVICE_OIDC_CLIENT_ID .* must equal"):
        oidc_settings(jwks, oidc_client_id="another-client", **flow)
    settings = oidc_settings(
        jwks,
        oidc_client_id=AUDIENCE,
        oidc_client_secret="hush-hush",
        oidc_scopes="  openid   profile ",
        **flow,
    )
    assert settings.oidc_sign_in_enabled
    assert settings.oidc_scopes == "openid profile"
    assert settings.describe()["oidc_client_secret"] == "***"  # noqa: S105


@pytest.mark.browser
async def test_a_browser_signs_in_with_the_provider(
    loaded_store: GraphStore,
    tmp_path: Path,
    signing_key: SigningKey,
    provider: tuple[TestProvider, str],
) -> None:
    idp, base_url = provider
    # The browser reaches the provider as localhost and the service as 127.0.0.1, two sites,
    # and leaves the provider by a link on its page: the way back is a navigation the
    # provider's site starts, as after signing in at a real provider.
    idp.consent = True
    port = urlsplit(base_url).port
    settings = _settings(
        write_jwks(tmp_path / "jwks.json", signing_key),
        base_url,
        oidc_authorization_url=f"http://localhost:{port}/authorize",
    )
    async with serve(create_app(settings, store=loaded_store)) as service:
        async with open_browser() as browser:
            page = browser.page
            await page.goto(f"{service}/workbench/pathway")
            await expect(page).to_have_url(re.compile(r"/workbench/signin\?"))
            await page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
            await expect(page).to_have_url(re.compile(rf"^http://localhost:{port}/authorize\?"))
            await page.get_by_role("link", name="Approve").click()
            await expect(page).to_have_url(f"{service}/workbench/pathway")
            await expect(page.locator("#who")).to_contain_text(f"Signed in as {SUBJECT}")
            await expect(page.locator("#who")).to_contain_text("(analyst)")
        browser.assert_stayed_on_loopback()
        browser.assert_no_problems()
