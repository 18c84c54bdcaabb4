#!/usr/bin/env python3
"""Counts the keys a key script presses between "# start-of-answers" and
"# end-of-answers": each name after `key` is one key, each character after
`type` one key. For the key count of an audit (issue 10: one key per
answer is the target).

usage: count_keys.py CASE    (tests/tui/cases/CASE.keys)"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "cases", sys.argv[1] + ".keys")
counting = False
keys = 0
with open(path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line == "# start-of-answers":
            counting = True
        elif line == "# end-of-answers":
            counting = False
        elif counting and line.startswith("key "):
            keys += len(line.split()[1:])
        elif counting and line.startswith("type "):
            keys += len(line[len("type "):])
print(keys)
