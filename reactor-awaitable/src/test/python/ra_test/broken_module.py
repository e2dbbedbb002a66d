"""A module that fails on import, as a misconfigured one would."""

raise RuntimeError("this module fails on import (a missing setting)")
