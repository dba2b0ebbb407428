"""`xunshi paths`: where config, state, cache and data live."""

from __future__ import annotations

import argparse

from tui.library import paths as where


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    for name, path in (
        ("config", where.config_dir()),
        ("keymap", where.keymap_file()),
        ("state", where.state_dir()),
        ("cache", where.cache_dir()),
        ("data", where.data_dir()),
        ("seeds", where.seeds_dir()),
    ):
        print(f"{name + ':':<8}{path}")
    return 0
