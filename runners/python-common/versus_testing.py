"""versus_testing.py - what the Python runners' unit tests share: a skip that cannot hide.

needs(available, reason) is unittest.skipUnless(available, reason), except that when the
environment has VERSUS_REQUIRE_ALL_TESTS=1 (scripts/test.sh sets it, so CI does) a test whose
prerequisite is missing fails instead of being skipped: a test the README promises (the agent
loop over httpx and aiohttp, orjson, the frameworks against versus mock-llm) must run in CI.
It decorates test methods and test classes.
"""

import functools
import os
import unittest

REQUIRE_ALL = os.environ.get("VERSUS_REQUIRE_ALL_TESTS") == "1"


def needs(available, reason):
    """Returns a decorator: skip when not available, or fail under VERSUS_REQUIRE_ALL_TESTS=1.

    available: bool, whether the prerequisite is there; reason: one line saying what is
    missing.
    """
    if available or not REQUIRE_ALL:
        return unittest.skipUnless(available, reason)
    message = f"required test cannot run (VERSUS_REQUIRE_ALL_TESTS=1): {reason}"

    def fail(obj):
        if isinstance(obj, type):
            def set_up(self):
                self.fail(message)
            obj.setUp = set_up
            return obj

        @functools.wraps(obj)
        def failing(self, *args, **kwargs):
            del args, kwargs
            self.fail(message)
        return failing
    return fail


def skip_or_fail(test, reason):
    """For setUp: test.skipTest(reason), or test.fail under VERSUS_REQUIRE_ALL_TESTS=1."""
    if REQUIRE_ALL:
        test.fail(f"required test cannot run (VERSUS_REQUIRE_ALL_TESTS=1): {reason}")
    test.skipTest(reason)
