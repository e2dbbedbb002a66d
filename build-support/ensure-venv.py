#!/usr/bin/env python3
"""Create or refresh the project-local virtualenv that the build and tests use.

Run by Maven (``initialize`` phase of every module) with the Python that should
back the venv. The venv holds jep (pinned to the pom's ``jep.version``, so the
native part matches the Java jar) and the packages in
``build-support/python-requirements.txt``. It is created on first build,
reused while a stamp of the pins matches, and rebuilt when a pin changes.

When the machine lacks something jep needs, this script stops the build with a
message that names what is missing and how to fix it.

The matrix legs (``--also-pythons``: a venv per other Python; the last leg also runs on a second
JDK) are made when their Python and JDK are installed. A missing one is skipped, not a failure,
unless ``--require-legs`` (CI); ``--legs-file`` records which legs run, for the test executions and
the summary line at the end of the build.
"""

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

STAMP_NAME = ".reactor-awaitable-stamp.json"
# --jep-version none: a plain venv of the requirements only, for the benchmarks' contenders.
NO_JEP = "none"
MIN_PYTHON = (3, 11)


class SetupError(Exception):
    """A missing prerequisite, with the fix in the message."""


def fail(message: str) -> "None":
    sys.stderr.write("\n[reactor-awaitable] Python setup failed:\n" + message.rstrip() + "\n\n")
    sys.exit(1)


def check_python(choose_python: str) -> None:
    if sys.version_info < MIN_PYTHON:
        raise SetupError(
            f"{sys.executable} is Python {sys.version.split()[0]}; reactor-awaitable needs "
            f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer.\n"
            f"Fix: name a newer one with {choose_python}."
        )
    if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        raise SetupError(
            f"{sys.executable} was built without a shared libpython (--enable-shared); "
            "Jep embeds CPython through it.\n"
            "Fix: use a Python built with a shared library, e.g. Debian's python3 with "
            "python3-dev, or `PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.11`, "
            f"and name it with {choose_python}."
        )
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.exists():
        raise SetupError(
            f"Python headers are missing ({include} not found); building jep needs them.\n"
            "Fix: install them (Debian: apt-get install python3-dev)."
        )


def check_jdk(java_home: Path) -> None:
    if not (java_home / "include" / "jni.h").exists():
        raise SetupError(
            f"No JDK headers under {java_home} (include/jni.h not found); building jep "
            "needs a full JDK, not a JRE.\n"
            "Fix: install a JDK (Debian: apt-get install openjdk-17-jdk-headless) and run "
            "Maven with JAVA_HOME pointing at it."
        )


def check_compiler() -> None:
    """jep's native part is compiled with the compiler this Python was built with (its CC), or $CC."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "gcc").split()[0]
    if shutil.which(compiler) is None:
        raise SetupError(
            f"No C compiler: `{compiler}` is not on the PATH; building jep's native part needs one.\n"
            "Fix: install gcc (Debian: apt-get install gcc), or name another compiler in $CC."
        )


# pip's words when it cannot reach the package index (or the index lacks the name).
_UNREACHABLE = ("Failed to establish a new connection", "Temporary failure in name resolution",
                "Network is unreachable", "Connection refused", "ProxyError", "Max retries exceeded",
                "Could not fetch URL", "No matching distribution found", "Read timed out")


def wanted_stamp(jep_version: str, requirements: Path) -> dict:
    return {
        "python": os.path.realpath(sys.executable),
        "python_version": sys.version,
        "jep": jep_version,
        "requirements_sha256": hashlib.sha256(requirements.read_bytes()).hexdigest(),
    }


def read_stamp(venv: Path):
    try:
        return json.loads((venv / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return None


def run(cmd, env=None, what=""):
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-25:])
        raise SetupError(f"{what} failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n{tail}")
    return proc.stdout


def create_venv(venv: Path, jep_version: str, requirements: Path, java_home: Path) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    print(f"[reactor-awaitable] creating {venv} with {sys.executable}", flush=True)
    try:
        run([sys.executable, "-m", "venv", str(venv)], what="creating the virtualenv")
    except SetupError as err:
        raise SetupError(
            f"{err}\nFix: make the venv module available (Debian: apt-get install python3-venv)."
        ) from None
    py = venv / "bin" / "python"
    env = dict(os.environ, JAVA_HOME=str(java_home))
    print(f"[reactor-awaitable] installing " + ("" if jep_version == NO_JEP else f"jep=={jep_version} (builds its native part) and ")
          + f"the packages of {requirements.name}", flush=True)
    try:
        # jep is built here, against this interpreter: never from pip's wheel cache, which keys a
        # wheel by its tag (cp311) only, so another 3.11 (pyenv's, Debian's) could hand over a
        # libjep.so linked to its own libpython.
        if jep_version != NO_JEP:
            run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-cache-dir",
                 f"jep=={jep_version}"], env=env, what="pip install jep")
        run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q",
             "-r", str(requirements)], env=env, what="pip install")
    except SetupError as err:
        if any(words in str(err) for words in _UNREACHABLE):
            raise SetupError(
                f"{err}\nFix: pip could not get a package from the package index (PyPI, or the one "
                "PIP_INDEX_URL / pip.conf names): check the network and pip's proxy settings "
                "(HTTPS_PROXY, PIP_INDEX_URL), and that every package name and version exists there."
            ) from None
        raise SetupError(
            f"{err}\nFix: check that gcc is installed and that JAVA_HOME points at a JDK."
        ) from None


def find_python(version: str) -> str:
    """An interpreter of ``version`` (e.g. "3.12"): installed by pyenv (newest patch first), or on PATH."""
    on_path = shutil.which(f"python{version}")
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"),
                        key=lambda path: [int(part) for part in path.split("/versions/")[1].split("/")[0].split(".")
                                          if part.isdigit()], reverse=True)
    if on_path and "/shims/" not in on_path:  # a pyenv shim answers only for the selected versions
        candidates.append(on_path)
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise SetupError(
        f"No Python {version} found ({pyenv_root}/versions/{version}.*, or python{version} on PATH).\n"
        f"Fix: install it with a shared libpython, e.g. `PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install "
        f"{version}`"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", required=True, type=Path)
    parser.add_argument("--jep-version", required=True, help=f"'{NO_JEP}' for a venv without jep")
    parser.add_argument("--requirements", required=True, type=Path)
    parser.add_argument("--java-home", required=True, type=Path)
    parser.add_argument("--python-version", default="",
                        help="build the venv with this Python (e.g. 3.12) instead of the one running this script")
    parser.add_argument("--also-pythons", default="",
                        help="comma-separated versions (e.g. 3.12,3.13) whose venvs, .venv-<version> beside "
                             "--venv, are made too: the build's matrix legs")
    parser.add_argument("--require-legs", default="false",
                        help="true: fail when a matrix leg's Python or the second JDK is missing (default: skip that leg)")
    parser.add_argument("--legs-file", type=Path,
                        help="write which legs run here (a properties file the build reads)")
    parser.add_argument("--second-jdk", type=Path,
                        help="the script that finds the second JDK (`--home` prints it), for the last leg")
    parser.add_argument("--choose-python", default="-Dbootstrap.python=/path/to/python3",
                        help="how the user names another Python, for the error messages")
    parser.add_argument("--print-python", action="store_true",
                        help="only print the interpreter --python-version names, and exit")
    args = parser.parse_args()

    if args.python_version and f"{sys.version_info[0]}.{sys.version_info[1]}" != args.python_version:
        try:
            python = find_python(args.python_version)
        except SetupError as err:
            fail(str(err))
        if args.print_python:
            print(python)
            return
        os.execv(python, [python, __file__] + sys.argv[1:])
    if args.print_python:
        print(sys.executable)
        return

    ensure(args.venv, args.jep_version, args.requirements, args.java_home, args.choose_python)
    versions = [version for version in args.also_pythons.split(",") if version]
    skipped = {}  # leg -> how to add it
    for index, version in enumerate(versions):
        last = index == len(versions) - 1
        missing = missing_prerequisite(version, args.second_jdk if last else None)
        if missing is not None:
            if args.require_legs in ("true", ""):
                fail(missing)
            skipped[version] = missing.splitlines()[-1]
            print(f"[reactor-awaitable] matrix leg skipped: {missing.splitlines()[0]}", flush=True)
            continue
        leg = subprocess.run([sys.executable, __file__, "--venv", str(args.venv.parent / f".venv-{version}"),
                              f"--python-version={version}", "--jep-version", args.jep_version,
                              "--requirements", str(args.requirements), "--java-home", str(args.java_home)])
        if leg.returncode != 0:
            sys.exit(leg.returncode)
    if args.legs_file is not None:
        write_legs(args.legs_file, versions, skipped, distribution_python())


def missing_prerequisite(version: str, second_jdk):
    """None when the leg of Python ``version`` (and, for the last leg, the second JDK) can run; else
    what is missing, its last line the fix."""
    try:
        find_python(version)
    except SetupError as err:
        return str(err)
    if second_jdk is not None:
        found = subprocess.run([str(second_jdk), "--home"], capture_output=True, text=True)
        if found.returncode != 0:
            return found.stderr.strip().replace("[reactor-awaitable] ", "")
    return None


DISTRIBUTION_PYTHON = "/usr/bin/python3"


def distribution_python():
    """The Linux distribution's own python3 when a venv with jep can be made from it (3.11+, a shared
    libpython, its headers, the venv module with pip), else None."""
    probe = ("import os, sys, sysconfig, importlib.util as u; print(sys.version_info >= (3, 11) "
             "and bool(sysconfig.get_config_var('Py_ENABLE_SHARED')) "
             "and os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')) "
             "and u.find_spec('ensurepip') is not None)")
    try:
        answer = subprocess.run([DISTRIBUTION_PYTHON, "-c", probe], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return DISTRIBUTION_PYTHON if answer.stdout.strip() == "True" else None


def write_legs(path: Path, versions: list, skipped: dict, system_python) -> None:
    """``matrix.leg<N>.skip`` for each leg (N its position, from 1), ``example.python`` (the Python the
    getting-started example is built with: the distribution's own when it has a usable one) and
    ``matrix.summary``, one line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"matrix.leg{index + 1}.skip={'true' if version in skipped else 'false'}"
             for index, version in enumerate(versions)]
    lines.append(f"example.python={system_python or sys.executable}")
    if not versions:
        summary = "Matrix legs: none in this build (-Dmatrix.skip, or a demo); the default Python and JDK only."
    elif not skipped:
        summary = f"Matrix legs: all ran (Python {', '.join(versions)}; the last on the second JDK)."
    else:
        summary = "Matrix legs skipped (not a failure; -Dmatrix.require makes it one): " + "; ".join(
            f"Python {version}: {fix}" for version, fix in skipped.items()) + "."
    summary += (f" The getting-started example builds with the distribution's {system_python}." if system_python
                else f" No usable {DISTRIBUTION_PYTHON} (3.11+, shared libpython, python3-dev, python3-venv): "
                     f"the getting-started example builds with {sys.executable}.")
    lines.append("matrix.summary=" + summary.replace("\\", "\\\\"))
    path.write_text("\n".join(lines) + "\n")


def ensure(venv: Path, jep_version: str, requirements: Path, java_home: Path, choose_python: str) -> None:
    """Make ``venv`` with the running Python unless it is there with the wanted pins."""
    stamp = wanted_stamp(jep_version, requirements)
    if read_stamp(venv) == stamp and (venv / "bin" / "python").exists():
        return
    try:
        if jep_version != NO_JEP:
            check_python(choose_python)
            check_jdk(java_home)
            check_compiler()
        create_venv(venv, jep_version, requirements, java_home)
    except SetupError as err:
        fail(str(err))
    (venv / STAMP_NAME).write_text(json.dumps(stamp, indent=2) + "\n")
    print(f"[reactor-awaitable] {venv} is ready", flush=True)


if __name__ == "__main__":
    main()
