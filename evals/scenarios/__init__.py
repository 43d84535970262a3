"""Scenario evals: scripted multi-turn conversations run through the real agent, scored the way
a CX lead reads them (containment, false containment, escalation, churn, groundedness)."""
