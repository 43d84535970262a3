"""HTTP routes: health, sign-in, queue and conversation reads. Thin: parse, call, map."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field

from api.runtime import Runtime
from api.sessions import publish_revoked
from domain.errors import Forbidden, Unauthorized
from handoff.events import message_event
from voc.accounts import AgentAccount
from voc.audit import AuditKind

if TYPE_CHECKING:
    from knowledge.documents import Article

router = APIRouter()


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(runtime)]


async def current_agent(
    rt: RuntimeDep, authorization: Annotated[str | None, Header()] = None
) -> AgentAccount:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise Unauthorized("missing bearer token")
    return await rt.services.accounts.authenticate(authorization[7:].strip())


AgentDep = Annotated[AgentAccount, Depends(current_agent)]


def staff(agent: AgentDep) -> AgentAccount:
    """Agents, leads and admins. Auditors read through /api/audit, where every read is
    recorded; the agents' routes would let them read unrecorded."""
    if agent.role == "auditor":
        raise Forbidden("auditors read conversations in the audit view (/audit)")
    return agent


StaffDep = Annotated[AgentAccount, Depends(staff)]


def lead(agent: AgentDep) -> AgentAccount:
    if agent.role not in {"lead", "admin"}:
        raise Forbidden("only CX leads and admins may do this")
    return agent


LeadDep = Annotated[AgentAccount, Depends(lead)]


class IngestIn(BaseModel):
    path: str | None = Field(default=None, max_length=1000)
    prune: bool = False  # remove articles that left this folder (never ones from elsewhere)


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


def _utc_iso(moment: datetime | None) -> str | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


@router.get("/healthz")
async def healthz(rt: RuntimeDep) -> dict[str, Any]:
    return {"status": "ok", "kb_chunks": await rt.services.retriever.count()}


@router.post("/api/auth/login")
async def login(body: LoginIn, request: Request, rt: RuntimeDep) -> dict[str, Any]:
    # Throttled per username and per client address: 429 with Retry-After when locked out.
    with rt.limits.login(body.username, rt.client_address(request)):
        token, agent = await rt.services.accounts.sign_in(body.username, body.password)
    return {
        "token": token,
        "agent": {
            "username": agent.username,
            "display_name": agent.display_name,
            "role": agent.role,
        },
    }


@router.post("/api/auth/logout")
async def logout(
    rt: RuntimeDep, agent: AgentDep, authorization: Annotated[str | None, Header()] = None
) -> dict[str, bool]:
    token = (authorization or "")[7:].strip()
    await rt.services.accounts.sign_out(token)
    # Console sockets signed in with this token close now, on every worker.
    await publish_revoked(rt.services.bus, token)
    return {"ok": True}


@router.get("/api/queue")
async def queue(rt: RuntimeDep, agent: StaffDep) -> dict[str, Any]:
    return {"items": await rt.services.switchboard.queue()}


@router.get("/api/conversations/{conversation_id}")
async def conversation(conversation_id: str, rt: RuntimeDep, agent: StaffDep) -> dict[str, Any]:
    store = rt.services.store
    conv = await store.get_conversation(conversation_id)
    handoff = await store.open_handoff(conversation_id)
    return {
        "conversation": {
            "id": conv.id,
            "state": conv.state,
            "customer_id": conv.customer_id,
            "owner_agent": conv.owner_agent,
            "priority": conv.priority,
            "disposition": conv.disposition,
            "profile": conv.profile,
            "created_at": conv.created_at.isoformat() if conv.created_at else None,
            "disclosure": {
                "text": conv.disclosure_text,
                "version": conv.disclosure_version,
                "shown_at": _utc_iso(conv.disclosure_shown_at),
            },
        },
        "messages": [message_event(t) for t in await store.turns(conversation_id)],
        "handoff": handoff.packet if handoff else None,
    }


def _articles_under(path: Path) -> list[Article]:
    from knowledge.ingest import IngestSummary, discover, load_articles

    return load_articles(discover(path), IngestSummary())


@router.post("/api/kb/ingest")
async def ingest(body: IngestIn, rt: RuntimeDep, lead: LeadDep) -> dict[str, Any]:
    """Re-ingest the knowledge base in the running server (only changed articles re-embed).

    The embedded vector engine belongs to this process, so this is how a running deployment
    picks up edited articles without a restart.
    """
    from knowledge.ingest import ingest_path, ingest_target

    settings = rt.services.settings
    roots = [settings.knowledge.kb_path, *settings.server.ingest_roots]
    path = await asyncio.to_thread(ingest_target, body.path, settings.knowledge.kb_path, roots)
    summary = await ingest_path(
        path, rt.services.retriever, rt.services.embedder, prune=body.prune, progress=False
    )
    judge = rt.services.answerability
    if judge is not None and judge.vocabulary is not None:
        await asyncio.to_thread(judge.vocabulary.learn, _articles_under(path))
    await rt.services.audit.record(
        AuditKind.KB_INGEST,
        actor=lead.username,
        subject=str(path),
        content={"trigger": "api", "prune": body.prune, **summary.as_dict()},
    )
    return {**summary.as_dict(), "chunks_in_index": await rt.services.retriever.count()}
