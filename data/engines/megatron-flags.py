#!/usr/bin/env python3
"""Lists every command-line flag Megatron-LM's pretraining parser accepts, without importing it.

Usage: megatron-flags.py GIT_DIR [COMMIT] > megatron-flags.txt

Reads megatron/training/arguments.py at COMMIT (default HEAD) of a Megatron-LM clone and collects
(1) every literal '--flag' passed to add_argument, and (2) the flags ArgumentGroupFactory generates
from configuration dataclasses: field `num_layers` -> `--num-layers`; a bool field whose default is
not False -> `--no-x` and `--disable-x`; `argparse_meta` arg_names replace the generated name;
fields in the factory's exclude list or declared with init=False get none. Base dataclasses are
followed, as dataclasses.fields() does.
"""
import ast
import subprocess
import sys
from datetime import datetime, timezone

git_dir = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"


def git(*args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


sha = git("rev-parse", commit).strip()
date = git("show", "-s", "--format=%cs", sha).strip()
files = [f for f in git("ls-tree", "-r", "--name-only", sha, "megatron").splitlines() if f.endswith(".py")]
trees = {}


def tree(path):
    if path not in trees:
        trees[path] = ast.parse(git("show", f"{sha}:{path}"))
    return trees[path]


classes = {}
for path in files:
    try:
        module = tree(path)
    except SyntaxError:
        continue
    for node in module.body:
        if isinstance(node, ast.ClassDef):
            classes.setdefault(node.name, node)


def keyword(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def field_call(value):
    if isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", None)) == "field":
        return value
    return None


def is_bool(annotation):
    if isinstance(annotation, ast.Name):
        return annotation.id == "bool"
    if isinstance(annotation, ast.Subscript) and getattr(annotation.value, "id", getattr(annotation.value, "attr", "")) == "Optional":
        return is_bool(annotation.slice)
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return is_bool(annotation.left) and isinstance(annotation.right, ast.Constant) and annotation.right.value is None
    return False


def meta_names(call):
    metadata = keyword(call, "metadata") if call else None
    if isinstance(metadata, ast.Dict):
        for k, v in zip(metadata.keys, metadata.values):
            if isinstance(k, ast.Constant) and k.value == "argparse_meta" and isinstance(v, ast.Dict):
                for mk, mv in zip(v.keys, v.values):
                    if isinstance(mk, ast.Constant) and mk.value == "arg_names" and isinstance(mv, (ast.List, ast.Tuple)):
                        return [e.value for e in mv.elts]
    return None


def dataclass_flags(name, exclude):
    node = classes[name]
    flags = []
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in classes:
            flags += dataclass_flags(base.id, exclude)
    for stmt in node.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        field = stmt.target.id
        if "ClassVar" in ast.unparse(stmt.annotation) or field in exclude:
            continue
        call = field_call(stmt.value)
        init = keyword(call, "init") if call else None
        if isinstance(init, ast.Constant) and init.value is False:
            continue
        names = meta_names(call)
        if names is None:
            flag = "--" + field.replace("_", "-")
            if is_bool(stmt.annotation):
                default = keyword(call, "default") if call else stmt.value
                if not (isinstance(default, ast.Constant) and default.value is False):
                    flag = None
                    names = ["--no-" + field.replace("_", "-"), "--disable-" + field.replace("_", "-")]
            names = names or [flag]
        flags += names
    return flags


def exclude_list(call, function):
    value = keyword(call, "exclude")
    if value is None:
        return set()
    if isinstance(value, ast.Name):
        for stmt in ast.walk(function):
            if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == value.id for t in stmt.targets):
                value = stmt.value
                break
    return {e.value for e in value.elts}


flags = set()
arguments = tree("megatron/training/arguments.py")
for function in [n for n in ast.walk(arguments) if isinstance(n, ast.FunctionDef)]:
    for call in [n for n in ast.walk(function) if isinstance(n, ast.Call)]:
        callee = getattr(call.func, "attr", getattr(call.func, "id", None))
        if callee == "add_argument":
            flags |= {a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.startswith("--")}
        elif callee == "ArgumentGroupFactory" and isinstance(call.args[0], ast.Name):
            flags |= set(dataclass_flags(call.args[0].id, exclude_list(call, function)))

print(f"# Megatron-LM pretraining flags: NVIDIA/Megatron-LM commit {sha} ({date}),")
print("# megatron/training/arguments.py add_argument strings and ArgumentGroupFactory dataclass fields;")
print(f"# extracted by data/engines/megatron-flags.py on {datetime.now(timezone.utc):%Y-%m-%d}. One flag per line.")
for f in sorted(flags):
    print(f)
