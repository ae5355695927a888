"""test_runner.py - unit tests of the Python reference runner (standard library unittest).

Run from the project root:  python3 -m unittest discover -s runners/python
The JSON expectations were worked out by hand (see each document's comment); the grep cases
pin the ASCII, line-by-line semantics of runners/README.md; the command-line cases check exit
codes and the one-line-on-stderr rule by running versus_runner.py as a child process. The agent
cases test the lookup tool, the conversation and the command line without a network; the
end-to-end ones run the runner against agent_mock_server.py, once over httpx (the default
client) and once over aiohttp (--client=aiohttp), and are skipped when this interpreter cannot
import the client (the system python3; the venv's can).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, os.pardir, "python-common"))  # versus_common
from versus_testing import needs, skip_or_fail  # noqa: E402,F401  pylint: disable=wrong-import-position

import agent_chat  # noqa: E402  pylint: disable=wrong-import-position
import agent_tools  # noqa: E402  pylint: disable=wrong-import-position
import grep_task  # noqa: E402  pylint: disable=wrong-import-position
import json_stats  # noqa: E402  pylint: disable=wrong-import-position
import versus_runner  # noqa: E402  pylint: disable=wrong-import-position
from agent_mock_server import (  # noqa: E402  pylint: disable=wrong-import-position
    MockLLMServer, expected_answer)
from versus_common import RunnerError  # noqa: E402  pylint: disable=wrong-import-position

RUNNER = os.path.join(HERE, "versus_runner.py")

# Objects: the outer one and {"z":...} = 2; one array with 3 elements; numbers 1, 2.5, -0.5;
# strings: keys b, a, c, z and the value "héllo" = 5, bytes 1+1+1+1 + 6 (é is 2 bytes) = 10;
# members 3 + 1 = 4; number_sum 1 + 2.5 - 0.5 = 3.
DOC_A = '{"b": [1, 2.5, {"z": -0.5}], "a": "h\\u00e9llo", "c": true}'
LINE_A = ("objects=2 arrays=1 numbers=3 strings=5 true=1 false=0 null=0 members=4 "
          "elements=3 string_bytes=10 number_sum=3")

# Arrays: the outer one (8 elements) and [] = 2; objects: {} = 1; strings "" (0 bytes) and
# "é😀" (2 + 4 bytes: the surrogate pair is one code point) = 2, 6 bytes; numbers 10 and -3e2.
DOC_B = '[null, false, [], {}, "", "\\u00e9\\ud83d\\ude00", 10, -3e2]'
LINE_B = ("objects=1 arrays=2 numbers=2 strings=2 true=0 false=1 null=1 members=0 "
          "elements=8 string_bytes=6 number_sum=-290")

# Member order matters: keys sorted by UTF-8 bytes are B, a, ab, b, é (0x42 < 0x61 < 0xC3).
# In that order 1 + 1 + 0.1 + 0.2 = 2.3000000000000003, + 1e16 rounds to 1e16 + 2, - 1e16
# leaves 2. In document order the 1 would be absorbed by 1e16 and the sum would differ.
# Strings: 5 keys, bytes 1 + 1 + 2 + 1 + 2 = 7; 6 numbers; one array of 2 elements.
DOC_C = '{"b": 1e16, "a": 1, "\\u00e9": -1e16, "B": 1, "ab": [0.1, 0.2]}'
LINE_C = ("objects=1 arrays=1 numbers=6 strings=5 true=0 false=0 null=0 members=5 "
          "elements=2 string_bytes=7 number_sum=2")


def stats_line(text, parser="json"):
    """Parses text (str) with parser and returns the workload's line."""
    parse_fn = json_stats.load_parser(parser)
    root = json_stats.parse(parse_fn, text.encode("utf-8"), "<test>")
    return json_stats.format_line(json_stats.walk(root))


def run_cli(*args, env=None):
    """Runs versus_runner.py with args; returns (exit code, stdout bytes, stderr text)."""
    done = subprocess.run([sys.executable, "-B", RUNNER, *args], capture_output=True,
                          env=env, check=False)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def _has_httpx():
    """True when this interpreter can import httpx (the .venv's can; the agent needs it)."""
    try:
        import httpx  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
        return True
    except ImportError:
        return False


def _has_aiohttp():
    """True when this interpreter can import aiohttp (the .venv's can; agent --client=aiohttp
    needs it)."""
    try:
        import aiohttp  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
        return True
    except ImportError:
        return False


def _has_orjson():
    """True when this interpreter can import orjson (the .venv of python-orjson can)."""
    try:
        import orjson  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
        return True
    except ImportError:
        return False


class JsonStatsTest(unittest.TestCase):
    """The json-stats counters and number_sum on hand-checked documents."""

    def test_documents(self):
        for doc, line in ((DOC_A, LINE_A), (DOC_B, LINE_B), (DOC_C, LINE_C)):
            with self.subTest(doc=doc):
                self.assertEqual(stats_line(doc), line)

    @needs(_has_orjson(), "orjson not installed for this interpreter")
    def test_orjson_agrees(self):
        for doc, line in ((DOC_A, LINE_A), (DOC_B, LINE_B), (DOC_C, LINE_C)):
            with self.subTest(doc=doc):
                self.assertEqual(stats_line(doc, "orjson"), line)

    def test_duplicate_key_counts_once(self):
        self.assertIn("members=1 ", stats_line('{"a": 1, "a": 2}'))
        self.assertTrue(stats_line('{"a": 1, "a": 2}').endswith("number_sum=2"))

    def test_lone_surrogate_counts_three_bytes(self):
        self.assertIn("string_bytes=3 ", stats_line('"\\ud800"'))

    def test_sorted_keys_follow_utf8_bytes(self):
        keys = ["b", "B", "ab", "a", "\u00e9", "\ud800", "\ue000", "\U0001f600", "\uffff", ""]
        by_bytes = sorted(keys, key=lambda k: k.encode("utf-8", "surrogatepass"))
        self.assertEqual(sorted(keys), by_bytes)

    def test_deep_nesting_is_one_clean_error(self):
        """The walk is recursive: a DOM deeper than the recursion limit (a parser could build
        one: orjson accepts 1024 levels) stops it with RecursionError, which run() reports as
        one RunnerError line, never a traceback."""
        root = []
        for _ in range(100_000):
            root = [root]
        with self.assertRaises(RecursionError):
            json_stats.walk(root)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "deep.json")
            with open(path, "w", encoding="ascii") as f:
                f.write("[]")
            with mock.patch.object(json_stats, "load_parser", return_value=lambda data: root):
                with self.assertRaisesRegex(RunnerError, "nesting too deep for the walk"):
                    json_stats.run(path)

    def test_bad_input_is_a_runner_error(self):
        bad = ["", "   ", "[1,2", "NaN", "[Infinity]", "1e400", "1" * 400, "1" * 5000,
               "[" * 100_000 + "]" * 100_000, '{"a" 1}', "1 2"]
        for text in bad:
            with self.subTest(text=text[:20]):
                with self.assertRaises(RunnerError):
                    stats_line(text)
        for raw in (b'"\xff"', b'\xef\xbb\xbf[1]', b'"\xed\xa0\x80"'):
            with self.subTest(raw=raw):
                with self.assertRaises(RunnerError):
                    json_stats.parse(json_stats.load_parser("json"), raw, "<test>")

    def test_booleans_are_not_numbers(self):
        self.assertEqual(stats_line("[true, 1, false]"),
                         "objects=0 arrays=1 numbers=1 strings=0 true=1 false=1 null=0 "
                         "members=0 elements=3 string_bytes=0 number_sum=1")

    def test_stdlib_agrees_with_json_dumps_round_trip(self):
        doc = json.loads(DOC_A)
        self.assertEqual(stats_line(json.dumps(doc)), LINE_A)


class GrepTest(unittest.TestCase):
    """grep_stream on in-memory lines: ASCII semantics, newline handling, bytes pass through."""

    def grep(self, pattern, data, ignore_case=False):
        """Returns (output bytes, matched count) of pattern over data (bytes)."""
        out = io.BytesIO()
        regex = grep_task.compile_pattern(pattern, ignore_case)
        count = grep_task.grep_stream(regex, io.BytesIO(data), out.write)
        return out.getvalue(), count

    def test_missing_final_newline_is_added(self):
        self.assertEqual(self.grep("end", b"a\nthe end"), (b"the end\n", 1))

    def test_crlf_keeps_its_carriage_return(self):
        self.assertEqual(self.grep("b", b"a\r\nb\r\n"), (b"b\r\n", 1))
        self.assertEqual(self.grep(r"b\s", b"b\r\n"), (b"b\r\n", 1))

    def test_newline_is_not_seen(self):
        self.assertEqual(self.grep(r"x\s", b"x\nx \n"), (b"x \n", 1))
        self.assertEqual(self.grep(r"x\W", b"x\n"), (b"", 0))

    def test_space_class_is_posix(self):
        data = b"a\x0bb\na\x0cb\na\tb\na b\na\rb\naxb\n"
        self.assertEqual(self.grep(r"a\sb", data)[1], 5)

    def test_word_class_and_boundary_are_ascii(self):
        self.assertEqual(self.grep(r"\w", b"\xc3\xa9\n")[1], 0)
        self.assertEqual(self.grep(r"\bcity\b", b"\xe9city\xe9\ncityscape\n_city\n")[1], 1)

    def test_ignore_case_folds_ascii_only(self):
        self.assertEqual(self.grep("PRESIDENT", b"president\n", ignore_case=True)[1], 1)
        self.assertEqual(self.grep("\u00e9", b"\xc3\x89\n", ignore_case=True)[1], 0)

    def test_bytes_pass_through(self):
        data = b"nul\x00here\n\xff\xfe bad utf8\n"
        self.assertEqual(self.grep("here|bad", data), (data, 2))

    def test_non_utf8_pattern_bytes(self):
        pattern = os.fsdecode(b"\xe9t\xe9")  # as argv would deliver it
        self.assertEqual(self.grep(pattern, b"\xe9t\xe9\nete\n"), (b"\xe9t\xe9\n", 1))

    def test_bad_pattern(self):
        with self.assertRaises(RunnerError):
            grep_task.compile_pattern("(")


class CommandLineTest(unittest.TestCase):
    """The protocol as seen from outside: exit codes, stdout, one line on stderr."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()  # pylint: disable=consider-using-with
        cls.text = os.path.join(cls.tmp.name, "in.txt")
        with open(cls.text, "wb") as f:
            f.write(b"alpha\r\nBeta\nlast")
        cls.doc = os.path.join(cls.tmp.name, "doc.json")
        with open(cls.doc, "w", encoding="utf-8") as f:
            f.write(DOC_C)
        cls.bad = os.path.join(cls.tmp.name, "bad.json")
        with open(cls.bad, "w", encoding="utf-8") as f:
            f.write("[" * 50_000)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_one_error_line(self, code, out, err):
        """Checks the failure shape: exit 2, no stdout, exactly one line on stderr."""
        self.assertEqual((code, out), (2, b""))
        self.assertEqual(err.count("\n"), 1, err)

    def test_grep_exit_codes(self):
        self.assertEqual(run_cli("grep", "a", self.text), (0, b"alpha\r\nBeta\nlast\n", ""))
        self.assertEqual(run_cli("grep", "beta", self.text, "--ignore-case")[:2],
                         (0, b"Beta\n"))
        self.assertEqual(run_cli("grep", "zzz", self.text), (1, b"", ""))

    def test_grep_errors(self):
        self.assert_one_error_line(*run_cli("grep", "(", self.text))
        self.assert_one_error_line(*run_cli("grep", "a", os.path.join(self.tmp.name, "nope")))
        self.assert_one_error_line(*run_cli("grep", "a", self.tmp.name))
        self.assert_one_error_line(*run_cli("grep", "a"))
        self.assert_one_error_line(*run_cli("frobnicate"))

    def test_json_stats(self):
        code, out, err = run_cli("json-stats", self.doc, "--repeat", "3")
        self.assertEqual((code, out.decode(), err), (0, LINE_C + "\n", ""))

    def test_json_stats_errors(self):
        self.assert_one_error_line(*run_cli("json-stats", self.bad))
        self.assert_one_error_line(*run_cli("json-stats", self.doc, "--repeat", "0"))
        self.assert_one_error_line(*run_cli("json-stats", self.doc, "--parser=yaml"))
        self.assert_one_error_line(*run_cli("json-stats", self.text))

    def test_metrics_channel(self):
        read_fd, write_fd = os.pipe()
        env = dict(os.environ, VERSUS_METRICS_FD=str(write_fd))
        done = subprocess.run([sys.executable, "-B", RUNNER, "json-stats", self.doc],
                              capture_output=True, env=env, pass_fds=(write_fd,), check=False)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as f:
            lines = f.read().decode().splitlines()
        self.assertEqual(done.returncode, 0)
        self.assertEqual([ln.split("=")[0] for ln in lines], ["read_s", "parse_s", "walk_s"])
        for line in lines:
            self.assertGreaterEqual(float(line.split("=")[1]), 0.0)

    def test_broken_metrics_channel_does_not_change_exit_code(self):
        env = dict(os.environ, VERSUS_METRICS_FD="999")
        self.assertEqual(run_cli("json-stats", self.doc, env=env)[0], 0)


class AgentToolsTest(unittest.TestCase):
    """The lookup table, lookup and the parsing of a tool call's arguments."""

    def test_table(self):
        self.assertEqual(len(agent_tools.TABLE), 64)
        self.assertEqual(agent_tools.TABLE["item-0"], 0)
        self.assertEqual(agent_tools.TABLE["item-1"], 7919)
        self.assertEqual(agent_tools.TABLE["item-63"], 63 * 7919)  # 498897 < 1000003

    def test_lookup(self):
        self.assertEqual(agent_tools.lookup("item-13", 2), 205894)  # 102947 * 2
        self.assertEqual(agent_tools.lookup("item-63", 9), 63 * 7919 * 9 % 1000003)
        self.assertEqual(agent_tools.lookup("item-63", agent_tools.MAX_N),
                         63 * 7919 * agent_tools.MAX_N % 1000003)

    def test_readme_worked_examples(self):
        # runners/README.md, "The script": task 17 with K = 2, task 42 with K = 3.
        self.assertEqual(agent_tools.TABLE["item-55"], 435545)
        self.assertEqual(agent_tools.lookup("item-55", 9), 919896)
        self.assertEqual(agent_tools.lookup("item-38", 7), 106448)
        self.assertEqual(agent_tools.lookup("item-51", 8), 230943)
        self.assertEqual(expected_answer(17, 2), "task 17: sum=919896")
        self.assertEqual(expected_answer(42, 3), "task 42: sum=337391")
        self.assertEqual(expected_answer(0, 2), "task 0: sum=0")

    def test_unknown_keys(self):
        for key in ("item-64", "item--1", "item-01", "item-", "item-1 ", "Item-1", "", 5, None):
            with self.subTest(key=key):
                with self.assertRaises(RunnerError):
                    agent_tools.lookup(key, 1)

    def test_bad_n(self):
        for n in (0, -1, True, 1.0, "2", None, agent_tools.MAX_N + 1):
            with self.subTest(n=n):
                with self.assertRaises(RunnerError):
                    agent_tools.lookup("item-1", n)

    def test_parse_arguments(self):
        self.assertEqual(agent_tools.parse_arguments('{"key": "item-7", "n": 2}'), ("item-7", 2))
        self.assertEqual(agent_tools.parse_arguments('{"n":3,"key":"x","extra":[]}'), ("x", 3))
        self.assertEqual(agent_tools.call('{"key": "item-13", "n": 2}'), "205894")

    def test_bad_arguments(self):
        bad = [None, 5, "", "not json", "[1, 2]", '"item-1"', '{"key": "item-1"}',
               '{"n": 1}', '{"key": 1, "n": 1}', '{"key": "item-1", "n": "1"}',
               '{"key": "item-1", "n": 1.5}', '{"key": "item-1", "n": true}',
               '{"key": "item-1", "n": ' + "9" * 5000 + "}", "[" * 100_000]
        for text in bad:
            with self.subTest(text=str(text)[:30]):
                with self.assertRaises(RunnerError):
                    agent_tools.call(text)


def _reply(message, finish_reason):
    """A chat completion carrying message (a dict) with finish_reason."""
    return {"choices": [{"index": 0, "message": message, "finish_reason": finish_reason}]}


TOOL_CALL = {"id": "call_1_0", "type": "function",
             "function": {"name": "lookup", "arguments": '{"key": "item-7", "n": 2}'}}


class AgentChatTest(unittest.TestCase):
    """One task's conversation: the opening messages, the request, each kind of reply."""

    def test_first_messages_and_body(self):
        messages = agent_chat.first_messages(17)
        self.assertEqual([m["role"] for m in messages], ["system", "user"])
        self.assertEqual(messages[1]["content"],
                         "task 17: look up the values you need and report their sum.")
        body = agent_chat.request_body(messages)
        self.assertEqual(body["model"], "mock-llm")
        self.assertEqual(body["tools"][0]["function"]["name"], "lookup")
        self.assertEqual(body["tools"][0]["function"]["parameters"]["required"], ["key", "n"])

    def test_tool_call_grows_the_conversation(self):
        messages = agent_chat.first_messages(1)
        reply = _reply({"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]},
                       "tool_calls")
        self.assertIsNone(agent_chat.take_reply(messages, reply))
        self.assertEqual(messages[2], {"role": "assistant", "content": None,
                                       "tool_calls": [TOOL_CALL]})
        self.assertEqual(messages[3], {"role": "tool", "tool_call_id": "call_1_0",
                                       "content": str(7 * 7919 * 2)})
        self.assertEqual(len(messages), 4)

    def test_several_tool_calls_in_one_reply(self):
        second = dict(TOOL_CALL, id="b", function={"name": "lookup",
                                                   "arguments": '{"key": "item-0", "n": 5}'})
        messages = []
        reply = _reply({"role": "assistant", "content": "", "tool_calls": [TOOL_CALL, second]},
                       "tool_calls")
        self.assertIsNone(agent_chat.take_reply(messages, reply))
        self.assertEqual([(m["role"], m.get("content")) for m in messages],
                         [("assistant", ""), ("tool", "110866"), ("tool", "0")])

    def test_final_answer(self):
        reply = _reply({"role": "assistant", "content": "task 1: sum=5"}, "stop")
        self.assertEqual(agent_chat.take_reply([], reply), "task 1: sum=5")

    def test_malformed_replies(self):
        bad = [None, [], {}, {"choices": []}, {"choices": {}}, {"choices": [None]},
               {"choices": [{"finish_reason": "stop"}]},
               _reply({"content": 5}, "stop"),
               _reply({"content": None}, "stop"),
               _reply({"content": "two\nlines"}, "stop"),
               _reply({"content": "cut"}, "length"),
               _reply({"content": None, "tool_calls": {"a": 1}}, "tool_calls"),
               _reply({"content": None, "tool_calls": [5]}, "tool_calls"),
               _reply({"content": None, "tool_calls": [dict(TOOL_CALL, id=None)]}, "tool_calls"),
               _reply({"content": None, "tool_calls": [dict(TOOL_CALL, function={
                   "name": "search", "arguments": "{}"})]}, "tool_calls"),
               _reply({"content": None, "tool_calls": [dict(TOOL_CALL, function={
                   "name": "lookup", "arguments": '{"key": "item-64", "n": 1}'})]},
                      "tool_calls")]
        for reply in bad:
            with self.subTest(reply=reply):
                messages = []
                with self.assertRaises(RunnerError):
                    agent_chat.take_reply(messages, reply)
                self.assertEqual(messages, [])


class AgentArgumentsTest(unittest.TestCase):
    """The agent subcommand's command line, parsed in-process."""

    def parse(self, *args):
        """Parses `agent ARGS...` and returns the namespace."""
        return versus_runner.build_parser().parse_args(["agent", *args])

    def test_options_in_any_order(self):
        args = self.parse("--calls", "3", "--concurrency", "5", "--url", "http://127.0.0.1:9/",
                          "--tasks", "20")
        self.assertEqual((args.url, args.tasks, args.concurrency, args.calls),
                         ("http://127.0.0.1:9/", 20, 5, 3))
        self.assertIs(args.handler, versus_runner._run_agent)  # pylint: disable=protected-access
        args = self.parse("--tasks=1", "--url=https://localhost", "--concurrency=1", "--calls=1")
        self.assertEqual((args.tasks, args.concurrency, args.calls), (1, 1, 1))

    def test_client_option(self):
        good = ["--url", "http://127.0.0.1:9", "--tasks", "2", "--concurrency", "1",
                "--calls", "2"]
        self.assertEqual(self.parse(*good).client, "httpx")
        self.assertEqual(self.parse("--client=aiohttp", *good).client, "aiohttp")
        self.assertEqual(self.parse(*good[:4], "--client", "httpx", *good[4:]).client, "httpx")
        for bad in (["--client=requests"], ["--client="], ["--client"], ["--client=AIOHTTP"]):
            with self.subTest(bad=bad):
                with self.assertRaises(versus_runner.UsageError):
                    self.parse(*good, *bad)

    def test_bad_command_lines(self):
        good = {"--url": "http://127.0.0.1:8080", "--tasks": "2", "--concurrency": "1",
                "--calls": "2"}
        changes = [("--tasks", None), ("--url", None), ("--concurrency", None),
                   ("--calls", None), ("--tasks", "0"), ("--tasks", "-3"), ("--tasks", "x"),
                   ("--concurrency", "0"), ("--calls", "0"), ("--calls", "1.5"),
                   ("--url", "127.0.0.1:8080"), ("--url", "ftp://host"), ("--url", "http://"),
                   ("--url", "http://host:port"), ("--url", "")]
        for name, value in changes:
            with self.subTest(name=name, value=value):
                options = dict(good, **{name: value})
                argv = [x for k, v in options.items() if v is not None for x in (k, v)]
                with self.assertRaises(versus_runner.UsageError):
                    self.parse(*argv)
        with self.assertRaises(versus_runner.UsageError):
            self.parse(*[x for kv in good.items() for x in kv], "--conc", "3")
        with self.assertRaises(versus_runner.UsageError):
            self.parse(*[x for kv in good.items() for x in kv], "extra")


class AgentCommandLineTest(unittest.TestCase):
    """The agent subcommand's command line and imports, run as a child process."""

    def assert_one_error_line(self, code, out, err):
        """Checks the failure shape: exit 2, no stdout, exactly one line on stderr."""
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err.count("\n"), 1, err)

    def test_bad_command_line(self):
        for argv in (["--tasks", "2"], ["--url", "http://127.0.0.1:1", "--tasks", "2",
                                        "--concurrency", "0", "--calls", "2"],
                     ["--url", "http://127.0.0.1:1", "--tasks", "2", "--concurrency", "1",
                      "--calls", "2", "--client=requests"]):
            with self.subTest(argv=argv):
                code, out, err = run_cli("agent", *argv)
                self.assert_one_error_line(code, out.decode(), err)
                self.assertIn("usage:", err)

    def test_grep_and_json_stats_do_not_import_http_clients(self):
        probe = ("import sys; sys.path.insert(0, sys.argv[1]); import versus_runner; "
                 "code = versus_runner.main(sys.argv[2:]); "
                 "print(code, 'httpx' in sys.modules, 'aiohttp' in sys.modules, "
                 "'asyncio' in sys.modules)")
        doc = os.path.join(HERE, "requirements.txt")
        for argv in (["grep", "httpx", doc], ["json-stats", RUNNER]):
            with self.subTest(argv=argv[0]):
                done = subprocess.run([sys.executable, "-B", "-c", probe, HERE, *argv],
                                      capture_output=True, check=False)
                self.assertTrue(done.stdout.decode().endswith(" False False False\n"),
                                done.stdout)

    @needs(_has_httpx() and _has_aiohttp(), "httpx or aiohttp not installed")
    def test_agent_imports_only_its_client(self):
        probe = ("import sys; sys.path.insert(0, sys.argv[1]); import versus_runner; "
                 "code = versus_runner.main(sys.argv[2:]); "
                 "sys.stderr.write(f'{code} {\"httpx\" in sys.modules} "
                 "{\"aiohttp\" in sys.modules}\\n')")
        server = MockLLMServer(calls=1).start()
        try:
            for client, expected in ((None, "0 True False"), ("httpx", "0 True False"),
                                     ("aiohttp", "0 False True")):
                with self.subTest(client=client):
                    argv = ["agent", "--url", server.url, "--tasks", "2", "--concurrency", "2",
                            "--calls", "1"] + ([f"--client={client}"] if client else [])
                    done = subprocess.run([sys.executable, "-B", "-c", probe, HERE, *argv],
                                          capture_output=True, timeout=60, check=False)
                    self.assertEqual(done.stdout, b"task 0: sum=0\ntask 1: sum=0\n")
                    self.assertEqual(done.stderr.decode(), expected + "\n")
        finally:
            server.stop()

    @unittest.skipIf(_has_aiohttp(), "aiohttp is installed for this interpreter")
    def test_missing_aiohttp_is_one_error_line(self):
        code, out, err = run_cli("agent", "--client=aiohttp", "--url", "http://127.0.0.1:1",
                                 "--tasks", "1", "--concurrency", "1", "--calls", "1")
        self.assert_one_error_line(code, out.decode(), err)
        self.assertIn("cannot import aiohttp", err)


class AgentEndToEndTests:
    """The agent subcommand run as a child process against agent_mock_server.py, over one
    HTTP client. A mixin: a TestCase subclass sets CLIENT (the --client value, None for no
    option) and MODULE (the library the client needs; the tests skip without it)."""

    CLIENT = None
    MODULE = "httpx"

    def setUp(self):
        """Skips the test when this interpreter cannot import MODULE (the .venv's can)."""
        try:
            __import__(self.MODULE)
        except ImportError:
            skip_or_fail(self, f"{self.MODULE} not installed for this interpreter")

    def run_agent(self, server, tasks, concurrency, calls, env=None, pass_fds=()):
        """Runs the runner's agent subcommand; returns (exit code, stdout text, stderr text)."""
        client = [f"--client={self.CLIENT}"] if self.CLIENT else []
        done = subprocess.run(
            [sys.executable, "-B", RUNNER, "agent", *client, "--url", server.url,
             "--tasks", str(tasks), "--concurrency", str(concurrency), "--calls", str(calls)],
            capture_output=True, env=env, pass_fds=pass_fds, timeout=60, check=False)
        return done.returncode, done.stdout.decode(), done.stderr.decode("utf-8", "replace")

    def assert_one_error_line(self, code, out, err):
        """Checks the failure shape: exit 2, no stdout, exactly one line on stderr."""
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err.count("\n"), 1, err)

    def test_answers_in_task_order(self):
        server = MockLLMServer(calls=3, latency_s=0.02).start()
        read_fd, write_fd = os.pipe()
        try:
            env = dict(os.environ, VERSUS_METRICS_FD=str(write_fd))
            code, out, err = self.run_agent(server, 20, 5, 3, env=env, pass_fds=(write_fd,))
        finally:
            os.close(write_fd)
            server.stop()
        with os.fdopen(read_fd, "rb") as f:
            metrics = f.read().decode().splitlines()
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "".join(expected_answer(i, 3) + "\n" for i in range(20)))
        self.assertEqual(out.splitlines()[1], "task 1: sum=586006")  # 110866 + 475140, by hand
        self.assertEqual((server.requests, server.wrong_tool_results), (60, 0))
        self.assertLessEqual(server.max_in_flight, 5)
        self.assertLessEqual(server.connections, 5)  # keep-alive: connections are reused
        self.assertEqual(len(metrics), 20)
        for line in metrics:
            name, value = line.split("=")
            self.assertEqual(name, "task_latency_s")
            self.assertGreaterEqual(float(value), 0.04)  # 3 calls held 20 ms each

    def test_one_call_per_task(self):
        server = MockLLMServer(calls=1).start()
        try:
            result = self.run_agent(server, 3, 8, 1)
        finally:
            server.stop()
        self.assertEqual(result, (0, "task 0: sum=0\ntask 1: sum=0\ntask 2: sum=0\n", ""))

    def test_server_errors(self):
        for mode, fragment in (("status500", "HTTP 500"), ("garbage", "not JSON"),
                               ("bad_key", "item-64")):
            with self.subTest(mode=mode):
                server = MockLLMServer(calls=2, mode=mode).start()
                try:
                    code, out, err = self.run_agent(server, 4, 2, 2)
                finally:
                    server.stop()
                self.assert_one_error_line(code, out, err)
                self.assertIn(fragment, err)
                self.assertRegex(err, r"task \d+: ")

    def test_connection_refused(self):
        server = MockLLMServer(calls=2).start()
        server.stop()  # the port is closed now
        self.assert_one_error_line(*self.run_agent(server, 2, 2, 2))


class AgentHttpxTest(AgentEndToEndTests, unittest.TestCase):
    """End to end over httpx, the default client (no --client option): the python runner."""


class AgentAiohttpTest(AgentEndToEndTests, unittest.TestCase):
    """End to end over aiohttp (agent --client=aiohttp): the python-aiohttp runner."""

    CLIENT = "aiohttp"
    MODULE = "aiohttp"


if __name__ == "__main__":
    unittest.main()
