"""Imported only by PythonRuntime.builder().preload(...) in ProcessGuardsTest."""

LOADED = True
