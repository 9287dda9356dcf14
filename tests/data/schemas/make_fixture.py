"""Write tests/data/schemas/schema_vN.curator for the current schema version N.

Run once when a schema version is released (after adding its migration); never regenerate the
fixture of an older version: those files stand for what users have on disk.

    python tests/data/schemas/make_fixture.py
"""

import sqlite3
import sys
from pathlib import Path

from curator.core import DateFields, Project
from curator.core.database import SCHEMA_VERSION

out = Path(__file__).with_name(f"schema_v{SCHEMA_VERSION}.curator")
if out.exists() and "--force" not in sys.argv:
    sys.exit(f"{out} exists; a released version's fixture is never regenerated (use --force "
             f"only before version {SCHEMA_VERSION} is released)")
out.unlink(missing_ok=True)
project = Project.create(out, annotator="fixture")
text = "Between 15 and 28 December 2013, barrel bombs hit Aleppo 😀.\r\nOn 3 January, ISIS fled."
doc = project.add_document(text, title="Fixture", author="Curator tests", published="2014-01-05")
project.add_actor("Syrian Air Force", "armed force", ["SyAAF"])
project.create_event_from_passage(
    doc, 0, 59, actors=["SyAAF"],
    date=DateFields("2013-12-15/2013-12-28", "2013-12-15", "2013-12-28", "Between 15 and 28 December 2013"))
project.delete_event(project.add_event("deleted one"))
project.reject_suggestion(doc, text.index("On 3"), len(text), "2014-01-03")
project.close()
conn = sqlite3.connect(out)
conn.execute("PRAGMA journal_mode = DELETE")
conn.close()
print(f"wrote {out}")
