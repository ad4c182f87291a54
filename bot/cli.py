"""The `pacer` command: a thin layer over `bot.core`. Heavy imports happen inside the commands that need them."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from bot import __version__
from bot.core.errors import PacerError

TRACEBACK_ENV = "PACER_TRACEBACK"


def _common() -> argparse.ArgumentParser:
    """--config/--corpus/--index, accepted before or after the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("locations")
    group.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="YAML configuration file (default: ./pacer.yaml if it exists)",
    )
    group.add_argument(
        "--corpus", metavar="DIR", default=argparse.SUPPRESS, help="library folder (default: corpus/ beside the config)"
    )
    group.add_argument(
        "--index", metavar="DIR", default=argparse.SUPPRESS, help="index folder (default: index/ beside the config)"
    )
    common.add_argument(
        "--traceback",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"on an error, print its full cause too (or set {TRACEBACK_ENV}=1)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="pacer",
        parents=[common],
        description="Pacer answers running questions from the club's evidence library, with citations. "
        "With no command it runs the Discord bot when DISCORD_TOKEN is set, and otherwise opens an "
        "interactive chat in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"pacer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser(
        "ask",
        parents=[common],
        help="answer one question (or one per line from stdin)",
        description="Answer a question from the library: the short answer, how sure and why, who was studied "
        "and the sources; --full adds the evidence with its numbers, each study's certainty and the caveat. Use "
        "'-' to read one question per line from standard input; the model is loaded once. With --json, every "
        "input line, blank or not, gets one output line (its `answer` is the full reply).",
    )
    ask.add_argument("question", help="the question, in quotes; '-' reads questions from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--full", action="store_true", help="print the whole reply, evidence and caveat included")

    sub.add_parser(
        "chat",
        parents=[common],
        help="interactive chat in the terminal",
        description="Ask questions one after another; an empty line, 'quit' or Ctrl-D ends.",
    )

    index = sub.add_parser(
        "index",
        parents=[common],
        help="build or update the index from the library",
        description="Embed new and changed library chunks and write index/ atomically. "
        "Unchanged chunks keep their vectors.",
    )
    index.add_argument(
        "--check", action="store_true", help="only check: exit 1 and name the changed documents if the index is stale"
    )

    corpus = sub.add_parser(
        "corpus", parents=[common], help="library tools", description="Tools for the library of summaries."
    )
    corpus_sub = corpus.add_subparsers(dest="corpus_command", metavar="COMMAND", required=True)
    corpus_sub.add_parser(
        "check",
        parents=[common],
        help="validate every library file",
        description="Report every problem in every library file with file, line and field; exit 1 if there are any.",
    )

    run = sub.add_parser(
        "run",
        parents=[common],
        help="run the Discord bot (token from DISCORD_TOKEN)",
        description="Connect to Discord and answer in the configured channels. The token comes from the "
        "DISCORD_TOKEN environment variable, or the file named by `discord.token_file` in the config.",
    )
    run.add_argument("--debug", action="store_true", help="log at debug level")

    gaps = sub.add_parser(
        "gaps",
        parents=[common],
        help="most-asked declined questions and most down-voted answers",
        description="What curators should add next, from the bot's feedback database.",
    )
    gaps.add_argument("--limit", type=int, default=10, help="rows in each list (default: 10)")

    ev = sub.add_parser(
        "eval",
        parents=[common],
        help="measure answers on the evaluation question sets",
        description="Three question sets ship with Pacer. The real-question set (questions runners asked in "
        "public, labelled before any was run) is scored by the outcomes a member feels: right, silent (declined, "
        "or a partial reply led by the wrong summary, although the library had an answer) or wrong (a confident "
        "answer whose lead does not fit), with coverage, answered / partial / declined, top-1/top-3, intent fit, "
        "reading grade and the warning-sign replies. The warning-sign set is scored by recall and false alarms. "
        "The written set is scored by top-1, recall@3, MRR and decline rates. Each for the hybrid, dense-only "
        "and keyword-only retrievers where it applies, on the tuning and held-out halves. With none of "
        "--questions, --real and --warnings, every packaged set runs.",
    )
    ev.add_argument(
        "--questions",
        metavar="PATH",
        type=Path,
        default=None,
        help="a written question set: a YAML file or a folder of them (packaged: bot/questions/written/)",
    )
    ev.add_argument(
        "--real",
        metavar="FILE",
        type=Path,
        default=None,
        help="a real-question set (packaged: bot/questions/real/real-questions.yaml)",
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--misses",
        choices=("all", "tuning", "held-out", "none"),
        default="all",
        help="which half's misses and wrong answers to list (default: all); curators tuning should look at tuning only",
    )
    ev.add_argument(
        "--seal",
        metavar="FILE",
        type=Path,
        default=None,
        help="record the checksum of FILE's held-out half (a real-question or warning-sign set) after a "
        "deliberate change to it, and exit",
    )
    ev.add_argument(
        "--warnings",
        metavar="FILE",
        type=Path,
        default=None,
        help="a warning-sign set (packaged: bot/questions/warning/warning-signs.yaml)",
    )
    ev.add_argument(
        "--calibrate-answers",
        action="store_true",
        help="suggest retrieval.min_score, answer_min, answer_margin and question_min from the tuning halves alone, "
        "and exit",
    )
    ev.add_argument(
        "--calibrate-warnings",
        action="store_true",
        help="suggest the warning-sign meaning checks' thresholds and margins (descriptions and examples) from "
        "the tuning half alone, and exit",
    )
    return parser


def _config(args: argparse.Namespace):
    from bot.core.config import load_config

    return load_config(
        getattr(args, "config", None), corpus=getattr(args, "corpus", None), index=getattr(args, "index", None)
    )


def _pacer(args: argparse.Namespace):
    from bot.core.pacer import Pacer

    return Pacer.from_config(config=_config(args))


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.core.markdown import first_screen, full

    pacer = _pacer(args)
    questions = (line.strip() for line in sys.stdin) if args.question == "-" else iter([args.question])
    for question in questions:
        if args.question == "-" and not question and not args.json:
            continue  # with --json a blank line gets its own (declined) object: output line N answers input line N
        answer = pacer.ask(question)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            text = full(answer) if args.full else first_screen(answer)
            print(text, end="\n\n" if args.question == "-" else "\n", flush=True)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.core.answer import Answer
    from bot.core.markdown import first_screen, full

    pacer = _pacer(args)
    last: Answer | None = None
    print(
        f"Pacer: ask about running and the evidence in the club library ({len(pacer.library)} summaries). "
        "An empty line or 'quit' ends."
    )
    while True:
        try:
            question = input("\nyou> ").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in ("", "quit", "exit", "q"):
            return 0
        if question.lower() == "more" and last is not None:
            print("\n" + full(last))
            continue
        last = pacer.ask(question)
        more = "\n\n(type 'more' for the evidence)" if last.outcome != "decline" else ""
        print("\n" + first_screen(last) + more)


def cmd_index(args: argparse.Namespace) -> int:
    from bot.core.embedding import model_name
    from bot.core.index import generation_dir, staleness
    from bot.core.library import load_library

    config = _config(args)
    # Before the model loads: a broken library is reported at once, and nothing is written.
    library = load_library(config.corpus_dir, snapshot=generation_dir(config.index_dir))
    if args.check:
        stale = staleness(config.index_dir, library, model_name(config.model))
        if stale.stale:
            print(f"index in {config.index_dir} is stale: {stale.describe()} Run `pacer index` to update it.")
            return 1
        print(f"index in {config.index_dir} is up to date ({len(library)} documents).")
        return 0
    from bot.core.embedding import Embedder
    from bot.core.pacer import update_index

    embedder = Embedder(config.model, config.batch_size)

    def announce(n: int) -> None:
        print(f"embedding {n} chunk(s) with {embedder.name}…", file=sys.stderr, flush=True)

    report = update_index(config, embedder, library=library, progress=sys.stderr.isatty(), on_embed=announce)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(report.summary())
    first_build = not (report.unchanged or report.reembedded or report.removed)
    if report.changed_documents and not first_build:
        print("documents changed since the last build: " + ", ".join(report.changed_documents))
    return 0


def cmd_corpus_check(args: argparse.Namespace) -> int:
    from bot.core.library import scan_library

    config = _config(args)
    library, problems = scan_library(config.corpus_dir)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in the library at {config.corpus_dir}", file=sys.stderr)
        return 1
    print(f"library OK: {len(library)} documents in {config.corpus_dir}")
    return 0


def _reseal(path: Path) -> tuple[str, str]:
    """Reseal either kind of sealed set: a warning-sign set's questions carry `sign`, a real set's `id`."""
    import yaml

    from bot.core.real_questions import reseal
    from bot.core.warning_set import held_out_checksum, load_warning_set

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PacerError(f"{path}: cannot read it: {exc}") from None
    items = raw.get("questions") if isinstance(raw, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict) and "sign" in items[0]:
        return reseal(path, lambda p: held_out_checksum(load_warning_set(p, require_seal=False).questions))
    return reseal(path)


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.core.evaluate import evaluate, format_report, load_questions, report_json
    from bot.core.outcomes import evaluate_real, format_real_report
    from bot.core.real_questions import load_real_set
    from bot.core.warning_eval import calibrate_warnings, evaluate_warnings, format_warning_report
    from bot.core.warning_set import load_warning_set, with_real
    from bot.questions import REAL, WARNING_SIGNS, WRITTEN

    if args.seal is not None:
        old, new = _reseal(args.seal)
        print(f"{args.seal}: held-out checksum {'unchanged' if old == new else 'updated'}: {new}")
        return 0
    pacer = _pacer(args)
    ids = set(pacer.library.documents)
    explicit = any(p is not None for p in (args.questions, args.real, args.warnings))
    written_path = args.questions or (None if explicit else WRITTEN)
    real_path = args.real or (None if explicit else REAL)
    warnings_path = args.warnings or (None if explicit else WARNING_SIGNS)
    # Every set is read (and every problem reported) before anything is run.
    written = load_questions(written_path, ids) if written_path else None
    real = load_real_set(real_path, ids) if real_path else None
    warning_set = load_warning_set(warnings_path) if warnings_path else None
    if args.calibrate_answers:
        from bot.core.calibrate import calibrate_answers

        found = calibrate_answers(pacer, real, written)
        print(
            f"tuning halves ({found.questions} questions without a warning sign), calibrated there alone:\n"
            f"  answered {found.answered:.3f}, partial {found.partial:.3f}, declined {found.declined:.3f}, "
            f"wrong {found.wrong:.3f}; utility {found.utility:.3f} a question\n"
            "Put these in the config's `retrieval:` section:\n"
            f"  min_score: {found.min_score:.2f}\n  answer_min: {found.answer_min:.2f}\n"
            f"  answer_margin: {found.answer_margin:.2f}\n  question_min: {found.question_min:.2f}"
        )
        return 0
    if args.calibrate_warnings:
        if warning_set is None:
            raise PacerError("--calibrate-warnings needs a warning-sign set (--warnings FILE, or none of the options)")
        warned = calibrate_warnings(pacer, with_real(warning_set, real))
        print(
            "tuning half, calibrated there alone (examples: each author's questions against the others'):\n"
            f"  the descriptions alone catch {warned.descriptions_recall:.3f} of the signs; with the examples "
            f"{warned.meaning_recall:.3f}, flagging {warned.meaning_false_alarms:.3f} of the calm questions\n"
            f"  the patterns alone catch {warned.words_recall:.3f}; all together {warned.recall:.3f}, flagging "
            f"{warned.false_alarm_rate:.3f}\n"
            "Put these in the config:\n"
            f"warnings:\n  threshold: {warned.threshold:.2f}\n  calm_margin: {warned.calm_margin + 0.0:.2f}\n"
            f"  example_threshold: {warned.example_threshold:.2f}\n  example_margin: {warned.example_margin + 0.0:.2f}"
        )
        return 0
    real_report = evaluate_real(pacer, real) if real else None
    warning_results = evaluate_warnings(pacer, with_real(warning_set, real)) if warning_set else None
    report = evaluate(pacer, written) if written else None
    if args.json:
        print(
            json.dumps(
                {
                    "real": real_report.to_json() if real_report else None,
                    "warnings": {s: r.to_json() for s, r in warning_results.items()} if warning_results else None,
                    "written": report_json(report) if report else None,
                },
                indent=1,
            )
        )
    else:
        sections = []
        if real_report:
            sections.append(format_real_report(real_report, cases=args.misses))
        if warning_results and warning_set:
            sections.append(format_warning_report(warning_results, str(warning_set.path), cases=args.misses))
        if report:
            sections.append("written questions:\n" + format_report(report, misses=args.misses))
        print(("\n\n" + "=" * 100 + "\n\n").join(sections))
    failed = (
        bool(report and report.answer_problems)
        or bool(real_report and not real_report.sealed)
        or bool(warning_set and not warning_set.sealed)
    )
    if warning_set and not warning_set.sealed:
        print(
            f"{warning_set.path}: the held-out half no longer matches its checksum; reseal it with `pacer eval --seal`"
            " if the change was deliberate",
            file=sys.stderr,
        )
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    import logging

    from bot.discord.bot import run

    return run(_config(args), log_level=logging.DEBUG if getattr(args, "debug", False) else logging.INFO)


def cmd_gaps(args: argparse.Namespace) -> int:
    from bot.core.feedback import FeedbackStore

    config = _config(args)
    path = config.path(config.discord.feedback_db)
    if not path.exists():
        print(f"no feedback yet: {path} does not exist (the bot creates it when it answers)")
        return 0
    declined, downvoted = FeedbackStore(path).gaps(args.limit)
    print("Most-asked questions the library could not answer:")
    for gap in declined:
        print(f"  {gap.count:>4} × {gap.question}   ({gap.detail})")
    if not declined:
        print("  (none)")
    print("\nMost down-voted answers:")
    for gap in downvoted:
        print(f"  {gap.count:>4} 👎 {gap.question}   (cited: {gap.detail})")
    if not downvoted:
        print("  (none)")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """`pacer` alone: the bot when a token is set, else the terminal chat."""
    return cmd_run(args) if os.environ.get("DISCORD_TOKEN") else cmd_chat(args)


COMMANDS = {
    "ask": cmd_ask,
    "chat": cmd_chat,
    "index": cmd_index,
    "eval": cmd_eval,
    "run": cmd_run,
    "gaps": cmd_gaps,
    None: cmd_default,
}


def report_error(exc: PacerError, *, full: bool) -> None:
    """One line saying what is wrong and how to fix it; with `full`, the whole chain of causes after it (the
    errors are raised `from None` so the line stands alone, but the cause is kept and shown here)."""
    print(f"pacer: error: {exc}", file=sys.stderr)
    if full:
        exc.__suppress_context__ = False
        traceback.print_exception(exc, file=sys.stderr)
    elif exc.__context__ is not None or exc.__cause__ is not None:
        print(f"(run with --traceback or {TRACEBACK_ENV}=1 to see its cause)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "corpus":
            return cmd_corpus_check(args)
        return COMMANDS[args.command](args)
    except PacerError as exc:
        report_error(exc, full=getattr(args, "traceback", False) or os.environ.get(TRACEBACK_ENV, "") not in ("", "0"))
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
