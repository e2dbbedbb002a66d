"""The pure-asyncio contender: each workload under ``asyncio.run`` in a plain ``python3`` process.

Usage: ``python asyncio_contender.py [--uvloop] W1 key=value ...``; prints one line ``RESULT {json}``.
With ``--uvloop`` (the I/O workloads' second reference) every loop is a uvloop loop. The
coroutines are the ones in ``bench_tasks`` that the other contenders run; an ``asyncio.Semaphore``
is the concurrency bound wherever the workload has one.
"""
import asyncio
import json
import resource
import statistics
import sys
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import bench_tasks


def _rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


async def _bounded(bound, coroutines):
    semaphore = asyncio.Semaphore(bound)

    async def one(coroutine):
        async with semaphore:
            return await coroutine

    return await asyncio.gather(*(one(c) for c in coroutines))


W15_KEYS = 100  # the keys W15's GETs cycle through


async def _workers(count, n, call):
    """``call(i)`` for i in range(n), each a task of its own as each of the library's calls is, by
    ``count`` workers that each start the next when theirs ends: at most ``count`` calls exist at
    once, as with the library's ``flatMap`` (gathering all n behind a semaphore would keep n tasks
    alive and cost asyncio more than the calls do)."""
    next_index = iter(range(n))

    async def worker():
        for i in next_index:
            await asyncio.create_task(call(i))

    await asyncio.gather(*(worker() for _ in range(count)))


def _timed(main):
    """Wall and CPU seconds of ``asyncio.run`` over the awaitable ``main()`` returns."""
    async def run():
        await main()
    cpu, wall = time.process_time(), time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - wall, time.process_time() - cpu


def w8(requests, inFlight, http, **_):
    """W8: ``requests`` GETs with one aiohttp session, ``inFlight`` at once, against io_server.py;
    the median of 5 runs after a warm-up of a tenth."""
    async def gets(n):
        try:
            await _workers(inFlight, n, lambda i: bench_tasks.http_get(http))
        finally:
            await bench_tasks.close_http_session()
    _timed(lambda: gets(requests // 10))
    wall, cpu = _median_of_runs(lambda: asyncio.run(gets(requests)), runs=5, warm_ups=0)  # as the JVM measures it
    return {"requestsPerSecond": requests / wall, "seconds": wall, "cpuSeconds": cpu}


def w9(roundTrips, echo, **_):
    """W9: one-byte TCP round trips to io_server.py's echo, one after another; after a warm-up of a tenth."""
    _timed(lambda: bench_tasks.echo_round_trips(echo, roundTrips // 10))
    wall, cpu = _timed(lambda: bench_tasks.echo_round_trips(echo, roundTrips))
    return {"microsPerRoundTrip": wall / roundTrips * 1e6, "seconds": wall, "cpuSeconds": cpu}


def w15(requests, inFlight, kv, **_):
    """W15: ``requests`` redis-style GETs through one pooled client, ``inFlight`` at once, against
    io_server.py's key-value store; the median of 5 runs after a warm-up of a tenth."""
    async def gets(n):
        try:
            await bench_tasks.key_value_set(kv, W15_KEYS)
            await _workers(inFlight, n, lambda i: bench_tasks.key_value_get(kv, i % W15_KEYS))
        finally:
            await bench_tasks.close_key_value_client()
    _timed(lambda: gets(requests // 10))
    wall, cpu = _median_of_runs(lambda: asyncio.run(gets(requests)), runs=5, warm_ups=0)  # as the JVM measures it
    return {"requestsPerSecond": requests / wall, "seconds": wall, "cpuSeconds": cpu}


def w10(inputs, **_):
    """W10: ``inputs`` calls of the mapped function, each its own task as in an executor, with a
    bounded window of 100, 1,000 and 10,000 in flight (the next task starts as one ends; memory stays
    bounded), after a warm-up of a tenth at each width."""
    async def window(width, n):
        slots = asyncio.Semaphore(width)
        results = []
        running = set()

        def ended(task):
            running.discard(task)
            slots.release()
            results.append(task.result())
        for x in range(n):
            await slots.acquire()
            task = asyncio.ensure_future(bench_tasks.sleep_then_increment(x))
            running.add(task)
            task.add_done_callback(ended)
        while running:
            await asyncio.wait(set(running))
        return results

    metrics, total = {}, 0.0
    for width in (100, 1_000, 10_000):
        _timed(lambda: window(width, inputs // 10))
        wall, _cpu = _timed(lambda: window(width, inputs))
        metrics[f"callsPerSecondAt{width}"] = inputs / wall
        total += wall
    metrics["callsPerSecond"] = min(metrics.values())
    metrics["seconds"] = total
    return metrics


def w1(coroutines, steps, **_):
    """W1: coroutines each awaiting asyncio.sleep(0) ``steps`` times, all at once; the median of 3 runs
    after a warm-up at a tenth, as the JVM contenders measure it."""
    async def stepping_all(n):
        await asyncio.gather(*(bench_tasks.stepping(steps) for _ in range(n)))
    asyncio.run(stepping_all(coroutines // 10))
    wall, cpu = _median_of_runs(lambda: asyncio.run(stepping_all(coroutines)), warm_ups=0)
    return {"stepsPerSecond": coroutines * steps / wall, "seconds": wall, "cpuSeconds": cpu}


def w2(calls, concurrency, **_):
    """W2: trivial coroutines, ``concurrency`` at once: that many workers each awaiting the next."""
    def main():
        return _workers(concurrency, calls, bench_tasks.increment)
    _timed(lambda: _workers(concurrency, calls // 10, bench_tasks.increment))
    wall, cpu = _timed(main)
    return {"callsPerSecond": calls / wall, "seconds": wall, "cpuSeconds": cpu}


def w3(calls, inFlight, sleep, **_):
    """W3: coroutines each awaiting a blocking time.sleep in a thread pool of ``inFlight`` threads,
    ``inFlight`` at once.

    Each job is a coroutine that submits its sleep only once the semaphore lets it run, as the
    library's ``flatMap`` subscribes the next call only when one ends. (Submitting all of them up
    front would make the pool's queue the bound: a thread that finishes takes the next sleep with no
    trip through the loop, 1.15x the ideal against 1.29x in one process.)
    """
    pool = ThreadPoolExecutor(max_workers=inFlight)

    async def job(loop):  # run_in_executor(pool): asyncio.run shuts a default executor down at exit
        return await loop.run_in_executor(pool, time.sleep, sleep)

    async def main():
        loop = asyncio.get_running_loop()
        await _bounded(inFlight, (job(loop) for _ in range(calls)))
    warm_up_end = time.perf_counter() + 4.0  # warm-up as the other contenders do: >= 2 runs and 4 s
    runs = 0
    while runs < 2 or (time.perf_counter() < warm_up_end and runs < 10):
        _timed(main)
        runs += 1
    wall, cpu = _median_of_runs(lambda: asyncio.run(main()), runs=5)  # as the JVM contenders measure W3
    pool.shutdown()
    return {"seconds": wall, "cpuSeconds": cpu, "idealSeconds": calls * sleep / inFlight}


def _median_of_runs(run, runs=3, warm_ups=1):
    """Median wall and CPU seconds of ``runs`` calls of ``run()``, after ``warm_ups`` more."""
    measured = []
    for _ in range(runs + warm_ups):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        measured.append((time.perf_counter() - wall, time.process_time() - cpu))
    measured = measured[warm_ups:]
    return statistics.median(m[0] for m in measured), statistics.median(m[1] for m in measured)


def w4(items, **_):
    """W4: a plain ``async for`` over the trivial generator."""
    async def main():
        async for _ in bench_tasks.numbers(items):
            pass
    _timed(main)  # warm-up: the whole stream once, as the other contenders do
    wall, cpu = _timed(main)
    return {"itemsPerSecond": items / wall, "seconds": wall, "cpuSeconds": cpu}


def w5(coroutines, **_):
    """W5: coroutines suspended at once on one asyncio.Event; Python memory per coroutine."""
    result = {}

    async def main():
        bench_tasks.start_tracing()
        before, rss_before = bench_tasks.python_traced_bytes(), _rss_bytes()
        tasks = [asyncio.ensure_future(bench_tasks.suspended()) for _ in range(coroutines)]
        while bench_tasks.suspended_count() < coroutines:
            await asyncio.sleep(0.01)
        python = bench_tasks.python_traced_bytes() - before
        result.update(bytesPerCoroutine=python / coroutines, pythonBytes=python, javaHeapBytes=0,
                      rssBytesPerCoroutine=(_rss_bytes() - rss_before) / coroutines)
        await bench_tasks.release_suspended()
        await asyncio.gather(*tasks)
    asyncio.run(main())
    tracemalloc.stop()
    return result


def w6(calls, warmup, **_):
    """W6: round trip of a trivial coroutine submitted from another thread to an idle running loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    for i in range(warmup):
        asyncio.run_coroutine_threadsafe(bench_tasks.increment(i), loop).result()
    samples = []
    for i in range(calls):
        start = time.perf_counter_ns()
        asyncio.run_coroutine_threadsafe(bench_tasks.increment(i), loop).result()
        samples.append(time.perf_counter_ns() - start)
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    samples.sort()
    return {"medianMicros": statistics.median(samples) / 1e3,
            "p99Micros": samples[len(samples) * 99 // 100] / 1e3}


def _millis_since_process_start():
    """Milliseconds since the kernel started this process (10 ms resolution), interpreter boot included."""
    import os
    with open("/proc/self/stat") as stat:
        start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as uptime:
        now = float(uptime.read().split()[0])
    return (now - start_ticks / os.sysconf("SC_CLK_TCK")) * 1e3


def w7(started):
    """W7: from the script's first line (and from process start) to the first result of asyncio.run."""
    asyncio.run(bench_tasks.increment(1))
    return {"startupMillis": (time.perf_counter() - started) * 1e3,
            "processStartupMillis": _millis_since_process_start()}


def main(argv):
    started = time.perf_counter()
    argv = list(argv)
    if "--uvloop" in argv:
        import uvloop
        argv.remove("--uvloop")
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    workload = argv[1]
    params = {}
    for arg in argv[2:]:
        key, value = arg.split("=", 1)
        params[key] = float(value) if "." in value else int(value)
    if workload == "W7":
        metrics = w7(started)
    else:
        metrics = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W8": w8, "W9": w9, "W10": w10, "W15": w15}[workload](**params)
    metrics.setdefault("maxRssBytes", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    print("RESULT " + json.dumps(metrics), flush=True)


if __name__ == "__main__":
    main(sys.argv)
