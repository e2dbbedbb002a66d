"""What Flink's async function runs for a record (reactor_awaitable._flink), on plain asyncio."""

import asyncio
import sys
import types

import pytest

from reactor_awaitable import _flink


@pytest.fixture(autouse=True)
def targets():
    module = types.ModuleType("flink_targets")

    async def many(record):
        return None if record == 0 else [record, record * 10]

    async def stream(record):
        for k in range(record):
            yield k

    def one(record):
        return record + 1

    async def flaky(record):
        raise ConnectionError(f"down for {record}")

    def retry_connection_errors(result, error):
        return isinstance(error, ConnectionError) or result == "stale"

    async def stale(record):
        return "stale"

    def with_state(record, state):
        return f"{record}:{state['index']}"

    async def open_subtask(context):
        return {"index": context["subtask_index"]}

    closed = []
    module.__dict__.update(many=many, stream=stream, one=one, flaky=flaky, stale=stale, with_state=with_state,
                           retry_connection_errors=retry_connection_errors, open_subtask=open_subtask,
                           close_subtask=closed.append, closed=closed)
    sys.modules["flink_targets"] = module
    yield module
    del sys.modules["flink_targets"]


def run(coro):
    return asyncio.run(coro)


def test_many_outputs_from_a_list_none_an_async_generator_and_a_single_value():
    assert run(_flink.call("flink_targets:many", True, None, 3)) == [3, 30]
    assert run(_flink.call("flink_targets:many", True, None, 0)) == []
    assert run(_flink.call("flink_targets:stream", True, None, 3)) == [0, 1, 2]
    assert run(_flink.call("flink_targets:one", True, None, 3)) == [4]
    assert run(_flink.call("flink_targets:one", False, None, 3)) == 4


def test_a_sql_table_functions_outputs_take_every_argument_and_follow_the_many_outputs_rule(targets):
    async def words(text, limit):
        for word in text.split()[:limit]:
            yield {"word": word}

    targets.words = words
    assert run(_flink.outputs("flink_targets:words", "a b c", 2)) == [{"word": "a"}, {"word": "b"}]
    assert run(_flink.outputs("flink_targets:many", 0)) == []
    assert run(_flink.outputs("flink_targets:one", 1)) == [2]


def test_the_retry_predicate_turns_what_it_answers_yes_for_into_retry_requested():
    with pytest.raises(_flink.RetryRequested) as raised:
        run(_flink.call("flink_targets:flaky", False, "flink_targets:retry_connection_errors", 5))
    assert isinstance(raised.value.__cause__, ConnectionError)
    with pytest.raises(_flink.RetryRequested, match="after the result 'stale'"):
        run(_flink.call("flink_targets:stale", False, "flink_targets:retry_connection_errors", 5))
    assert run(_flink.call("flink_targets:one", False, "flink_targets:retry_connection_errors", 5)) == 6


def test_a_subtask_state_reaches_its_calls_and_close_gets_it_once(targets):
    run(_flink.open_subtask("key-1", "flink_targets:open_subtask", {"subtask_index": 1}))
    assert run(_flink.call("flink_targets:with_state", False, None, 7, "key-1")) == "7:1"
    run(_flink.close_subtask("key-1", "flink_targets:close_subtask"))
    assert targets.closed == [{"index": 1}]
    with pytest.raises(KeyError):
        run(_flink.call("flink_targets:with_state", False, None, 7, "key-1"))
