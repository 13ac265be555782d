"""The ``coach`` command line: the parser and the entry point. Each command group lives in its
own module (ask and profile, maintenance, exposure, evals)."""

from __future__ import annotations

import argparse
import logging
import sys

from coach.config import load_settings


def build_parser(settings_loader=load_settings) -> argparse.ArgumentParser:
    from coach.cli import ask, evals, exposure, maintenance

    parser = argparse.ArgumentParser(prog="coach", description="Career Coach: a pro-worker AI career coach.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)
    ask.add_commands(sub)
    ask.add_account_commands(sub)
    maintenance.add_commands(sub)
    exposure.add_commands(sub, settings_loader)
    evals.add_commands(sub, settings_loader)
    parser.set_defaults(settings_loader=settings_loader)
    return parser


def main(argv: list[str] | None = None, settings_loader=load_settings) -> int:
    parser = build_parser(settings_loader)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        settings = settings_loader()
    except Exception as exc:  # pydantic's message names the bad variable
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    args.settings = settings
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
