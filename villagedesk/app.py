"""Composition root: paths, logging, profile, then the Qt GUI (built in villagedesk.ui)."""

from __future__ import annotations

import argparse
import sys


def run_gui(args: argparse.Namespace) -> int:
    print("图形界面尚未包含在此版本中; 请使用子命令, 见 villagedesk --help", file=sys.stderr)
    return 2
