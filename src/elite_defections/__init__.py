"""Shared logic for the elite-defections briefing: load and validate the evidence base,
check claims, record statistics, and render the briefing."""

__version__ = "0.1.0"
