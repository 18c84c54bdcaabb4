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
