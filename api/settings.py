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
    # Demo console accounts created at set-up (username:Display Name[:role]), all with
    # demo_password. Roles: agent (default), lead (may re-ingest the knowledge base), admin.
    demo_agents: str = "alex:Alex Morgan,sam:Sam Chen,lee:Lee Park:lead"
    demo_password: SecretStr = SecretStr("warmline-demo")
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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_", extra="ignore")

    store: StoreSettings = Field(default_factory=StoreSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)
    nlu: NLUSettings = Field(default_factory=NLUSettings)
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
