"""The recursion limit the code sets leaves the library its own frames."""

import pytest

from reactor_awaitable._embedding import _LIBRARY_FRAMES, _own_recursion_limit


class FakeSys:
    def __init__(self, limit):
        self.limit = limit

    def getrecursionlimit(self):
        return self.limit

    def setrecursionlimit(self, limit):
        self.limit = limit


def test_the_code_reads_back_what_it_set_and_the_real_limit_has_the_librarys_frames_on_top():
    real = FakeSys(1000 + _LIBRARY_FRAMES)
    get_limit, set_limit = _own_recursion_limit(real.getrecursionlimit, real.setrecursionlimit)
    assert get_limit() == 1000
    set_limit(10)
    assert get_limit() == 10
    assert real.limit == 10 + _LIBRARY_FRAMES
    set_limit(get_limit() + 5000)  # what libraries that need depth do
    assert real.limit == 5010 + _LIBRARY_FRAMES


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-5, ValueError), (2.5, TypeError), ("10", TypeError)])
def test_a_limit_python_would_refuse_is_refused(bad, error):
    real = FakeSys(1100)
    _, set_limit = _own_recursion_limit(real.getrecursionlimit, real.setrecursionlimit)
    with pytest.raises(error):
        set_limit(bad)
    assert real.limit == 1100
