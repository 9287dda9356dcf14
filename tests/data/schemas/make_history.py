"""Print the schema-history entry of a fixture (curator/core/schema_history*.py), in their layout.

Run once when a schema version is released, on the fixture of the version before it:

    python tests/data/schemas/make_history.py tests/data/schemas/schema_v6.curator V6

(the entries of versions 5 and 6 are this script's output; it reproduces them exactly).
"""

import sqlite3
import sys

from curator.core.schema_trust import describe

def render(schema, name):
    out = [f"{name} = Schema(", "    tables={"]
    for t, shape in sorted(schema.tables.items()):
        out.append(f"        {t!r}: T((")
        for c in shape.columns:
            out.append(f"            {c!r},")
        out.append(f"        ), {shape.foreign_keys!r}),")
    out.append("    },")
    out.append("    indexes={")
    for n, i in sorted(schema.indexes.items()):
        out.append(f"        {n!r}: I({i.table!r}, {i.unique!r}, {i.partial!r}, {i.columns!r}),")
    out.append("    },")
    out.append("    auto_indexes={")
    for n, i in sorted(schema.auto_indexes.items()):
        out.append(f"        {n!r}: I({i.table!r}, {i.unique!r}, {i.partial!r}, {i.columns!r}),")
    out.append("    },")
    out.append(f"    views={schema.views!r},")
    out.append("    triggers=[")
    for tr in schema.triggers:
        out.append(f"        {tr!r},")
    out.append("    ],")
    out.append(f"    virtual={schema.virtual!r},")
    out.append("    trigger_sql={")
    for n, sql in schema.trigger_sql.items():
        out.append(f"        {n!r}: {sql!r},")
    out.append("    },")
    out.append("    virtual_sql={")
    for n, sql in schema.virtual_sql.items():
        out.append(f"        {n!r}: {sql!r},")
    out.append("    },")
    out.append(")")
    return "\n".join(out) + "\n"

path, name = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
print(render(describe(conn), name), end="")
