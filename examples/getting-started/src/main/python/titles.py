"""Page titles, fetched with aiohttp on the runtime's event loop."""

import re

import aiohttp

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


# region title
async def title(url: str) -> str:
    """The <title> of the page at ``url``; empty when it has none."""
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            response.raise_for_status()
            page = await response.text()
    match = _TITLE.search(page)
    return match.group(1).strip() if match else ""
# endregion title
