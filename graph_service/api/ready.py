"""Answering a field at once when what it needs is already loaded.

A resolver declared ``async`` costs the execution a coroutine, and a list of items whose fields
are coroutines costs a task per item, even when every value is already at hand: after a root
field's composed read has primed the request's loaders, that is most of a page's cost. A
resolver that returns a plain value is finished at once, and one that returns an awaitable is
awaited by the execution, so a field may do either: :func:`when_loaded` answers at once when it
can and later when it must, and the field's answer is the same.
"""

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, cast


def when_loaded[T, R](loading: Awaitable[T], use: Callable[[T], R]) -> R:
    """``use`` applied to what ``loading`` gives: now if it has finished (a loader's future
    that was primed, a taxonomy read earlier in the request), else an awaitable of it.

    Typed as the value, which is what GraphQL serves either way; only a resolver's return
    may take it, since nothing but the execution awaits the other case."""
    if isinstance(loading, asyncio.Future) and _succeeded(loading):
        return use(loading.result())
    return cast(R, _later(loading, use))


def _succeeded(future: "asyncio.Future[Any]") -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


async def _later[T, R](loading: Awaitable[T], use: Callable[[T], R]) -> Any:
    answer: Any = use(await loading)
    # ``use`` may itself wait on something not loaded yet (a second loader).
    return await answer if inspect.isawaitable(answer) else answer
