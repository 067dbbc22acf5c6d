"""The learning graph service: statutory case review learning for the police, as a graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("learning-graph-service")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
