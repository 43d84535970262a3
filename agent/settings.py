"""Settings for the agent: escalation policy thresholds and the language model endpoint."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class PolicySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARMLINE_POLICY_", extra="ignore")

    churn_escalate: float = 0.6  # churn risk at/above this hands over to a person
    churn_probe: float = 0.35  # between probe and escalate: answer, then ask gently
    anger_escalate: float = 0.7  # angry/frustrated intensity that hands over
    # P(upset) at which a sensitive intent (hardship, bereavement, …) hands over even when the
    # taxonomy lets the bot answer it: a distressed customer on a sensitive topic needs a person.
    distress_escalate: float = 0.6
    unanswered_limit: int = 2  # "cannot answer with confidence" this many times → person
    # Empathy (agent/empathy.py): a frustrated, anxious or sad message at/above this level
    # (emotion intensity, or the calibrated negative-emotion score when there is one) gets a
    # short acknowledgement before the help; frustrated again after an answer → offer a person.
    acknowledge_level: float = 0.4
    frustration_level: float = 0.4  # a frustrated/angry turn counts towards the streak
    frustration_handover_turns: int = 3  # frustrated this many turns in a row → a person
    bank_name: str = "Larkspur Bank"
    assistant_name: str = "Warmline assistant"


class LLMSettings(BaseSettings):
    """Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server)."""

    model_config = SettingsConfigDict(env_prefix="WARMLINE_LLM_", extra="ignore")

    base_url: str | None = None  # unset → offline grounded responder
    model: str = "gpt-4o-mini"
    api_key: SecretStr = SecretStr("not-needed")
    timeout_s: float = 20.0
    max_tokens: int = 400
    temperature: float = 0.1
    # Output guard: strings a reply must never contain (JSON list in the environment, e.g.
    # WARMLINE_LLM_GUARD_SECRETS='["internal code 7731"]'); the system prompt is always guarded.
    guard_secrets: list[str] = []
    guard_min_run: int = 8  # this many consecutive system-prompt words in a reply = a leak
