"""qip's SQL functions stood in for, for tests that write fixtures straight
into the file with Python's sqlite3 (which, like the sqlite3 shell, lacks
them). chain_hash is a second implementation of the chain's canonical
encoding (HACKING.md, "The chain"), so a fixture written here verifies as
if qip had written it."""
import hashlib
import struct
import uuid


def chain_hash(*values):
    h = hashlib.blake2b(digest_size=32)
    h.update(struct.pack(">I", len(values)))
    for v in values:
        if v is None:
            h.update(b"N")
        elif isinstance(v, int):
            h.update(b"I" + struct.pack(">q", v))
        elif isinstance(v, float):
            h.update(b"R" + struct.pack(">d", v))
        else:
            data = v.encode("utf-8") if isinstance(v, str) else bytes(v)
            h.update((b"T" if isinstance(v, str) else b"B") + struct.pack(">Q", len(data)) + data)
    return h.digest()


def stand_in(db):
    """Registers qip's functions on a sqlite3 connection."""
    db.create_function("qip_uuid", 0, lambda: str(uuid.uuid4()))
    db.create_function("qip_actor", 0, lambda: None)
    db.create_function("qip_now", 0, lambda: "2026-03-02T09:00:00.000Z")
    db.create_function("qip_number", 1, lambda x: None if x is None else repr(x))
    db.create_function("qip_chain_hash", -1, chain_hash)
    return db


# The columns each chained table's link covers (src/core/chain_internal.h).
CHAIN_COLUMNS = {
    "history": "id, uuid, at, by_id, entity, entity_id, field, old, new",
    "evidence": "id, uuid, action_id, seen_on, kind, category, note, source, value, corrects_id,"
                " recorded_by, recorded_at",
    "review": "id, uuid, meeting_id, action_id, decided_on, decision, reason, new_due_on, decided_by, decided_at",
    "escalation": "id, uuid, action_id, level, reason, note, assigned_to, raised_on, raised_by, raised_at,"
                  " decision, decided_by, resolved_on, rule, rule_key, level_on, resolved_by_check,"
                  " acknowledged_on, acknowledged_by",
    "audit_answer": "id, uuid, run_id, sample, subject, question, answer, value, failed, note, repeat,"
                    " answered_at",
}


def rechain(db, first_seq):
    """Recomputes every link from first_seq on, as a forger who can write
    the file would after an edit (the ledger's append-only trigger dropped)."""
    prev = db.execute("SELECT hash FROM chain WHERE seq = ?", (first_seq - 1,)).fetchone()
    prev = prev[0] if prev else None
    links = db.execute("SELECT seq, tbl, row_id FROM chain WHERE seq >= ? ORDER BY seq", (first_seq,)).fetchall()
    for seq, tbl, row_id in links:
        row = db.execute("SELECT %s FROM %s WHERE id = ?" % (CHAIN_COLUMNS[tbl], tbl), (row_id,)).fetchone()
        prev = chain_hash(prev, tbl, *row)
        db.execute("UPDATE chain SET hash = ? WHERE seq = ?", (prev, seq))
