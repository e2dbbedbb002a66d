"""What checking a result for conversion to Java costs on the loop thread.

``python result_check.py`` (with the project's ``.venv``) prints the best of 5 for
``reactor_awaitable._to_java.to_java`` on three shapes of result, the figures that
docs/architecture.md quotes: 10,000 small records, 100,000 ints, and one record.
"""

import os
import sys
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reactor-awaitable-python", "src"))

from reactor_awaitable._to_java import to_java  # noqa: E402


def main():
    record = {"id": 1, "name": "n1", "tags": ["a", "b"]}
    shapes = [
        ("10,000 records {id, name, tags: [2 str]}", [dict(record, id=i) for i in range(10_000)], 5),
        ("100,000 ints", list(range(100_000)), 5),
        ("one record", record, 100_000),
    ]
    for label, value, number in shapes:
        seconds = min(timeit.repeat(lambda: to_java(value), number=number, repeat=5)) / number
        print(f"{label:45} {seconds * 1e6:,.2f} us")


if __name__ == "__main__":
    main()
