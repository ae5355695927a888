"""agent_settings.py - what points both frameworks at versus mock-llm, and the task's prompts.

Both frameworks talk to the server through the openai SDK (langchain_openai.ChatOpenAI wraps an
openai.AsyncOpenAI; the Agents SDK's OpenAIChatCompletionsModel takes one), so both get the same
settings: the Chat Completions endpoint under URL/v1, a placeholder API key (the server ignores
it, the SDK refuses to start without one), no SDK retries (a failure must end the run, never be
retried silently), a 60 s timeout, and one shared HTTP client whose pool holds at most C
keep-alive connections (runners/README.md, "What a runner does").
"""

import httpx2  # the HTTP library of openai>=3 (an API-identical successor of httpx)
import openai

MODEL = "mock-llm"
API_KEY = "unused"
# Seconds allowed for connecting, each read and each write of one request.
TIMEOUT_S = 60.0
MAX_RETRIES = 0
SYSTEM_PROMPT = "You are a helpful assistant. Use the lookup tool when asked."


def user_prompt(task_id):
    """Returns the first user message of task task_id (an int): the server reads the ID from
    its `task <ID>`."""
    return f"task {task_id}: look up the values you need and report their sum."


def openai_base_url(url):
    """Returns the base URL the openai SDK takes for a server at url (str, e.g.
    http://127.0.0.1:8080): url + "/v1", so requests go to url/v1/chat/completions."""
    return url.rstrip("/") + "/v1"


def pooled_http_client(concurrency):
    """Returns a new openai.DefaultAsyncHttpxClient (the SDK's own default client: its timeout
    and redirect settings) whose pool holds at most concurrency (int >= 1) connections, all
    kept alive. The caller closes it (async with)."""
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return openai.DefaultAsyncHttpxClient(limits=limits, timeout=TIMEOUT_S)
