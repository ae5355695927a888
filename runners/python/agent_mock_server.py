"""agent_mock_server.py - a tiny in-process mock LLM server for the agent workload's tests.

Test helper only (the real server is `versus mock-llm`, in C). It plays the same scripted
conversation, worked out here independently of agent_tools.py: for task ID and turn t (the
number of assistant messages in the request) below K-1 it asks for one `lookup` of
item-((ID*7 + t*13) mod 64) with n = (ID + t) mod 9 + 1; at turn K-1 it answers
`task <ID>: sum=<sum of the tool results>`. HTTP/1.1 with keep-alive over asyncio streams,
served from an event loop on a background thread, so a child process can talk to it.

Modes make it misbehave for error tests: "ok", "status500" (every reply is a 500),
"garbage" (200 with a body that is not JSON), "bad_key" (asks for item-64).
"""

import asyncio
import json
import re
import threading

MODULUS = 1_000_003


def expected_value(task_id, turn):
    """The value a correct client returns for the tool call at turn of task_id (an int)."""
    item = (task_id * 7 + turn * 13) % 64
    n = (task_id + turn) % 9 + 1
    return (item * 7919 % MODULUS) * n % MODULUS


def expected_answer(task_id, calls):
    """The final answer line of task_id when every task makes calls model calls."""
    return f"task {task_id}: sum={sum(expected_value(task_id, t) for t in range(calls - 1))}"


class MockLLMServer:
    """The server: start() it, use .url, read the counters, stop() it.

    calls: K, model calls per task. latency_s: how long each reply is held (seconds).
    mode: see the module comment. Counters (read after stop): requests, wrong_tool_results,
    connections (TCP connections accepted), max_in_flight (requests held at once).
    """

    def __init__(self, calls, latency_s=0.0, mode="ok"):
        self.calls, self.latency_s, self.mode = calls, latency_s, mode
        self.requests = self.wrong_tool_results = self.connections = 0
        self.in_flight = self.max_in_flight = 0
        self.url = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopping = None
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self):
        """Starts serving on 127.0.0.1 (a port the kernel picks); returns self."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self):
        """Stops the server and joins its thread."""
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    def _serve(self):
        """Thread body: runs the event loop until stop()."""
        self._loop.run_until_complete(self._main())
        self._loop.close()

    async def _main(self):
        """Listens, signals readiness, waits for stop()."""
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        self._ready.set()
        async with server:
            await self._stopping.wait()

    async def _connection(self, reader, writer):
        """Serves requests on one keep-alive connection until the client closes it."""
        self.connections += 1
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                status, body = await self._reply(*request)
                writer.write(f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def _read_request(reader):
        """Reads one request; returns (request line, body bytes) or None at end of stream."""
        line = await reader.readline()
        if not line:
            return None
        length = 0
        while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = header.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return line.decode("latin-1").strip(), await reader.readexactly(length)

    async def _reply(self, request_line, body):
        """Returns (status line text, body bytes) for one request, held latency_s seconds."""
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency_s)
        finally:
            self.in_flight -= 1
        if not request_line.startswith("POST /v1/chat/completions "):
            return "404 Not Found", b'{"error": "not found"}'
        if self.mode == "status500":
            return "500 Internal Server Error", b'{"error": {"message": "boom"}}'
        if self.mode == "garbage":
            return "200 OK", b"this is not json"
        return "200 OK", json.dumps(self._completion(json.loads(body))).encode()

    def _completion(self, request):
        """The chat completion answering request (a dict), checking its tool results."""
        messages = request["messages"]
        task_id = int(re.search(r"task (\d+)", messages[1]["content"]).group(1))
        turn = sum(1 for m in messages if m["role"] == "assistant")
        results = [m for m in messages if m["role"] == "tool"]
        for t, result in enumerate(results):
            if (result["content"] != str(expected_value(task_id, t))
                    or result["tool_call_id"] != f"call_{task_id}_{t}"):
                self.wrong_tool_results += 1
        if turn < self.calls - 1:
            item = 64 if self.mode == "bad_key" else (task_id * 7 + turn * 13) % 64
            arguments = json.dumps({"key": f"item-{item}", "n": (task_id + turn) % 9 + 1})
            message = {"role": "assistant", "content": None, "tool_calls": [{
                "id": f"call_{task_id}_{turn}", "type": "function",
                "function": {"name": "lookup", "arguments": arguments}}]}
            finish_reason = "tool_calls"
        else:
            total = sum(int(m["content"]) for m in results)
            message = {"role": "assistant", "content": f"task {task_id}: sum={total}"}
            finish_reason = "stop"
        return {"id": "chatcmpl-test", "object": "chat.completion", "model": request["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}]}
