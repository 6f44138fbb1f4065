"""reviewer: a keyboard-driven terminal app for systematic reviews."""

__version__ = "0.1.0"
