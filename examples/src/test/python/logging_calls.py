"""Python code that logs, for PythonLoggingTest."""

import logging
import threading

log = logging.getLogger("shop.orders")


async def log_levels(order_id):
    log.debug("debug for %s", order_id)
    log.info("placing order %s", order_id)
    log.warning("stock low for %s", order_id)
    return threading.current_thread().name


async def log_failure(order_id):
    try:
        raise ValueError(f"no price for {order_id}")
    except ValueError:
        log.exception("order %s failed", order_id)
    return "logged"


def blocking_thread_name():
    return threading.current_thread().name


async def worker_thread_name():
    from reactor_awaitable import execute_async
    return await execute_async(blocking_thread_name)


async def root_level():
    return logging.getLogger().level
