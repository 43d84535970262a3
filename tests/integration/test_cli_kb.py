"""``warmline kb ingest`` as a user runs it: a subfolder ingest never deletes the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.knowledge.conftest import write_corpus


def ingest(args: list[str], data_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "WARMLINE_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "api.cli", "kb", "ingest", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).parents[2],
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout[proc.stdout.index("{") :])  # type: ignore[no-any-return]


def test_ingesting_a_subfolder_prunes_only_inside_it_and_only_when_asked(tmp_path: Path) -> None:
    kb = write_corpus(tmp_path / "kb")  # en/ (3 articles) and zh/ (1 article)
    data = tmp_path / "data"
    assert len(ingest([str(kb)], data)["added"]) == 4
    (kb / "en" / "fees-foreign.md").unlink()

    plain = ingest([str(kb / "en")], data)
    assert plain["removed"] == []  # no pruning unless asked for

    pruned = ingest([str(kb / "en"), "--prune"], data)
    assert pruned["removed"] == ["en/fees-foreign"]  # zh/ is untouched
    assert pruned["unchanged"] == 2
