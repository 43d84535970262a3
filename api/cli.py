"""The ``warmline`` command line: serve, set up, chat, analyze, knowledge base, evals."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from api.settings import Settings

app = typer.Typer(
    help="Warmline: a customer-service agent that knows when not to answer alone.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluation suites.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _mount_subcommands() -> None:
    from agent.nlu.cli import nlu_app
    from api.cli_voc import voc_app
    from knowledge.cli import kb_app

    app.add_typer(kb_app, name="kb", help="Knowledge base: ingest and inspect.")
    app.add_typer(nlu_app, name="nlu", help="Understanding engine: train and inspect.")
    app.add_typer(voc_app, name="voc", help="Voice of the customer: insight for CX leads.")


_mount_subcommands()


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (WARMLINE_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (WARMLINE_PORT)")] = None,
) -> None:
    """Serve the widget, the console and the sockets on the configured address."""
    import uvicorn

    from api.app import create_app

    _logging(True)
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.server.host,
        port=port or settings.server.port,
        log_level="info",
        ws_max_size=1024 * 1024,
    )


@app.command()
def setup() -> None:
    """Create the data folder, demo agent accounts and load the demo knowledge base."""
    from api.wiring import build_services

    _logging(True)

    async def run() -> None:
        async with build_services(Settings(), seed=True) as services:
            chunks = await services.retriever.count()
            agents = ", ".join(f"{u} ({r})" for u, _, r in services.settings.demo_agent_list())
            typer.echo(f"ready: {chunks} knowledge-base chunks; console accounts: {agents}")

    asyncio.run(run())


@app.command()
def chat(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per turn")] = False,
    customer_id: Annotated[str | None, typer.Option(help="Link to a customer's history")] = None,
) -> None:
    """Chat with the agent in the terminal (reads stdin line by line when piped)."""
    from api.wiring import build_services

    _logging(False)

    async def run() -> None:
        async with build_services(Settings(), seed=True) as services:
            sb = services.switchboard
            conv = await sb.open(conversation_id=None, customer_id=customer_id, profile={})
            interactive = sys.stdin.isatty()
            while True:
                if interactive:
                    typer.echo("you> ", nl=False)
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    break
                text = line.strip()
                if not text:
                    continue
                await sb.accept_customer_message(conv.id, text, None)
                outcome = await sb.respond(conv.id)
                state = (await services.store.get_conversation(conv.id)).state
                if as_json:
                    payload: dict[str, Any] = {
                        "conversation_id": conv.id,
                        "text": text,
                        "reply": outcome.reply if outcome else None,
                        "citations": outcome.citations if outcome else [],
                        "signals": outcome.signals if outcome else {},
                        "decision": outcome.decision
                        if outcome
                        else {"action": "none", "reason": state},
                        "state": state,
                        "latency_ms": round(outcome.latency_ms, 1) if outcome else None,
                    }
                    typer.echo(json.dumps(payload, ensure_ascii=False))
                elif outcome:
                    typer.echo(f"bot> {outcome.reply}")
                    for i, c in enumerate(outcome.citations, 1):
                        typer.echo(f"     [{i}] {c['title']} › {c['section']}  {c.get('url', '')}")
                    if state != "bot":
                        typer.echo(
                            f"[conversation is now {state}: a person would take over "
                            "in the console]"
                        )
                else:
                    typer.echo(f"[conversation is {state}; the bot stays silent]")

    asyncio.run(run())


def _settings_engine(settings: Settings) -> Any:
    """The understanding engine as the server builds it: the deployment's taxonomy and cache."""
    from api.wiring import build_embedder, build_understander

    return build_understander(settings, build_embedder(settings))


@app.command()
def analyze(
    history: Annotated[
        str | None, typer.Option("--history", help="CUSTOMER_ID: use this customer's VOC history")
    ] = None,
) -> None:
    """Read messages from stdin (one per line); print one JSON object of signals per line."""
    from domain.types import CustomerHistory, UnderstandingContext

    _logging(False)
    settings = Settings()
    engine = _settings_engine(settings)
    cust_history = CustomerHistory()
    if history:
        from voc.db import create_schema, make_engine, sqlite_url
        from voc.store import VocStore

        async def load() -> CustomerHistory:
            db = make_engine(settings.store.database_url or sqlite_url(settings.store.data_dir))
            await create_schema(db)
            try:
                return await VocStore(db).customer_history(history)
            finally:
                await db.dispose()

        cust_history = asyncio.run(load())
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        signals = engine.analyze(text, UnderstandingContext(history=cust_history))
        out = {"text": text, **signals.as_dict()}
        typer.echo(json.dumps(out, ensure_ascii=False))


@eval_app.command("nlu")
def eval_nlu_cmd(
    train: Annotated[Path, typer.Option(help="CSV with columns text,label")],
    test: Annotated[Path, typer.Option(help="CSV with columns text,label")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    shots: Annotated[
        int | None, typer.Option(help="train on this many examples per label drawn from TRAIN")
    ] = None,
    seeds: Annotated[int, typer.Option(help="with --shots: how many random draws")] = 1,
) -> None:
    """Train the intent classifier on TRAIN and report accuracy and macro-F1 on TEST."""
    from api.wiring import build_embedder
    from evals.nlu import print_intent_report, run_intent_eval

    _logging(False)
    embedder = build_embedder(Settings())  # the deployment's embedding model, as the server uses
    result = run_intent_eval(train, test, embedder, shots=shots, seeds=seeds)
    print_intent_report(result, as_json)


@eval_app.command("signals")
def eval_signals_cmd(
    cases: Annotated[
        Path | None, typer.Option(help="signal cases YAML (default: the shipped cases)")
    ] = None,
    churn_set: Annotated[
        Path | None,
        typer.Option(help="held-out churn set YAML (default: evals/data/churn_heldout.yaml)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score the emotion, wants-a-person and churn detectors on hand-labelled cases, and churn
    precision/recall/calibration on the held-out churn set."""
    from evals.nlu import DEFAULT_CASES, print_signal_report

    _logging(False)
    print_signal_report(_settings_engine(Settings()), cases or DEFAULT_CASES, as_json, churn_set)


@eval_app.command("emotion")
def eval_emotion_cmd(
    data: Annotated[Path, typer.Option(help="'text,label' CSV or 'text;label' lines")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score the emotion reader on labelled text from elsewhere (e.g. public tweet corpora)."""
    from evals.emotion import print_emotion_report, read_emotion_rows

    _logging(False)
    rows = read_emotion_rows(data)  # a bad file fails before the model loads
    print_emotion_report(_settings_engine(Settings()), rows, as_json)


@eval_app.command("retrieval")
def eval_retrieval_cmd(
    questions: Annotated[Path | None, typer.Option(help="Labelled questions (YAML)")] = None,
    reingest: Annotated[
        bool, typer.Option("--reingest/--no-reingest", help="Ingest the KB first")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Recall@1/@5, MRR and nothing-found precision over the labelled question set."""
    from evals.retrieval import retrieval_command

    _logging(False)
    retrieval_command(questions, reingest, as_json)


@eval_app.command("run")
def eval_run_cmd(
    suites: Annotated[list[Path], typer.Argument(help="scenario suite YAML file(s)")],
    as_json: Annotated[bool, typer.Option("--json", help="the documented JSON document")] = False,
    report: Annotated[Path | None, typer.Option(help="write the HTML report here")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="an earlier --json output to compare with")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="run at most N conversations of each suite, spread over it"),
    ] = None,
) -> None:
    """Run scenario suites through the real agent; exit 1 when a suite threshold is missed."""
    from evals.scenarios.command import run_command

    _logging(False)
    code, out = run_command(
        suites, Settings(), as_json=as_json, report=report, baseline=baseline, limit=limit
    )
    typer.echo(out)
    raise typer.Exit(code)


@eval_app.command("replay")
def eval_replay_cmd(
    since: Annotated[
        str | None, typer.Option(help="only conversations started on/after this date")
    ] = None,
    policy_set: Annotated[
        list[str] | None,
        typer.Option("--policy-set", help="KEY=VALUE policy override, e.g. churn_escalate=0.5"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Re-run stored conversations through the current agent; list where decisions change."""
    from evals.scenarios.replay import parse_policy_sets, parse_since, render, replay

    _logging(False)
    settings = Settings()
    policy = parse_policy_sets(settings.policy, policy_set or [])
    result = asyncio.run(replay(settings, since=parse_since(since), policy=policy))
    typer.echo(render(result, as_json))


def main() -> None:
    """The ``warmline`` entry point: bad input ends with one clear line and exit code 2,
    not a traceback."""
    from domain.errors import WarmlineError

    try:
        app()
    except WarmlineError as exc:
        typer.echo(f"error ({exc.code}): {exc}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":  # pragma: no cover
    main()
