"""Screens pushed over the explorer."""
