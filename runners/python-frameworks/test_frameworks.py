"""test_frameworks.py - unit tests of the agent-framework runners (standard library unittest).

Run from the project root with the frameworks venv:

    runners/python-frameworks/.venv/bin/python -m unittest discover -s runners/python-frameworks

What needs no server: the lookup table (the worked examples of runners/README.md), the task
pool (order, the concurrency bound, the first failure, one-line errors), each framework's tool
and settings, and each framework's loop driven by a scripted model (a fake ChatOpenAI for
langchain, the Agents SDK's own agents.testing.ScriptedModel), including that a failing tool
ends the run. The command-line cases run versus_frameworks.py as a child process.

End to end: with VERSUS_BIN set to a built `versus` binary, both runners run against the real
`versus mock-llm` and its stats document must show every request answered, none malformed and
no wrong tool result. Without VERSUS_BIN those cases are skipped; so are the cases that need a
framework this interpreter cannot import (the system python3; the venv's can).
"""

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, os.pardir, "python-common"))  # versus_common
from versus_testing import needs, skip_or_fail  # noqa: E402,F401  pylint: disable=wrong-import-position

import lookup_tool  # noqa: E402  pylint: disable=wrong-import-position
import versus_frameworks  # noqa: E402  pylint: disable=wrong-import-position
from versus_common import RunnerError  # noqa: E402  pylint: disable=wrong-import-position

ENTRY = os.path.join(HERE, "versus_frameworks.py")
HAVE_OPENAI = importlib.util.find_spec("openai") is not None
HAVE_LANGCHAIN = HAVE_OPENAI and importlib.util.find_spec("langchain_openai") is not None
HAVE_AGENTS = HAVE_OPENAI and importlib.util.find_spec("agents") is not None
FRAMEWORKS = [name for name, have in (("langchain", HAVE_LANGCHAIN),
                                      ("openai-agents", HAVE_AGENTS)) if have]
VERSUS_BIN = os.environ.get("VERSUS_BIN")


def call_args(task_id, turn):
    """The script's tool call at turn of task_id (runners/README.md): (key, n)."""
    return f"item-{(task_id * 7 + turn * 13) % 64}", (task_id + turn) % 9 + 1


def expected_answer(task_id, calls):
    """The final answer of task_id with K = calls, computed from the README's formulas."""
    total = sum(int(lookup_tool.lookup(*call_args(task_id, t))) for t in range(calls - 1))
    return f"task {task_id}: sum={total}"


class LookupToolTest(unittest.TestCase):
    """The table and lookup() against the README's worked examples."""

    def test_table(self):
        self.assertEqual(len(lookup_tool.TABLE), 64)
        self.assertEqual(lookup_tool.TABLE["item-0"], 0)
        self.assertEqual(lookup_tool.TABLE["item-1"], 7919)
        self.assertEqual(lookup_tool.TABLE["item-55"], 435545)
        self.assertEqual(lookup_tool.TABLE["item-63"], 63 * 7919)

    def test_worked_examples(self):
        self.assertEqual(lookup_tool.lookup("item-55", 9), "919896")  # task 17, t 0
        self.assertEqual(lookup_tool.lookup("item-38", 7), "106448")  # task 42, t 0
        self.assertEqual(lookup_tool.lookup("item-51", 8), "230943")  # task 42, t 1
        self.assertEqual(lookup_tool.lookup("item-0", 1), "0")        # task 0, t 0
        self.assertEqual(expected_answer(17, 2), "task 17: sum=919896")
        self.assertEqual(expected_answer(42, 3), "task 42: sum=337391")
        self.assertEqual(expected_answer(5, 1), "task 5: sum=0")

    def test_large_n_stays_exact(self):
        n = lookup_tool.MAX_N
        self.assertEqual(lookup_tool.lookup("item-63", n), str(63 * 7919 * n % 1000003))

    def test_bad_keys_and_n(self):
        for key in ("item-64", "item-01", "item--1", "", "ITEM-1", None, 3):
            with self.assertRaises(lookup_tool.LookupToolError, msg=repr(key)):
                lookup_tool.lookup(key, 1)
        for n in (0, -1, True, 1.5, "3", None, lookup_tool.MAX_N + 1):
            with self.assertRaises(lookup_tool.LookupToolError, msg=repr(n)):
                lookup_tool.lookup("item-1", n)
        self.assertIsInstance(lookup_tool.LookupToolError("x"), ValueError)


@needs(HAVE_OPENAI, "needs the openai SDK (the frameworks venv)")
class TaskPoolTest(unittest.TestCase):
    """task_pool.run_all, check_answer and describe."""

    def setUp(self):
        import task_pool  # pylint: disable=import-outside-toplevel
        self.pool = task_pool

    def test_answers_in_task_order_within_the_bound(self):
        state = {"now": 0, "max": 0}

        async def run_task(task_id):
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
            await asyncio.sleep(0.001 * ((task_id * 7) % 5))  # finish out of order
            state["now"] -= 1
            return f"answer {task_id}"

        results = asyncio.run(self.pool.run_all(run_task, 12, 3))
        self.assertEqual([a for a, _ in results], [f"answer {i}" for i in range(12)])
        self.assertTrue(all(latency >= 0 for _, latency in results))
        self.assertEqual(state["max"], 3)

    def test_first_failure_names_its_task_and_cancels_the_rest(self):
        cancelled = []

        async def run_task(task_id):
            if task_id == 2:
                raise ValueError("broken\nreply")
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(task_id)
                raise
            return "never"

        with self.assertRaises(RunnerError) as ctx:
            asyncio.run(self.pool.run_all(run_task, 5, 5))
        self.assertEqual(str(ctx.exception), "task 2: ValueError: broken reply")
        self.assertEqual(sorted(cancelled), [0, 1, 3, 4])

    def test_bad_final_answers(self):
        for answer in (None, "", "two\nlines", "cr\r", 42, ["task 1"]):
            async def run_task(task_id, answer=answer):
                del task_id
                return answer
            with self.assertRaises(RunnerError, msg=repr(answer)):
                asyncio.run(self.pool.run_all(run_task, 1, 1))

    def test_describe_http_status(self):
        import httpx2  # pylint: disable=import-outside-toplevel
        import openai  # pylint: disable=import-outside-toplevel
        request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
        body = {"error": {"message": "'tools' must define the function 'lookup'",
                          "type": "invalid_request_error", "param": None, "code": None}}
        response = httpx2.Response(400, json=body, request=request)
        client = openai.AsyncOpenAI(base_url="http://127.0.0.1:9/v1", api_key="unused")
        exc = client._make_status_error_from_response(response)  # pylint: disable=protected-access
        self.assertIsInstance(exc, openai.BadRequestError)
        self.assertEqual(self.pool.describe(exc),
                         "Error code: 400 - 'tools' must define the function 'lookup'")

    def test_describe_connection_error_shows_the_root_cause(self):
        import httpx2  # pylint: disable=import-outside-toplevel
        import openai  # pylint: disable=import-outside-toplevel
        request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
        try:
            try:
                raise ConnectionRefusedError(111, "Connection refused")
            except ConnectionRefusedError as root:
                raise openai.APIConnectionError(request=request) from root
        except openai.APIConnectionError as exc:
            self.assertEqual(self.pool.describe(exc),
                             "APIConnectionError: Connection error. "
                             "(ConnectionRefusedError: [Errno 111] Connection refused)")

    def test_describe_is_one_short_line(self):
        text = self.pool.describe(RuntimeError("a\nb\t" + "x" * 1000))
        self.assertNotIn("\n", text)
        self.assertLessEqual(len(text), self.pool.ERROR_CHARS)
        self.assertEqual(self.pool.describe(KeyError()), "KeyError")


class _FakeChatModel:  # pylint: disable=too-few-public-methods
    """Stands in for ChatOpenAI.bind_tools(...): ainvoke returns the scripted AIMessages in
    turn and records a copy of each conversation it was sent."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.sent = []

    async def ainvoke(self, messages):
        """Records messages and returns the next scripted reply."""
        self.sent.append(list(messages))
        return self.replies.pop(0)


@needs(HAVE_LANGCHAIN, "needs langchain-openai (the frameworks venv)")
class LangchainTest(unittest.TestCase):
    """langchain_agent: the tool, the ChatOpenAI settings and the loop on a scripted model."""

    def setUp(self):
        import langchain_agent  # pylint: disable=import-outside-toplevel
        from langchain_core.messages import (  # pylint: disable=import-outside-toplevel
            AIMessage, ToolMessage)
        self.lc = langchain_agent
        self.ai, self.tool_message = AIMessage, ToolMessage

    def tool_call(self, task_id, turn, name="lookup"):
        """The AIMessage asking for turn's tool call of task_id, as the mock server would."""
        key, n = call_args(task_id, turn)
        return self.ai(content="", tool_calls=[
            {"name": name, "args": {"key": key, "n": n}, "id": f"call_{task_id}_{turn}",
             "type": "tool_call"}])

    def test_tool_schema(self):
        from langchain_core.utils.function_calling import (  # pylint: disable=C0415
            convert_to_openai_tool)
        schema = convert_to_openai_tool(self.lc.lookup)
        self.assertEqual(schema["function"]["name"], "lookup")
        self.assertEqual(schema["function"]["description"], "Look up a value in the table.")
        params = schema["function"]["parameters"]
        self.assertEqual(params["properties"]["key"]["type"], "string")
        self.assertEqual(params["properties"]["n"]["type"], "integer")
        self.assertEqual(sorted(params["required"]), ["key", "n"])

    def test_tool_answers_a_call_with_a_tool_message(self):
        call = {"name": "lookup", "args": {"key": "item-55", "n": 9}, "id": "call_17_0",
                "type": "tool_call"}
        message = asyncio.run(self.lc.lookup.ainvoke(call))
        self.assertIsInstance(message, self.tool_message)
        self.assertEqual((message.content, message.tool_call_id), ("919896", "call_17_0"))

    def test_model_settings(self):
        model = self.lc.make_model("http://127.0.0.1:9/", None)
        chat = model.bound
        self.assertEqual(chat.model_name, "mock-llm")
        self.assertEqual(chat.openai_api_base, "http://127.0.0.1:9/v1")
        self.assertEqual(chat.max_retries, 0)
        self.assertEqual(chat.request_timeout, 60.0)
        self.assertEqual(chat.openai_api_key.get_secret_value(), "unused")
        self.assertEqual([t["function"]["name"] for t in model.kwargs["tools"]], ["lookup"])

    def test_loop_runs_tools_until_the_answer(self):
        model = _FakeChatModel([self.tool_call(42, 0), self.tool_call(42, 1),
                                self.ai(content="task 42: sum=337391")])
        answer = asyncio.run(self.lc.run_task(model, 42, 4))
        self.assertEqual(answer, "task 42: sum=337391")
        self.assertEqual(len(model.sent), 3)
        first, last = model.sent[0], model.sent[2]
        self.assertEqual([m.type for m in first], ["system", "human"])
        self.assertEqual(first[1].content,
                         "task 42: look up the values you need and report their sum.")
        self.assertEqual([m.type for m in last], ["system", "human", "ai", "tool", "ai", "tool"])
        self.assertEqual([(m.tool_call_id, m.content) for m in last if m.type == "tool"],
                         [("call_42_0", "106448"), ("call_42_1", "230943")])

    def test_loop_errors(self):
        cases = [
            ([self.tool_call(1, 0, name="search")], RunnerError, "unknown tool 'search'"),
            ([self.tool_call(1, 0)] * 3, RunnerError, "no final answer after 2 model calls"),
            ([self.ai(content="", invalid_tool_calls=[
                {"name": "lookup", "args": "{bad", "id": "c", "error": "not JSON",
                 "type": "invalid_tool_call"}])], RunnerError, "malformed tool call"),
        ]
        for replies, kind, text in cases:
            with self.assertRaisesRegex(kind, text):
                asyncio.run(self.lc.run_task(_FakeChatModel(replies), 1, 2))

    def test_a_failing_tool_ends_the_task(self):
        bad = self.ai(content="", tool_calls=[
            {"name": "lookup", "args": {"key": "item-99", "n": 1}, "id": "call_1_0",
             "type": "tool_call"}])
        with self.assertRaisesRegex(lookup_tool.LookupToolError, "unknown key 'item-99'"):
            asyncio.run(self.lc.run_task(_FakeChatModel([bad]), 1, 2))


@needs(HAVE_AGENTS, "needs openai-agents (the frameworks venv)")
class OpenAIAgentsTest(unittest.TestCase):
    """openai_agents_agent: the tool, the agent's settings and Runner.run on a ScriptedModel."""

    def setUp(self):
        import openai_agents_agent  # pylint: disable=import-outside-toplevel
        from agents import set_tracing_disabled  # pylint: disable=import-outside-toplevel
        self.oa = openai_agents_agent
        set_tracing_disabled(True)

    def scripted_agent(self, steps):
        """The runner's agent with its model replaced by agents.testing.ScriptedModel(steps);
        returns (agent, model)."""
        from agents.testing import ScriptedModel  # pylint: disable=import-outside-toplevel
        model = ScriptedModel(steps)
        return self.oa.make_agent("http://127.0.0.1:9", None).clone(model=model), model

    def test_tool_schema(self):
        tool = self.oa.lookup
        self.assertEqual(tool.name, "lookup")
        self.assertEqual(tool.description, "Look up a value in the table.")
        params = tool.params_json_schema
        self.assertEqual(params["properties"]["key"]["type"], "string")
        self.assertEqual(params["properties"]["n"]["type"], "integer")
        self.assertEqual(sorted(params["required"]), ["key", "n"])

    def test_agent_settings(self):
        from agents import OpenAIChatCompletionsModel  # pylint: disable=C0415
        agent = self.oa.make_agent("http://127.0.0.1:9/", None)
        self.assertEqual(agent.instructions,
                         "You are a helpful assistant. Use the lookup tool when asked.")
        self.assertIsInstance(agent.model, OpenAIChatCompletionsModel)
        self.assertEqual(agent.model.model, "mock-llm")
        client = agent.model._client  # pylint: disable=protected-access
        self.assertEqual(str(client.base_url), "http://127.0.0.1:9/v1/")
        self.assertEqual(client.max_retries, 0)
        self.assertEqual(client.api_key, "unused")

    def test_runner_runs_tools_until_the_answer(self):
        from agents.testing import (  # pylint: disable=import-outside-toplevel
            assistant_message, function_call)
        agent, model = self.scripted_agent([
            [function_call("lookup", {"key": "item-38", "n": 7}, call_id="call_42_0")],
            [function_call("lookup", {"key": "item-51", "n": 8}, call_id="call_42_1")],
            [assistant_message("task 42: sum=337391")],
        ])
        answer = asyncio.run(self.oa.run_task(agent, 42, 4))
        self.assertEqual(answer, "task 42: sum=337391")
        calls = model.calls
        self.assertEqual(len(calls), 3)
        self.assertEqual(calls[0].input, [
            {"role": "user",
             "content": "task 42: look up the values you need and report their sum."}])
        outputs = [(item["call_id"], item["output"]) for item in calls[2].input
                   if isinstance(item, dict) and item.get("type") == "function_call_output"]
        self.assertEqual(outputs, [("call_42_0", "106448"), ("call_42_1", "230943")])

    def test_max_turns_is_enforced(self):
        from agents.exceptions import MaxTurnsExceeded  # pylint: disable=C0415
        from agents.testing import function_call  # pylint: disable=import-outside-toplevel
        agent, _ = self.scripted_agent(
            [[function_call("lookup", {"key": "item-1", "n": 1}, call_id=f"c{t}")]
             for t in range(3)])
        with self.assertRaises(MaxTurnsExceeded):
            asyncio.run(self.oa.run_task(agent, 1, 2))

    def test_a_failing_tool_ends_the_task(self):
        from agents.testing import function_call  # pylint: disable=import-outside-toplevel
        import task_pool  # pylint: disable=import-outside-toplevel
        agent, model = self.scripted_agent(
            [[function_call("lookup", {"key": "item-99", "n": 1}, call_id="call_1_0")]])
        with self.assertRaises(Exception) as ctx:
            asyncio.run(self.oa.run_task(agent, 1, 3))
        self.assertIn("unknown key 'item-99'", task_pool.describe(ctx.exception))
        self.assertEqual(len(model.calls), 1)  # the error text never went back to the model


def run_entry(args, env=None):
    """Runs versus_frameworks.py with args under this interpreter; returns CompletedProcess
    (text mode)."""
    return subprocess.run([sys.executable, "-B", ENTRY, *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


class CommandLineTest(unittest.TestCase):
    """Exit codes and the one-line-on-stderr rule, with versus_frameworks.py as a child."""

    def assert_one_error_line(self, done, needle):
        """Asserts exit 2, empty stdout and exactly one stderr line containing needle."""
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertEqual(done.stdout, "")
        lines = done.stderr.splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn(needle, lines[0])
        self.assertTrue(lines[0].startswith("versus-frameworks: "))

    def test_bad_command_lines(self):
        base = ["--url", "http://127.0.0.1:9", "--tasks", "2", "--concurrency", "1",
                "--calls", "2"]
        cases = [
            ([], "usage:"),
            (["grep", "x", "y"], "invalid choice"),
            (["agent", *base], "--framework"),
            (["agent", "--framework", "crewai", *base], "invalid choice: 'crewai'"),
            (["agent", "--framework", "langchain", *base[:-2]], "--calls"),
            (["agent", "--framework", "langchain", "--url", "http://127.0.0.1:9", "--tasks", "0",
              "--concurrency", "1", "--calls", "2"], "must be at least 1"),
            (["agent", "--framework", "langchain", "--url", "ftp://x", *base[2:]], "not an http"),
            (["agent", "--framework", "langchain", "--url", "http://h:99999", *base[2:]],
             "not an http"),
            (["agent", "--framework", "langchain", *base, "--extra"], "unrecognized"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                self.assert_one_error_line(run_entry(args), needle)

    def test_parser_accepts_options_in_any_order(self):
        args = versus_frameworks.build_parser().parse_args(
            ["agent", "--calls", "3", "--concurrency", "4", "--tasks", "5", "--url",
             "http://127.0.0.1:8080", "--framework", "openai-agents"])
        self.assertEqual((args.framework, args.url, args.tasks, args.concurrency, args.calls),
                         ("openai-agents", "http://127.0.0.1:8080", 5, 4, 3))

    @unittest.skipIf(HAVE_LANGCHAIN and HAVE_AGENTS, "this interpreter has the frameworks")
    def test_missing_framework_is_one_error_line(self):
        for framework in ("langchain", "openai-agents"):
            done = run_entry(["agent", "--framework", framework, "--url", "http://127.0.0.1:9",
                              "--tasks", "1", "--concurrency", "1", "--calls", "2"])
            self.assert_one_error_line(done, "cannot import")

    def test_connection_refused_is_one_error_line(self):
        for framework in FRAMEWORKS:
            with self.subTest(framework=framework):
                done = run_entry(["agent", "--framework", framework, "--url",
                                  "http://127.0.0.1:1", "--tasks", "3", "--concurrency", "2",
                                  "--calls", "2"])
                self.assert_one_error_line(done, "Connection error")


class MockServer:
    """`versus mock-llm` as a child process: start() returns its URL, stop() ends it."""

    def __init__(self, binary, latency_ms, calls):
        self.argv = [binary, "mock-llm", "--latency-ms", str(latency_ms), "--calls", str(calls),
                     "--quiet"]
        self.proc = None
        self.url = None

    def start(self):
        """Starts the server and waits for its `listening URL` line. Returns the URL."""
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            self.argv, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "listening":
            self.stop()
            raise RuntimeError(f"versus mock-llm did not start: {line}")
        self.url = line[1]
        return self.url

    def reset(self):
        """POSTs /_versus/reset; returns the stats document as it was."""
        req = urllib.request.Request(self.url + "/_versus/reset", data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=10) as response:
            return json.load(response)

    def stop(self):
        """Sends SIGTERM and waits for the server to exit."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.communicate(timeout=10)


@needs(VERSUS_BIN, "set VERSUS_BIN to a built versus binary")
class EndToEndTest(unittest.TestCase):
    """Both runners against the real versus mock-llm (K = 3 calls a task, 5 ms latency)."""

    CALLS = 3

    @classmethod
    def setUpClass(cls):
        cls.server = MockServer(VERSUS_BIN, 5, cls.CALLS)
        cls.url = cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def run_agent(self, framework, tasks, concurrency, calls):
        """Runs the runner with the metrics channel on fd 3; returns (CompletedProcess, the
        metrics text)."""
        read_fd, write_fd = os.pipe()
        env = dict(os.environ, VERSUS_METRICS_FD=str(write_fd))
        try:
            done = subprocess.run(
                [sys.executable, "-B", ENTRY, "agent", "--framework", framework, "--url",
                 self.url, "--tasks", str(tasks), "--concurrency", str(concurrency),
                 "--calls", str(calls)],
                capture_output=True, text=True, timeout=300, env=env, pass_fds=(write_fd,),
                check=False)
        finally:
            os.close(write_fd)
        with os.fdopen(read_fd) as metrics:
            return done, metrics.read()

    def test_answers_and_server_stats(self):
        tasks, concurrency = 9, 4
        for framework in FRAMEWORKS:
            with self.subTest(framework=framework):
                self.server.reset()
                done, metrics = self.run_agent(framework, tasks, concurrency, self.CALLS)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertEqual(done.stdout.splitlines(),
                                 [expected_answer(i, self.CALLS) for i in range(tasks)])
                names = [line.split("=")[0] for line in metrics.splitlines()]
                self.assertEqual(names, ["task_latency_s"] * tasks)
                stats = self.server.reset()
                self.assertEqual(stats["requests"], tasks * self.CALLS)
                self.assertEqual(stats["completions"], tasks)
                self.assertEqual(stats["tool_calls_sent"], tasks * (self.CALLS - 1))
                self.assertEqual((stats["malformed"], stats["wrong_tool_results"]), (0, 0))
                self.assertLessEqual(stats["max_in_flight"], concurrency)

    def test_too_few_turns_is_one_error_line(self):
        for framework in FRAMEWORKS:
            with self.subTest(framework=framework):
                done, metrics = self.run_agent(framework, 2, 2, 1)  # 2 turns, the task needs 3
                self.assertEqual(done.returncode, 2)
                self.assertEqual(done.stdout, "")
                self.assertEqual(metrics, "")
                self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)

    def test_http_error_is_one_error_line(self):
        for framework in FRAMEWORKS:
            with self.subTest(framework=framework):
                done = run_entry(["agent", "--framework", framework, "--url",
                                  self.url + "/nowhere", "--tasks", "2", "--concurrency", "1",
                                  "--calls", "2"])
                self.assertEqual(done.returncode, 2)
                self.assertEqual(done.stderr.splitlines(), [
                    "versus-frameworks: task 0: Error code: 404 - Invalid URL "
                    "(POST /nowhere/v1/chat/completions)"])


if __name__ == "__main__":
    unittest.main()
