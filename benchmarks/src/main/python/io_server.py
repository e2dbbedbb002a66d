"""The server side of the I/O workloads (W8, W9), in a process of its own: plain asyncio, the same
for every contender.

Binds 127.0.0.1 on free ports and prints ``http=<port> echo=<port>`` on one line; serves
``GET /hello`` (a short text body, aiohttp) and a raw TCP echo until its standard input closes.
"""

import asyncio
import sys

from aiohttp import web


async def hello(request):
    return web.Response(text="hello")


async def echo(reader, writer):
    while data := await reader.read(65536):
        writer.write(data)
    writer.close()


async def main():
    app = web.Application()
    app.add_routes([web.get("/hello", hello)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    echo_server = await asyncio.start_server(echo, "127.0.0.1", 0)
    http_port = site._server.sockets[0].getsockname()[1]
    echo_port = echo_server.sockets[0].getsockname()[1]
    print(f"http={http_port} echo={echo_port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until stdin closes
    echo_server.close()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
