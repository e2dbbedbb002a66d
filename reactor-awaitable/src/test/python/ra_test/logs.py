"""A coroutine that logs a warning (PythonLoggingSwitchTest)."""

import logging


async def warn(text):
    logging.getLogger("ra_test.logs").warning("%s", text)
    return text
