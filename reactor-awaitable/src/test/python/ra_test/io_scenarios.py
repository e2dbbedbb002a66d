"""asyncio's own I/O, unchanged, inside a coroutine run by reactor-awaitable.

Each ``scenario_*`` coroutine uses one kind of I/O the loop's selector serves (TCP and Unix
streams, servers, the low-level ``sock_*`` calls, UDP, TLS, pipes, sendfile, subprocesses), asserts
what a Python developer relies on, and returns "ok". Servers and clients are both real and both on
127.0.0.1 or a Unix socket in a temporary directory. The Java suite runs every scenario on a real
loop thread (AsyncioIoTest); the package's pytest suite runs the same ones on the loop driven from
plain Python.
"""

import asyncio
import os
import socket
import ssl
import sys
import tempfile
import threading

from reactor_awaitable import execute_async


def scenario_names():
    return sorted(name for name in globals() if name.startswith("scenario_") and name != "scenario_names")


async def _echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def _line_echoed_then_close(reader, writer, line):
    """Send one line, check it comes back, close the connection."""
    writer.write(line)
    assert await reader.readline() == line
    writer.close()
    await writer.wait_closed()


async def scenario_tcp_streams_against_a_server_on_the_same_loop():
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        payload = os.urandom(1 << 20)  # more than one socket buffer: drain() and partial reads
        writer.write(payload)
        await writer.drain()
        received = await reader.readexactly(len(payload))
        assert received == payload
        writer.close()
        await writer.wait_closed()
    return "ok"


async def scenario_many_connections_at_once():
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def one(i):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        line = f"hello {i}\n".encode()
        writer.write(line)
        answer = await reader.readline()
        writer.close()
        await writer.wait_closed()
        return answer == line

    async with server:
        results = await asyncio.gather(*(one(i) for i in range(200)))
    assert all(results)
    return "ok"


async def scenario_unix_socket_streams():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "echo.sock")
        server = await asyncio.start_unix_server(_echo, path)
        async with server:
            reader, writer = await asyncio.open_unix_connection(path)
            await _line_echoed_then_close(reader, writer, b"over a unix socket\n")
    return "ok"


async def scenario_low_level_sock_calls():
    loop = asyncio.get_running_loop()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    client = socket.socket()
    client.setblocking(False)
    try:
        connecting = asyncio.ensure_future(loop.sock_connect(client, listener.getsockname()))
        accepted, _ = await loop.sock_accept(listener)
        await connecting
        with accepted:
            accepted.setblocking(False)
            await loop.sock_sendall(client, b"ping" * 100_000)
            got = bytearray()
            while len(got) < 400_000:
                chunk = await loop.sock_recv(accepted, 65536)
                assert chunk
                got += chunk
            assert bytes(got) == b"ping" * 100_000
            buffer = bytearray(16)
            await loop.sock_sendall(accepted, b"pong")
            assert await loop.sock_recv_into(client, buffer) == 4 and buffer[:4] == b"pong"
    finally:
        client.close()
        listener.close()
    return "ok"


async def scenario_udp_datagrams():
    loop = asyncio.get_running_loop()
    received = loop.create_future()

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            self.transport.sendto(data.upper(), addr)

    class Client(asyncio.DatagramProtocol):
        def datagram_received(self, data, addr):
            received.set_result(data)

    server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    try:
        client, _ = await loop.create_datagram_endpoint(Client, remote_addr=server.get_extra_info("sockname"))
        try:
            client.sendto(b"datagram")
            assert await asyncio.wait_for(received, 5) == b"DATAGRAM"
        finally:
            client.close()
    finally:
        server.close()
    return "ok"


def _tls_contexts():
    """A throw-away certificate authority and a certificate for 127.0.0.1 signed by it."""
    import trustme
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    return server_context, client_context


async def scenario_tls_streams_and_start_tls():
    server_context, client_context = await execute_async(_tls_contexts)  # key generation blocks
    server = await asyncio.start_server(_echo, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_context)
        assert writer.get_extra_info("peercert") is not None
        await _line_echoed_then_close(reader, writer, b"secret\n")

    # start_tls: a plain connection upgraded in the middle, as STARTTLS protocols do.
    async def upgrade(reader, writer):
        assert await reader.readline() == b"STARTTLS\n"
        writer.write(b"GO\n")
        await writer.drain()
        await writer.start_tls(server_context)
        await _echo(reader, writer)

    plain = await asyncio.start_server(upgrade, "127.0.0.1", 0)
    port = plain.sockets[0].getsockname()[1]
    async with plain:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"STARTTLS\n")
        assert await reader.readline() == b"GO\n"
        await writer.start_tls(client_context, server_hostname="127.0.0.1")
        assert writer.get_extra_info("ssl_object") is not None
        await _line_echoed_then_close(reader, writer, b"now encrypted\n")
    return "ok"


async def scenario_subprocess_with_pipes():
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.read().upper()); sys.exit(3)",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate(b"from the loop thread")
    assert out == b"FROM THE LOOP THREAD"
    assert process.returncode == 3

    shell = await asyncio.create_subprocess_shell("echo hi; exit 0", stdout=asyncio.subprocess.PIPE)
    assert await shell.stdout.read() == b"hi\n"
    assert await shell.wait() == 0
    return "ok"


async def scenario_many_subprocesses_at_once():
    threads_before = threading.active_count()
    most_threads = threads_before

    async def run(i):
        nonlocal most_threads
        process = await asyncio.create_subprocess_exec("sh", "-c", f"sleep 0.05; echo {i}",
                                                       stdout=asyncio.subprocess.PIPE)
        most_threads = max(most_threads, threading.active_count())
        out, _ = await process.communicate()
        return int(out)

    assert await asyncio.gather(*(run(i) for i in range(20))) == list(range(20))
    # The children are watched through pidfds on the loop, not by a thread each.
    assert most_threads == threads_before, (threads_before, most_threads)
    return "ok"


async def scenario_pipes():
    loop = asyncio.get_running_loop()
    read_fd, write_fd = os.pipe()
    reader = asyncio.StreamReader()
    read_transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                                     os.fdopen(read_fd, "rb"))
    write_transport, write_protocol = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(write_fd, "wb"))
    try:
        write_transport.write(b"through a pipe\n")
        assert await reader.readline() == b"through a pipe\n"
    finally:
        write_transport.close()
        read_transport.close()
    return "ok"


async def scenario_sendfile():
    with tempfile.NamedTemporaryFile() as file:
        content = os.urandom(300_000)
        file.write(content)
        file.flush()
        server = await asyncio.start_server(_echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            with open(file.name, "rb") as source:
                sent = await asyncio.get_running_loop().sendfile(writer.transport, source)
            assert sent == len(content)
            assert await reader.readexactly(len(content)) == content
            writer.close()
            await writer.wait_closed()
    return "ok"


async def scenario_a_read_cancelled_midway_closes_the_connection():
    peer_closed = asyncio.Event()

    async def silent(reader, writer):
        assert await reader.read() == b""  # the client went away
        peer_closed.set()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        async def client():
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                await reader.read(1)  # never answered
            finally:
                writer.close()

        task = asyncio.ensure_future(client())
        await asyncio.sleep(0.05)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        await asyncio.wait_for(peer_closed.wait(), 5)
    return "ok"
