"""Who is looking at a workbench page, and the protection of its forms.

Signing in keeps the caller's API key in a session cookie the page's scripts cannot read
(HttpOnly), that is never sent with a request another site starts (SameSite=Strict) and that
only the workbench's paths receive. Every form that changes something (signing in and out)
carries a token that must equal the one in a second cookie (double submit): a page of
another origin can neither read that cookie nor set it. Without a session the pages show
what the anonymous reader may see, when the settings allow anonymous reading.
"""

import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import Response

from graph_service.api.budgets import Budgets
from graph_service.api.gate import budget_of
from graph_service.auth.authenticate import Authenticator
from graph_service.domain.access import Principal
from graph_service.errors import AuthenticationError

SESSION_COOKIE = "lgs_workbench"
CSRF_COOKIE = "lgs_workbench_csrf"
CSRF_FIELD = "csrf_token"
PATH = "/workbench"


@dataclass(frozen=True)
class Viewer:
    """The caller a page is drawn for, and whether that is by a signed-in session."""

    principal: Principal
    signed_in: bool


class SignInRequiredError(Exception):
    """No session, and the settings do not let anonymous callers read; ``reason`` is the
    :data:`REASONS` code saying why the sign-in page is shown (an expired or revoked key, or
    none)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BudgetSpentError(Exception):
    """The viewer's request budget is spent; ``wait_s`` until the next request is allowed."""

    def __init__(self, wait_s: float) -> None:
        super().__init__(f"request budget spent; retry in {wait_s:.0f} s")
        self.wait_s = wait_s


# Why the sign-in page is shown, by the code its address carries: fixed sentences, so that no
# text of a link's choosing appears on the page.
REASONS = {
    "required": "Sign in with an API key to use the workbench.",
    "ended": "Your session ended: its key or token is no longer accepted. Sign in again.",
    "signed-out": "You are signed out.",
}


async def viewer(request: Request) -> Viewer:
    """The caller of a page request, from its session cookie, who spends one request of their
    budget on it (as a request to /graphql does). A cookie that does not authenticate counts
    as a failed sign-in of the address, and an address with too many is refused before its
    cookie is checked, as the sign-in form and /graphql do."""
    authenticator: Authenticator = request.app.state.authenticator
    budgets: Budgets = request.app.state.budgets
    address = f"address:{_address(request)}"
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        wait = await budgets.failures.exhausted(address)
        if wait is not None:
            raise BudgetSpentError(wait)
        try:
            found = Viewer(await authenticator.authenticate(f"Bearer {key}"), signed_in=True)
        except AuthenticationError as refused:
            await budgets.failures.take(address)
            raise SignInRequiredError("ended") from refused
    elif authenticator.allow_anonymous_read:
        found = Viewer(await authenticator.authenticate(None), signed_in=False)
    else:
        raise SignInRequiredError("required")
    if budgets.requests is not None:
        wait = await budgets.requests.take(budget_of(found.principal, _address(request)))
        if wait is not None:
            raise BudgetSpentError(wait)
    return found


async def sign_in(request: Request, key: str) -> Principal:
    """The caller the key proves, counted against the address's failed sign-ins; raises
    :class:`AuthenticationError` (or the budget's refusal) with what to do."""
    budgets: Budgets = request.app.state.budgets
    authenticator: Authenticator = request.app.state.authenticator
    address = _address(request)
    wait = await budgets.failures.exhausted(f"address:{address}")
    if wait is not None:
        raise AuthenticationError(
            f"too many failed sign-ins from this address; try again in {wait:.0f} s"
        )
    key = key.strip()
    if not key:
        raise AuthenticationError("enter an API key (it starts with lgs_)")
    try:
        return await authenticator.authenticate(f"Bearer {key}")
    except AuthenticationError:
        await budgets.failures.take(f"address:{address}")
        raise


def csrf_token(request: Request) -> str:
    """The token the page's forms carry: the browser's, or a new one :func:`keep_csrf` sets."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    fresh: str | None = getattr(request.state, "csrf_token", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.csrf_token = fresh
    return fresh


def keep_csrf(request: Request, response: Response) -> None:
    """Set the token cookie when this request made the token."""
    fresh: str | None = getattr(request.state, "csrf_token", None)
    if fresh is not None and not request.cookies.get(CSRF_COOKIE):
        _set(request, response, CSRF_COOKIE, fresh)


def csrf_matches(request: Request, submitted: str) -> bool:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def start_session(request: Request, response: Response, key: str) -> None:
    """Keep the credential, and give the session a new CSRF token (a token known before the
    sign-in, to whoever could plant it, is not the session's)."""
    _set(request, response, SESSION_COOKIE, key.strip())
    _set(request, response, CSRF_COOKIE, secrets.token_urlsafe(32))


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=PATH, httponly=True, samesite="strict")


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _set(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
