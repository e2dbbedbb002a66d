"""Resolve ``"pkg.module:function"`` targets, with errors that say what to fix."""

import importlib

__all__ = ["resolve"]

def resolve(target: str):
    """Return the callable named by ``target``. Each loop keeps what it resolved (so a runtime's
    targets go with it); this function itself keeps nothing.

    :raises ModuleNotFoundError: the module cannot be imported, with the
        target and the fix in the message.
    :raises AttributeError: the module has no such function.
    :raises TypeError: the attribute is not callable.
    """
    module_name, sep, attr_path = target.partition(":")
    if not sep or not module_name or not attr_path:
        raise ValueError(f"target {target!r} is not of the form 'pkg.module:function'")
    try:
        obj = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            f"cannot import module '{module_name}' for target '{target}': {err}. "
            "Is its directory on sys.path? Add it with PythonRuntime.builder().addPythonPath(...) "
            "or install the package into the Python the runtime uses.",
            name=err.name) from err
    for part in attr_path.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AttributeError(
                f"module '{module_name}' has no attribute '{attr_path}' (target '{target}')") from None
    if not callable(obj):
        raise TypeError(f"target '{target}' is a {type(obj).__qualname__}, not a function")
    return obj

