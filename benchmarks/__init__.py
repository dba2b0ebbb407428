"""Benchmarks for xunshi: `python -m benchmarks` measures what users feel, beside baselines.

Kept import-free on purpose: `python -m benchmarks.bare_app` is a start-up baseline, and
anything imported here would be charged to it.
"""
