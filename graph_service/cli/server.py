"""How uvicorn serves the API: its configuration, in one process or several workers (each
listening on a socket of its own), and stopping cleanly on Ctrl+C."""

import asyncio
import logging
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import cast

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from graph_service.api.app import create_app
from graph_service.api.budgets import storage_url
from graph_service.cli.output import err
from graph_service.config import Settings, load_settings
from graph_service.errors import ConfigError, GraphServiceError
from graph_service.logs import configure_logging
from graph_service.store import GRAPH_SCHEMA, open_store

log = logging.getLogger(__name__)

# What each worker process imports and calls to build its app.
WORKER_APP = f"{__name__}:worker_app"


def serve_api(settings: Settings, *, workers: int = 1) -> None:
    """Open the store, make sure its schema is there, and serve until Ctrl+C."""
    log.info("settings: %s", settings.describe())
    if workers > 1:
        _serve_workers(settings, workers)
        return
    url = f"http://{settings.host}:{settings.port}/graphql"

    async def run() -> None:
        # The store is opened here, not in the app's start-up, so that a store that cannot
        # be reached is one clear error line rather than a server's start-up traceback.
        store = await open_store(settings)
        try:
            await store.apply_schema(GRAPH_SCHEMA)
            config = server_config(settings, create_app(settings, store=store))
            err.print(f"GraphiQL: [bold]{url}[/bold]  (Ctrl+C stops the service)")
            err.print(f"Workbench: [bold]{_workbench(settings)}[/bold]")
            await _Server(config).serve()
        finally:
            await store.close()

    asyncio.run(run())


def _serve_workers(settings: Settings, workers: int) -> None:
    """Serve from ``workers`` processes sharing one graph and one set of request budgets.

    This process opens the store first (starting the embedded server, which each worker then
    attaches to) and holds it until every worker has stopped, so the server outlives them.
    """
    with asyncio.Runner() as runner:
        store = runner.run(open_store(settings))
        try:
            if storage_url(settings, store.key_space()) is None:
                raise ConfigError(
                    f"--workers {workers} needs request budgets the workers share, and the "
                    f"{store.description} has no server to keep them: set "
                    "GRAPH_SERVICE_RATE_LIMIT_STORAGE_URL to a Redis-protocol server "
                    "(redis://host:port)"
                )
            runner.run(store.apply_schema(GRAPH_SCHEMA))
            config = server_config(settings, WORKER_APP, workers=workers)
            url = f"http://{settings.host}:{settings.port}/graphql"
            err.print(
                f"GraphiQL: [bold]{url}[/bold]  ({workers} workers; Ctrl+C stops the service)"
            )
            err.print(f"Workbench: [bold]{_workbench(settings)}[/bold]")
            with _worker_sockets(config) as sockets:
                supervisor = Multiprocess(config, sockets=sockets)
                supervisor.run()
            if any(each.exitcode == STARTUP_FAILURE for each in supervisor.processes):
                raise GraphServiceError("a worker could not start; its log above says why")
        finally:
            runner.run(store.close())


def _workbench(settings: Settings) -> str:
    return f"http://{settings.host}:{settings.port}/workbench"


@contextmanager
def _worker_sockets(config: uvicorn.Config) -> Iterator[list[socket.socket]]:
    """What each worker listens on: where the kernel can spread connections (SO_REUSEPORT), a
    socket of each worker's own on the same port, so that connections opened together (a
    proxy's pool, a load test) do not all go to whichever worker accepts first, as they do
    from one shared socket. This process holds the port, bound but not listening (it is
    given no connection), until the workers stop; elsewhere the workers share one socket."""
    if not hasattr(socket, "SO_REUSEPORT"):
        yield [config.bind_socket()]
        return
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    holder = socket.socket(family)
    try:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            holder.bind((config.host, config.port))
        except OSError as exc:
            raise GraphServiceError(
                f"cannot listen on {config.host}:{config.port}: {exc.strerror}; "
                "set GRAPH_SERVICE_PORT to a free port"
            ) from exc
        address = holder.getsockname()[:2]  # the port chosen when 0 was asked for
        yield [cast(socket.socket, _WorkerSocket(family, address))]
    finally:
        holder.close()


class _WorkerSocket:
    """Stands in for a listening socket in the list handed to each worker, and becomes, in
    the worker, a socket of its own bound to ``address`` with SO_REUSEPORT."""

    def __init__(self, family: socket.AddressFamily, address: tuple[str, int]) -> None:
        self._family = family
        self._address = address

    def __reduce__(self) -> tuple[object, tuple[socket.AddressFamily, tuple[str, int]]]:
        return (_bound_socket, (self._family, self._address))


def _bound_socket(family: socket.AddressFamily, address: tuple[str, int]) -> socket.socket:
    sock = socket.socket(family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        log.error("a worker cannot listen on %s:%d: %s", *address, exc.strerror)
        sys.exit(STARTUP_FAILURE)  # the supervisor then stops rather than restart the worker
    return sock


def worker_app() -> FastAPI:
    """One worker's app: its settings read from the environment, as the parent's were, and
    its store opened (the embedded server attached to) when the worker starts."""
    # Ctrl+C reaches every process of the terminal's group; the parent answers it by stopping
    # each worker in turn (SIGTERM), so a worker waits for that instead of stopping twice over.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)


def server_config(settings: Settings, app: ASGIApp | str, *, workers: int = 1) -> uvicorn.Config:
    """How uvicorn serves ``app`` (an import string of an app factory for several workers).
    ``X-Forwarded-For`` is read only from the proxies the settings name: trusting a local
    address by default would let any process on the machine give itself a new address per
    request, escaping the per-address limits."""
    trusted = settings.forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level=settings.log_level.lower(),
        workers=workers,
        factory=isinstance(app, str),
    )


class _Server(uvicorn.Server):
    """uvicorn shuts down gracefully on Ctrl+C, then raises the signal again, which would
    cancel the clean-up that follows (closing the store, stopping the embedded server).
    Ctrl+C is how the service is meant to stop: forget the signal once it has been handled."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()
