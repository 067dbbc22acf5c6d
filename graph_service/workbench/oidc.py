"""Signing in to the workbench with the OpenID Connect provider: the authorization-code flow
with PKCE (RFC 7636, S256).

``/workbench/signin/oidc`` starts a sign-in: it draws a random ``state``, ``nonce`` and PKCE
``code_verifier``, keeps them in a short-lived flow cookie and sends the browser to the
provider with the verifier's challenge. The provider sends the browser back to
``/workbench/signin/callback`` with a code; the service checks the state against the cookie,
exchanges the code (with the verifier, and the client secret when there is one) for the ID
token, verifies it as every bearer token is verified (signature, issuer, audience, expiry,
role), checks its nonce, and keeps it in the session cookie as a signed-in API key is kept.
Each page checks it again, so the session ends when the token expires.

The flow cookie is SameSite=Lax, not Strict: the provider's redirect back is a navigation
another site starts, which a Strict cookie would not accompany. Its value is signed (HMAC), so
only what this service issued in the last ten minutes is accepted.
"""

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit

import httpx
import jwt
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import SecretStr

from graph_service.api.budgets import Budgets
from graph_service.auth.authenticate import Authenticator
from graph_service.config import OIDC_CALLBACK_PATH, Settings
from graph_service.domain.access import KEY_PREFIX
from graph_service.errors import AuthenticationError, IdentityProviderUnavailableError
from graph_service.workbench import session

log = logging.getLogger(__name__)

FLOW_COOKIE = "lgs_workbench_oidc"
FLOW_SECONDS = 600  # from leaving for the provider to coming back
TOKEN_TIMEOUT_SECONDS = 10.0
# A browser keeps a cookie of up to 4,096 bytes, its name and attributes included.
MAX_SESSION_TOKEN = 3_800
# The provider's error code is shown only when it looks like one (access_denied...): the
# callback's query can be written by anyone, so free text from it is never shown.
_ERROR_CODE = re.compile(r"[a-z_]{1,40}")
_DESCRIPTION_SHOWN = 200
_FLOW_KEY_LABEL = b"learning graph workbench sign-in flow"

type SignInPage = Callable[[Request, str, int], Response]
type Html = Callable[[Request, str, dict[str, Any], int], Response]


@dataclass(frozen=True)
class Provider:
    """The OpenID Connect provider the workbench signs in with, as the settings name it."""

    name: str
    authorization_url: str
    token_url: str
    client_id: str
    client_secret: SecretStr | None
    scopes: str
    redirect_url: str | None

    @classmethod
    def from_settings(cls, settings: Settings) -> "Provider | None":
        """The provider, or None when the settings do not offer signing in with one."""
        if not settings.oidc_sign_in_enabled:
            return None
        # The settings refuse a sign-in flow missing any of these.
        assert settings.oidc_authorization_url is not None
        assert settings.oidc_token_url is not None
        assert settings.oidc_client_id is not None
        return cls(
            name=settings.oidc_provider_name
            or urlsplit(settings.oidc_authorization_url).hostname
            or "your identity provider",
            authorization_url=settings.oidc_authorization_url,
            token_url=settings.oidc_token_url,
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            scopes=settings.oidc_scopes,
            redirect_url=settings.oidc_redirect_url,
        )

    def redirect_uri(self, request: Request) -> str:
        """Where the provider sends the browser back: the configured address, else the
        callback at the address the browser used (the provider only redirects to an address
        registered with it, so a forged Host header cannot send the code elsewhere)."""
        if self.redirect_url is not None:
            return self.redirect_url
        return str(request.base_url).rstrip("/") + OIDC_CALLBACK_PATH

    def authorization_request(self, flow: "Flow") -> str:
        """The provider's authorization address asking for a code for ``flow``."""
        parts = urlsplit(self.authorization_url)
        query = [
            *parse_qsl(parts.query, keep_blank_values=True),
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", flow.redirect_uri),
            ("scope", self.scopes),
            ("state", flow.state),
            ("nonce", flow.nonce),
            ("code_challenge", flow.challenge),
            ("code_challenge_method", "S256"),
        ]
        return urlunsplit(parts._replace(query=urlencode(query)))

    async def exchange(self, flow: "Flow", code: str) -> str:
        """The ID token the provider gives for ``code``; raises with what went wrong."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow.redirect_uri,
            "code_verifier": flow.verifier,
            "client_id": self.client_id,
        }
        auth = None
        if self.client_secret is not None:  # client_secret_basic, each part form-encoded
            auth = httpx.BasicAuth(
                quote_plus(self.client_id), quote_plus(self.client_secret.get_secret_value())
            )
        try:
            async with httpx.AsyncClient(timeout=TOKEN_TIMEOUT_SECONDS, auth=auth) as client:
                answer = await client.post(
                    self.token_url, data=form, headers={"Accept": "application/json"}
                )
        except httpx.TimeoutException:
            log.warning("the token endpoint %s did not answer in time", self.token_url)
            raise IdentityProviderUnavailableError(
                f"{self.name} did not answer within {TOKEN_TIMEOUT_SECONDS:.0f} s when asked "
                "to finish signing you in; try again shortly"
            ) from None
        except httpx.HTTPError as exc:
            log.warning("the token endpoint %s cannot be reached: %s", self.token_url, exc)
            raise IdentityProviderUnavailableError(
                f"the service could not reach {self.name} to finish signing you in; try again "
                "shortly, or ask an administrator to check GRAPH_SERVICE_OIDC_TOKEN_URL"
            ) from None
        body = _json_object(answer)
        error = body.get("error")
        if 400 <= answer.status_code < 500 and isinstance(error, str):
            description = body.get("error_description")
            said = f"{error}: {description}" if isinstance(description, str) else error
            raise AuthenticationError(
                f"{self.name} refused to finish signing you in ({_shown(said)}); start again"
            )
        if answer.status_code != 200:
            log.warning(
                "the token endpoint %s answered HTTP %d", self.token_url, answer.status_code
            )
            raise IdentityProviderUnavailableError(
                f"{self.name} answered HTTP {answer.status_code} when asked to finish signing "
                "you in; try again shortly"
            )
        token = body.get("id_token")
        if not isinstance(token, str) or not token:
            raise IdentityProviderUnavailableError(
                f"{self.name} finished the sign-in without an ID token; ask an administrator "
                "to check that the client may use the openid scope"
            )
        return token


@dataclass(frozen=True)
class Flow:
    """One sign-in in progress: what the callback must find again, and where to go after."""

    state: str
    nonce: str
    verifier: str
    redirect_uri: str
    next: str
    started: int

    @classmethod
    def begin(cls, redirect_uri: str, next_path: str) -> "Flow":
        return cls(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(48),  # 64 characters; RFC 7636 asks for 43 to 128
            redirect_uri=redirect_uri,
            next=next_path,
            started=int(time.time()),
        )

    @property
    def challenge(self) -> str:
        """The S256 code challenge: the verifier's SHA-256, base64url without padding."""
        return _b64(hashlib.sha256(self.verifier.encode("ascii")).digest())


class FlowSeal:
    """Signs a flow into a cookie value and checks one coming back.

    The key comes from the client secret when there is one, so that every worker and replica
    of a deployment accepts the flows the others started; without one it is this process's.
    """

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_provider(cls, provider: Provider) -> "FlowSeal":
        if provider.client_secret is None:
            return cls(secrets.token_bytes(32))
        secret = provider.client_secret.get_secret_value().encode()
        return cls(hmac.new(secret, _FLOW_KEY_LABEL, hashlib.sha256).digest())

    def seal(self, flow: Flow) -> str:
        payload = _b64(json.dumps(asdict(flow), separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def open(self, value: str | None, provider: Provider) -> Flow:
        """The flow ``value`` holds; :class:`AuthenticationError` when it is missing, was
        altered or has expired."""
        again = f'start again with "Sign in with {provider.name}"'
        if not value:
            raise AuthenticationError(
                f"this browser has no sign-in with {provider.name} in progress (it may have "
                f"taken longer than {FLOW_SECONDS // 60} minutes); {again}"
            )
        payload, _, mac = value.partition(".")
        if not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise AuthenticationError(
                f"the sign-in in progress was altered or started by another process; {again}"
            )
        try:
            flow = Flow(**json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
        except (ValueError, TypeError):  # signed by an earlier version with other fields
            raise AuthenticationError(f"the sign-in in progress cannot be read; {again}") from None
        if time.time() - flow.started > FLOW_SECONDS:
            raise AuthenticationError(
                f"the sign-in took longer than {FLOW_SECONDS // 60} minutes; {again}"
            )
        return flow

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())


def add_routes(
    router: APIRouter,
    provider: Provider,
    *,
    sign_in_page: SignInPage,
    html: Html,
    back: Callable[[str], str],
) -> None:
    """Add the sign-in's two routes to the workbench's ``router``: ``sign_in_page`` shows a
    refusal, ``html`` renders a template, ``back`` keeps a return address on the workbench."""
    seal = FlowSeal.for_provider(provider)

    # A link starts the sign-in rather than a form: a form's redirect to the provider would
    # break the pages' form-action policy, and all a request from another site can do here is
    # begin a sign-in that only the browser's own user can finish, as themselves.
    @router.get("/signin/oidc", response_model=None)
    async def start(request: Request) -> Response:
        flow = Flow.begin(
            provider.redirect_uri(request), back(request.query_params.get("next", ""))
        )
        response = RedirectResponse(provider.authorization_request(flow), status_code=303)
        response.set_cookie(
            FLOW_COOKIE,
            seal.seal(flow),
            max_age=FLOW_SECONDS,
            path=session.PATH,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @router.get(OIDC_CALLBACK_PATH.removeprefix(session.PATH), response_model=None)
    async def callback(request: Request) -> Response:
        budgets: Budgets = request.app.state.budgets
        failures = _failure_bucket(request)
        wait = await budgets.failures.exhausted(failures)
        if wait is not None:
            response = sign_in_page(
                request,
                f"too many failed sign-ins from this address; try again in {wait:.0f} s",
                429,
            )
        else:
            try:
                flow, token = await _finish(request, provider, seal)
            except (AuthenticationError, IdentityProviderUnavailableError) as failed:
                await budgets.failures.take(failures)
                status = 401 if isinstance(failed, AuthenticationError) else 502
                response = sign_in_page(request, failed.message, status)
            else:
                # Not a redirect: the browser arrived from the provider's site, and a redirect
                # would carry on that navigation, with which the new SameSite=Strict session
                # cookie is not sent. A page of the workbench moving on starts a navigation
                # of its own, which the cookie accompanies.
                target = back(flow.next)
                response = html(request, "signin-continue.html", {"target": target}, 200)
                session.start_session(request, response, token)
        response.delete_cookie(
            FLOW_COOKIE,
            path=session.PATH,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response


async def _finish(request: Request, provider: Provider, seal: FlowSeal) -> tuple[Flow, str]:
    """The flow the callback completes and its verified ID token; raises with what is wrong."""
    flow = seal.open(request.cookies.get(FLOW_COOKIE), provider)
    params = request.query_params
    if not hmac.compare_digest(params.get("state", "").encode(), flow.state.encode()):
        raise AuthenticationError(
            f"the answer from {provider.name} does not belong to the sign-in this browser "
            f'started (its state differs); start again with "Sign in with {provider.name}"'
        )
    error = params.get("error")
    if error is not None:
        reason = f" ({error})" if _ERROR_CODE.fullmatch(error) else ""
        raise AuthenticationError(f"{provider.name} did not sign you in{reason}; try again")
    code = params.get("code", "")
    if not code:
        raise AuthenticationError(
            f"{provider.name} sent the browser back without a code; start again"
        )
    token = await provider.exchange(flow, code)
    if token.startswith(KEY_PREFIX):  # an ID token is a JWT, never one of this service's keys
        raise AuthenticationError(f"{provider.name} gave something other than an ID token")
    if len(token) > MAX_SESSION_TOKEN:
        raise AuthenticationError(
            f"the ID token from {provider.name} is too large to keep in a cookie "
            f"({len(token)} characters, at most {MAX_SESSION_TOKEN}); ask its administrator to "
            "leave out claims this service does not read"
        )
    authenticator: Authenticator = request.app.state.authenticator
    await authenticator.authenticate(f"Bearer {token}")
    # The signature was verified just above; the nonce ties the token to this sign-in.
    nonce = jwt.decode(token, options={"verify_signature": False}).get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce.encode(), flow.nonce.encode()):
        raise AuthenticationError(
            f"the ID token from {provider.name} was not issued for this sign-in (its nonce "
            "differs); start again"
        )
    return flow, token


def _failure_bucket(request: Request) -> str:
    """The address's bucket of failed sign-ins, the one :func:`session.sign_in` counts in."""
    return f"address:{request.client.host if request.client else 'unknown'}"


def _json_object(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _shown(text: str) -> str:
    printable = "".join(char for char in text if char.isprintable())
    if len(printable) > _DESCRIPTION_SHOWN:
        return printable[: _DESCRIPTION_SHOWN - 1] + "…"
    return printable


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
