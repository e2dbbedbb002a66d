"""The package's version: the Maven artifacts' version without -SNAPSHOT (VersionTest checks it)."""

__version__ = "0.1.0"
