"""The server side of the I/O workloads (W8, W9, W15), in a process of its own: plain asyncio, the
same for every contender.

Binds 127.0.0.1 on free ports and prints ``http=<port> echo=<port> kv=<port>`` on one line; serves
``GET /hello`` (a short text body, aiohttp), a raw TCP echo, and a key-value store speaking a line
protocol as redis's inline commands do (``GET <key>`` answers ``$<length>`` and the value on lines of
their own, or ``$-1`` for a missing key; ``SET <key> <value>`` answers ``+OK``) until its standard
input closes.
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


_store = {}


async def key_value(reader, writer):
    while line := await reader.readline():
        command, _, rest = line.rstrip(b"\r\n").partition(b" ")
        if command == b"GET":
            value = _store.get(rest)
            writer.write(b"$-1\r\n" if value is None else b"$%d\r\n%s\r\n" % (len(value), value))
        elif command == b"SET":
            key, _, value = rest.partition(b" ")
            _store[key] = value
            writer.write(b"+OK\r\n")
        else:
            writer.write(b"-ERR unknown command\r\n")
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
    kv_server = await asyncio.start_server(key_value, "127.0.0.1", 0)
    kv_port = kv_server.sockets[0].getsockname()[1]
    print(f"http={http_port} echo={echo_port} kv={kv_port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until stdin closes
    echo_server.close()
    kv_server.close()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
