#!/usr/bin/env python3
"""Lists the torchtitan names, config fields and function parameters that ScalingLab's recipe export uses.

Usage: torchtitan-fields.py GIT_DIR [COMMIT] > torchtitan-fields.txt

Reads the sources at COMMIT (default HEAD) of a torchtitan clone with Python's ast module (nothing is
imported or run) and prints, for each module the recipe imports from, `name MODULE NAME` for every
top-level name it defines or imports; for each config class the recipe builds, `field CLASS FIELD`
for every annotated field, its dataclass bases' included; for each function it calls,
`param FUNCTION PARAMETER`.
"""
import ast
import subprocess
import sys
from datetime import datetime, timezone

git_dir = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"

MODULES = [
    "torchtitan.trainer", "torchtitan.config", "torchtitan.components.optimizer",
    "torchtitan.components.loss", "torchtitan.distributed.activation_checkpoint",
    "torchtitan.models.common", "torchtitan.models.common.config_utils",
    "torchtitan.models.llama3", "torchtitan.models.llama3.model", "torchtitan.models.llama3.config_registry",
]
CLASSES = [  # (module, dotted class name as the recipe writes it)
    ("torchtitan.trainer", "Trainer.Config"),
    ("torchtitan.config.configs", "TrainingConfig"),
    ("torchtitan.config.configs", "ParallelismConfig"),
    ("torchtitan.components.optimizer.lr_scheduler", "LRSchedulersContainer.Config"),
    ("torchtitan.components.loss", "ChunkedLossWrapper.Config"),
    ("torchtitan.components.loss", "CrossEntropyLoss.Config"),
    ("torchtitan.distributed.activation_checkpoint", "SelectiveAC.Config"),
    ("torchtitan.distributed.activation_checkpoint", "FullAC.Config"),
    ("torchtitan.models.llama3.model", "Llama3Model.Config"),
    ("torchtitan.models.common.rope", "ComplexRoPE.Config"),
    ("torchtitan.models.common.embedding", "Embedding.Config"),
    ("torchtitan.models.common.linear", "Linear.Config"),
    ("torchtitan.models.common.nn_modules", "RMSNorm.Config"),
    ("torchtitan.protocols.model_spec", "ModelSpec"),
]
FUNCTIONS = [
    ("torchtitan.components.optimizer.optimizer", "default_adamw"),
    ("torchtitan.models.llama3", "model_registry"),
    ("torchtitan.models.llama3", "_build_llama3_layers"),
    ("torchtitan.models.llama3", "_output_linear_init"),
    ("torchtitan.models.common.config_utils", "decoder_vocab_size"),
    ("torchtitan.models.llama3.config_registry", "llama3_8b"),
]


def git(*args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


sha = git("rev-parse", commit).strip()
date = git("show", "-s", "--format=%cs", sha).strip()
paths = set(git("ls-tree", "-r", "--name-only", sha).splitlines())
trees = {}


def module_tree(module):
    for path in (module.replace(".", "/") + ".py", module.replace(".", "/") + "/__init__.py"):
        if path in paths:
            if path not in trees:
                trees[path] = ast.parse(git("show", f"{sha}:{path}"))
            return trees[path]
    return None


def top_names(module):
    names = set()
    for node in module_tree(module).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def absolute(module, node):
    if node.level == 0:
        return node.module
    package = module if module_tree_is_package(module) else module.rsplit(".", 1)[0]
    for _ in range(node.level - 1):
        package = package.rsplit(".", 1)[0]
    return package + ("." + node.module if node.module else "")


def module_tree_is_package(module):
    return module.replace(".", "/") + "/__init__.py" in paths


def find(module, dotted):
    """The ClassDef or FunctionDef `dotted` (Outer.Inner) as seen from `module`, following imports."""
    head, *rest = dotted.split(".")
    tree = module_tree(module)
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name == head:
            for part in rest:
                node = next(n for n in node.body if isinstance(n, ast.ClassDef) and n.name == part)
            return module, node
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                if (a.asname or a.name) == head:
                    source = absolute(module, node)
                    if module_tree(source + "." + a.name) is not None and not rest:
                        continue
                    return find(source, ".".join([a.name, *rest]))
    raise KeyError(f"{dotted} not found from {module}")


def fields(module, dotted):
    module, node = find(module, dotted)
    out = []
    for base in node.bases:
        name = ast.unparse(base)
        if name not in ("object", "Generic") and not name.startswith(("nn.", "Generic[")):
            try:
                out += fields(module, name)
            except (KeyError, StopIteration, AttributeError):
                pass
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and "ClassVar" not in ast.unparse(stmt.annotation):
            out.append(stmt.target.id)
    return out


print(f"# torchtitan names, config fields and parameters used by ScalingLab's recipe export:")
print(f"# pytorch/torchtitan commit {sha} ({date}); extracted by data/engines/torchtitan-fields.py on {datetime.now(timezone.utc):%Y-%m-%d}.")
lines = set()
for m in MODULES:
    lines |= {f"name {m} {n}" for n in top_names(m)}
for m, c in CLASSES:
    lines |= {f"field {c} {f}" for f in fields(m, c)}
for m, f in FUNCTIONS:
    _, node = find(m, f)
    a = node.args
    lines |= {f"param {f} {p.arg}" for p in a.posonlyargs + a.args + a.kwonlyargs}
    if a.kwarg:
        lines.add(f"param {f} **{a.kwarg.arg}")
for line in sorted(lines):
    print(line)
