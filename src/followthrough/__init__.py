"""Followthrough: tracks the action plans of statutory reviews until they are delivered."""

__version__ = "0.1.0"
