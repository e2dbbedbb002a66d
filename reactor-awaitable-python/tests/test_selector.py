"""SteppingSelector: no poll while only the loop's own descriptor is registered, and readiness found
while idle handed to the next select() rather than polled again."""

import selectors
import socket

import pytest

from reactor_awaitable._selector import SteppingSelector


@pytest.fixture
def selector():
    selector = SteppingSelector()
    yield selector
    selector.close()


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def test_with_only_its_own_descriptor_the_loop_does_not_poll(selector, pair):
    own, peer = pair
    selector.register_own(own, selectors.EVENT_READ)
    peer.send(b"x")  # ready, but only the loop's own descriptor is registered
    assert not selector.waits_on_io
    assert selector.select(0) == ()
    assert selector.idle_wait(0) is True  # the idle wait does see it


def test_readiness_found_while_idle_is_handed_to_the_next_select_once(selector, pair):
    a, b = pair
    selector.register(a, selectors.EVENT_READ, "reader")
    assert selector.waits_on_io
    b.send(b"x")
    assert selector.idle_wait(1.0) is True
    a.recv(1)  # no longer ready: what select() returns next was found by the wait, not polled again
    events = selector.select(0)
    assert [(key.fileobj, key.data, mask) for key, mask in events] == [(a, "reader", selectors.EVENT_READ)]
    assert selector.select(0) == []  # handed over once; a new poll finds nothing


def test_readiness_of_a_descriptor_unregistered_or_changed_since_the_wait_is_dropped_or_updated(selector, pair):
    a, b = pair
    c, d = socket.socketpair()
    try:
        selector.register(a, selectors.EVENT_READ, "first")
        selector.register(c, selectors.EVENT_READ | selectors.EVENT_WRITE, "old")
        b.send(b"x")
        d.send(b"y")
        assert selector.idle_wait(1.0) is True
        selector.unregister(a)  # e.g. a cancel closed its transport before the next iteration
        selector.modify(c, selectors.EVENT_READ, "new")  # a writer removed, the reader kept
        events = selector.select(0)
        assert [(key.fileobj, key.data, mask) for key, mask in events] == [(c, "new", selectors.EVENT_READ)]
    finally:
        c.close()
        d.close()


def test_the_idle_wait_times_out_with_nothing_ready(selector, pair):
    a, _ = pair
    selector.register(a, selectors.EVENT_READ)
    assert selector.idle_wait(0.01) is False
    assert selector.select(0) == []
