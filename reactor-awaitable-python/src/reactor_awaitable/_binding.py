"""What a Java interface bound to a Python module (``PythonRuntime.bind``) is checked against.

Java asks once, at bind time, for each method's function; the answer lists what does not fit, so
that every mismatch is reported together, before the first call.
"""

import importlib
import inspect

__all__ = ["check_functions"]


def check_functions(module_name: str, methods: list) -> list:
    """Check ``methods`` (``[function name, "mono" or "flux", argument count, java method]`` each)
    against the functions of module ``module_name``; return one line per mismatch (empty: all fit).

    A ``Mono`` method needs a coroutine function (or a plain function), a ``Flux`` method an async
    generator function; either must accept the method's arguments positionally.
    """
    try:
        module = importlib.import_module(module_name)
    except Exception as err:  # noqa: BLE001 - reported to Java as the one problem
        return [f"module '{module_name}' cannot be imported ({type(err).__name__}: {err}); "
                "check its name and the runtime's addPythonPath"]
    problems = []
    for name, kind, count, method in methods:
        fn = _attribute(module, name)
        if fn is None:
            problems.append(f"{method}: '{module_name}' has no function '{name}' (name it with "
                            "@PythonFunction(\"...\") when it is not the snake_case of the method's name)")
            continue
        if not callable(fn):
            problems.append(f"{method}: '{module_name}:{name}' is a {type(fn).__name__}, not a function")
            continue
        is_generator = inspect.isasyncgenfunction(fn)
        if kind == "flux" and not is_generator:
            what = "a coroutine function" if inspect.iscoroutinefunction(fn) else "a plain function"
            problems.append(f"{method} returns a Flux, but '{module_name}:{name}' is {what}, not an async "
                            "generator (async def with yield): return a Mono, or make it yield")
        elif kind == "mono" and is_generator:
            problems.append(f"{method} returns a Mono, but '{module_name}:{name}' is an async generator: "
                            "return a Flux")
        problem = _arguments_problem(fn, int(count))
        if problem is not None:
            problems.append(f"{method}: '{module_name}:{name}' {problem}")
    return problems


def _attribute(module, path):
    obj = module
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _arguments_problem(fn, count):
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without a signature: nothing to check
        return None
    required = maximum = 0
    unlimited = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            maximum += 1
            if parameter.default is parameter.empty:
                required += 1
        elif parameter.kind is parameter.VAR_POSITIONAL:
            unlimited = True
        elif parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            return f"has a required keyword-only parameter '{parameter.name}', which a Java call cannot pass"
    if count < required or (count > maximum and not unlimited):
        takes = f"{required}" if required == maximum and not unlimited else (
            f"at least {required}" if unlimited else f"{required} to {maximum}")
        return f"takes {takes} argument(s), the Java method passes {count}"
    return None
