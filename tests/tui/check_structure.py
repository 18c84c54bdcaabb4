#!/usr/bin/env python3
"""Structural checks of the full-screen program (src/tui), run by meson:

  cycles     The modules of src/tui (x.c with x.h) depend on each other
             without a cycle. Module A depends on module B when a file of
             A includes B's header, or uses a function that a header it
             includes declares and B defines: a header declaring another
             module's functions (as app.h once declared every screen's)
             cannot hide a dependency.
  one-reader Only the loop file reads the terminal (get_wch, wgetch,
             getch), and inside it exactly one function calls the key
             reader: every screen gets its keys from that one loop.

Usage: check_structure.py SRC_TUI_DIR cycles|one-reader
Prints each problem and exits 1; exits 0 when the shape holds."""
import os
import re
import sys

LOOP_FILE = "loop.c"
TERMINAL_READERS = ("get_wch", "wgetch", "getch", "wget_wch")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def read_sources(src):
    files = {}
    for name in sorted(os.listdir(src)):
        if name.endswith((".c", ".h")):
            with open(os.path.join(src, name), encoding="utf-8") as f:
                files[name] = f.read()
    return files


def module(name):
    return name.rsplit(".", 1)[0]


def includes(text):
    return re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, flags=re.M)


# A definition starts at column 0 and its body's "{" follows the ")".
DEF_RE = re.compile(r"^[A-Za-z_][\w \*]*?\b([A-Za-z_]\w*)\s*\([^;{]*?\)\s*\{", re.M | re.S)
DECL_RE = re.compile(r"^[A-Za-z_][\w \*]*?\b([A-Za-z_]\w*)\s*\([^;{]*?\)\s*(?:__attribute__\s*\(\(.*?\)\))?\s*;", re.M | re.S)
# Tables of operations are exported as data: "extern const struct x name;"
DATA_DECL_RE = re.compile(r"^extern\s+[^;(]*?\b([A-Za-z_]\w*)\s*(?:\[\s*\])?\s*;", re.M)
DATA_DEF_RE = re.compile(r"^(?!static)(?:const\s+)?struct\s+\w+\s+([A-Za-z_]\w*)\s*(?:\[\s*\])?\s*=", re.M)


def check_cycles(files):
    code = {n: strip_comments(t) for n, t in files.items()}
    defined_in = {}
    for n, t in code.items():
        if n.endswith(".c"):
            for m in DEF_RE.finditer(t):
                defined_in.setdefault(m.group(1), module(n))
            for m in DATA_DEF_RE.finditer(t):
                defined_in.setdefault(m.group(1), module(n))
    declared = {n: set(DECL_RE.findall(t)) | set(DATA_DECL_RE.findall(t))
                for n, t in code.items() if n.endswith(".h")}

    def reach(name, seen):
        for inc in includes(files.get(name, "")):
            if inc in files and inc not in seen:
                seen.add(inc)
                reach(inc, seen)
        return seen

    edges = {}
    for n, t in code.items():
        a = module(n)
        deps = edges.setdefault(a, set())
        for inc in includes(files[n]):
            if inc in files:
                deps.add(module(inc))
        for h in reach(n, set()):
            for fn in declared.get(h, ()):
                b = defined_in.get(fn)
                if b and re.search(r"\b%s\b" % re.escape(fn), t):
                    deps.add(b)
        deps.discard(a)

    # Tarjan's strongly connected components: any of more than one module
    # is a cycle.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in sccs:
        print("cycle among %d modules: %s" % (len(comp), ", ".join(comp)))
        for v in comp:
            print("  %s -> %s" % (v, ", ".join(sorted(d for d in edges[v] if d in comp))))
    return not sccs


def functions(text):
    """(name, body) of each function definition in text."""
    out = []
    for m in DEF_RE.finditer(text):
        depth, i = 0, m.end() - 1
        while i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        out.append((m.group(1), text[m.end():i]))
    return out


def check_one_reader(files):
    ok = True
    reader_re = re.compile(r"\b(%s)\s*\(" % "|".join(TERMINAL_READERS))
    if LOOP_FILE not in files:
        print("no %s: the terminal is read outside one loop file" % LOOP_FILE)
        ok = False
    for n, t in sorted(files.items()):
        if n == LOOP_FILE:
            continue
        for name, body in functions(strip_comments(t)):
            for m in reader_re.finditer(body):
                print("%s: %s() reads the terminal (%s) outside %s" % (n, name, m.group(1), LOOP_FILE))
                ok = False
    # Every key a screen gets comes through one function of the loop
    # file: the one that calls the key reader (next_key, or tui_getkey
    # where screens called it themselves).
    callers = {}
    for n, t in sorted(files.items()):
        for name, body in functions(strip_comments(t)):
            for reader in ("next_key", "tui_getkey"):
                if re.search(r"\b%s\s*\(" % reader, body):
                    callers.setdefault(reader, []).append("%s:%s" % (n, name))
    for reader, who in sorted(callers.items()):
        if len(who) != 1:
            print("%s is called by %d functions, not one loop: %s" % (reader, len(who), ", ".join(who)))
            ok = False
    if not callers:
        print("no function calls the key reader (next_key)")
        ok = False
    return ok


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("cycles", "one-reader"):
        print(__doc__)
        return 2
    files = read_sources(sys.argv[1])
    ok = check_cycles(files) if sys.argv[2] == "cycles" else check_one_reader(files)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
