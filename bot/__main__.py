"""Command line: ask | kb check | kb download | bench | console | replay | run."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from pathlib import Path

from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build


def _kb_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kb",
        action="append",
        type=Path,
        metavar="PATH",
        help="knowledge file or folder (repeatable, later ones override earlier ones; "
        "default: KNOWLEDGE_PATHS from the environment or .env, as `run` reads it, "
        "else the shipped knowledge/)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Returning Officer: UK general election answers."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer one question, or one per line with --jsonl")
    _kb_option(ask)
    ask.add_argument(
        "--jsonl", action="store_true", help="read questions on stdin, write JSON lines"
    )
    ask.add_argument(
        "--chart",
        type=Path,
        metavar="DIR",
        help="also write the answer's chart(s) as PNG files into DIR",
    )
    ask.add_argument(
        "--all",
        dest="everything",
        action="store_true",
        help="print every item of a long list (by default the first ten and how many more)",
    )
    ask.add_argument(
        "question", nargs="*", help="e.g. '!result South West Norfolk' or 'who won Hendon?'"
    )

    kb = commands.add_parser("kb", help="knowledge base tools")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_commands.add_parser(
        "check", help="load the knowledge base and report what was loaded"
    )
    _kb_option(check)
    check.add_argument(
        "--all-warnings",
        action="store_true",
        help="list every warning (by default they are counted in one line, by file)",
    )
    download = kb_commands.add_parser("download", help="fetch the official Commons Library results")
    download.add_argument(
        "--to", type=Path, default=Path("data"), help="folder to write to (default: data)"
    )
    download.add_argument(
        "--from",
        dest="base_url",
        default=None,
        metavar="URL|DIR",
        help="a mirror (URL) or a folder of the published files to fetch from instead",
    )
    download.add_argument("--history", action="store_true", help="also fetch the 1918-2019 results")
    download.add_argument(
        "--members",
        action="store_true",
        help="also fetch the Library's list of MPs elected in 2024 (xlsx; needs openpyxl)",
    )

    bench = commands.add_parser("bench", help="measure build time, memory and answer latency")
    _kb_option(bench)
    bench.add_argument("--repeat", type=int, default=3, help="timed passes over every seat")

    console = commands.add_parser(
        "console", help="an interactive prompt that answers as the bot would"
    )
    _kb_option(console)
    console.add_argument(
        "--chart", type=Path, metavar="DIR", help="write each answer's chart(s) as PNG into DIR"
    )

    console.add_argument(
        "--replay", metavar="ELECTION", help="replay that election's night while you ask questions"
    )
    console.add_argument(
        "--speed", type=float, default=600.0, help="replay speed: N times real time (0: no waiting)"
    )

    replay = commands.add_parser(
        "replay", help="play an election's night in declaration order, announcing each result"
    )
    _kb_option(replay)
    replay.add_argument("election", help="e.g. 2019")
    replay.add_argument(
        "--chart",
        type=Path,
        metavar="DIR",
        help="write the map into DIR when a party reaches a majority and when the last seat declares",
    )
    replay.add_argument(
        "--speed", type=float, default=0.0, help="N times faster than real time (0: no waiting)"
    )

    run = commands.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    _kb_option(run)
    return parser


def _settings():
    """The settings `run` reads (the environment and `.env`), or None when they do not validate:
    the commands that need no Discord still work, on the defaults, and say so once."""
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        print(f"Settings ignored, using the defaults: {error}", file=sys.stderr)
        return None


def knowledge_paths(flags: list[Path] | None, settings) -> list[Path]:
    """--kb flags if given, else KNOWLEDGE_PATHS (as `run` reads it), else the shipped knowledge."""
    if flags:
        return list(flags)
    return list(settings.knowledge_paths) if settings is not None else [SHIPPED_KNOWLEDGE]


def _snapshots(settings) -> Path | None:
    """Where built bases are kept (DATA_DIR's snapshot folder), as the bot would keep them."""
    from bot.kb.snapshot import folder_in

    return folder_in(settings.data_dir) if settings is not None else None


def _load(paths: list[Path], settings=None):
    return _load_engine(paths, settings)[0]


def _load_engine(paths: list[Path], settings=None):
    """The base and its engine: from the snapshot in DATA_DIR when current, else built."""
    from bot.store import start

    prefix = settings.command_prefix if settings is not None else "!"
    try:
        return start(paths, prefix, _snapshots(settings))
    except KnowledgeBaseError as error:
        print("The knowledge base could not be loaded:", file=sys.stderr)
        for problem in error.problems[:20]:
            print(f"  error: {problem}", file=sys.stderr)
        if len(error.problems) > 20:
            print(f"  ... and {len(error.problems) - 20} more", file=sys.stderr)
        raise SystemExit(1) from None


def answer_safely(engine, question: str):
    """One answer; an unexpected failure becomes an apology (and a log line), never a traceback."""
    from bot.answer.models import Answer

    try:
        return engine.ask(question)
    except Exception:  # one bad question must not end a whole batch
        logging.getLogger("bot").exception("could not answer %r", question)
        return Answer(
            kind="help",
            title="Sorry, something went wrong",
            lines=(
                "I couldn't answer that one; the problem has been logged. Please try rephrasing it.",
            ),
        )


# Characters that some readers take as line breaks although JSON leaves them as they are.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(record: dict) -> bytes:
    """One JSON object as one line of valid UTF-8, whatever the text holds (lone surrogates
    included), so every reader splits the output exactly where we did."""
    text = json.dumps(record, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text.encode("utf-8", "backslashreplace") + b"\n"


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.answer.text import render_text
    from bot.console import charts_note, write_charts

    settings = _settings()
    _, engine = _load_engine(knowledge_paths(args.kb, settings), settings)
    if args.jsonl:
        out = sys.stdout.buffer
        for raw in sys.stdin.buffer:  # bytes: a bad byte must not end the batch
            question = raw.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", "replace")
            answer = answer_safely(engine, question)
            record = {
                "question": question,
                "kind": answer.kind,
                "title": answer.title,
                "text": render_text(answer, args.everything),
            }
            if args.chart is not None:
                record["charts"] = [str(p) for p in write_charts(engine.kb, answer, args.chart)]
            out.write(json_line(record))
            out.flush()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        print(
            'Give a question, e.g.: python -m bot ask "!result South West Norfolk"', file=sys.stderr
        )
        return 2
    answer = answer_safely(engine, question)
    print(render_text(answer, args.everything, more_hint="add --all to see them all"))
    if args.chart is not None:
        print()
        print(charts_note(write_charts(engine.kb, answer, args.chart)))
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    from bot.kb.report import SEE_ALL_WARNINGS, describe, warnings_count

    try:
        kb = build(knowledge_paths(args.kb, _settings()))
    except KnowledgeBaseError as error:
        for problem in error.problems[:50]:
            print(f"error: {problem}")
        if len(error.problems) > 50:
            print(f"... and {len(error.problems) - 50} more errors")
        if args.all_warnings:
            for warning in error.warnings:
                print(f"warning: {warning}")
        elif error.warnings:
            print(f"warnings: {warnings_count(error.warnings)}; {SEE_ALL_WARNINGS}")
        print(f"{len(error.problems)} error(s): nothing was loaded.")
        return 1
    print(describe(kb, all_warnings=args.all_warnings))
    return 0


def exit_on_sigterm() -> None:
    """SIGTERM (`docker stop`, systemd) ends any command at once, quietly, as Ctrl-C would.

    As a container's PID 1 a process gets no default action for SIGTERM (the kernel drops it)
    and Docker kills it 10 s later; this handler makes the console, a replay or a knowledge load
    stop at once. `run` replaces it with its own, which leaves Discord cleanly first
    (bot.client.stop_on_signals).
    """
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # the process is ours (not a test calling main): its signals are too
        exit_on_sigterm()
    if hasattr(signal, "SIGPIPE"):  # `ask ... | head` ends quietly, as command-line tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = _parser().parse_args(argv)
    if args.command == "ask":
        return cmd_ask(args)
    if args.command == "kb" and args.kb_command == "check":
        return cmd_kb_check(args)
    if args.command == "kb" and args.kb_command == "download":
        from bot.kb.download import download

        return download(args.to, args.base_url, args.history, args.members)
    if args.command == "run":
        from bot.client import run_bot

        return run_bot(args.kb)
    # The commands below read KNOWLEDGE_PATHS and COMMAND_PREFIX as `run` does.
    settings = _settings()
    paths = knowledge_paths(args.kb, settings)
    prefix = settings.command_prefix if settings is not None else "!"
    if args.command == "bench":
        from bot.bench import run_bench

        return run_bench(paths, args.repeat)
    if args.command == "replay":
        from bot.live.cli import run_replay

        return run_replay(_load(paths, settings), args.election, args.speed, chart=args.chart)
    if args.command == "console" and args.replay:
        from bot.live.cli import run_console_replay

        return run_console_replay(_load(paths, settings), args.replay, args.speed, prefix)
    if args.command == "console":
        from bot.console import run_console

        return run_console(_load_engine(paths, settings), paths, args.chart)
    return 2


if __name__ == "__main__":
    sys.exit(main())
