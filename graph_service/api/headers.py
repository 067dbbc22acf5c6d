"""Security headers on every response, and CORS only for the origins the settings name."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Every answer: no MIME sniffing, never framed, no referrer, never cached by shared caches.
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# JSON answers (and the page's scripts, styles and fonts) load nothing.
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"
# The GraphiQL page, the only HTML answer, loads everything from the service itself and sends
# its queries there: no inline script, no other origin, never framed. One inline style is
# allowed, by its digest: the one GraphiQL's dialogs (settings, shortcuts) add to stop the page
# scrolling behind them. Its text is fixed on this page, whose body has no margin or scroll bar.
SCROLL_LOCK_STYLE = "'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='"
PAGE_POLICY = (
    f"default-src 'self'; style-src 'self' {SCROLL_LOCK_STYLE}; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """ASGI middleware adding :data:`ALWAYS` and the Content-Security-Policy for the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else JSON_POLICY)
            await send(message)

        await self._app(scope, receive, with_headers)
