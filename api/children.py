"""The server's side of a child process that runs the engine: the process, and the sockets it talks over.

The query workers (:mod:`ses_graph.api.workers`) and the writer (:mod:`ses_graph.api.writer`) are fresh interpreters
(``python -m MODULE ...``), not forks of the server: they inherit neither its threads nor its
open store, and do not re-run its main script. The child reads and writes a blocking
``multiprocessing.connection.Connection`` on its end of a socket pair; the server reads its end
through asyncio streams, so that waiting for an answer never blocks the event loop. A child may have
more than one socket pair: the writer answers snapshots on a second one, beside the writes of the first.
"""

from __future__ import annotations

import asyncio
import ctypes
import pickle
import signal
import socket
import struct
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def become_child() -> None:
    """In the child: leave Ctrl-C to the server (which stops its children), and die with the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":  # even in the middle of a query
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Channel:
    """The server's end of one socket pair to a child, read through asyncio streams."""

    def __init__(self, ours: socket.socket):
        self._socket = ours
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        """Attach the socket to the event loop."""
        self._reader, self._writer = await asyncio.open_unix_connection(sock=self._socket)

    def send(self, message: object) -> None:
        """Send ``message`` framed as ``multiprocessing.connection.Connection`` expects it; EOFError if the child died
        (its socket closed)."""
        data = pickle.dumps(message)
        header = struct.pack("!i", len(data)) if len(data) <= 0x7FFFFFFF else struct.pack("!iQ", -1, len(data))
        assert self._writer is not None, "connect() first"
        if self._writer.is_closing():
            raise EOFError
        self._writer.write(header + data)

    async def receive(self) -> object:
        """The next message from the child, read without blocking the event loop; EOFError if it died."""
        assert self._reader is not None, "connect() first"
        try:
            size, = struct.unpack("!i", await self._reader.readexactly(4))
            if size == -1:
                size, = struct.unpack("!Q", await self._reader.readexactly(8))
            return pickle.loads(await self._reader.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionResetError):  # it died (with something it had not read yet)
            raise EOFError from None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()  # closes the socket too
        else:
            self._socket.close()


class Child:
    """``python -m module *args FD...``: a child process, given its ends of ``channels`` sockets as the last
    arguments; :meth:`send` and :meth:`receive` talk over the first (``self.channels[0]``)."""

    def __init__(self, module: str, *args: str, channels: int = 1):
        pairs = [socket.socketpair() for _ in range(channels)]
        fds = [theirs.fileno() for _, theirs in pairs]
        self.process = subprocess.Popen([sys.executable, "-m", module, *args, *map(str, fds)],
                                        pass_fds=fds, stdin=subprocess.DEVNULL)
        for _, theirs in pairs:
            theirs.close()
        self.channels = [Channel(ours) for ours, _ in pairs]

    async def connect(self) -> None:
        """Attach the sockets to the event loop."""
        for channel in self.channels:
            await channel.connect()

    def send(self, message: object) -> None:
        self.channels[0].send(message)

    async def receive(self) -> object:
        return await self.channels[0].receive()

    def crashed(self) -> bool:
        """Whether the process ended on a fatal signal of its own (SIGSEGV: the engine overflowed its stack)."""
        try:
            code = self.process.wait(timeout=2)  # it closed its socket: it is ending, or has ended
        except subprocess.TimeoutExpired:
            return False
        return code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT)

    def close_socket(self) -> None:
        for channel in self.channels:
            channel.close()

    def stop(self) -> None:
        """Kill the process, whatever it is doing."""
        self.process.kill()
        self.process.wait()
        self.close_socket()
