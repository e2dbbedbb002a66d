"""The Java ``JavaValues`` (``dev.awaitable.reactor.loop``) the loop hands over when a runtime opens:
it builds the Java counterparts of Python's dates, decimals, UUIDs, sets and arrays (``_to_java``)
and takes records and arrays apart the other way (``_convert``), one JNI call each."""

values = None


def use(java_values) -> None:
    """Keep ``java_values`` for this interpreter (every loop hands over the same object)."""
    global values
    values = java_values


def get():
    """The ``JavaValues``; raises when this runs outside a Java loop (the package's unit tests)."""
    if values is None:
        raise RuntimeError("reactor_awaitable's Java values are not installed: this runs outside a Java loop")
    return values
