"""Pacer: a running club's evidence-answering bot."""

__version__ = "0.1.0"
