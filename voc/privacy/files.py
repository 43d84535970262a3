"""Owner-only files for everything that can hold conversation data: the SQLite databases (and
their WAL/SHM, which SQLite creates with the database file's mode), the LangGraph checkpoints,
the vector store and the NLU cache. Folders 0700, files 0600.

The CLI also sets the process umask to 077, so whatever the server creates later (new vector
segments, a retrained NLU model) is owner-only too; this module covers what exists already
(an older version's world-readable files) and processes started without the CLI.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

OWNER_DIR = 0o700
OWNER_FILE = 0o600
# What Warmline keeps in its data folder; nothing else there is touched.
DATA_ENTRIES = ("warmline.db", "checkpoints.db", "vectors", "nlu-cache")


def restrict_tree(root: Path) -> None:
    """Make ``root`` (a file or a folder) and everything inside it owner-only."""
    if root.is_symlink() or not root.exists():
        return
    if root.is_file():
        os.chmod(root, OWNER_FILE)
        return
    os.chmod(root, OWNER_DIR)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), OWNER_DIR)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, OWNER_FILE)


def create_owner_only(path: Path) -> None:
    """Create an empty file 0600 unless it exists (an empty file is a valid empty SQLite
    database), so the database and the journals SQLite derives from it are never readable by
    others, whatever the process umask."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=OWNER_DIR)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_FILE))
    os.chmod(path, OWNER_FILE)


def secure_data_dir(
    data_dir: Path, sqlite_files: Iterable[Path] = (), extra: Iterable[Path] = ()
) -> None:
    """Create the data folder owner-only, create the SQLite files 0600 before SQLite opens
    them, and tighten Warmline's entries already there (and ``extra`` paths kept elsewhere)."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=OWNER_DIR)
    resolved = data_dir.resolve()
    if resolved not in (Path.cwd().resolve(), Path.home().resolve()):
        os.chmod(data_dir, OWNER_DIR)
    for path in sqlite_files:
        create_owner_only(path)
    for entry in data_dir.iterdir():
        if entry.name.startswith(DATA_ENTRIES):
            restrict_tree(entry)
    for path in extra:
        restrict_tree(path)
        for sibling in path.parent.glob(path.name + "-*"):  # SQLite's -wal and -shm
            restrict_tree(sibling)
