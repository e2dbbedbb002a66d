"""PyFlink's own Python async function on the Flink throughput harness's work, for its side-by-side run.

The harness (``AsyncOperatorThroughputHarness``) starts this in the PyFlink venv and sends one line per
job, ``<unordered|ordered> <capacity> <parallelism> <records>``; each job runs the same source (a
number sequence), the same coroutine (``await asyncio.sleep(0.001)``, the record out) and the same
operator settings (60 s timeout on) as the library's, into a discarding sink, and the answer is one
line: ``seconds <Flink's net run time of the job>``. A job per line, in one process, so the
interleaving is the harness's and the process's own start is paid once.
"""

import asyncio
import sys

from pyflink.common import Time, Types, WatermarkStrategy
from pyflink.datastream import AsyncDataStream, StreamExecutionEnvironment
from pyflink.datastream.connectors.number_seq import NumberSequenceSource
from pyflink.datastream.functions import AsyncFunction
from pyflink.java_gateway import get_gateway


class SleepOneMs(AsyncFunction):
    """The harness's coroutine: one millisecond of waiting, the record out."""

    async def async_invoke(self, value):
        await asyncio.sleep(0.001)
        return [value]


def run_job(mode: str, capacity: int, parallelism: int, records: int) -> float:
    """One job; Flink's net run time in seconds (deployment to finish, as the harness measures its own)."""
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(parallelism)
    env.set_python_executable(sys.executable)  # the workers' Python: this venv's, not the first on PATH
    source = env.from_source(NumberSequenceSource(0, records - 1), WatermarkStrategy.no_watermarks(), "sequence")
    wait = AsyncDataStream.ordered_wait if mode == "ordered" else AsyncDataStream.unordered_wait
    outputs = wait(source, SleepOneMs(), Time.seconds(60), capacity, Types.LONG())
    # Flink's Java discarding sink: no Python work after the async function, as in the library's job.
    outputs._j_data_stream.sinkTo(get_gateway().jvm.org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink())
    return env.execute(f"pyflink {mode} capacity {capacity} parallelism {parallelism}").get_net_runtime() / 1000.0


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        mode, capacity, parallelism, records = line.split()
        print(f"seconds {run_job(mode, int(capacity), int(parallelism), int(records))}", flush=True)


if __name__ == "__main__":
    main()
