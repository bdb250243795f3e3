"""`make clinc150`: Kakehashi's NLU pipeline on CLINC150, the public English benchmark of intent
classification with out-of-scope questions (Larson et al. 2019; ../shared/benchmarks/clinc150,
beside the repository).

It trains `rasa train nlu` on the 150 intents of `train` plus `oos_train` as the intent
`out_of_scope`, with the pipeline of bot/config.yml as it is (`--pipeline kakehashi`) or with
Rasa's default pipeline (`--pipeline stock`, a config naming only the recipe and `en`), then
parses every `test` and `oos_test` question once with the trained model, in this process.
Nothing is trained or tuned on the test splits.

Prints in-scope accuracy (a `test` question counts when its intent is the gold one; nlu_fallback
or out_of_scope count as wrong), out-of-scope recall (an `oos_test` question counts when it is
out_of_scope or nlu_fallback), out-of-scope precision over both test splits, the training time,
and as the last line the same figures as one JSON object. With `--out DIR` the training data,
config, model and predictions stay in DIR; otherwise they go to a temporary directory.

The Kakehashi pipeline's multilingual classifier embeds every training question with e5, so a
first run adds their vectors to build/vectors.db.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from kakehashi.tools.servers import BIN, REPO

DATA = REPO.parent / "shared" / "benchmarks" / "clinc150" / "data_full.json"  # beside the repo
OUT_OF_SCOPE = "out_of_scope"
NOT_UNDERSTOOD = {OUT_OF_SCOPE, "nlu_fallback"}
MODEL_NAME = "clinc150"


def training_examples(data: dict) -> list[tuple[str, str]]:
    """In-scope `train` with its intents, `oos_train` as out_of_scope (CLINC's "oos")."""
    return [(text, intent) for text, intent in data["train"]] + [
        (text, OUT_OF_SCOPE) for text, _ in data["oos_train"]]


def write_training_data(examples: list[tuple[str, str]], path: Path) -> None:
    """Rasa's own YAML writer, read back with Rasa's reader to prove no question was changed
    (quotes, brackets and "(x)" are text here, not YAML or entity syntax)."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader, RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [Message.build(text=text, intent=intent) for text, intent in examples]
    RasaYAMLWriter().dump(path, TrainingData(training_examples=messages))
    read = RasaYAMLReader().read(path)
    if Counter((m.get("text"), m.get("intent")) for m in read.intent_examples) != Counter(examples):
        raise SystemExit(f"{path}: the training data did not read back as written")


def config_for(pipeline: str) -> dict:
    if pipeline == "stock":  # no pipeline key: Rasa trains its default pipeline
        return {"recipe": "default.v1", "language": "en"}
    config = yaml.safe_load((REPO / "bot" / "config.yml").read_text(encoding="utf-8"))
    config.pop("policies", None)
    return config


def train(workdir: Path, config: dict) -> tuple[Path, float]:
    """`rasa train nlu` from the repository root (the nlu.* components import from there)."""
    config_path, data_path = workdir / "config.yml", workdir / "nlu.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    started = time.perf_counter()
    subprocess.run([str(BIN / "rasa"), "train", "nlu", "--config", str(config_path),
                    "--nlu", str(data_path), "--out", str(workdir),
                    "--fixed-model-name", MODEL_NAME],
                   cwd=REPO, env=env, stdout=sys.stderr, check=True)
    return workdir / f"{MODEL_NAME}.tar.gz", time.perf_counter() - started


def predictions(model: Path, texts: list[str]) -> list[str | None]:
    import structlog
    from rasa.core.agent import Agent

    # Outside its CLI Rasa's structured log prints a debug line per message to stdout.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
                        logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    agent = Agent.load(model)

    async def parse_all() -> list[str | None]:
        return [((await agent.parse_message(text)).get("intent") or {}).get("name")
                for text in texts]

    return asyncio.run(parse_all())


def scores(test: list[tuple[str, str | None]], oos_test: list[str | None]) -> dict:
    """`test` as (gold, predicted); `oos_test` as predicted."""
    correct = sum(gold == predicted for gold, predicted in test)
    caught = sum(predicted in NOT_UNDERSTOOD for predicted in oos_test)
    flagged = caught + sum(predicted in NOT_UNDERSTOOD for _, predicted in test)
    return {"in_scope_accuracy": round(correct / len(test), 4),
            "oos_recall": round(caught / len(oos_test), 4),
            "oos_precision": round(caught / flagged, 4) if flagged else None,
            "n_in_scope": len(test), "n_oos": len(oos_test),
            "in_scope_correct": correct, "oos_caught": caught, "oos_flagged": flagged}


def measure(pipeline: str, data_path: Path, workdir: Path) -> dict:
    data = json.loads(data_path.read_text(encoding="utf-8"))
    write_training_data(training_examples(data), workdir / "nlu.yml")
    model, train_seconds = train(workdir, config_for(pipeline))

    texts = [text for text, _ in data["test"]] + [text for text, _ in data["oos_test"]]
    started = time.perf_counter()
    predicted = predictions(model, texts)
    parse_seconds = time.perf_counter() - started

    golds = [intent for _, intent in data["test"]] + [OUT_OF_SCOPE] * len(data["oos_test"])
    with open(workdir / "predictions.tsv", "w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, delimiter="\t")
        rows.writerow(["text", "gold", "predicted"])
        rows.writerows(zip(texts, golds, predicted))

    n = len(data["test"])
    known = {intent for _, intent in data["train"]} | NOT_UNDERSTOOD
    return {"pipeline": pipeline,
            **scores(list(zip(golds[:n], predicted[:n])), predicted[n:]),
            "n_train": len(data["train"]) + len(data["oos_train"]),
            "train_seconds": round(train_seconds, 1),
            "parses_per_second": round(len(texts) / parse_seconds, 1),
            # Intents no CLINC question has: set by a rule component (emergency, other language).
            "other_intents": dict(Counter(p for p in predicted if p not in known))}


def report(result: dict) -> None:
    def percent(key: str) -> str:
        return "n/a" if result[key] is None else f"{100 * result[key]:.1f} %"

    print(f"CLINC150, pipeline {result['pipeline']}: trained on {result['n_train']} questions "
          f"in {result['train_seconds']:.0f} s, {result['parses_per_second']} parses/s")
    print(f"in-scope accuracy       {percent('in_scope_accuracy')} "
          f"({result['in_scope_correct']} / {result['n_in_scope']})")
    print(f"out-of-scope recall     {percent('oos_recall')} "
          f"({result['oos_caught']} / {result['n_oos']})")
    print(f"out-of-scope precision  {percent('oos_precision')} "
          f"({result['oos_caught']} / {result['oos_flagged']} not understood)")
    if result["other_intents"]:
        print(f"intents outside CLINC150: {result['other_intents']}")
    print(json.dumps(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pipeline", choices=("kakehashi", "stock"), default="kakehashi")
    parser.add_argument("--out", type=Path, help="keep training data, model and predictions here")
    parser.add_argument("--data", type=Path, default=DATA, help="CLINC150's data_full.json")
    args = parser.parse_args(argv)
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        report(measure(args.pipeline, args.data, args.out.resolve()))
    else:
        with tempfile.TemporaryDirectory(prefix="clinc150-") as workdir:
            report(measure(args.pipeline, args.data, Path(workdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
