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
    from api.accounts_cli import accounts_app
    from api.cli_audit import audit_app, record_from_cli
    from api.cli_voc import voc_app
    from knowledge.cli import kb_app, on_ingest
    from knowledge.ingest import IngestSummary
    from voc.audit import AuditKind

    async def audit_ingest(path: Path, summary: IngestSummary) -> None:
        content = {"trigger": "cli", **summary.as_dict()}
        await record_from_cli(AuditKind.KB_INGEST, subject=str(path), content=content)

    on_ingest(audit_ingest)
    app.add_typer(accounts_app, name="accounts", help="Console accounts: create, list, change.")
    app.add_typer(kb_app, name="kb", help="Knowledge base: ingest and inspect.")
    app.add_typer(nlu_app, name="nlu", help="Understanding engine: train and inspect.")
    app.add_typer(audit_app, name="audit", help="Audit log: verify the chain, print its head.")
    app.add_typer(voc_app, name="voc", help="Voice of the customer: insight for CX leads.")


_mount_subcommands()


def _logging(verbose: bool) -> None:
    from voc.privacy.logs import install_log_redaction

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_redaction()  # personal data and tokens never reach a log handler


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (WARMLINE_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (WARMLINE_PORT)")] = None,
) -> None:
    """Serve the widget, the console and the sockets on the configured address."""
    import uvicorn

    from api.app import create_app
    from api.serving import uvicorn_config
    from voc.privacy.logs import install_log_redaction

    _logging(True)
    settings = Settings()
    config = uvicorn_config(
        create_app(settings),
        settings,
        host=host or settings.server.host,
        port=port or settings.server.port,
        log_level="info",
    )
    install_log_redaction()  # uvicorn.Config has just installed its own handlers
    uvicorn.Server(config).run()


@app.command()
def setup() -> None:
    """Create the data folder, load the knowledge base, and in demo mode (WARMLINE_DEMO=1) the
    demo console accounts."""
    from api.wiring import build_services

    _logging(True)

    async def run() -> None:
        async with build_services(Settings(), seed=True) as services:
            chunks = await services.retriever.count()
            if services.settings.server.demo:
                agents = ", ".join(f"{u} ({r})" for u, _, r in services.settings.demo_agent_list())
                typer.echo(f"ready: {chunks} knowledge-base chunks; demo accounts: {agents}")
            else:
                n = len(await services.accounts.all_accounts())
                typer.echo(
                    f"ready: {chunks} knowledge-base chunks; {n} console accounts "
                    "(add one with `warmline accounts create NAME --role agent`)"
                )

    asyncio.run(run())


@app.command()
def chat(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per turn")] = False,
    customer_id: Annotated[str | None, typer.Option(help="Link to a customer's history")] = None,
) -> None:
    """Chat with the agent in the terminal (reads stdin line by line when piped)."""
    from api.wiring import build_services
    from domain.types import Disclosure

    _logging(False)

    async def run() -> None:
        async with build_services(Settings(), seed=True) as services:
            sb = services.switchboard
            conv = await sb.open(conversation_id=None, customer_id=customer_id, profile={})
            server = services.settings.server
            disclosure = Disclosure.of(server.disclosure, server.disclosure_version)
            await sb.disclose(conv.id, disclosure)  # on the record, as the widget's welcome
            if not as_json:
                typer.echo(f"[{disclosure.text}]")
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
                # What is stored (and printed below) is the redacted text.
                text = (await sb.accept_customer_message(conv.id, text, None)).turn.text
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
    from voc.privacy import redact_text, without_placeholders

    _logging(False)
    settings = Settings()
    engine = _settings_engine(settings)
    cust_history = CustomerHistory()
    if history:
        from api.wiring import open_database
        from voc.store import VocStore

        async def load() -> CustomerHistory:
            async with open_database(settings) as db:
                return await VocStore(db).customer_history(history)

        cust_history = asyncio.run(load())
    for line in sys.stdin:
        # The server reads redacted text (voc/privacy), so the analysis does too.
        text = redact_text(line.rstrip("\n"))
        if not text.strip():
            continue
        signals = engine.analyze(
            without_placeholders(text), UnderstandingContext(history=cust_history)
        )
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
    human_set: Annotated[
        Path | None,
        typer.Option(
            help="held-out wants-a-person set YAML (default: evals/data/human_heldout.yaml)"
        ),
    ] = None,
    human_baseline: Annotated[
        bool, typer.Option(help="also score the rules-only wants-a-person detector of before")
    ] = False,
    emotion_set: Annotated[
        Path | None,
        typer.Option(
            help="held-out negative-emotion set YAML (default: evals/data/emotion_heldout_neg.yaml)"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score the emotion, wants-a-person and churn detectors on hand-labelled cases, and the churn,
    wants-a-person and negative-emotion precision/recall/calibration on their held-out sets."""
    from evals.nlu import DEFAULT_CASES, SignalSets, print_signal_report

    _logging(False)
    print_signal_report(
        _settings_engine(Settings()),
        cases or DEFAULT_CASES,
        as_json,
        SignalSets(churn_set, human_set, emotion_set, human_baseline),
    )


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


@eval_app.command("injection")
def eval_injection_cmd(
    attacks: Annotated[
        Path | None, typer.Option(help="injection messages, one a line (default: shipped set)")
    ] = None,
    benign: Annotated[
        Path | None, typer.Option(help="benign messages with trigger words, one a line")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Injection flag: recall on injections and false alarms on benign text, held out."""
    from evals.injection import (
        DEFAULT_ATTACKS,
        DEFAULT_BENIGN,
        print_injection_report,
        read_messages,
        run_injection_eval,
    )

    _logging(False)
    attack_rows = read_messages(attacks or DEFAULT_ATTACKS)  # a bad file fails before the model
    benign_rows = read_messages(benign or DEFAULT_BENIGN)
    report = run_injection_eval(_settings_engine(Settings()), attack_rows, benign_rows)
    print_injection_report(report, as_json)


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


@eval_app.command("answerability")
def eval_answerability_cmd(
    split: Annotated[
        str, typer.Option(help="dev (built against), heldout (score at the end) or all")
    ] = "all",
    unanswerable: Annotated[
        Path | None, typer.Option(help="Unanswerable questions (YAML, with split)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Precision/recall of "I don't know" and R@1/R@5, floor alone vs answerability, per split
    and language."""
    from evals.answerability import answerability_command

    _logging(False)
    answerability_command(split, as_json, unanswerable)


@app.command()
def erase(
    customer: Annotated[
        str | None, typer.Option("--customer", help="Erase this customer's personal content")
    ] = None,
    expired: Annotated[
        bool,
        typer.Option("--expired", help="Erase closed conversations past WARMLINE_RETENTION_DAYS"),
    ] = False,
    days: Annotated[
        int | None, typer.Option(help="With --expired: this many days instead of the setting")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Who asked (recorded in the audit log; default: you)")
    ] = None,
) -> None:
    """Erase a customer's data (on request) or expired conversations (retention); counts stay."""
    from api.cli_audit import operator
    from api.wiring import open_eraser
    from domain.errors import InvalidInput

    _logging(False)
    settings = Settings()
    if bool(customer) == expired:
        raise InvalidInput("give either --customer ID or --expired")
    retention = days or settings.privacy.retention_days
    if expired and not retention:
        raise InvalidInput("set WARMLINE_RETENTION_DAYS or pass --days")

    who = actor or operator()

    async def run() -> str:
        async with open_eraser(settings) as eraser:
            if customer:
                report = await eraser.erase_customer(customer, actor=who)
                return f"{report.line()}; the customer is now {report.pseudonym}"
            assert retention is not None
            return (await eraser.erase_expired(retention, actor=who)).line()

    typer.echo(asyncio.run(run()))


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


@eval_app.command("pii")
def eval_pii_cmd(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    seed: Annotated[int, typer.Option(help="seed of the generated set")] = 7,
    per_template: Annotated[int, typer.Option(help="messages generated per template")] = 12,
    show: Annotated[int, typer.Option(help="misses and false positives to print")] = 10,
) -> None:
    """Recall and false-positive rate of the personal-data redactor on a generated set."""
    from evals.pii import print_pii_report, run_pii_eval

    _logging(False)
    print_pii_report(run_pii_eval(seed=seed, per_template=per_template), as_json, show)


def main() -> None:
    """The ``warmline`` entry point: bad input ends with one clear line and exit code 2,
    not a traceback."""
    import os

    from domain.errors import WarmlineError

    # Everything the process creates (databases, checkpoints, vectors, NLU cache, logs it
    # writes to files) is readable by its owner only.
    os.umask(0o077)
    try:
        app()
    except WarmlineError as exc:
        typer.echo(f"error ({exc.code}): {exc}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":  # pragma: no cover
    main()
