"""Read-only access to the Reactor ``Context`` of the subscriber that started a call."""

import contextvars
from collections.abc import Iterator, Mapping
from typing import Any, Optional

from . import _tracing

__all__ = ["ReactorContext", "reactor_context"]


class ReactorContext(Mapping[Any, Any]):
    """A read-only mapping over a Java ``ContextView``.

    Values come back as Python values where they convert (strings, numbers,
    maps, lists) and as Java objects otherwise.
    """

    __slots__ = ("_view",)

    def __init__(self, view: Optional[Any] = None):
        self._view = view

    def __getitem__(self, key: Any) -> Any:
        from ._convert import from_java
        if self._view is None or not self._view.hasKey(key):
            raise KeyError(key)
        return from_java(self._view.get(key))

    def __contains__(self, key: object) -> bool:
        return self._view is not None and bool(self._view.hasKey(key))

    def __iter__(self) -> Iterator[Any]:
        if self._view is None:
            return iter(())
        return iter([entry.getKey() for entry in self._view.stream().toArray()])

    def __len__(self) -> int:
        return 0 if self._view is None else int(self._view.size())

    def __repr__(self) -> str:
        return f"ReactorContext({dict(self)!r})"


_EMPTY = ReactorContext()
_current = contextvars.ContextVar("reactor_awaitable.reactor_context", default=_EMPTY)


def reactor_context() -> ReactorContext:
    """The Reactor ``Context`` of the subscription that started the current call.

    Inside a coroutine started by ``AwaitableFlux`` this is the subscriber's
    context (what ``contextWrite`` put there); elsewhere it is empty. Tasks the
    coroutine creates inherit it, as they inherit any contextvar.
    """
    return _current.get()


def bind(view) -> None:
    """Set the current context (called by the driver inside the call's ``Context``), and continue the
    caller's trace there when the call is traced."""
    _current.set(ReactorContext(view))
    if _tracing.enabled:
        _tracing.continue_trace(view)
