"""Softlanding: a tech hub's talent-attraction programme, end to end."""

__version__ = "0.1.0"
