"""Coroutines that use real network client libraries, called from the Java network tests."""

import asyncio

import aiohttp
import httpx
import websockets

_servers = {}


async def aiohttp_gets(base_url, count):
    """``count`` concurrent GETs through one aiohttp session; the bodies, in order."""
    async with aiohttp.ClientSession() as session:
        async def get(i):
            async with session.get(f"{base_url}/hello/{i}") as response:
                response.raise_for_status()
                return await response.text()
        return await asyncio.gather(*(get(i) for i in range(count)))


async def httpx_json(base_url, n):
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{base_url}/json/{n}")
        response.raise_for_status()
        return response.json()


async def websocket_echo(url, messages):
    async with websockets.connect(url) as socket:
        answers = []
        for message in messages:
            await socket.send(message)
            answers.append(await socket.recv())
        return answers


async def aiohttp_get_text(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.text()


async def start_echo_server():
    """An asyncio server hosted on the loop; it outlives this call. Returns its port."""
    async def echo(reader, writer):
        while line := await reader.readline():
            writer.write(line.upper())
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _servers[port] = server
    return port


async def stop_echo_server(port):
    server = _servers.pop(port)
    server.close()
    await server.wait_closed()
    return port


async def read_until_closed(port):
    """Connects to ``port`` and waits for data that never comes (until cancelled or closed)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await reader.read(1)
    finally:
        writer.close()


async def hold_connection(port):
    """Connects to ``port`` and waits for ever, with no cleanup of its own: closing the runtime
    must still close the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await asyncio.Event().wait()
