"""All settings, read once at start-up from ``WARMLINE_*`` environment variables.

One settings class per concern; :class:`Settings` only groups them. Leaf modules receive the
part they need and never read the environment themselves.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.settings import LLMSettings, PolicySettings
from knowledge.settings import KnowledgeSettings


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    data_dir: Path = Path(".data")
    database_url: str | None = None  # unset → SQLite file in data_dir; or postgresql://…
    checkpoint_url: str | None = None  # unset → SQLite file in data_dir; or postgresql://…
    redis_url: str | None = None  # unset → in-process event bus


class PrivacySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    # Erase the content of closed conversations this many days after they were last touched
    # (at start-up and daily in the server; `warmline erase --expired`). Unset: keep.
    retention_days: int | None = Field(default=None, ge=1)


class NLUSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_NLU_", extra="ignore")

    taxonomy: Path | None = None  # unset → the demo bank taxonomy
    cache_dir: Path | None = None  # unset → data_dir/nlu-cache (as `warmline nlu train`)


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    max_frame_bytes: int = 16 * 1024
    # The WebSocket transport's own limit: frames from max_frame_bytes up to this get a
    # `too_large` error frame; larger ones are cut off by the server with close code 1009.
    ws_max_bytes: int = 4 * 1024 * 1024
    api_docs: bool = False  # serve /docs, /redoc and /openapi.json (off: they are public)
    max_text_chars: int = 4000
    # Demo mode (WARMLINE_DEMO=1, as `make run` sets it): create the demo console accounts
    # (username:Display Name[:role]), all with demo_password. Off, a deployment gets no account
    # it did not create (`warmline accounts create`). Roles: agent (default), lead (may
    # re-ingest the knowledge base, reads VOC insight at /lead), auditor (read-only audit view
    # at /audit, may erase a customer's data), admin.
    demo: bool = False
    demo_agents: str = "alex:Alex Morgan,sam:Sam Chen,lee:Lee Park:lead,ava:Ava Reed:auditor"
    demo_password: SecretStr = SecretStr("warmline-demo")
    # Console sign-in: a token lives this long; an open console socket re-checks it this often
    # (a disabled account or changed password ends it within that time; a sign-out at once).
    session_ttl_minutes: float = 12 * 60
    session_recheck_s: float = 30.0
    # Client address for the per-address limits: the socket peer, unless this many proxies in
    # front of the server append to X-Forwarded-For (then the entry they saw). Only set it
    # when every request really passes through those proxies, or clients can pick an address.
    trusted_proxy_hops: int = 0
    # Folders a lead may re-ingest through the API, besides the knowledge-base path itself.
    ingest_roots: list[Path] = []
    # Set it and the widget's customer id/profile count only when signed by the host app
    # (hello.identity; see api/identity.py). Unset (demo): whatever the widget says.
    widget_secret: SecretStr | None = None
    # How long a conversation's resume secret stays valid after its last use (hello); after
    # that the conversation can no longer be continued (docs/protocol.md, hello).
    resume_ttl_hours: float = Field(default=24.0, gt=0)
    seed_demo: bool = True  # load the demo knowledge base and accounts when empty
    disclosure: str = (
        "You are chatting with Larkspur Bank's AI assistant. It can make mistakes; "
        "ask for a person at any time."
    )
    # Recorded with each conversation beside the text; unset → "sha256:" + 12 hex of the text.
    disclosure_version: str | None = None


class LimitSettings(BaseSettings):
    """Abuse limits (env ``WARMLINE_LIMIT_*``). Kept in each worker process; see api/limits.py."""

    model_config = SettingsConfigDict(env_prefix="WARMLINE_LIMIT_", extra="ignore")

    # Customer messages and other actions that cost work, per conversation (all its sockets
    # together) and per client address (all its conversations together).
    conversation_messages_per_minute: float = 30.0
    conversation_message_burst: int = 8
    address_messages_per_minute: float = 300.0
    address_message_burst: int = 60
    # New conversations per client address. Generous: an office or a mobile carrier's NAT
    # puts many customers behind one address.
    address_new_conversations_per_hour: float = 120.0
    address_new_conversation_burst: int = 20
    # Open sockets (customer and console) per client address, per worker.
    sockets_per_address: int = 100
    # A socket must say hello (customer) or auth (console) within this many seconds.
    hello_timeout_s: float = 10.0
    # Sign-in: this many failures are free, each further one locks the username (or address)
    # out for lockout_base_s, doubling per failure up to lockout_max_s. Forgotten after
    # failure_memory_s without a failure.
    login_failures_per_username: int = 5
    login_failures_per_address: int = 20
    login_lockout_base_s: float = 1.0
    login_lockout_max_s: float = 15 * 60.0
    login_failure_memory_s: float = 60 * 60.0
    # Keys (addresses, usernames, conversations) tracked per limiter before idle ones go.
    max_tracked_keys: int = 100_000


class ServeSettings(BaseSettings):
    """Server timeouts for slow or partial requests, passed to uvicorn by `warmline serve`."""

    model_config = SettingsConfigDict(env_prefix="WARMLINE_SERVE_", extra="ignore")

    # Whole request (headers and body) must arrive within this; slowloris connections end.
    request_timeout_s: float = 15.0
    # Idle keep-alive connections close after this (uvicorn timeout_keep_alive).
    keep_alive_s: int = 5
    # WebSocket pings: a peer that does not answer (half-open, or stalled inside a frame)
    # is dropped after ping_interval + ping_timeout.
    ws_ping_interval_s: float = 20.0
    ws_ping_timeout_s: float = 20.0
    # Connections plus tasks per worker before new requests get 503 (uvicorn limit_concurrency).
    limit_concurrency: int = 2000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    store: StoreSettings = Field(default_factory=StoreSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)
    nlu: NLUSettings = Field(default_factory=NLUSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    policy: PolicySettings = Field(default_factory=PolicySettings)

    def demo_agent_list(self) -> list[tuple[str, str, str]]:
        """(username, display name, role) for each demo account."""
        out = []
        for item in self.server.demo_agents.split(","):
            parts = [p.strip() for p in item.split(":")]
            if len(parts) >= 2 and parts[0]:
                out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "agent"))
        return out

    @classmethod
    def for_data_dir(cls, data_dir: Path, **overrides: object) -> Settings:
        """Settings whose every file lives under ``data_dir`` (used by tests and the CLI)."""
        s = cls(**overrides)  # type: ignore[arg-type]
        s.store.data_dir = data_dir
        s.knowledge.data_dir = data_dir
        return s
