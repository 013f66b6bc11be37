"""Mutation testing of the publish gate: delete or invert one clause at a time and check
that the gate's tests notice.

A clause is one operand of an ``and``/``or`` (deleted) or the condition of an ``if`` (made
never true; with ``--invert``, comparisons are inverted too), inside the functions that
decide what may go live and who may approve. Each mutant is written over the module in a
scratch copy of the repository, the gate's tests run against it, and a mutant is *killed*
when they fail. mutmut would do the same but mutates every line of the module and runs the
whole suite per mutant, which takes hours here; this covers the decisions, each in about a
minute.

    python tools/mutation.py [--only NAME] [--list] [--jobs N]

Prints one line per mutant and a summary; exits 1 if a mutant survives that is not in
EXPLAINED (with its reason).
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue

ROOT = Path(__file__).resolve().parents[1]
# The modules mutated, and in each the functions that decide: the gate, and the review
# task's offer of its actions (who is eligible to see Approve at all).
GATE_FUNCTIONS = {
    "approval_before",
    "contributors",
    "approval_refusal",
    "_valid_approval",
    "_check_seen",
    "unpublished_dependencies",
    "_unpublished_dependencies_refusal",
    "removal_refusal",
    "enforce_snippet_removal",
    "enforce_snippet_deletion",
    "refuse_deleting_used_snippet",
    "is_frozen",
    "unless_frozen",
    "refuse_rewriting_frozen_revision",
    "refuse_replacing_used_file",
    "_live_content_unchanged",
    "publish_refusal",
    "enforce_publish_gate",
    "is_active_clinician",
    "take_review_action",
}
TARGETS = {
    "review/gate.py": GATE_FUNCTIONS,
    "review/records.py": {"get_actions"},
}
TESTS = [
    "tests/test_gate_content.py",
    "tests/test_publish_gate.py",
    "tests/test_medical_review_workflow.py",
    "tests/test_public_registers.py",
    "tests/test_medical_content.py",
]
# Mutants that survive for a reason, by their description.
EXPLAINED = {}

INVERT = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
}


def mutants(source, functions, invert=False):
    """(description, mutated source) for every clause of ``functions`` in ``source``:
    deleted operands and never-true conditions, and with ``invert`` inverted comparisons."""
    tree = ast.parse(source)
    sites = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name in functions:
            for node in ast.walk(function):
                if isinstance(node, ast.BoolOp):
                    sites += [(function.name, node, "drop", i) for i in range(len(node.values))]
                elif isinstance(node, ast.If):
                    sites.append((function.name, node, "never", None))
                elif invert and isinstance(node, ast.Compare) and type(node.ops[0]) in INVERT:
                    sites.append((function.name, node, "invert", None))
    for index, (name, node, kind, operand) in enumerate(sites):
        tree = ast.parse(source)
        target = [n for n in ast.walk(tree) if _same(n, node)][0]
        line = node.lineno
        if kind == "drop":
            kept = [v for i, v in enumerate(target.values) if i != operand]
            replacement = kept[0] if len(kept) == 1 else ast.BoolOp(op=target.op, values=kept)
            _replace(tree, target, replacement)
            what = f"drop operand {operand + 1} of `{ast.unparse(node)[:60]}`"
        elif kind == "never":
            target.test = ast.Constant(False)
            what = f"never `if {ast.unparse(node.test)[:60]}`"
        else:
            target.ops = [INVERT[type(target.ops[0])]()] + target.ops[1:]
            what = f"invert `{ast.unparse(node)[:60]}`"
        yield f"{index:03d} {name}:{line} {what}", ast.unparse(ast.fix_missing_locations(tree))


def _same(a, b):
    return (
        type(a) is type(b)
        and getattr(a, "lineno", None) == b.lineno
        and getattr(a, "col_offset", None) == b.col_offset
    )


def _replace(tree, old, new):
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new


def killed(scratch, module, mutated, python):
    original = (scratch / module).read_text()
    (scratch / module).write_text(mutated)
    try:
        done = subprocess.run(
            [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *TESTS],
            cwd=scratch,
            capture_output=True,
            text=True,
        )
    finally:
        (scratch / module).write_text(original)
    return done.returncode != 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the mutants whose description contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants, run none")
    parser.add_argument("--invert", action="store_true", help="also invert comparisons")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="mutants tested at once, each in its own copy (default: one per core)",
    )
    args = parser.parse_args()
    found = [
        (f"{module} {description}", module, mutated)
        for module, functions in TARGETS.items()
        for description, mutated in mutants(
            (ROOT / module).read_text(), functions, invert=args.invert
        )
    ]
    selected = [(d, mod, m) for d, mod, m in found if not args.only or args.only in d]
    if args.list:
        print("\n".join(d for d, _, _ in selected))
        return 0
    python = sys.executable
    # One copy of the repository per job: a mutant is written over its module there.
    parent = Path(tempfile.mkdtemp())
    copies = Queue()
    for job in range(max(1, args.jobs)):
        copy = parent / f"repo-{job}"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "*.sqlite3"))
        copies.put(copy)

    def run(mutant):
        description, module, mutated = mutant
        scratch = copies.get()
        try:
            started = time.monotonic()
            outcome = "killed" if killed(scratch, module, mutated, python) else "SURVIVED"
        finally:
            copies.put(scratch)
        print(f"{outcome:8} {time.monotonic() - started:5.0f}s  {description}", flush=True)
        return description, outcome

    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(run, selected))
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    survivors = [d for d, o in results if o == "SURVIVED"]
    unexplained = [d for d in survivors if d.split(" ", 2)[2] not in EXPLAINED]
    print(
        f"\n{len(results)} mutants: {len(results) - len(survivors)} killed, "
        f"{len(survivors)} survived ({len(survivors) - len(unexplained)} explained)"
    )
    for description in survivors:
        print(f"  survived: {description}  {EXPLAINED.get(description.split(' ', 2)[2], '')}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
