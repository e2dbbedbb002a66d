"""CPython's own loop-level asyncio tests, run against :class:`DrivenLoop`.

The interpreter's ``test.test_asyncio`` package tests each event loop through mixin classes that
take a loop factory. Here the factory makes a :class:`SteppedLoop`: the library's loop with
``run_forever`` written the way a Java loop thread drives it (run what is ready, then wait in the
stepping selector's ``idle_wait``), so every test exercises the stepping selector, the hand-over of
readiness found while idle, the wake-up pipe and pidfd child watching.

Tests that cannot pass on this loop by design are listed in ``NOT_FOR_THIS_LOOP`` with the reason;
they are reported as skipped with it. Everything else must pass.
"""

import asyncio
import time
import unittest

import pytest

from reactor_awaitable._loop import DrivenLoop

try:
    from test.test_asyncio import (test_buffered_proto, test_events, test_sendfile, test_server,
                                   test_sock_lowlevel, test_ssl, test_sslproto, test_streams, test_subprocess)
    from test.test_asyncio import utils as test_utils
except ImportError as missing:  # a Python packaged without its test suite
    pytest.skip(f"this Python has no test.test_asyncio package ({missing}); install its test suite "
                "(Debian: libpython3.X-testsuite) to run CPython's asyncio tests against the loop",
                allow_module_level=True)


class SteppedLoop(DrivenLoop):
    """DrivenLoop with ``run_forever``, for the tests only: one asyncio iteration at a time, and when
    nothing is ready a wait in the selector until a descriptor, a wake-up or the next timer."""

    def __init__(self):
        super().__init__(time.monotonic)  # with no wake callback, call_soon_threadsafe ends the idle wait

    def run_forever(self):
        self._check_closed()
        self._check_running()
        self.attach()
        try:
            while True:
                self.run_ready(budget=1)
                if self._stopping:
                    break
                if not self._ready:
                    deadline = self.next_deadline()
                    self.idle_wait(None if deadline is None else max(0.0, deadline - self.time()))
        finally:
            self._stopping = False
            self.detach()

    def run_until_complete(self, future):
        return asyncio.BaseEventLoop.run_until_complete(self, future)


# Tests that need what this loop deliberately does not offer.
NOT_FOR_THIS_LOOP = {
    "test_add_signal_handler": "signal handlers: the loop runs on a loop thread, not Python's main thread",
    "test_signal_handling_while_selecting": "signal handlers (see above)",
    "test_signal_handling_args": "signal handlers (see above)",
    "test_read_all_from_pipe_reader": "it watches its child with SafeChildWatcher, a SIGCHLD handler (signal "
                                      "handlers, see above); this loop watches children through pidfds",
    "test_internal_fds": "it checks asyncio's socket-pair wake-up channel (_ssock, _csock); this loop's is a pipe, "
                         "which Java can open through /proc/self/fd (its count of internal fds is checked)",
}


def _explain_skips(cls):
    for name, why in NOT_FOR_THIS_LOOP.items():
        if hasattr(cls, name):
            setattr(cls, name, unittest.skip(f"not for this loop: {why}")(getattr(cls, name)))
    return cls


@_explain_skips
class DrivenLoopEventLoopTests(test_events.EventLoopTestsMixin, test_events.SubprocessTestsMixin,
                               test_utils.TestCase):
    def create_event_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopSockTests(test_sock_lowlevel.SelectEventLoopTests):
    def create_event_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopStartServerTests(test_server.SelectorStartServerTests):
    def new_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopStartTLSTests(test_sslproto.SelectorStartTLSTests):
    def new_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopBufferedProtocolTests(test_buffered_proto.BufferedProtocolSelectorTests):
    def new_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopSendfileTests(test_sendfile.SelectEventLoopTests):
    def create_event_loop(self):
        return SteppedLoop()


@_explain_skips
class DrivenLoopSubprocessTests(test_subprocess.SubprocessMixin, test_utils.TestCase):
    def setUp(self):
        super().setUp()
        self.loop = SteppedLoop()
        self.set_event_loop(self.loop)


class _SteppedLoopPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return SteppedLoop()


class _OnSteppedLoops:
    """For test classes that make their loops with ``asyncio.new_event_loop()``: a policy that makes this loop."""

    @classmethod
    def setUpClass(cls):
        cls._previous_policy = asyncio.get_event_loop_policy()
        asyncio.set_event_loop_policy(_SteppedLoopPolicy())
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        asyncio.set_event_loop_policy(cls._previous_policy)

    def setUp(self):
        super().setUp()
        assert isinstance(self.loop, SteppedLoop), "the test made its loop some other way"


@_explain_skips
class DrivenLoopSslHandshakeTests(_OnSteppedLoops, test_sslproto.SslProtoHandshakeTests):
    pass


@_explain_skips
class DrivenLoopStreamTests(_OnSteppedLoops, test_streams.StreamTests):
    pass


@_explain_skips
class DrivenLoopSslTests(_OnSteppedLoops, test_ssl.TestSSL):
    pass
