"""The one-window lock on this system: while this process holds a branch file, a second zhibu
must refuse it; once released, the second one opens it. Test-only.

    python hold_lock.py BRANCH.db OUT.json
"""

from __future__ import annotations

import json
import locale
import subprocess
import sys
from pathlib import Path

from tui.store.db import close_db, open_db


def second_zhibu(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-E", "-m", "tui", "check", "--db", str(path)],
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=300)
    # A piped child writes in the locale's encoding (GBK on a Chinese Windows).
    return {"code": done.returncode, "stderr": done.stderr.decode(locale.getencoding(), "replace")}


def main() -> int:
    path, out = Path(sys.argv[1]), Path(sys.argv[2])
    db = open_db(path)
    try:
        while_held = second_zhibu(path)
    finally:
        close_db(db)
    after = second_zhibu(path)
    out.write_text(json.dumps({"held": while_held, "after": after}, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
