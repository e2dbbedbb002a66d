"""numpy arrays across the boundary in one copy each way, when numpy is installed.

An ``ndarray`` result becomes the Java primitive array of its dtype (``float32`` → ``float[]``,
``float64`` → ``double[]``, ``int32`` → ``int[]``, ``int64`` → ``long[]``, ``int16`` → ``short[]``,
``int8`` → ``byte[]``, ``bool`` → ``boolean[]``), or Jep's ``NDArray`` of it with the shape for two
dimensions or more: numpy writes the bytes into a direct ``ByteBuffer`` and Java copies them into
the array, no element converted on its own. A Java primitive array argument (and an ``NDArray``)
arrives as an ``ndarray`` the same way. numpy is never a dependency: without it, ``ndarray`` results
are refused as before and arrays arrive as lists.
"""

import importlib
import sys

from . import _buffers

# dtype name -> the JavaValues kind of the Java array
_JAVA_KIND = {"float32": "F", "float64": "D", "int32": "I", "int64": "J", "int16": "S", "int8": "B", "bool": "Z"}
# Java array class name -> numpy dtype name (byte[] stays bytes; char[] a list)
_DTYPE = {"[F": "float32", "[D": "float64", "[I": "int32", "[J": "int64", "[S": "int16", "[Z": "bool"}

_numpy = None
_looked_up = False
# Whether numpy may be imported here when no code has imported it yet. Not on an isolated loop,
# where an extension without multi-phase initialisation must not be tried behind the user's back.
_may_import = True


def allow_import(allowed: bool) -> None:
    """Whether :func:`numpy` may import numpy itself (False in an isolated interpreter)."""
    global _may_import
    _may_import = allowed


def numpy():
    """The numpy module, or None when it is not installed (or not to be imported here)."""
    global _numpy, _looked_up
    if not _looked_up:
        module = sys.modules.get("numpy")
        if module is None and _may_import:
            try:
                module = importlib.import_module("numpy")
            except ImportError:
                module = None
        _numpy = module
        _looked_up = module is not None or _may_import
    return _numpy


def is_ndarray(value) -> bool:
    cls = value.__class__
    return cls.__name__ == "ndarray" and cls.__module__ == "numpy"


def java_kind(array):
    """The JavaValues kind of ``array``'s dtype, or None when Java has no primitive array for it."""
    return _JAVA_KIND.get(array.dtype.name)


def to_java(array, values):
    """``array`` (whose dtype has a :func:`java_kind`) as a Java primitive array or ``NDArray``."""
    np = numpy()
    data = array if array.dtype.isnative and array.flags.c_contiguous else \
        np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("="))
    size = data.nbytes
    buffer, view = _buffers.direct_buffer(size)
    if size:
        np.frombuffer(view, dtype=np.uint8)[:] = data.reshape(-1).view(np.uint8)  # one memcpy
    if array.ndim == 1:
        return values.vector(buffer, size, _JAVA_KIND[array.dtype.name])
    return values.array(buffer, size, _JAVA_KIND[array.dtype.name], list(array.shape))


def from_java(array, java_name, values, shape=None):
    """A Java primitive array (``java_name`` one of ``_DTYPE``'s keys) as an ``ndarray``; None when numpy
    is not there (or ``values``, outside a Java loop). An array larger than the thread's buffer is not copied again: the ``ndarray`` keeps
    the direct buffer it was read into."""
    np = numpy()
    if np is None or values is None:
        return None
    dtype = np.dtype(_DTYPE[java_name])
    size = len(array) * dtype.itemsize
    buffer, view = _buffers.direct_buffer(size)
    values.fillBuffer(buffer, array)
    result = np.frombuffer(view, dtype=dtype) if size else np.empty(0, dtype=dtype)
    if not _buffers.is_owned(size):
        result = result.copy()  # the thread's buffer is overwritten by its next conversion
    return result if shape is None else result.reshape(shape)


def has_dtype_for(java_name) -> bool:
    return java_name in _DTYPE
