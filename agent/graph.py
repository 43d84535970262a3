"""Assembles the per-turn LangGraph. Only wiring here; behaviour lives in agent/nodes.py."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agent.nodes import AgentDeps, Nodes
from agent.state import AgentState


def build_graph(deps: AgentDeps, checkpointer: BaseCheckpointSaver[Any] | None) -> Any:
    nodes = Nodes(deps)
    g = StateGraph(AgentState)
    g.add_node("understand", nodes.understand)
    g.add_node("retrieve", nodes.retrieve)
    g.add_node("decide", nodes.decide)
    g.add_node("answer", nodes.answer)
    g.add_node("escalate", nodes.escalate)
    g.add_edge(START, "understand")
    g.add_edge("understand", "retrieve")
    g.add_edge("retrieve", "decide")
    g.add_conditional_edges("decide", Nodes.route, {"answer": "answer", "escalate": "escalate"})
    g.add_edge("answer", END)
    g.add_edge("escalate", END)
    return g.compile(checkpointer=checkpointer)
