"""A real HTTP and WebSocket server (aiohttp) for the network tests, in a process of its own.

Run as ``python -m ra_test.http_server``: it binds 127.0.0.1 on a free port, prints
``port=<n>`` on one line and serves until its standard input closes (the test's end). Endpoints:
``/hello/{name}`` answers ``hello <name>``, ``/json/{n}`` a JSON object, ``/ws`` echoes WebSocket
text messages, ``/stall`` never answers.
"""

import asyncio
import sys

from aiohttp import web


async def hello(request):
    return web.Response(text=f"hello {request.match_info['name']}")


async def json_value(request):
    n = int(request.match_info["n"])
    return web.json_response({"n": n, "square": n * n})


async def echo_socket(request):
    socket = web.WebSocketResponse()
    await socket.prepare(request)
    async for message in socket:
        await socket.send_str(message.data)
    return socket


async def traceparent(request):
    """The W3C trace header the client sent, for the tracing test."""
    return web.Response(text=request.headers.get("traceparent", "none"))


async def stall(request):
    await asyncio.Event().wait()


async def main():
    app = web.Application()
    app.add_routes([web.get("/hello/{name}", hello), web.get("/json/{n}", json_value), web.get("/ws", echo_socket),
                    web.get("/stall", stall), web.get("/traceparent", traceparent)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    # argv[1]: a port to listen on (a restart after a kill takes the same one), else any free port
    site = web.TCPSite(runner, "127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    await site.start()
    print(f"port={site._server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin (or dies)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
