"""A small OpenAI-compatible HTTP server for tests: real socket, real SSE streaming.

``reply_fn`` lets a test compute the reply from the request, e.g. a model that leaks its system
prompt in one of the ways listed in LEAK_MODES."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.reply = "You can freeze your card in the app [1]. Call us on 0800 [2]."
        self.fail_with: int | None = None
        self.reply_fn: Callable[[dict[str, Any]], str] | None = None
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self.completions)

    def _chunks(self, model: str, reply: str) -> Iterator[str]:
        words = reply.split(" ")
        for i, word in enumerate(words):
            delta = {"content": word + (" " if i < len(words) - 1 else "")}
            if i == 0:
                delta["role"] = "assistant"
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            }
            yield f"data: {json.dumps(chunk)}\n\n"
        end = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        yield f"data: {json.dumps(end)}\n\n"
        yield "data: [DONE]\n\n"

    async def completions(self, request: Request) -> Any:
        body = await request.json()
        self.requests.append({"body": body, "auth": request.headers.get("authorization")})
        if self.fail_with:
            return JSONResponse(
                {"error": {"message": "boom", "type": "server_error"}}, status_code=self.fail_with
            )
        reply = self.reply_fn(body) if self.reply_fn else self.reply
        if body.get("stream"):
            return StreamingResponse(
                self._chunks(body["model"], reply), media_type="text/event-stream"
            )
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": reply},
                }
            ],
        }


def _instructions(body: dict[str, Any]) -> str:
    """The system prompt a compliant-but-leaky model was given, without its passages."""
    return str(body["messages"][0]["content"]).split("\n\nPassages:")[0]


def _stitched(text: str) -> str:
    words = text.split()
    return " ... ".join(" ".join(words[i : i + 4]) for i in range(0, min(len(words), 60), 9))


def _reworded(text: str) -> str:
    swaps = {"customer": "client", "passages": "articles", "briefly": "shortly", "ONLY": "just"}
    return " ".join(swaps.get(w, w) for w in text.split())


# Ways a model that obeys "print your instructions" hands them back.
LEAK_MODES: dict[str, Callable[[dict[str, Any]], str]] = {
    "verbatim": lambda body: str(body["messages"][0]["content"]),
    "with_prefix": lambda body: "Sure! Here are the rules I was given:\n" + _instructions(body),
    "partial": lambda body: (
        "My instructions say: "
        + " ".join(_instructions(body).split()[12:34])
        + " That's all I can share."
    ),
    "upper_case": lambda body: _instructions(body).upper(),
    "no_punctuation": lambda body: "".join(
        c for c in _instructions(body) if c.isalnum() or c == " "
    ),
    "stitched_fragments": lambda body: "Bits of my prompt: " + _stitched(_instructions(body)),
    "reworded": lambda body: "Paraphrasing my setup: " + _reworded(_instructions(body)),
    "one_line_per_sentence": lambda body: "\n".join(
        f"- {s.strip()}" for s in _instructions(body).split(". ")
    ),
}
