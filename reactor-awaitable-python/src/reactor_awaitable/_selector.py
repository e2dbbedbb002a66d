"""The selector of a loop that is stepped from outside (:class:`SteppingSelector`)."""

import selectors

from asyncio.base_events import MAXIMUM_SELECT_TIMEOUT


class SteppingSelector:
    """The loop's selector: asyncio's default one, asked only when it can have something to say.

    ``BaseEventLoop._run_once`` polls its selector once per iteration with the time it could sleep.
    Here an iteration never sleeps (the owner decides when to wait), so :meth:`select` polls with no
    timeout, and not at all while only the loop's own wake-up pipe is registered. :meth:`idle_wait`
    is the one real wait; what it finds is returned by the next :meth:`select` instead of a new poll,
    so no reader sees the same readiness twice.
    """

    def __init__(self):
        self._selector = selectors.DefaultSelector()
        self._registered = 0       # file descriptors registered, the loop's own included
        self._own = 0              # of which the loop's own (its wake-up pipe)
        self._found_idle = None    # what idle_wait found, for the next select()

    def register_own(self, fileobj, events, data=None):
        """Register a descriptor of the loop itself, which alone does not make the loop poll."""
        key = self.register(fileobj, events, data)
        self._own += 1
        return key

    def unregister_own(self, fileobj):
        key = self.unregister(fileobj)
        self._own -= 1
        return key

    @property
    def waits_on_io(self) -> bool:
        """Whether a descriptor other than the loop's own is registered."""
        return self._registered > self._own

    def register(self, fileobj, events, data=None):
        key = self._selector.register(fileobj, events, data)
        self._registered += 1
        return key

    def unregister(self, fileobj):
        key = self._selector.unregister(fileobj)
        self._registered -= 1
        return key

    def modify(self, fileobj, events, data=None):
        return self._selector.modify(fileobj, events, data)

    def get_key(self, fileobj):
        return self._selector.get_key(fileobj)

    def get_map(self):
        return self._selector.get_map()

    def select(self, timeout=None):
        found = self._found_idle
        if found is not None:
            self._found_idle = None
            return self._still_registered(found)
        if self._registered <= self._own:
            return ()
        return self._selector.select(0)

    def idle_wait(self, timeout=None) -> bool:
        """Block until a registered descriptor is ready or ``timeout`` seconds (None: no limit) pass.

        Returns whether anything was found; it is handed to the next :meth:`select`. Releases the GIL
        while it waits, like any selector. Capped at asyncio's own longest select (24 h), so a timeout
        of ``math.inf`` or one beyond what the system call takes waits that long.
        """
        if timeout is not None and not timeout <= MAXIMUM_SELECT_TIMEOUT:
            timeout = MAXIMUM_SELECT_TIMEOUT
        found = self._selector.select(timeout)
        if found:
            self._found_idle = found
        return bool(found)

    def _still_registered(self, found):
        """The readiness found while idle, less what was unregistered or changed since.

        Commands applied between the wait and the next iteration may have removed a reader (a
        cancelled read closes its transport) or replaced it with another on a reused descriptor.
        """
        current = self._selector.get_map()
        kept = []
        for key, mask in found:
            now = current.get(key.fd)
            if now is None:
                continue
            mask &= now.events
            if mask:
                kept.append((now, mask))
        return kept

    def close(self):
        self._found_idle = None
        self._selector.close()
