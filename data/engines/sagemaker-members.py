#!/usr/bin/env python3
"""Lists the members of SageMaker's CreateTrainingJob request, with their nesting, from botocore's service model.

Usage: sagemaker-members.py GIT_DIR [COMMIT] > sagemaker-create-training-job.txt

Reads botocore/data/sagemaker/2017-07-24/service-2.json at COMMIT (default HEAD) of a botocore clone
and prints one line per member path (ResourceConfig.InstanceType), with its shape type, `required`
when the enclosing structure requires it, and the numeric or length bounds the model gives. A map's
values are written KEY (HyperParameters.KEY), a list's items [] (Tags[].Key). Structures are followed
up to three levels deep. The accepted ResourceConfig.InstanceType values follow, one a line.
"""
import json
import subprocess
import sys
from datetime import datetime, timezone

git_dir = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
run = lambda *a: subprocess.run(["git", "--git-dir", git_dir, *a], check=True, capture_output=True, text=True).stdout
sha = run("rev-parse", commit).strip()
date = run("show", "-s", "--format=%cs", sha).strip()
model = json.loads(run("show", f"{sha}:botocore/data/sagemaker/2017-07-24/service-2.json"))
shapes = model["shapes"]
request = model["operations"]["CreateTrainingJob"]["input"]["shape"]


def bounds(shape):
    parts = [f"{k}={shape[k]}" for k in ("min", "max", "pattern") if k in shape]
    if "enum" in shape:
        parts.append("enum=" + "|".join(shape["enum"]) if len(shape["enum"]) <= 12 else f"enum({len(shape['enum'])} values)")
    return " ".join(parts)


def walk(name, prefix, depth):
    shape = shapes[name]
    required = set(shape.get("required", []))
    for member, ref in shape.get("members", {}).items():
        target = shapes[ref["shape"]]
        path = prefix + member
        print(" ".join(x for x in [path, target["type"], "required" if member in required else "", bounds(target)] if x))
        if depth < 3:
            descend(ref["shape"], path, depth + 1)


def descend(name, path, depth):
    target = shapes[name]
    if target["type"] == "structure":
        walk(name, path + ".", depth)
    elif target["type"] == "map":
        value = shapes[target["value"]["shape"]]
        key = shapes[target["key"]["shape"]]
        print(" ".join(x for x in [path + ".KEY", value["type"], "key:" + bounds(key), bounds(value)] if x))
    elif target["type"] == "list":
        item = target["member"]["shape"]
        if shapes[item]["type"] == "structure":
            walk(item, path + "[].", depth)


print(f"# SageMaker CreateTrainingJob request members: boto/botocore commit {sha} ({date}),")
print(f"# botocore/data/sagemaker/2017-07-24/service-2.json; extracted by data/engines/sagemaker-members.py on {datetime.now(timezone.utc):%Y-%m-%d}.")
print("# path type [required] [bounds]")
walk(request, "", 1)
# The instance types a training job accepts, one per line (the enum above is only counted).
instance = shapes[shapes[request]["members"]["ResourceConfig"]["shape"]]["members"]["InstanceType"]["shape"]
for value in shapes[instance]["enum"]:
    print(f"ResourceConfig.InstanceType={value}")
