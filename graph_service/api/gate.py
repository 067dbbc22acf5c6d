"""What every request to the GraphQL endpoint (and the export, change feed and entity IRIs)
passes before any resolver or handler runs.

In order: the body is read up to the size limit (413 beyond it); the caller is authenticated
(401 with ``UNAUTHENTICATED`` otherwise); the caller's request budget is spent (429 with
``Retry-After`` when empty). Callers whose credentials keep failing are refused for a while
before their credentials are even checked, so guessing keys costs the store nothing. The
budgets are the app's (``app.state.budgets``, opened with the store). The caller (a
:class:`Principal`) is left in the request's state for the GraphQL context.
"""

import logging
import math
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.api.budgets import Budgets
from graph_service.api.errors import INTERNAL_MESSAGE, UNAVAILABLE_MESSAGE, refusal
from graph_service.domain.access import Principal
from graph_service.errors import (
    AuthenticationError,
    IdentityProviderUnavailableError,
    StoreUnavailableError,
)

log = logging.getLogger(__name__)

Authenticate = Callable[[str | None], Awaitable[Principal]]


class Gate:
    """ASGI middleware guarding the GraphQL ``path``, the other ``guarded`` paths and every
    path under the ``guarded_prefixes``; other paths (health probes, the workbench with its
    own sign-in) pass untouched."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        max_body_bytes: int,
        guarded: tuple[str, ...] = (),
        guarded_prefixes: tuple[str, ...] = (),
    ) -> None:
        self._app = app
        self._path = path
        self._guarded = {path, *guarded}
        self._prefixes = guarded_prefixes
        self._max_body_bytes = max_body_bytes

    def _guards(self, path: str) -> bool:
        return path in self._guarded or path.startswith(self._prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self._guards(_route_path(scope)):
            await self._app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            # The service has no subscriptions: refuse the handshake (HTTP 403) before anything.
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = Headers(scope=scope)
        if _route_path(scope) == self._path and _asks_for_the_ide(scope, headers):
            await self._app(scope, receive, send)  # a static page: no data, no credential
            return
        body = await self._body(headers, receive)
        if body is None:
            await _refuse(
                scope,
                send,
                413,
                "REQUEST_TOO_LARGE",
                f"the request body is larger than the {self._max_body_bytes:,} bytes allowed; "
                "send a shorter query and pass values as variables",
            )
            return
        address = _client_address(scope)
        budgets: Budgets = scope["app"].state.budgets
        wait = await budgets.failures.exhausted(f"address:{address}")
        if wait is not None:
            await _too_many(scope, send, wait, "too many failed authentication attempts")
            return
        authenticate: Authenticate = scope["app"].state.authenticate
        try:
            principal = await authenticate(headers.get("authorization"))
        except StoreUnavailableError as unavailable:
            log.warning("cannot check a credential: %s", unavailable.message)
            await _refuse(scope, send, 503, unavailable.code, UNAVAILABLE_MESSAGE)
            return
        except IdentityProviderUnavailableError as unavailable:
            await _refuse(scope, send, 503, unavailable.code, unavailable.message)
            return
        except AuthenticationError as refused:
            await budgets.failures.take(f"address:{address}")
            await _refuse(
                scope,
                send,
                401,
                refused.code,
                refused.message,
                {"WWW-Authenticate": 'Bearer realm="learning-graph"'},
            )
            return
        except Exception:
            log.exception("authentication failed unexpectedly")
            await _refuse(scope, send, 500, "INTERNAL_SERVER_ERROR", INTERNAL_MESSAGE)
            return
        if budgets.requests is not None:
            wait = await budgets.requests.take(budget_of(principal, address))
            if wait is not None:
                await _too_many(scope, send, wait, "request budget for this caller spent")
                return
        scope.setdefault("state", {})["principal"] = principal
        await self._app(scope, _replay(body, receive), send)

    async def _body(self, headers: Headers, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is known to exceed the limit."""
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self._max_body_bytes:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app will see an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _route_path(scope: Scope) -> str:
    """The path the router matches: without the root path the app is mounted under.

    As the router reads it, the root path is removed only where a segment ends: under the
    root path ``/graph``, ``/graphql`` is the route ``/graphql``, not ``ql``.
    """
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        path = path[len(root) :]
    return path.rstrip("/")


def _asks_for_the_ide(scope: Scope, headers: Headers) -> bool:
    if scope["method"] != "GET" or "text/html" not in headers.get("accept", ""):
        return False
    return "query" not in parse_qs(scope.get("query_string", b"").decode("latin-1"))


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def budget_of(principal: Principal, address: str) -> str:
    if principal.kind == "key":
        return f"key:{principal.key_id}"
    if principal.kind == "token":
        return f"token:{principal.subject}"
    return f"anonymous:{address}"  # anonymous readers share nothing but their address


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body already read, then the client's messages."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _too_many(scope: Scope, send: Send, wait: float, why: str) -> None:
    seconds = max(1, math.ceil(wait))
    await _refuse(
        scope,
        send,
        429,
        "RATE_LIMITED",
        f"{why}; retry after {seconds} s",
        {"Retry-After": str(seconds)},
    )


async def _refuse(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> None:
    """A GraphQL-shaped error answer, so clients read every refusal the same way."""
    await refusal(status, code, message, headers)(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
