"""The `kakehashi` command: `validate`, `build` and `eval`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def _validate(args: argparse.Namespace) -> int:
    from knowledge.validation import validate_all

    problems = validate_all()
    for problem in problems:
        print(problem)
    if not problems:
        print("knowledge: all files valid")
    return 1 if problems else 0


def _build(args: argparse.Namespace) -> int:
    from knowledge.training_data import build
    from knowledge.yaml_lines import KnowledgeError

    try:
        changed = build(REPO / "bot", REPO / "build")
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"build: {len(changed)} file(s) changed")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from nlu.evaluation import main as evaluate

    return evaluate(Path(args.file), Path(args.model), baseline=not args.no_baseline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kakehashi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every file under knowledge/").set_defaults(
        run=_validate)
    commands.add_parser("build", help="generate training data from knowledge/ into build/"
                        ).set_defaults(run=_build)
    evaluate = commands.add_parser("eval", help="classify every row of a TSV file with the model")
    evaluate.add_argument("file", help="TSV with the header: text lang expected also")
    evaluate.add_argument("--model", default=str(REPO / "models"),
                          help="model file or folder (default: the newest in models/)")
    evaluate.add_argument("--no-baseline", action="store_true", help="skip the BM25 baseline")
    evaluate.set_defaults(run=_eval)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
