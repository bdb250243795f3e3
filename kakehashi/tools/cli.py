"""The `kakehashi` command: `validate`, `stamp-translations`, `build`, `eval`, `rank`, `report`,
`purge` and `staff add`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def _validate(args: argparse.Namespace) -> int:
    from knowledge.freshness import stale_facts
    from knowledge.validation import validate_all

    problems = validate_all()
    for problem in problems:
        print(problem)
    if not problems:
        print("knowledge: all files valid")
    stale = stale_facts(args.stale) if args.stale is not None else []
    for fact in stale:
        print(fact)
    if args.stale is not None and not stale:
        print(f"knowledge: every source checked in the last {args.stale} days")
    if args.similar:  # a list to look at, not an error
        from knowledge.encoder import encoder
        from knowledge.similar_entries import similar_entries

        for pair in similar_entries(encoder(), shown_from=REPO):
            print(pair)
    return 1 if problems or stale else 0


def _stamp_translations(args: argparse.Namespace) -> int:
    import datetime as dt

    from knowledge.translations import stamp

    for name in args.files:
        print(f"{name}: {stamp(Path(name), dt.date.today())} translation record(s) stamped")
    return 0


def _build(args: argparse.Namespace) -> int:
    from knowledge.training_data import build
    from knowledge.yaml_lines import KnowledgeError

    try:
        changed = build(REPO / "bot", REPO / "build")
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"build: {len(changed)} file(s) changed")
    _embed_knowledge()
    return 0


def _embed_knowledge() -> None:
    """Fills the vector cache (build/vectors.db) with every question and answer, on all cores, so
    the servers start with nothing to embed (an edit later embeds only what changed)."""
    from knowledge.encoder import encoder
    from knowledge.entries import ENTRIES_DIR
    from knowledge.store import EntryStore, FaqStore

    count = len(EntryStore(encoder(), ENTRIES_DIR, FaqStore()).entries())
    print(f"build: vectors of {count} entries and every topic's questions are ready")


def _eval(args: argparse.Namespace) -> int:
    from nlu.evaluation import main as evaluate

    return evaluate(Path(args.file), Path(args.model), baseline=not args.no_baseline)


def _rank(args: argparse.Namespace) -> int:
    from knowledge.ranking import rank_files

    return rank_files(Path(args.corpus), Path(args.queries), args.top)


def _report(args: argparse.Namespace) -> int:
    import datetime as dt

    from knowledge import unanswered
    from knowledge.directory import Directory

    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=args.days) if args.days else None
    found = unanswered.groups(Directory().engine, since)
    if found:
        from knowledge.encoder import encoder
        from knowledge.entries import ENTRIES_DIR
        from knowledge.store import EntryStore, FaqStore

        entries = EntryStore(encoder(), ENTRIES_DIR, FaqStore())
        found = unanswered.with_closest_entries(
            found, lambda text: [e.id for e in entries.closest(text, 3, floor=0.0)])
    print(unanswered.as_csv(found) if args.format == "csv" else unanswered.as_markdown(found))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from knowledge.directory import database_url
    from knowledge.retention import DEFAULT_DAYS, purge

    days = args.days or DEFAULT_DAYS
    # make run's conversations (SQLite) and, in production, Rasa's events in DATABASE_URL.
    stores = [f"sqlite:///{os.environ.get('CONVERSATIONS_DB', REPO / 'build' / 'conversations.db')}",
              database_url()]
    done = purge(stores, database_url(), days)
    print(f"purge: {done.conversations} conversations ({done.events} events) and "
          f"{done.unanswered_questions} unanswered questions older than {days} days deleted")
    return 0


def _staff_add(args: argparse.Namespace) -> int:
    import getpass

    from sqlalchemy import create_engine

    from knowledge.directory import database_url
    from knowledge.staff import add_account

    password = (sys.stdin.readline().rstrip("\n") if args.password_stdin
                else getpass.getpass(f"Password for {args.name}: "))
    try:
        add_account(create_engine(database_url(), future=True), args.name, args.role, password)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"staff: {args.name} ({args.role}) can log in at /staff/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kakehashi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every file under knowledge/")
    validate.add_argument("--stale", type=int, nargs="?", const=365, metavar="DAYS",
                          help="also list sources and secondary facts not checked for DAYS days "
                               "(default 365)")
    validate.add_argument("--similar", action="store_true",
                          help="also list FAQ entries that may mean the same (to merge)")
    validate.set_defaults(run=_validate)
    stamp = commands.add_parser("stamp-translations",
                                help="after checking a file's translations: record the texts "
                                     "they were made from (validate then names any that go stale)")
    stamp.add_argument("files", nargs="+", metavar="FILE")
    stamp.set_defaults(run=_stamp_translations)
    commands.add_parser("build", help="generate training data from knowledge/ into build/"
                        ).set_defaults(run=_build)
    evaluate = commands.add_parser("eval", help="classify every row of a TSV file with the model")
    evaluate.add_argument("file", help="TSV with the header: text lang expected also")
    evaluate.add_argument("--model", default=str(REPO / "models"),
                          help="model file or folder (default: the newest in models/)")
    evaluate.add_argument("--no-baseline", action="store_true", help="skip the BM25 baseline")
    evaluate.set_defaults(run=_eval)
    rank = commands.add_parser("rank", help="rank a corpus of FAQ entries for each query, with "
                                             "the assistant's own retriever")
    rank.add_argument("--corpus", required=True, help='JSONL: {"id", "question", "answer"} a line')
    rank.add_argument("--queries", required=True, help="TSV with the header: id text")
    rank.add_argument("--top", type=int, default=10)
    rank.set_defaults(run=_rank)
    report = commands.add_parser("report", help="the most frequent unanswered questions, grouped")
    report.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    report.add_argument("--days", type=int, default=30, help="look back this many days (0: all)")
    report.set_defaults(run=_report)
    purge = commands.add_parser("purge", help="delete conversations and unanswered questions "
                                              "older than DAYS days")
    purge.add_argument("--days", type=int, default=None, metavar="DAYS",
                       help="keep this many days (default: DEFAULT_DAYS of knowledge/retention.py)")
    purge.set_defaults(run=_purge)
    staff = commands.add_parser("staff", help="staff console accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_commands.add_parser("add", help="create an account (or set its role and password)")
    add.add_argument("name")
    add.add_argument("--role", choices=["editor", "viewer"], required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=_staff_add)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
