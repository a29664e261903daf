"""The catalogue: every hostile case, grouped by issue 13's eight classes. Cases are data (argv,
setup, what a right answer is); the verdict is harness.judge's, plus the checks named here.
Inputs come from fixtures.py (seeded) and are damaged per case in the case's own folder."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import zlib

from fixtures import GOOD_ACCELERATOR, GOOD_INSTANCE, GOOD_LAW, SIGNAL_RUN, TINY, chinchilla_loss, fig4_rows
from harness import (CLEAN, GARBAGE, HANG, INTERNAL, MESSAGE, SCALE_TIMEOUT, TRAIN_TIMEOUT, WRONG_CODE,
                     Case, judge, sanity)

CASES: list = []


def add(*cases):
    CASES.extend(cases)


def seed_of(name: str) -> int:
    return zlib.crc32(name.encode())


# ---------------------------------------------------------------------------------------------
# setup helpers (each returns a function of ctx)

def files(**named):
    """Writes files into the case folder: name -> text, bytes, or fn(ctx) -> text/bytes.
    A '__' in a name stands for '/', '_DOT_' for '.'."""
    def go(ctx):
        for name, data in named.items():
            rel = name.replace("__", "/").replace("_DOT_", ".")
            ctx.write(rel, data(ctx) if callable(data) else data)
    return go


def chain(*steps):
    def go(ctx):
        for s in steps:
            s(ctx)
    return go


def dataset(rel="ds", src="ds", damage=None):
    def go(ctx):
        ctx.fixtures.need(src)
        ctx.copy(ctx.fixtures.p(src), rel)
        if damage:
            damage(ctx, ctx.p(rel))
    return go


def run_copy(with_dataset=False, damage=None, rel="run"):
    """The fixtures' finished tiny run (checkpoints at steps 60 and 79) and its store, copied here;
    paths in run.json that point at the fixtures are pointed here."""
    def go(ctx):
        ctx.fixtures.need("run", "ds")
        ctx.copy(ctx.fixtures.p("run"), rel)
        ctx.copy(ctx.fixtures.p("experiments.db"), "experiments.db")
        mapping = {ctx.fixtures.p("run"): ctx.p(rel), ctx.fixtures.p("experiments.db"): ctx.p("experiments.db")}
        if with_dataset:
            ctx.copy(ctx.fixtures.p("ds"), "ds")
            mapping[ctx.fixtures.p("ds")] = ctx.p("ds")
        manifest = ctx.p(os.path.join(rel, "run.json"))
        with open(manifest) as f:
            text = f.read()
        for a, b in mapping.items():
            text = text.replace(json.dumps(a)[1:-1], json.dumps(b)[1:-1])
        with open(manifest, "w") as f:
            f.write(text)
        if damage:
            damage(ctx, ctx.p(rel))
    return go


def truncate(path, size):
    with open(path, "r+b") as f:
        f.truncate(size)


def half(path):
    truncate(path, os.path.getsize(path) // 2)


def zero(path):
    size = os.path.getsize(path)
    with open(path, "wb") as f:
        f.write(b"\0" * size)


def flip(path, count=64, seed=1):
    rng = random.Random(seed)
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        for _ in range(count):
            i = rng.randrange(len(data))
            data[i] = (data[i] + 1 + rng.randrange(200)) % 256 if data[i] < 128 else rng.randrange(32, 127)
        f.seek(0)
        f.write(bytes(data))


def append(path, data: bytes):
    with open(path, "ab") as f:
        f.write(data)


def garbage(n, seed):
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def edit_json(path, fn):
    with open(path) as f:
        d = json.load(f)
    d = fn(d) or d
    with open(path, "w") as f:
        json.dump(d, f, indent=2)


def newest(run, ext):
    folder = os.path.join(run, "checkpoints")
    steps = sorted(f for f in os.listdir(folder) if f.endswith(ext) and f.startswith("step-"))
    return os.path.join(folder, steps[-1])


def oldest(run, ext):
    folder = os.path.join(run, "checkpoints")
    steps = sorted(f for f in os.listdir(folder) if f.endswith(ext) and f.startswith("step-"))
    return os.path.join(folder, steps[0])


# ---------------------------------------------------------------------------------------------
# checks on an answer at exit 0 (return None when fine)

def law_usable(rel="law.json"):
    """A law that fit wrote must be one plan accepts and answers sanely with."""
    def go(ctx, res):
        if not os.path.exists(ctx.p(rel)):
            return GARBAGE, f"exit 0 but {rel} was not written"
        r = ctx.exec(["plan", "--law", rel, "--budget", "1e22", "--json"], 60)
        if r.rc != 0:
            return GARBAGE, f"fit wrote a law that plan refuses (exit {r.rc}: {r.first_err()[:150]})"
        why = sanity(r, True)
        if why:
            return GARBAGE, f"fit wrote a law on which plan answers garbage: {why}"
        return None
    return go


def dataset_sane(rel="ds"):
    def go(ctx, res):
        meta_path = ctx.p(os.path.join(rel, "dataset.json"))
        if not os.path.exists(meta_path):
            return GARBAGE, "exit 0 but no dataset.json"
        try:
            with open(meta_path) as f:
                m = json.load(f)
        except ValueError:
            return GARBAGE, "exit 0 but dataset.json is not JSON"
        tt, vt, tb = m.get("trainTokens", 0), m.get("valTokens", 0), m.get("tokenBytes", 1)
        if not tt or not vt or tt < 64 or vt < 64:
            return GARBAGE, f"exit 0 with a dataset that cannot train: {tt} train and {vt} validation tokens"
        size = os.path.getsize(ctx.p(os.path.join(rel, "train.bin")))
        if size != tt * tb:
            return GARBAGE, f"train.bin holds {size} bytes, dataset.json says {tt} tokens of {tb} bytes"
        return None
    return go


def file_magic(rel, kind):
    magic = {"png": b"\x89PNG", "bmp": b"BM", "svg": b"<"}

    def go(ctx, res):
        path = ctx.p(rel)
        if not os.path.exists(path):
            return GARBAGE, f"exit 0 but {rel} was not written"
        head = open(path, "rb").read(64).lstrip()
        if kind == "any":
            if head.startswith(magic["png"]) or head.startswith(b"<"):
                return None
            return GARBAGE, f"{rel} is neither PNG nor SVG"
        if not head.startswith(magic[kind]):
            got = "PNG" if head.startswith(magic["png"]) else "SVG" if head.startswith(b"<") else repr(head[:8])
            return GARBAGE, f"{rel} holds {got} bytes, not {kind.upper()}"
        return None
    return go


def json_answer(res):
    try:
        return json.loads(res.out)
    except ValueError:
        return None


def resumed_to(ref="base", completed=True):
    """A resumed run must finish, and at exactly the uninterrupted run's validation loss."""
    def go(ctx, res):
        d = json_answer(res)
        if d is None:
            return GARBAGE, "resume answered no JSON"
        if completed and d.get("status") != "completed":
            return GARBAGE, f"resume ended with status {d.get('status')!r}"
        want = (ctx.fixtures.base if ref == "base" else ctx.fixtures.sigref).get("finalValLoss")
        got = d.get("finalValLoss")
        if want is not None and (got is None or abs(got - want) > 1e-6 * max(1, abs(want))):
            return GARBAGE, f"resumed to validation loss {got}, the uninterrupted run ended at {want}"
        return None
    return go


def all_checks(*checks):
    def go(ctx, res):
        for c in checks:
            v = c(ctx, res)
            if v:
                return v
        return None
    return go


def store_rows(path, folder_suffix=None):
    if not os.path.exists(path):
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute("select run_id, folder, status, steps from runs").fetchall()
            out = []
            for run_id, folder, status, steps in rows:
                if folder_suffix and not folder.rstrip("/").endswith(folder_suffix):
                    continue
                n = con.execute("select count(*), min(step), max(step) from metrics where run_id = ?", (run_id,)).fetchone()
                out.append({"id": run_id, "folder": folder, "status": status, "steps": steps,
                            "metrics": n[0], "first": n[1], "last": n[2]})
            return out
        finally:
            con.close()
    except sqlite3.Error as e:
        return [{"error": str(e)}]


def checkpoint_steps(run):
    folder = os.path.join(run, "checkpoints")
    if not os.path.isdir(folder):
        return []
    return sorted(int(f[5:13]) for f in os.listdir(folder) if f.startswith("step-") and f.endswith(".json"))


def has_checkpoint(ctx, rel="run"):
    return lambda t: len(checkpoint_steps(ctx.p(rel))) > 0


# =============================================================================================
# 1. Non-finite numbers

BAD = ["1e300", "1e-300", "NaN", "-1"]

PLAN_FLAGS = [
    ("--budget", []), ("--params", []), ("--tokens", []), ("--target-loss", []),
    ("--unique-tokens", ["--budget", "1e22"]), ("--inference-tokens", ["--target-loss", "2.1"]),
    ("--days", ["--gpus", "8xH100"]), ("--dollars", ["--instance", "p5.48xlarge"]),
    ("--mfu", ["--gpus", "8xH100", "--days", "1"]), ("--pue", ["--gpus", "8xH100", "--days", "1"]),
    ("--price-per-gpu-hour", ["--budget", "1e22", "--gpus", "8xH100"]), ("--aspect-ratio", ["--budget", "1e22"]),
]
# where a value is a fair request rather than nonsense
PLAN_ANY = {("--unique-tokens", "1e300"), ("--price-per-gpu-hour", "1e-300")}

for flag, base in PLAN_FLAGS:
    for v in BAD:
        add(Case(f"1.plan.{flag[2:]}={v}.json", 1, "plan", ["plan", *base, flag, v, "--json"],
                 expect="any" if (flag, v) in PLAN_ANY else "error", blame=[flag]))
for flag in ("--budget", "--params", "--tokens", "--target-loss"):
    for v in ("1e300", "1e-300"):
        add(Case(f"1.plan.{flag[2:]}={v}.text", 1, "plan", ["plan", flag, v], expect="error", blame=[flag]))

for flag, base in (("--params", ["--tokens", "1T"]), ("--tokens", ["--params", "7B"]),
                   ("--unique-tokens", ["--params", "7B", "--tokens", "1T"])):
    for v in BAD:
        add(Case(f"1.predict.{flag[2:]}={v}.json", 1, "predict", ["predict", *base, flag, v, "--json"],
                 expect="any" if (flag, v) == ("--unique-tokens", "1e300") else "error", blame=[flag]))

add(
    Case("1.plan.params+tokens=1e300.json", 1, "plan", ["plan", "--params", "1e300", "--tokens", "1e300", "--json"], expect="error"),
    Case("1.predict.params+tokens=1e300.json", 1, "predict", ["predict", "--params", "1e300", "--tokens", "1e300", "--json"], expect="error"),
    Case("1.predict.params+tokens=1e300.text", 1, "predict", ["predict", "--params", "1e300", "--tokens", "1e300"], expect="error"),
    Case("1.plan.budget=inf.json", 1, "plan", ["plan", "--budget", "inf", "--json"], expect="error", blame=["--budget"]),
    Case("1.plan.params=Infinity.json", 1, "plan", ["plan", "--params", "Infinity", "--json"], expect="error", blame=["--params"]),
    Case("1.plan.tokens=-inf.json", 1, "plan", ["plan", "--tokens", "-inf", "--json"], expect="error", blame=["--tokens"]),
    Case("1.plan.budget=0.json", 1, "plan", ["plan", "--budget", "0", "--json"], expect="error", blame=["--budget"]),
    Case("1.plan.budget=1e40.json", 1, "plan", ["plan", "--budget", "1e40", "--json"], desc="the top of the documented range"),
    Case("1.plan.budget=1e41.json", 1, "plan", ["plan", "--budget", "1e41", "--json"], expect="error", blame=["--budget"]),
    Case("1.plan.budget=1e6.json", 1, "plan", ["plan", "--budget", "1e6", "--json"], desc="the bottom of the documented range"),
    Case("1.plan.params=999.json", 1, "plan", ["plan", "--params", "999", "--json"], expect="error", blame=["--params"]),
    Case("1.plan.target-loss=E.json", 1, "plan", ["plan", "--target-loss", "1.8172", "--json"], expect="error",
         blame=["--target-loss"], desc="the target is the default law's irreducible loss E"),
    Case("1.plan.target-loss=E+1e-4.json", 1, "plan", ["plan", "--target-loss", "1.8173", "--json"],
         desc="just above E: a finite but enormous model, or a refusal"),
    Case("1.plan.unique-tokens=1.json", 1, "plan", ["plan", "--budget", "1e22", "--unique-tokens", "1", "--json"]),
    Case("1.plan.budget+inference-tokens=1e300.json", 1, "plan", ["plan", "--budget", "1e22", "--inference-tokens", "1e300", "--json"],
         expect="error", blame=["--inference-tokens"]),
    Case("1.plan.exact.context=1.json", 1, "plan", ["plan", "--budget", "1e22", "--flops-convention", "exact", "--context", "1", "--json"]),
    Case("1.plan.budget=120PF-days.json", 1, "plan", ["plan", "--budget", "120 PF-days", "--json"], expect="ok", desc="control"),
    Case("1.plan.budget=5.76e23", 1, "plan", ["plan", "--budget", "5.76e23"], expect="ok", desc="control"),
    Case("1.plan.hours=1e-9", 1, "plan", ["plan", "--gpus", "8xH100", "--hours", "1e-9", "--json"], expect="error", blame=["--hours"]),
    Case("1.plan.gpus=99999999999xH100", 1, "plan", ["plan", "--gpus", "99999999999xH100", "--days", "1", "--json"], expect="error", blame=["--gpus"]),
    Case("1.plan.vision.gmacs=1e300", 1, "plan", ["plan", "--modality", "vision", "--gmacs", "1e300", "--json"], expect="error", blame=["--gmacs"]),
    Case("1.plan.vision.gmacs=0", 1, "plan", ["plan", "--modality", "vision", "--gmacs", "0", "--json"], expect="error", blame=["--gmacs"]),
    Case("1.plan.vision.gmacs=NaN", 1, "plan", ["plan", "--modality", "vision", "--gmacs", "NaN", "--json"], expect="error", blame=["--gmacs"]),
    Case("1.plan.vision.target-error=0", 1, "plan", ["plan", "--modality", "vision", "--target-error", "0", "--json"], expect="error", blame=["--target-error"]),
    Case("1.plan.vision.target-error=1.5", 1, "plan", ["plan", "--modality", "vision", "--target-error", "1.5", "--json"], expect="error", blame=["--target-error"]),
    Case("1.plan.vision.target-error=NaN", 1, "plan", ["plan", "--modality", "vision", "--target-error", "NaN", "--json"], expect="error", blame=["--target-error"]),
    Case("1.plan.vision.target-error=1e-300", 1, "plan", ["plan", "--modality", "vision", "--target-error", "1e-300", "--json"], expect="error", blame=["--target-error"]),
    Case("1.plan.vision.dataset-images=0", 1, "plan", ["plan", "--modality", "vision", "--gmacs", "3e12", "--dataset-images", "0", "--json"], expect="error", blame=["--dataset-images"]),
    Case("1.plan.vision.images-per-second=0", 1, "plan", ["plan", "--modality", "vision", "--gmacs", "3e12", "--images-per-second", "0", "--json"], expect="error", blame=["--images-per-second"]),
)

for flag in ("--layers", "--d-model", "--heads", "--ffn", "--vocab", "--context"):
    for v in ("0", "99999999999"):
        argv = ["model", "--layers", "12", "--d-model", "768"]
        if flag in argv:
            argv[argv.index(flag) + 1] = v
        else:
            argv += [flag, v]
        add(Case(f"1.model.{flag[2:]}={v}", 1, "model", argv + ["--json"], expect="error", blame=[flag]))
for v in BAD:
    add(Case(f"1.model.params={v}", 1, "model", ["model", "--params", v, "--json"], expect="error", blame=["--params"]))
add(
    Case("1.model.vit.resolution=0", 1, "model", ["model", "--vit", "B/16", "--resolution", "0", "--json"], expect="error", blame=["--resolution"]),
    Case("1.model.vit.resolution=99999999", 1, "model", ["model", "--vit", "B/16", "--resolution", "99999999", "--json"], expect="error", blame=["--resolution"]),
    Case("1.model.vit.patch=1000", 1, "model", ["model", "--vit", "B/16", "--patch", "1000", "--json"], expect="error", blame=["--patch"]),
)

for v in BAD:
    add(Case(f"1.memory.params={v}", 1, "memory", ["memory", "--params", v, "--json"], expect="error", blame=["--params"]))
for flag in ("--tp", "--pp", "--dp", "--zero", "--micro-batch", "--context"):
    for v in ("0", "99999999999"):
        add(Case(f"1.memory.{flag[2:]}={v}", 1, "memory", ["memory", "--params", "7B", flag, v, "--json"],
                 expect="any" if (flag, v) == ("--zero", "0") else "error", blame=[flag]))
add(
    Case("1.memory.zero=4", 1, "memory", ["memory", "--params", "7B", "--zero", "4", "--json"], expect="error", blame=["--zero"]),
    Case("1.memory.pp=1000", 1, "memory", ["memory", "--params", "7B", "--pp", "1000", "--json"], expect="error", blame=["--pp"]),
    Case("1.memory.d-model=0", 1, "memory", ["memory", "--layers", "4", "--d-model", "0", "--json"], expect="error", blame=["--d-model"]),
    Case("1.memory.micro-batch=1e300", 1, "memory", ["memory", "--params", "7B", "--micro-batch", "1e300", "--json"], expect="error", blame=["--micro-batch"]),
)

# law files: the fitted figure-4 law with one thing wrong
def law_variant(fn=None, raw=None):
    def make(ctx):
        if raw is not None:
            return raw(ctx) if callable(raw) else raw
        d = json.loads(json.dumps(GOOD_LAW))
        fn(d)
        return json.dumps(d, indent=2)
    return make


def setc(**kv):
    def fn(d):
        d["constants"].update(kv)
    return fn


LAWS = {
    "alpha=1e-12": (law_variant(setc(alpha=1e-12)), "error"),
    "beta=1e-12": (law_variant(setc(beta=1e-12)), "error"),
    "alpha=beta=1e-12": (law_variant(setc(alpha=1e-12, beta=1e-12)), "error"),
    "alpha=0": (law_variant(setc(alpha=0)), "error"),
    "alpha=-0.3": (law_variant(setc(alpha=-0.3)), "error"),
    "E=-1": (law_variant(setc(E=-1)), "error"),
    "A=0": (law_variant(setc(A=0)), "error"),
    "A=1e300": (law_variant(setc(A=1e300)), "error"),
    "E=NaN-string": (law_variant(setc(E="NaN")), "error"),
    "beta-missing": (law_variant(lambda d: d["constants"].pop("beta")), "error"),
    "family=nonsense": (law_variant(lambda d: d.update(family="nonsense")), "error"),
    "fitRange-inverted": (law_variant(lambda d: d["fitRange"].update(minFlops=1e30, maxFlops=-5)), "error"),
    "torn": (law_variant(raw=lambda ctx: json.dumps(GOOD_LAW, indent=2)[:200]), "error"),
    "empty": (law_variant(raw=""), "error"),
    "array": (law_variant(raw="[]"), "error"),
    "binary": (law_variant(raw=lambda ctx: garbage(512, 7)), "error"),
    "trailing-garbage": (law_variant(raw=lambda ctx: json.dumps(GOOD_LAW) + "\n}}} garbage"), "error"),
}
for name, (make, expect) in LAWS.items():
    add(Case(f"1.law[{name}].plan", 1, "plan", ["plan", "--law", "law.json", "--budget", "1e22", "--json"],
             desc=f"law.json = the figure-4 law with {name}", setup=files(law_DOT_json=make), expect=expect,
             blame=["--law", "law.json"]))
    add(Case(f"1.law[{name}].predict", 1, "predict", ["predict", "--law", "law.json", "--params", "7B", "--tokens", "1T", "--json"],
             desc=f"law.json = the figure-4 law with {name}", setup=files(law_DOT_json=make), expect=expect,
             blame=["--law", "law.json"]))
add(Case("1.law[alpha=1e-12].plan.text", 1, "plan", ["plan", "--law", "law.json", "--budget", "1e22"],
         desc="law.json = the figure-4 law with alpha=1e-12", setup=files(law_DOT_json=LAWS["alpha=1e-12"][0]),
         expect="error", blame=["--law", "law.json"]))
add(Case("1.law[good].plan", 1, "plan", ["plan", "--law", "law.json", "--budget", "1e22", "--json"],
         desc="control: the figure-4 law", setup=files(law_DOT_json=law_variant(lambda d: None)), expect="ok"))


# hardware files
def hw_variant(acc=None, inst=None, raw=None):
    def make(ctx):
        if raw is not None:
            return raw(ctx) if callable(raw) else raw
        a = json.loads(json.dumps(GOOD_ACCELERATOR))
        i = json.loads(json.dumps(GOOD_INSTANCE))
        extra = None
        if acc:
            got = acc(a)
            extra = got if isinstance(got, dict) else None
        if inst:
            inst(i)
        accs = [a] + ([extra] if extra else [])
        return json.dumps({"accelerators": accs, "instances": [i]}, indent=2)
    return make


def peak(v):
    def fn(a):
        a["peakTflops"]["bf16"] = v
    return fn


HW = {
    "bf16=1e300": (hw_variant(acc=peak(1e300)), "acc"),
    "bf16=0": (hw_variant(acc=peak(0)), "acc"),
    "bf16=-5": (hw_variant(acc=peak(-5)), "acc"),
    "bf16=NaN-string": (hw_variant(acc=peak("NaN")), "acc"),
    "memoryGB=0": (hw_variant(acc=lambda a: a.update(memoryGB=0)), "acc"),
    "memoryGB=-1": (hw_variant(acc=lambda a: a.update(memoryGB=-1)), "acc"),
    "tdpWatts=1e300": (hw_variant(acc=lambda a: a.update(tdpWatts=1e300)), "acc"),
    "name-missing": (hw_variant(acc=lambda a: a.pop("name")), "hw"),
    "duplicate-name": (hw_variant(acc=lambda a: dict(a, memoryGB=40)), "acc"),
    "acceleratorCount=0": (hw_variant(inst=lambda i: i.update(acceleratorCount=0)), "inst"),
    "price=-1": (hw_variant(inst=lambda i: i.update(onDemandDollarsPerHour=-1)), "inst"),
    "instance-unknown-accelerator": (hw_variant(inst=lambda i: i.update(accelerator="NOPE-9000")), "inst"),
    "accelerators-is-object": (hw_variant(raw='{"accelerators": {"name": "MYGPU"}}'), "hw"),
    "torn": (hw_variant(raw=lambda ctx: hw_variant()(ctx)[:150]), "hw"),
    "empty": (hw_variant(raw=""), "hw"),
    "binary": (hw_variant(raw=lambda ctx: garbage(400, 11)), "hw"),
}
for name, (make, use) in HW.items():
    if use == "acc":
        argv = ["plan", "--gpus", "8xMYGPU", "--days", "1", "--hardware-file", "hw.json", "--json"]
    elif use == "inst":
        argv = ["plan", "--budget", "1e22", "--instance", "my.inst", "--hardware-file", "hw.json", "--json"]
    else:
        argv = ["hardware", "--hardware-file", "hw.json", "--json"]
    add(Case(f"1.hw[{name}].{argv[0]}", 1, argv[0], argv, desc=f"hw.json = a custom accelerator/instance with {name}",
             setup=files(hw_DOT_json=make), expect="error", blame=["--hardware-file", "hw.json"]))
    if use != "hw":
        add(Case(f"1.hw[{name}].hardware", 1, "hardware", ["hardware", "--hardware-file", "hw.json", "--json"],
                 desc=f"hw.json = a custom accelerator/instance with {name}", setup=files(hw_DOT_json=make),
                 expect="error", blame=["--hardware-file", "hw.json"]))
add(Case("1.hw[good].plan", 1, "plan", ["plan", "--gpus", "8xMYGPU", "--days", "1", "--hardware-file", "hw.json", "--json"],
         desc="control: a sane custom accelerator", setup=files(hw_DOT_json=hw_variant()), expect="ok"))

FIT = ["fit", "{FIX}/runs.csv", "--approach", "3"]
for flag, vals in (("--huber-delta", ["-1", "0", "NaN", "1e300"]), ("--bootstrap", ["-1", "2.5"]),
                   ("--drop-top", ["-1", "99999999999"]), ("--backtest", ["-1", "1000"]), ("--seed", ["-1"]),
                   ("--budget", BAD)):
    for v in vals:
        add(Case(f"1.fit.{flag[2:]}={v}", 1, "fit", FIT + [flag, v] + ([] if flag == "--budget" else ["--json"]), expect="error", blame=[flag],
                 desc="runs.csv = figure-4 data as params,tokens,loss (tokens = C/6N)"))


def noisy(sigma, seed, count=None, uniform=False):
    def make(ctx):
        rng = random.Random(seed)
        rows = [(n, c / (6 * n), l) for n, c, l in fig4_rows(ctx.fixtures.repo)]
        if count:
            rows = rng.sample(rows, count)
        out = "params,tokens,loss\n"
        for n, d, l in rows:
            loss = rng.uniform(1, 10) if uniform else l * pow(2.718281828, rng.gauss(0, sigma))
            out += f"{n!r},{d!r},{loss!r}\n"
        return out
    return make


for name, make in (("sigma=0.05", noisy(0.05, 1)), ("sigma=0.2", noisy(0.2, 2)), ("sigma=1", noisy(1.0, 3)),
                   ("uniform-1-10", noisy(0, 4, uniform=True)), ("6-points-sigma=0.3", noisy(0.3, 5, count=6))):
    add(Case(f"1.fit.noisy[{name}].json", 1, "fit", ["fit", "runs.csv", "--json"], setup=files(runs_DOT_csv=make),
             desc=f"runs.csv = figure-4 runs with multiplicative log-normal noise ({name}, seeded)"))
add(Case("1.fit.noisy[sigma=0.2].bootstrap.json", 1, "fit", ["fit", "runs.csv", "--approach", "3", "--bootstrap", "20", "--json"],
         setup=files(runs_DOT_csv=noisy(0.2, 2)), desc="runs.csv = figure-4 runs with noise sigma 0.2 (seeded)"))
add(Case("1.fit.noisy[sigma=1].out-then-plan", 1, "fit", ["fit", "runs.csv", "--approach", "3", "--out", "law.json"],
         setup=files(runs_DOT_csv=noisy(1.0, 3)), check=law_usable(), mutable=["law.json"],
         desc="runs.csv = figure-4 runs with noise sigma 1; then plan --law law.json --budget 1e22 --json"))

TRAIN = ["train", "--data", "{FIX}/ds", *TINY, "--out", "run"]


def train_with(flag, v, base=None):
    argv = list(base or TRAIN)
    if flag in argv:
        argv[argv.index(flag) + 1] = v
    else:
        argv[argv.index("--out"):argv.index("--out")] = [flag, v]
    return argv


TRAIN_MUT = ["run/*", "run/*/*", "experiments.db*", "runs/*"]
for flag, vals in (("--lr", ["NaN", "-1", "0", "1e300"]), ("--warmup", ["-1", "2", "NaN"]),
                   ("--spike-factor", ["0", "-1", "NaN"]), ("--peak-flops", ["0", "-1", "NaN"]),
                   ("--context", ["0", "4", "99999999999"]), ("--batch", ["0", "-1", "99999999999"]),
                   ("--threads", ["0", "-1", "99999"]), ("--eval-every", ["0", "-1"]),
                   ("--checkpoint-every", ["0", "-1"]), ("--params", ["1e300", "NaN", "0", "1e-300"]),
                   ("--tokens", ["1e300", "0", "NaN", "-1"]), ("--seed", ["1e300"])):
    for v in vals:
        add(Case(f"1.train.{flag[2:]}={v}", 1, "train", train_with(flag, v) + ["--json"], expect="error", blame=[flag],
                 timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT, cost=3, desc="tiny run on the brown-sample byte dataset"))
for v in ("1e300", "NaN", "0"):
    add(Case(f"1.train.budget={v}", 1, "train", ["train", "--data", "{FIX}/ds", "--budget", v, "--context", "32",
                                                 "--batch", "8", "--threads", "1", "--peak-flops", "1e11", "--out", "run", "--json"],
             expect="error", blame=["--budget"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT, cost=3))

PREP = ["data", "prepare", "in.txt", "--out", "ds"]
TEXT = "The quick brown fox jumps over the lazy dog.\n" * 400
for v in ("-1", "1", "1.5", "NaN"):
    add(Case(f"1.data.val-fraction={v}", 1, "data", PREP + ["--val-fraction", v, "--json"], setup=files(in_DOT_txt=TEXT),
             expect="error", blame=["--val-fraction"], absent=["ds/dataset.json"], desc="in.txt = 400 lines of text"))
for v in ("0", "1e-300"):
    add(Case(f"1.data.val-fraction={v}", 1, "data", PREP + ["--val-fraction", v, "--json"], setup=files(in_DOT_txt=TEXT),
             check=dataset_sane(), mutable=["ds/*"], desc="in.txt = 400 lines of text; exit 0 needs a validation split"))


# export: plan files with one thing wrong
def plan_variant(fn=None, raw=None, src="plan.json"):
    def make(ctx):
        ctx.fixtures.need(src)
        text = open(ctx.fixtures.p(src)).read()
        if raw is not None:
            return raw(text)
        d = json.loads(text)
        fn(d)
        return json.dumps(d, indent=2)
    return make


PLANS = {
    "torn": plan_variant(raw=lambda t: t[: len(t) // 2]),
    "empty": plan_variant(raw=lambda t: ""),
    "array": plan_variant(raw=lambda t: "[]"),
    "no-hardware": plan_variant(raw=lambda t: t, src="plan-nohw.json"),
    "parameters=1e300": plan_variant(lambda d: d.update(parameters=1e300)),
    "parameters=NaN-string": plan_variant(lambda d: d.update(parameters="NaN")),
    "parameters=-7": plan_variant(lambda d: d.update(parameters=-7)),
    "steps=-1": plan_variant(lambda d: (d.update(steps=-1), d["schedule"].update(steps=-1))),
    "count=0": plan_variant(lambda d: d["hardware"].update(count=0)),
    "layers=0": plan_variant(lambda d: d["shape"].update(layers=0)),
    "binary": plan_variant(raw=lambda t: garbage(600, 13)),
}
for name, make in PLANS.items():
    add(Case(f"1.export[{name}].megatron", 1, "export", ["export", "megatron", "--plan", "plan.json"], setup=files(plan_DOT_json=make),
             expect="any" if name.startswith("parameters") else "error", blame=["--plan", "plan.json"], desc=f"plan.json = plan --gpus 64xH100 --days 10 --instance p5.48xlarge --json, {name}"))
for name in ("torn", "parameters=1e300", "count=0"):
    add(Case(f"1.export[{name}].slurm", 1, "export", ["export", "slurm", "--plan", "plan.json"], setup=files(plan_DOT_json=PLANS[name]),
             expect="any" if name.startswith("parameters") else "error", blame=["--plan", "plan.json"], desc=f"plan.json = a 64xH100 plan, {name}"))
GOODPLAN = files(plan_DOT_json=plan_variant(lambda d: None))
for v in ("0", "-1", "3", "1e300"):
    add(Case(f"1.export.slurm.gpus-per-node={v}", 1, "export", ["export", "slurm", "--plan", "plan.json", "--gpus-per-node", v],
             setup=GOODPLAN, expect="error", blame=["--gpus-per-node"], desc="plan.json = a 64xH100 plan"))
SAGE = ["export", "sagemaker", "--plan", "plan.json", "--image", "1.dkr.ecr.us-east-1.amazonaws.com/t:1",
        "--role", "arn:aws:iam::123456789012:role/T", "--output-s3", "s3://b/runs"]
for v in ("0", "-1", "1e300"):
    add(Case(f"1.export.sagemaker.volume-gb={v}", 1, "export", SAGE + ["--volume-gb", v], setup=GOODPLAN,
             expect="error", blame=["--volume-gb"], desc="plan.json = a 64xH100 plan"))

# =============================================================================================
# 2. Fits that are not laws


def table(rows, header="params,tokens,loss"):
    return header + "\n" + "".join(",".join(str(x) for x in r) + "\n" for r in rows)


def grid_rows(loss_fn):
    rows = []
    for i in range(8):
        n = 10 ** (7 + i * 3 / 7)
        for j in range(6):
            d = 10 ** (9 + j * 2 / 5)
            rows.append((f"{n:.6g}", f"{d:.6g}", f"{loss_fn(n, d):.6f}"))
    return rows


RISING = table(grid_rows(lambda n, d: 1.5 + 1e-3 * n ** 0.3 + 400 / d ** 0.3))
IDENTICAL = table([("1e8", "2e9", "3.1")] * 30)
FOUR = table([r for r in grid_rows(chinchilla_loss)[:4]] * 10)
CONSTANT = table(grid_rows(lambda n, d: 3.0))
RISING_D = table(grid_rows(lambda n, d: 1.5 + 400 / n ** 0.3 + 1e-3 * d ** 0.3))
GOOD = table(grid_rows(chinchilla_loss))


def with_cell(col, value, row=5):
    rows = grid_rows(chinchilla_loss)
    r = list(rows[row])
    r[col] = value
    rows[row] = tuple(r)
    return table(rows)


FIT2 = [
    ("loss-rising-with-N.text", RISING, [], "error", "loss rises with N (alpha < 0)"),
    ("loss-rising-with-N.json", RISING, ["--json"], "error", "loss rises with N (alpha < 0)"),
    ("loss-rising-with-D.json", RISING_D, ["--json"], "error", "loss rises with D (beta < 0)"),
    ("30-identical-rows.text", IDENTICAL, [], "error", "30 identical rows"),
    ("30-identical-rows.json", IDENTICAL, ["--json"], "error", "30 identical rows"),
    ("30-identical-rows.approach3", IDENTICAL, ["--approach", "3", "--json"], "error", "30 identical rows"),
    ("4-points-x10", FOUR, ["--approach", "3", "--json"], "error", "4 distinct points, each 10 times"),
    ("header-only", "params,tokens,loss\n", ["--json"], "error", "a header and no rows"),
    ("one-row", table([("1e8", "2e9", "3.1")]), ["--json"], "error", "one row"),
    ("constant-loss", CONSTANT, ["--json"], "error", "the same loss everywhere"),
    ("negative-loss", with_cell(2, "-3.1"), ["--json"], "error", "one loss is -3.1"),
    ("zero-loss", with_cell(2, "0"), ["--json"], "error", "one loss is 0"),
    ("NaN-loss", with_cell(2, "NaN"), ["--json"], "error", "one loss is NaN"),
    ("inf-loss", with_cell(2, "inf"), ["--json"], "error", "one loss is inf"),
    ("negative-params", with_cell(0, "-1e8"), ["--json"], "error", "one parameter count is negative"),
    ("zero-tokens", with_cell(1, "0"), ["--json"], "error", "one token count is 0"),
    ("params=1e300", with_cell(0, "1e300"), ["--json"], "error", "one parameter count is 1e300"),
    ("loss=1e300", with_cell(2, "1e300"), ["--json"], "error", "one loss is 1e300"),
    ("dup-column-loss", table([(a, b, c, "9.9") for a, b, c in grid_rows(chinchilla_loss)], "params,tokens,loss,loss"),
     ["--json"], "error", "the header names loss twice (different values)"),
    ("dup-column-params", table([(a, "5", b, c) for a, b, c in grid_rows(chinchilla_loss)], "params,params,tokens,loss"),
     ["--json"], "error", "the header names params twice"),
    ("synonym-columns", table([(a, a, b, c) for a, b, c in grid_rows(chinchilla_loss)], "params,Model Size,tokens,loss"),
     ["--json"], "error", "two parameter columns under synonyms (params, Model Size)"),
    ("one-budget", table([(f"{n:.6g}", f"{1e21 / (6 * n):.6g}", f"{chinchilla_loss(n, 1e21 / (6 * n)):.6f}")
                          for n in [10 ** (8 + i / 5) for i in range(10)]]), ["--approach", "2", "--json"], "any",
     "ten runs of a single budget, approach 2"),
    ("approach1-no-run-id", GOOD, ["--approach", "1", "--json"], "error", "no run id column, --approach 1"),
    ("approach1-one-point-per-run", table([(f"r{i}",) + r for i, r in enumerate(grid_rows(chinchilla_loss))], "run,params,tokens,loss"),
     ["--approach", "1", "--json"], "error", "a run id column with one point per run, --approach 1"),
]
for name, text, extra, expect, desc in FIT2:
    add(Case(f"2.fit.{name}", 2, "fit", ["fit", "runs.csv", *extra], setup=files(runs_DOT_csv=text), expect=expect,
             desc=f"runs.csv: {desc}", blame=["runs.csv", "--approach", "approach 1", "approach 2"]))
add(
    Case("2.fit.loss-rising-with-N.out-then-plan", 2, "fit", ["fit", "runs.csv", "--out", "law.json"],
         setup=files(runs_DOT_csv=RISING), check=law_usable(), mutable=["law.json"], absent=["law.json"],
         desc="runs.csv: loss rises with N; a law written must be one plan uses"),
    Case("2.fit.30-identical.out-then-plan", 2, "fit", ["fit", "runs.csv", "--approach", "3", "--out", "law.json"],
         setup=files(runs_DOT_csv=IDENTICAL), check=law_usable(), mutable=["law.json"], absent=["law.json"],
         desc="runs.csv: 30 identical rows"),
    Case("2.fit.saturating-on-flops-column", 2, "fit", ["fit", "{FIX}/fig4.csv", "--form", "saturating", "--json"],
         expect="error", desc="the figure-4 file (Training FLOP, loss) fitted as a CLIP law (gmacs, error)"),
    Case("2.fit.saturating-on-flops-column.out", 2, "fit", ["fit", "{FIX}/fig4.csv", "--form", "saturating", "--out", "law.json"],
         expect="error", absent=["law.json"], desc="the figure-4 file fitted as a CLIP law, --out"),
    Case("2.fit.saturating.compute-unit-flops", 2, "fit", ["fit", "{FIX}/fig4.csv", "--form", "saturating", "--compute-unit", "flops", "--json"],
         expect="error", desc="the figure-4 file has loss, not error"),
    Case("2.fit.saturating.control", 2, "fit", ["fit", "{FIX}/clip.csv", "--form", "saturating", "--json"], expect="ok",
         desc="control: 16 CLIP-style runs (gmacs, error)"),
    Case("2.fit.saturating.error-rising", 2, "fit", ["fit", "clip.csv", "--form", "saturating", "--json"],
         setup=files(clip_DOT_csv=table([(f"{10 ** (8 + i * 0.3):.6g}", f"{0.1 + 0.05 * i:.4f}") for i in range(16)], "gmacs,error")),
         expect="error", desc="error rises with compute"),
    Case("2.fit.saturating.error>1", 2, "fit", ["fit", "clip.csv", "--form", "saturating", "--json"],
         setup=files(clip_DOT_csv=table([(f"{10 ** (8 + i * 0.3):.6g}", f"{58.6 * (10 ** (8 + i * 0.3)) ** -0.11:.4f}") for i in range(16)], "gmacs,error")),
         desc="errors between 1.3 and 7 (percent, not fractions)"),
    Case("2.fit.saturating.negative-gmacs", 2, "fit", ["fit", "clip.csv", "--form", "saturating", "--json"],
         setup=files(clip_DOT_csv=table([(f"{-(10 ** (8 + i * 0.3)):.6g}", "0.3") for i in range(16)], "gmacs,error")),
         expect="error", desc="negative compute"),
    Case("2.fit.saturating.two-rows", 2, "fit", ["fit", "clip.csv", "--form", "saturating", "--json"],
         setup=files(clip_DOT_csv=table([("1e9", "0.5"), ("1e10", "0.4")], "gmacs,error")), expect="error", desc="two rows"),
    Case("2.fit.saturating.with-approach", 2, "fit", ["fit", "{FIX}/clip.csv", "--form", "saturating", "--approach", "2"],
         expect="error", blame=["--approach"], desc="--approach means nothing to a saturating fit"),
)
for v in ("-0.05", "0", "NaN", "5", "1e-300"):
    add(Case(f"2.fit.budget-tolerance={v}", 2, "fit", ["fit", "{FIX}/runs.csv", "--approach", "2", "--budget-tolerance", v, "--json"],
             expect="any" if v == "1e-300" else "error", blame=["--budget-tolerance"], desc="figure-4 runs, approach 2"))
for name, g in (("step=0", "a=0:25:0"), ("reversed", "a=25:0:5"), ("negative-step", "alpha=0:2:-0.5"),
                ("unknown-axis", "zzz=0:1:1"), ("NaN", "a=NaN:1:1"), ("malformed", "a=0:25"), ("empty", "")):
    add(Case(f"2.fit.grid[{name}]", 2, "fit", ["fit", "{FIX}/runs.csv", "--approach", "3", "--grid", g, "--json"],
             expect="any" if name == "empty" else "error", blame=["--grid"], desc=f"--grid {g!r}"))
add(
    Case("2.fit.where-missing-column", 2, "fit", ["fit", "{FIX}/runs.csv", "--where", "dataset=c4"], expect="error", blame=["--where", "dataset"]),
    Case("2.fit.where-malformed", 2, "fit", ["fit", "{FIX}/runs.csv", "--where", "dataset"], expect="error", blame=["--where"]),
    Case("2.fit.where-no-rows", 2, "fit", ["fit", "runs.csv", "--where", "set=b"], setup=files(runs_DOT_csv=table([r + ("a",) for r in grid_rows(chinchilla_loss)], "params,tokens,loss,set")),
         expect="error", blame=["--where", "set"], desc="a 'set' column that is always 'a'"),
    Case("2.fit.drop-top-all", 2, "fit", ["fit", "{FIX}/runs.csv", "--drop-top", "10000"], expect="error", blame=["--drop-top"]),
    Case("2.fit.drop-top-leaves-5", 2, "fit", ["fit", "{FIX}/runs.csv", "--drop-top", "240", "--json"], desc="245 rows, 240 dropped"),
    Case("2.fit.backtest-too-many", 2, "fit", ["fit", "{FIX}/runs.csv", "--backtest", "50"], expect="error", blame=["--backtest"]),
    Case("2.fit.bootstrap-5-points", 2, "fit", ["fit", "runs.csv", "--approach", "3", "--bootstrap", "50", "--json"],
         setup=files(runs_DOT_csv=table(grid_rows(chinchilla_loss)[::10])), desc="5 points, 50 resamples"),
    Case("2.fit.jsonl-mixed-types", 2, "fit", ["fit", "runs.jsonl", "--json"],
         setup=files(runs_DOT_jsonl="".join(json.dumps({"params": float(a), "tokens": float(b), "loss": float(c)}) + "\n" for a, b, c in grid_rows(chinchilla_loss))
                     + '{"params": "seven", "tokens": [1], "loss": {"x": 1}}\n'),
         expect="error", blame=["runs.jsonl"], desc="a JSONL table whose last row has a string, an array and an object"),
    Case("2.fit.jsonl-torn-last-line", 2, "fit", ["fit", "runs.jsonl", "--json"],
         setup=files(runs_DOT_jsonl="".join(json.dumps({"params": float(a), "tokens": float(b), "loss": float(c)}) + "\n" for a, b, c in grid_rows(chinchilla_loss))
                     + '{"params": 1e8, "tok'),
         expect="error", blame=["runs.jsonl"], desc="a JSONL table whose last line is torn"),
    Case("2.fit.crlf-bom", 2, "fit", ["fit", "runs.csv", "--json"],
         setup=files(runs_DOT_csv=lambda ctx: b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()), expect="ok",
         desc="control: a UTF-8 BOM and CRLF line ends"),
    Case("2.fit.semicolons", 2, "fit", ["fit", "runs.csv", "--json"], setup=files(runs_DOT_csv=GOOD.replace(",", ";")),
         desc="semicolon-separated"),
    Case("2.fit.tsv-with-commas", 2, "fit", ["fit", "runs.tsv", "--json"], setup=files(runs_DOT_tsv=GOOD.replace(",", "\t").replace("params", "params,x")),
         desc="a TSV whose header has a comma inside a name"),
    Case("2.fit.a-law-file", 2, "fit", ["fit", "{FIX}/law.json"], expect="error", blame=["law.json"], desc="a law file given as the run table"),
    Case("2.fit.train.bin", 2, "fit", ["fit", "{FIX}/ds/train.bin"], expect="error", blame=["train.bin"], desc="a dataset's token file given as the run table"),
)

# =============================================================================================
# 3. Outputs that destroy inputs or fail late

FIG4 = files(runs_DOT_csv=lambda ctx: open(ctx.fixtures.p("runs.csv")).read())
SLOW = ["--approach", "3", "--bootstrap", "200"]   # enough work that a late check shows
add(
    Case("3.fit.out=input", 3, "fit", ["fit", "runs.csv", "--out", "runs.csv"], setup=FIG4, expect="error", early=True,
         desc="runs.csv = figure-4 runs; --out is the input itself"),
    Case("3.fit.out=input-other-spelling", 3, "fit", ["fit", "runs.csv", "--out", "./sub/../runs.csv"], setup=chain(FIG4, files(sub__keep="")),
         expect="error", early=True, desc="--out names the input through ./sub/.."),
    Case("3.fit.plot=input", 3, "fit", ["fit", "runs.csv", "--plot", "runs.csv"], setup=FIG4, expect="error", early=True,
         desc="--plot is the input itself"),
    Case("3.fit.out-missing-folder", 3, "fit", ["fit", "runs.csv", *SLOW, "--out", "nope/law.json"], setup=FIG4, expect="error",
         early=True, blame=["--out", "nope"], desc="--out into a folder that does not exist (after a 200-resample bootstrap)"),
    Case("3.fit.out-onto-folder", 3, "fit", ["fit", "runs.csv", *SLOW, "--out", "dir"], setup=chain(FIG4, files(dir__keep="")),
         expect="error", early=True, blame=["--out", "dir"], desc="--out names an existing folder"),
    Case("3.fit.plot-missing-folder", 3, "fit", ["fit", "runs.csv", *SLOW, "--plot", "nope/fit.png"], setup=FIG4, expect="error",
         early=True, blame=["--plot", "nope"], desc="--plot into a folder that does not exist"),
    Case("3.fit.plot-onto-folder", 3, "fit", ["fit", "runs.csv", *SLOW, "--plot", "dir"], setup=chain(FIG4, files(dir__keep="")),
         expect="error", early=True, blame=["--plot", "dir"], desc="--plot names an existing folder"),
    Case("3.fit.plot=bmp", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--plot", "fit.bmp"], setup=FIG4, early=True,
         check=file_magic("fit.bmp", "bmp"), mutable=["fit.bmp"], blame=["--plot", "bmp"], desc="--plot fit.bmp"),
    Case("3.fit.plot=no-extension", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--plot", "fit"], setup=FIG4, early=True,
         check=file_magic("fit", "any"), mutable=["fit"], blame=["--plot"], desc="--plot fit (no extension)"),
    Case("3.fit.plot=svg", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--plot", "fit.svg"], setup=FIG4, expect="ok",
         check=file_magic("fit.svg", "svg"), mutable=["fit.svg"], desc="control: --plot fit.svg"),
    Case("3.fit.plot=png", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--plot", "fit.png"], setup=FIG4, expect="ok",
         check=file_magic("fit.png", "png"), mutable=["fit.png"], desc="control: --plot fit.png"),
    Case("3.fit.out=plot", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--out", "x.json", "--plot", "x.json"], setup=FIG4,
         early=True, blame=["--plot", "--out", "x.json"], mutable=["x.json"], check=law_usable("x.json"),
         desc="--out and --plot name the same file: refuse, or the law must survive"),
    Case("3.fit.out=unwritable", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--out", "/proc/hostile/law.json"], setup=FIG4, expect="error",
         early=True, blame=["--out", "/proc/hostile"], desc="--out where no file can be created (/proc/hostile/law.json)"),
    Case("3.fit.out=empty-string", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--out", ""], setup=FIG4, expect="error",
         early=True, blame=["--out"], desc="--out ''"),
    Case("3.fit.bad-data-leaves-no-law", 3, "fit", ["fit", "runs.csv", "--out", "law.json"], setup=files(runs_DOT_csv="params,tokens,loss\n"),
         expect="error", absent=["law.json"], desc="header-only table with --out: no law file may appear"),
    Case("3.fit.out-overwrites-old-law", 3, "fit", ["fit", "runs.csv", "--approach", "3", "--out", "law.json"],
         setup=chain(FIG4, files(law_DOT_json=lambda ctx: json.dumps(GOOD_LAW))), expect="ok", mutable=["law.json"],
         check=law_usable(), desc="control: --out replaces an earlier law file"),
)


def prepared(rel):
    """A dataset prepared from brown-sample (copied from the fixtures)."""
    return dataset(rel)


add(
    Case("3.data.out=existing-dataset", 3, "data", ["data", "prepare", "in.txt", "--out", "ds"], setup=chain(prepared("ds"), files(in_DOT_txt=TEXT)),
         expect="error", blame=["--out", "ds"], desc="ds = a brown-sample dataset; preparing other text onto it"),
    Case("3.data.out=input-folder", 3, "data", ["data", "prepare", "txt", "--out", "txt", "--json"], setup=files(txt__a_DOT_txt=TEXT, txt__b_DOT_txt=TEXT[::-1]),
         mutable=["txt/*.bin", "txt/dataset.json"], check=dataset_sane("txt"), blame=["--out", "txt"],
         desc="--out is the input folder: refuse, or write beside the texts without touching them"),
    Case("3.data.out=existing-file", 3, "data", ["data", "prepare", "in.txt", "--out", "notes.txt"], setup=files(in_DOT_txt=TEXT, notes_DOT_txt="keep me\n"),
         expect="error", blame=["--out", "notes.txt"], desc="--out names an existing file"),
    Case("3.data.out=run-folder", 3, "data", ["data", "prepare", "in.txt", "--out", "run"], setup=chain(run_copy(), files(in_DOT_txt=TEXT)),
         mutable=["run/*.bin", "run/dataset.json"], check=dataset_sane("run"), blame=["--out", "run"],
         desc="--out names a training run's folder: refuse, or leave the run's files as they were", cost=2),
    Case("3.data.out=nested-missing", 3, "data", ["data", "prepare", "in.txt", "--out", "a/b/c/ds", "--json"], setup=files(in_DOT_txt=TEXT),
         check=dataset_sane("a/b/c/ds"), desc="--out a/b/c/ds (parents missing): create or refuse"),
    Case("3.data.out=unwritable", 3, "data", ["data", "prepare", "in.txt", "--out", "/proc/hostile/ds"], setup=files(in_DOT_txt=TEXT),
         expect="error", blame=["--out", "/proc/hostile"], desc="--out where no folder can be created"),
    Case("3.data.out=empty-string", 3, "data", ["data", "prepare", "in.txt", "--out", ""], setup=files(in_DOT_txt=TEXT),
         expect="error", blame=["--out"]),
    Case("3.data.out-inside-input", 3, "data", ["data", "prepare", "txt", "--out", "txt/ds", "--json"],
         setup=files(txt__a_DOT_txt=TEXT, txt__b_DOT_txt=TEXT.upper()), mutable=["txt/ds/*"],
         check=lambda ctx, res: dataset_sane("txt/ds")(ctx, res) or (None if b"txt/ds/" not in ctx.read("txt/ds/dataset.json")
                                                                      else (GARBAGE, "the dataset read its own output files as input text")),
         desc="--out txt/ds inside the input folder txt: it must not read its own output"),
    Case("3.train.out=dataset", 3, "train", ["train", "--data", "ds", *TINY, "--out", "ds", "--json"], setup=prepared("ds"),
         blame=["--out", "ds"], timeout=TRAIN_TIMEOUT, cost=3, mutable=["experiments.db*", "ds/run.json", "ds/checkpoints/*", "ds/metrics.jsonl", "ds/loss.png"],
         desc="--out is the dataset folder: refuse, or train without touching train.bin/val.bin/dataset.json"),
    Case("3.train.out=existing-file", 3, "train", ["train", "--data", "{FIX}/ds", *TINY, "--out", "notes.txt"], setup=files(notes_DOT_txt="keep me\n"),
         expect="error", blame=["--out", "notes.txt"], timeout=TRAIN_TIMEOUT, cost=3, mutable=["experiments.db*"]),
    Case("3.train.store=train.bin", 3, "train", ["train", "--data", "ds", *TINY, "--out", "run", "--store", "ds/train.bin"],
         setup=prepared("ds"), expect="error", blame=["--store", "train.bin"], timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT,
         desc="--store names the dataset's own train.bin"),
    Case("3.train.store=folder", 3, "train", ["train", "--data", "{FIX}/ds", *TINY, "--out", "run", "--store", "dir"],
         setup=files(dir__keep=""), expect="error", blame=["--store", "dir"], timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT),
    Case("3.train.store=text-file", 3, "train", ["train", "--data", "{FIX}/ds", *TINY, "--out", "run", "--store", "notes.txt"],
         setup=files(notes_DOT_txt="my lab notes, not a database\n" * 50), expect="error", blame=["--store", "notes.txt"],
         timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT),
    Case("3.train.store=missing-folder", 3, "train", ["train", "--data", "{FIX}/ds", *TINY, "--out", "run", "--store", "a/b/s.db", "--json"],
         timeout=TRAIN_TIMEOUT, cost=3, desc="--store into folders that do not exist: create or refuse"),
    Case("3.export.out=plan", 3, "export", ["export", "megatron", "--plan", "plan.json", "--out", "plan.json"], setup=GOODPLAN,
         expect="error", blame=["--out", "plan.json"]),
    Case("3.export.out=plan-other-spelling", 3, "export", ["export", "megatron", "--plan", "plan.json", "--out", "sub/../plan.json"],
         setup=chain(GOODPLAN, files(sub__keep="")), expect="error", blame=["--out", "plan.json"]),
    Case("3.export.out-missing-folder", 3, "export", ["export", "slurm", "--plan", "plan.json", "--out", "nope/train.sbatch"],
         setup=GOODPLAN, expect="error", blame=["--out", "nope"]),
    Case("3.export.out-onto-folder", 3, "export", ["export", "torchtitan", "--plan", "plan.json", "--out", "dir"],
         setup=chain(GOODPLAN, files(dir__keep="")), expect="error", blame=["--out", "dir"]),
    Case("3.export.out=unwritable", 3, "export", ["export", "megatron", "--plan", "plan.json", "--out", "/proc/hostile/args.txt"],
         setup=GOODPLAN, expect="error", blame=["--out", "/proc/hostile"], desc="--out where no file can be created"),
    Case("3.export.slurm.job-name-injection", 3, "export", ["export", "slurm", "--plan", "plan.json", "--job-name", "x\n#SBATCH --INJECTED"],
         setup=GOODPLAN, check=lambda ctx, res: (GARBAGE, "a newline in --job-name wrote a line of its own into the script")
         if "\n#SBATCH --INJECTED" in res.out else None, blame=["--job-name"], desc="--job-name with a newline and an #SBATCH line"),
    Case("3.export.slurm.partition-injection", 3, "export", ["export", "slurm", "--plan", "plan.json", "--partition", "gpu\nrm -rf $HOME"],
         setup=GOODPLAN, check=lambda ctx, res: (GARBAGE, "a newline in --partition wrote a shell command into the script")
         if "\nrm -rf $HOME" in res.out else None, blame=["--partition"], desc="--partition with a newline and a shell command"),
    Case("3.export.sagemaker.split-without-checkpoint", 3, "export", SAGE[:3] + ["plan_long.json"] + SAGE[4:] + ["--split"],
         setup=files(plan_DOT_json=plan_variant(lambda d: None), plan_long_DOT_json=plan_variant(lambda d: None, src="plan-long.json")),
         expect="error", blame=["--checkpoint-s3", "--split"]),
)
# stdout that cannot be written
for name, argv in (("laws", ["laws", "--json"]), ("hardware", ["hardware", "--json"]), ("plan", ["plan", "--budget", "1e22", "--json"])):
    def full(ctx, argv=argv):
        import stat
        if not stat.S_ISCHR(os.stat("/dev/full").st_mode):
            from harness import NA
            return NA, "/dev/full is not the full device on this machine", None
        r = ctx.exec(argv, stdout_path="/dev/full")
        if r.timed_out:
            return HANG, "hung writing to a full stdout", r.rc
        if r.rc == 0:
            return GARBAGE, "exit 0 although stdout could not be written (ENOSPC)", r.rc
        v = judge(ctx.case, r, is_json=False, expect="error", ok_codes=(1, 2), blame=["stdout", "output", "write", "space"])
        return v[0], v[1], r.rc

    def pipe(ctx, argv=argv):
        r = ctx.exec(argv, close_stdout_after=16)
        if r.timed_out:
            return HANG, "hung writing to a closed pipe", r.rc
        text = r.err
        from harness import internal_marker
        m = internal_marker(text)
        if m:
            return INTERNAL, f"reader closed the pipe: exit {r.rc}, {m}: {r.first_err()[:150]}", r.rc
        return CLEAN, f"exit {r.rc} quietly when the reader went away", r.rc
    add(Case(f"3.stdout=/dev/full.{name}", 3, argv[0], argv + [">/dev/full"], custom=full,
             desc="stdout redirected to /dev/full (every write fails with ENOSPC)"),
        Case(f"3.stdout=closed-pipe.{name}", 3, argv[0], argv + ["|", "head", "-c", "16"], custom=pipe,
             desc="the reader takes 16 bytes and closes the pipe"))

# =============================================================================================
# 4. Datasets that are not datasets


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


DATA_IN = {
    "empty": ("in.txt", b""),
    "1-byte": ("in.txt", b"a"),
    "newline-only": ("in.txt", b"\n" * 100),
    "whitespace-only": ("in.txt", b" \t \n" * 100),
    "binary-4KB": ("in.txt", lambda ctx: garbage(4096, 17)),
    "NUL-bytes": ("in.txt", b"\0" * 4096),
    "invalid-UTF-8 (U+FFFD)": ("in.txt", bytes(range(0x80, 0x100)) * 20),
    "BOM-only": ("in.txt", b"\xef\xbb\xbf"),
    "truncated-gz": ("in.txt.gz", lambda ctx: gz(TEXT.encode())[:40]),
    "empty-gz": ("in.txt.gz", lambda ctx: gz(b"")),
    "not-gzip.gz": ("in.txt.gz", TEXT.encode()),
    "one-line-no-newline": ("in.txt", ("word " * 100).encode()),
}
for name, (rel, data) in DATA_IN.items():
    add(Case(f"4.data.input={name}", 4, "data", ["data", "prepare", rel, "--out", "ds", "--json"],
             setup=files(**{rel.replace(".", "_DOT_"): data}), expect="error", blame=[rel, "--out", "in.txt"],
             absent=["ds/dataset.json"], mutable=["ds/*"], check=dataset_sane(), desc=f"{rel} = {name}"))
add(
    Case("4.data.input=mostly-text-some-invalid", 4, "data", ["data", "prepare", "in.txt", "--out", "ds", "--json"],
         setup=files(in_DOT_txt=lambda ctx: TEXT.encode() + b"\xff\xfe" * 3 + TEXT.encode()), check=dataset_sane(), mutable=["ds/*"],
         desc="text with three invalid UTF-8 pairs in the middle"),
    Case("4.data.input=empty-folder", 4, "data", ["data", "prepare", "txt", "--out", "ds"], setup=files(txt__DOT_keep=""),
         expect="error", blame=["txt"], absent=["ds/dataset.json"], desc="a folder with only a hidden empty file"),
    Case("4.data.input=folder-of-empty-files", 4, "data", ["data", "prepare", "txt", "--out", "ds"],
         setup=files(txt__a_DOT_txt="", txt__b_DOT_txt="", txt__c_DOT_txt=""), expect="error", blame=["txt"], absent=["ds/dataset.json"]),
    Case("4.data.input=missing", 4, "data", ["data", "prepare", "nope.txt", "--out", "ds"], expect="error", blame=["nope.txt"]),
    Case("4.data.input=/dev/null", 4, "data", ["data", "prepare", "/dev/null", "--out", "ds"], expect="error", blame=["/dev/null"],
         absent=["ds/dataset.json"]),
    Case("4.data.brown-format-on-binary", 4, "data", ["data", "prepare", "in.txt", "--format", "brown", "--out", "ds"],
         setup=files(in_DOT_txt=lambda ctx: garbage(4096, 19)), expect="error", blame=["in.txt", "--format"], absent=["ds/dataset.json"]),
    Case("4.data.brown-format-on-plain-text", 4, "data", ["data", "prepare", "in.txt", "--format", "brown", "--out", "ds", "--json"],
         setup=files(in_DOT_txt=TEXT), check=dataset_sane(), mutable=["ds/*"], desc="plain text (no word/TAG pairs) as --format brown"),
    Case("4.data.same-file-twice", 4, "data", ["data", "prepare", "in.txt", "in.txt", "--out", "ds", "--json"], setup=files(in_DOT_txt=TEXT),
         check=dataset_sane(), mutable=["ds/*"]),
    Case("4.data.symlink-loop", 4, "data", ["data", "prepare", "txt", "--out", "ds", "--json"],
         setup=chain(files(txt__a_DOT_txt=TEXT), lambda ctx: os.symlink(ctx.p("txt"), ctx.p("txt/loop"))),
         check=dataset_sane(), mutable=["ds/*"], desc="the input folder holds a symlink to itself"),
    Case("4.data.gpt2-on-1-byte", 4, "data", ["data", "prepare", "in.txt", "--tokenizer", "gpt2", "--out", "ds"],
         setup=files(in_DOT_txt="a"), expect="error", blame=["in.txt"], absent=["ds/dataset.json"]),
    Case("4.data.val-fraction=0.99-small", 4, "data", ["data", "prepare", "in.txt", "--val-fraction", "0.99", "--out", "ds", "--json"],
         setup=files(in_DOT_txt="line one\nline two\n" * 20), check=dataset_sane(), mutable=["ds/*"]),
)


def dmg(fn):
    """A damage applied to a copied dataset folder."""
    return fn


def set_meta(**kv):
    return lambda ctx, ds: edit_json(os.path.join(ds, "dataset.json"), lambda d: d.update(kv))


# GPT-2 vocabulary (50,257) makes each step ~100x a byte model's: 16 steps, validation at the end only
GPT2_TINY = ["--layers", "1", "--d-model", "64", "--tokens", "4k", "--context", "32", "--batch", "8", "--threads", "1",
             "--peak-flops", "1e11", "--eval-every", "100"]
DS_DAMAGE = {
    "val.bin-missing": (lambda ctx, ds: os.remove(os.path.join(ds, "val.bin")), "ds"),
    "train.bin-missing": (lambda ctx, ds: os.remove(os.path.join(ds, "train.bin")), "ds"),
    "dataset.json-missing": (lambda ctx, ds: os.remove(os.path.join(ds, "dataset.json")), "ds"),
    "dataset.json-torn": (lambda ctx, ds: half(os.path.join(ds, "dataset.json")), "ds"),
    "dataset.json-empty": (lambda ctx, ds: truncate(os.path.join(ds, "dataset.json"), 0), "ds"),
    "dataset.json-null": (lambda ctx, ds: open(os.path.join(ds, "dataset.json"), "w").write("null"), "ds"),
    "vocabSize=0": (set_meta(vocabSize=0), "ds"),
    "tokenBytes=3": (set_meta(tokenBytes=3), "ds"),
    "trainTokens=-1": (set_meta(trainTokens=-1), "ds"),
    "0-token-val-split": (lambda ctx, ds: (truncate(os.path.join(ds, "val.bin"), 0),
                                           edit_json(os.path.join(ds, "dataset.json"), lambda d: d.update(valTokens=0, valBytes=0))), "ds"),
    "0-token-train-split": (lambda ctx, ds: (truncate(os.path.join(ds, "train.bin"), 0),
                                             edit_json(os.path.join(ds, "dataset.json"), lambda d: d.update(trainTokens=0, trainBytes=0))), "ds"),
    "train.bin-truncated-1KB": (lambda ctx, ds: truncate(os.path.join(ds, "train.bin"), 1024), "ds"),
    "train.bin-truncated-0": (lambda ctx, ds: truncate(os.path.join(ds, "train.bin"), 0), "ds"),
    "train.bin-bytes-flipped": (lambda ctx, ds: flip(os.path.join(ds, "train.bin"), 2000, 23), "ds"),
    "train.bin-extended-1KB": (lambda ctx, ds: append(os.path.join(ds, "train.bin"), b"zzzz" * 256), "ds"),
    "val.bin-truncated-10B": (lambda ctx, ds: truncate(os.path.join(ds, "val.bin"), 10), "ds"),
    "train.bin-is-a-folder": (lambda ctx, ds: (os.remove(os.path.join(ds, "train.bin")), os.mkdir(os.path.join(ds, "train.bin"))), "ds"),
    "16-bit-odd-size": (lambda ctx, ds: append(os.path.join(ds, "train.bin"), b"\x01"), "ds-gpt2"),
    "ids-beyond-vocab": (set_meta(vocabSize=256), "ds-gpt2"),
}
for name, (damage, src) in DS_DAMAGE.items():
    size = TINY if src == "ds" else GPT2_TINY
    add(Case(f"4.train.dataset[{name}]", 4, "train", ["train", "--data", "ds", *size, "--out", "run", "--json"],
             setup=dataset("ds", src, damage), expect="error", blame=["--data", "ds", "dataset.json", "train.bin", "val.bin"],
             timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT,
             desc=f"ds = the brown-sample {'GPT-2 ' if src != 'ds' else 'byte '}dataset with {name}"))
add(
    Case("4.train.dataset[control-gpt2]", 4, "train", ["train", "--data", "{FIX}/ds-gpt2", *GPT2_TINY, "--out", "run", "--json"],
         expect="ok", timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT, desc="control: the GPT-2 dataset, undamaged"),
    Case("4.train.data=file", 4, "train", ["train", "--data", "{FIX}/ds/train.bin", *TINY, "--out", "run"], expect="error", blame=["--data"],
         timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("4.train.data=missing", 4, "train", ["train", "--data", "nope", *TINY, "--out", "run"], expect="error", blame=["--data", "nope"],
         timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("4.train.data=empty-folder", 4, "train", ["train", "--data", "empty", *TINY, "--out", "run"], setup=files(empty__DOT_keep=""),
         expect="error", blame=["--data", "empty"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("4.train.data=run-folder", 4, "train", ["train", "--data", "run", *TINY, "--out", "run2"], setup=run_copy(),
         expect="error", blame=["--data", "run"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT + ["run2/*"]),
)
RESUME = ["train", "--resume", "--out", "run", "--peak-flops", "1e11", "--json"]


def drop_newest(ctx, run):
    """Removes the newest checkpoint: the run then looks stopped at step 60 of 79."""
    stem = newest(run, ".json")[:-5]
    for e in (".json", ".model", ".optim"):
        os.remove(stem + e)


for name, damage in (
        ("train.bin-changed", lambda ctx, run: flip(ctx.p("ds/train.bin"), 2000, 29)),
        ("train.bin-truncated", lambda ctx, run: truncate(ctx.p("ds/train.bin"), 1024)),
        ("train.bin-replaced-by-other-text", lambda ctx, run: open(ctx.p("ds/train.bin"), "wb").write((TEXT.encode() * 20)[:os.path.getsize(ctx.p("ds/train.bin"))])),
        ("dataset.json-deleted", lambda ctx, run: os.remove(ctx.p("ds/dataset.json"))),
        ("dataset-folder-deleted", lambda ctx, run: __import__("shutil").rmtree(ctx.p("ds")))):
    add(Case(f"4.resume.dataset[{name}]", 4, "train", RESUME, expect="error", blame=["--data", "ds", "dataset", "train.bin", "--resume"],
             setup=run_copy(with_dataset=True, damage=lambda ctx, run, d=damage: (drop_newest(ctx, run), d(ctx, run))),
             timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT + ["ds/*"],
             desc=f"a tiny run stopped at step 60 (its step-79 checkpoint removed), then its dataset's {name}; --resume"))

# =============================================================================================
# 5. Runs that cannot resume (the fixtures' run: checkpoints 60 and 79, resumed)


def ck(fn, which=newest, exts=(".model",)):
    def go(ctx, run):
        for e in exts:
            fn(which(run, e))
    return go


RESUME_DAMAGE = {
    "newest-model-truncated": (ck(half), "ok"),
    "newest-model-zeroed": (ck(zero), "ok"),
    "newest-model-missing": (ck(os.remove), "ok"),
    "newest-optim-garbage": (ck(lambda p: open(p, "wb").write(garbage(os.path.getsize(p), 31)), exts=(".optim",)), "ok"),
    "newest-optim-truncated": (ck(lambda p: truncate(p, 100), exts=(".optim",)), "ok"),
    "newest-json-torn": (ck(half, exts=(".json",)), "ok"),
    "newest-json-empty": (ck(lambda p: truncate(p, 0), exts=(".json",)), "ok"),
    "newest-json-{}": (ck(lambda p: open(p, "w").write("{}"), exts=(".json",)), "ok"),
    "newest-all-three-empty": (ck(lambda p: truncate(p, 0), exts=(".json", ".model", ".optim")), "ok"),
    "newest-json-step-9999": (ck(lambda p: edit_json(p, lambda d: d.update(step=9999, Step=9999)), exts=(".json",)), "ok"),
    "leftover-tmp-files": (lambda ctx, run: [open(os.path.join(run, "checkpoints", f"step-00000080{e}.tmp"), "wb").write(garbage(300, 37))
                                             for e in (".model", ".optim", ".json")], "ok"),
    "orphan-json-step-99": (lambda ctx, run: open(os.path.join(run, "checkpoints", "step-00000099.json"), "w").write("{}"), "ok"),
    "every-model-truncated": (lambda ctx, run: [half(os.path.join(run, "checkpoints", f)) for f in os.listdir(os.path.join(run, "checkpoints")) if f.endswith(".model")], "any"),
    "checkpoints-folder-deleted": (lambda ctx, run: __import__("shutil").rmtree(os.path.join(run, "checkpoints")), "any"),
    "metrics-torn-last-line": (lambda ctx, run: (drop_newest(ctx, run), append(os.path.join(run, "metrics.jsonl"), b'{"step":80,"tokens":20480,"trainLo')), "ok"),
    "metrics-torn-middle-line": (lambda ctx, run: open(os.path.join(run, "metrics.jsonl"), "r+b").write(b'{"step":3,"tok\n'), "any"),
    "metrics-NUL-tail": (lambda ctx, run: (drop_newest(ctx, run), append(os.path.join(run, "metrics.jsonl"), b"\0" * 4096)), "ok"),
    "metrics-missing": (lambda ctx, run: os.remove(os.path.join(run, "metrics.jsonl")), "ok"),
    "metrics-is-a-folder": (lambda ctx, run: (os.remove(os.path.join(run, "metrics.jsonl")), os.mkdir(os.path.join(run, "metrics.jsonl"))), "any"),
    "store-garbage": (lambda ctx, run: open(ctx.p("experiments.db"), "wb").write(garbage(8192, 41)), "any"),
    "store-truncated": (lambda ctx, run: truncate(ctx.p("experiments.db"), 100), "any"),
    "store-deleted": (lambda ctx, run: os.remove(ctx.p("experiments.db")), "ok"),
    # run.json has a copy in checkpoints/ (since the train merge): restoring it and resuming is a right answer too
    "run.json-torn": (lambda ctx, run: half(os.path.join(run, "run.json")), "any"),
    "run.json-empty": (lambda ctx, run: truncate(os.path.join(run, "run.json"), 0), "any"),
    "run.json-missing": (lambda ctx, run: os.remove(os.path.join(run, "run.json")), "any"),
    "run.json-context=-1": (lambda ctx, run: edit_json(os.path.join(run, "run.json"), lambda d: d["options"]["shape"].update(context=-1)), "any"),
    # dataFolder is derived from spec.data: move both, so the run really points at a folder that is not there
    "run.json-dataFolder-missing": (lambda ctx, run: edit_json(os.path.join(run, "run.json"), lambda d: [d.update(dataFolder="/nonexistent/ds"),
                                    d.get("spec", {}).update(data="/nonexistent/ds")] and None), "error"),
    "intact-completed": (lambda ctx, run: None, "ok"),
}
for name, (damage, expect) in RESUME_DAMAGE.items():
    fallback = name.startswith("newest") or name.startswith("metrics") or name in ("leftover-tmp-files", "orphan-json-step-99")
    add(Case(f"5.resume[{name}]", 5, "train", RESUME, setup=run_copy(damage=damage), expect=expect,
             check=resumed_to("base") if expect != "error" else None,
             blame=["run", "--out", "--resume", "run.json", "checkpoint", "metrics", "store", "experiments.db"]
             + (["--data", "/nonexistent/ds"] if "dataFolder" in name else []),
             timeout=TRAIN_TIMEOUT, cost=3, mutable=TRAIN_MUT,
             desc=f"the fixtures' tiny run (checkpoints 60 and 79) with {name}; --resume must "
                  + ("fall back and end at the uninterrupted loss" if fallback else "end at the uninterrupted loss or refuse cleanly")))
add(
    Case("5.resume.with-params", 5, "train", ["train", "--resume", "--out", "run", "--params", "1M"], setup=run_copy(), expect="error",
         blame=["--params", "--resume"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("5.resume.empty-folder", 5, "train", ["train", "--resume", "--out", "run"], setup=files(run__DOT_keep=""), expect="error",
         blame=["--out", "run", "--resume"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("5.resume.dataset-folder", 5, "train", ["train", "--resume", "--out", "ds"], setup=prepared("ds"), expect="error",
         blame=["--out", "ds", "--resume"], timeout=TRAIN_TIMEOUT, mutable=TRAIN_MUT),
    Case("5.resume.missing-folder", 5, "train", ["train", "--resume", "--out", "nope"], expect="error", blame=["--out", "nope", "--resume"],
         timeout=TRAIN_TIMEOUT),
    Case("5.resume.no-out", 5, "train", ["train", "--resume"], expect="error", blame=["--out"], timeout=TRAIN_TIMEOUT),
    Case("5.train.out=existing-run", 5, "train", ["train", "--data", "{FIX}/ds", *TINY, "--out", "run"], setup=run_copy(), expect="error",
         blame=["--out", "run", "--resume"], timeout=TRAIN_TIMEOUT, cost=3, mutable=["experiments.db*"],
         desc="a new run into a finished run's folder"),
)

# =============================================================================================
# 6. Signals, kills and concurrent writers (the signal run: 390 steps, a checkpoint every 25)

SIG_TRAIN = ["train", "--data", "{FIX}/ds", *SIGNAL_RUN, "--out", "run"]


def stopped_with_75(ctx, r, rel="run", store="experiments.db"):
    """The verdict on a run stopped by SIGTERM/SIGINT: exit 75, a checkpoint, the store says interrupted."""
    if r.timed_out:
        return HANG, f"did not stop within {r.seconds - (r.signal_at or 0):.0f} s of the signal"
    if r.rc == 0:
        st = [x.get("status") for x in store_rows(ctx.p(store))]
        name = signal.Signals(r.sent_signal).name
        if "completed" in st:
            return WRONG_CODE, f"ignored {name} and trained to the end (exit 0, {r.stopped_after_signal:.1f} s later); 75 was due"
        return WRONG_CODE, (f"stopped {r.stopped_after_signal:.1f} s after {name} but exit 0 (store: {st}): "
                            f"a scheduler takes it for finished; 75 was due")
    if r.rc != 75:
        v = judge(ctx.case, r, ok_codes=(75,), expect="any")
        if v[0] == CLEAN:
            return WRONG_CODE, f"exit {r.rc} after the signal (75 was due): {r.first_err()[:120]}"
        return v
    if not checkpoint_steps(ctx.p(rel)):
        return GARBAGE, "exit 75 but no checkpoint"
    rows = store_rows(ctx.p(store))
    st = [x.get("status") for x in rows]
    if "interrupted" not in st:
        return GARBAGE, f"exit 75 but the store says {st}"
    return None


def sig_then(sig, follow, name):
    def go(ctx):
        ctx.fixtures.need("ds")
        r = ctx.exec(SIG_TRAIN, TRAIN_TIMEOUT, sig=sig, sig_when=has_checkpoint(ctx))
        if r.signal_at is None:
            return WRONG_CODE if r.rc == 0 else judge(ctx.case, r)[0], "the run ended before its first checkpoint; no signal sent", r.rc
        v = stopped_with_75(ctx, r)
        if v:
            return v[0], v[1], r.rc
        steps = checkpoint_steps(ctx.p("run"))
        argv = follow
        r2 = ctx.exec(argv, TRAIN_TIMEOUT)
        v = judge(ctx.case, r2, expect="ok")
        if v[0] != CLEAN:
            return v[0], f"stopped at 75 (checkpoint {steps[-1]}), then `{' '.join(argv)}`: {v[1]}", r2.rc
        bad = resumed_to("sigref")(ctx, r2)
        if bad:
            return bad[0], f"after {name} and exit 75: {bad[1]}", r2.rc
        rows = store_rows(ctx.p("experiments.db"))
        if [x.get("status") for x in rows] != ["completed"]:
            return GARBAGE, f"after resuming, the store holds {rows}", r2.rc
        return CLEAN, f"exit 75 at a checkpoint {r.stopped_after_signal:.1f} s after {name}; resumed to the uninterrupted loss", r2.rc
    return go


RESUME_SIG = ["train", "--resume", "--out", "run", "--peak-flops", "1e11", "--json"]
add(
    Case("6.train.SIGTERM-then-resume", 6, "train", SIG_TRAIN + [";", "train", "--resume", "..."], custom=sig_then(signal.SIGTERM, RESUME_SIG, "SIGTERM"),
         timeout=TRAIN_TIMEOUT, cost=8, desc="SIGTERM once the first checkpoint exists: exit 75, checkpoint, store 'interrupted'; --resume ends at the uninterrupted loss"),
    Case("6.train.SIGINT-then-resume", 6, "train", SIG_TRAIN + [";", "train", "--resume", "..."], custom=sig_then(signal.SIGINT, RESUME_SIG, "SIGINT"),
         timeout=TRAIN_TIMEOUT, cost=8, desc="SIGINT (Ctrl-C) once the first checkpoint exists"),
    Case("6.train.SIGTERM-then-same-command", 6, "train", SIG_TRAIN + [";", "(same command again)"],
         custom=sig_then(signal.SIGTERM, SIG_TRAIN + ["--json"], "SIGTERM"), timeout=TRAIN_TIMEOUT, cost=8,
         desc="SIGTERM, then the very same command (what Slurm's requeue runs; the README says it resumes)"),
)


def sig_early(ctx):
    ctx.fixtures.need("ds")
    r = ctx.exec(SIG_TRAIN, TRAIN_TIMEOUT, sig=signal.SIGTERM, sig_when=lambda t: os.path.exists(ctx.p("run/run.json")))
    if r.timed_out:
        return HANG, "did not stop after an early SIGTERM", r.rc
    if r.rc not in (75, 130):
        v = judge(ctx.case, r, ok_codes=(75, 130))
        return (WRONG_CODE if v[0] == CLEAN else v[0]), f"SIGTERM as soon as run.json existed: {v[1]}", r.rc
    r2 = ctx.exec(SIG_TRAIN + ["--json"], TRAIN_TIMEOUT)
    v = judge(ctx.case, r2, expect="ok")
    if v[0] != CLEAN:
        return v[0], f"exit {r.rc} after an early SIGTERM, then the same command again: {v[1]}", r2.rc
    return CLEAN, f"exit {r.rc} after an early SIGTERM; the same command then finished", r2.rc


def double_sigterm(ctx):
    ctx.fixtures.need("ds")
    r = ctx.exec(SIG_TRAIN, TRAIN_TIMEOUT, sig=signal.SIGTERM, sig_when=has_checkpoint(ctx), second_sig_after=0.05)
    if r.timed_out:
        return HANG, "did not stop after two SIGTERMs", r.rc
    r2 = ctx.exec(RESUME_SIG, TRAIN_TIMEOUT)
    v = judge(ctx.case, r2, expect="ok")
    if v[0] != CLEAN:
        return v[0], f"two SIGTERMs 50 ms apart (exit {r.rc}), then --resume: {v[1]}", r2.rc
    bad = resumed_to("sigref")(ctx, r2)
    if bad:
        return bad[0], f"two SIGTERMs (exit {r.rc}), then --resume: {bad[1]}", r2.rc
    return CLEAN, f"two SIGTERMs gave exit {r.rc}; --resume ended at the uninterrupted loss", r2.rc


def kill9_resume(ctx):
    ctx.fixtures.need("ds")
    r = ctx.exec(SIG_TRAIN, TRAIN_TIMEOUT, sig=signal.SIGKILL, sig_when=has_checkpoint(ctx))
    r2 = ctx.exec(RESUME_SIG, TRAIN_TIMEOUT)
    v = judge(ctx.case, r2, expect="ok")
    if v[0] != CLEAN:
        return v[0], f"kill -9 after a checkpoint, then --resume: {v[1]}", r2.rc
    bad = resumed_to("sigref")(ctx, r2)
    if bad:
        return bad[0], f"kill -9 then --resume: {bad[1]}", r2.rc
    rows = store_rows(ctx.p("experiments.db"))
    if len(rows) != 1 or rows[0].get("status") != "completed":
        return GARBAGE, f"after kill -9 and --resume the store holds {rows}", r2.rc
    return CLEAN, "kill -9 then --resume: completed at the uninterrupted loss, one store row 'completed'", r2.rc


def kill9_row(ctx):
    ctx.fixtures.need("ds")
    ctx.exec(SIG_TRAIN, TRAIN_TIMEOUT, sig=signal.SIGKILL, sig_when=has_checkpoint(ctx))
    r2 = ctx.exec(["train", "--data", "{FIX}/ds", *TINY, "--out", "other", "--json"], TRAIN_TIMEOUT)
    v = judge(ctx.case, r2, expect="ok")
    if v[0] != CLEAN:
        return v[0], f"after kill -9 of one run, another run on the same store: {v[1]}", r2.rc
    rows = {x.get("folder", "").rstrip("/").split("/")[-1]: x.get("status") for x in store_rows(ctx.p("experiments.db"))}
    if rows.get("run") == "running":
        return GARBAGE, f"the killed run's store row still says 'running' after another run used the store ({rows})", r2.rc
    return CLEAN, f"store rows after kill -9 and another run: {rows}", r2.rc


def resume_store(second_store):
    def go(ctx):
        ctx.fixtures.need("ds")
        r = ctx.exec(SIG_TRAIN + ["--store", "s1.db"], TRAIN_TIMEOUT, sig=signal.SIGTERM, sig_when=has_checkpoint(ctx))
        if r.rc != 75:
            v = judge(ctx.case, r, ok_codes=(75,))
            return (WRONG_CODE if v[0] == CLEAN else v[0]), f"SIGTERM with --store s1.db gave exit {r.rc}: {v[1]}", r.rc
        argv = RESUME_SIG + (["--store", second_store] if second_store else [])
        r2 = ctx.exec(argv, TRAIN_TIMEOUT)
        if second_store and r2.rc == 2:
            v = judge(ctx.case, r2, expect="error", blame=["--store"])
            return v[0], v[1], r2.rc
        v = judge(ctx.case, r2, expect="ok")
        if v[0] != CLEAN:
            return v[0], f"--resume {'--store ' + second_store if second_store else 'without --store'}: {v[1]}", r2.rc
        stores = {s: store_rows(ctx.p(s)) for s in ("s1.db", "experiments.db", "s2.db")}
        holding = {s: rows for s, rows in stores.items() if rows}
        if len(holding) != 1:
            summary = {s: [(x.get('status'), x.get('metrics')) for x in rows] for s, rows in holding.items()}
            return GARBAGE, f"the run's history is split across stores {summary}", r2.rc
        (s, rows), = holding.items()
        if rows[0].get("status") != "completed":
            return GARBAGE, f"{s} says {rows[0].get('status')} after the resumed run finished", r2.rc
        return CLEAN, f"history kept in one store ({s}), completed", r2.rc
    return go


def two_trainings(same_out):
    def go(ctx):
        ctx.fixtures.need("ds")
        import threading
        out = {}
        outs = ("run", "run") if same_out else ("a", "b")

        def one(i):
            out[i] = ctx.exec(["train", "--data", "{FIX}/ds", *TINY, "--out", outs[i], "--store", "shared.db", "--json"], TRAIN_TIMEOUT)
        ts = [threading.Thread(target=one, args=(i,)) for i in (0, 1)]
        ctx.steps += 10
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        rcs = sorted(out[i].rc for i in (0, 1))
        for i in (0, 1):
            if out[i].timed_out:
                return HANG, "one of two concurrent trainings hung", out[i].rc
            m = judge(ctx.case, out[i], expect="any")
            if m[0] in (INTERNAL,):
                return m[0], f"one of two concurrent trainings: {m[1]}", out[i].rc
        rows = store_rows(ctx.p("shared.db"))
        if same_out:
            if rcs == [0, 2]:
                return CLEAN, "two trainings into one folder: one ran, the other was refused", 0
            if rcs == [0, 0]:
                return GARBAGE, f"two trainings wrote the same run folder at once, both exit 0 (store: {[(r.get('status'), r.get('metrics')) for r in rows]})", 0
            return WRONG_CODE, f"two trainings into one folder gave exits {rcs}", rcs[-1]
        if rcs != [0, 0]:
            return WRONG_CODE, f"two trainings sharing a store gave exits {rcs}: {out[0].first_err()[:80]} / {out[1].first_err()[:80]}", rcs[-1]
        if len(rows) != 2 or any(r.get("status") != "completed" for r in rows):
            return GARBAGE, f"two trainings sharing a store left {rows}", 0
        return CLEAN, "two concurrent trainings sharing one store: both completed, both recorded", 0
    return go


def resume_while_running(ctx):
    ctx.fixtures.need("ds")
    import threading
    holder = {}

    def first():
        holder["a"] = ctx.exec(SIG_TRAIN + ["--json"], TRAIN_TIMEOUT)
    t = threading.Thread(target=first)
    ctx.steps += 10
    t.start()
    import time
    deadline = time.monotonic() + TRAIN_TIMEOUT
    while not checkpoint_steps(ctx.p("run")) and time.monotonic() < deadline and t.is_alive():
        time.sleep(0.1)
    if not t.is_alive():
        return WRONG_CODE, "the first run ended before a second could join it", holder["a"].rc
    r2 = ctx.exec(RESUME_SIG, TRAIN_TIMEOUT)
    t.join()
    a = holder["a"]
    if r2.rc == 2 and a.rc == 0:
        return CLEAN, f"--resume while the run was still training was refused: {r2.first_err()[:120]}", r2.rc
    if r2.rc == 0 and a.rc == 0:
        return GARBAGE, "--resume ran while the same run was still training: two processes wrote one run folder", r2.rc
    v = judge(ctx.case, r2)
    return (v[0] if v[0] != CLEAN else WRONG_CODE), f"first run exit {a.rc}, concurrent --resume exit {r2.rc}: {v[1]}", r2.rc


def two_prepares(ctx):
    import threading
    res = {}
    ctx.write("a.txt", TEXT)
    ctx.write("b.txt", TEXT.upper() * 3)

    def one(i, src):
        res[i] = ctx.exec(["data", "prepare", src, "--out", "ds", "--json"], 120)
    ctx.steps += 10
    ts = [threading.Thread(target=one, args=(0, "a.txt")), threading.Thread(target=one, args=(1, "b.txt"))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    rcs = sorted(r.rc for r in res.values())
    for r in res.values():
        m = judge(ctx.case, r)
        if m[0] == INTERNAL:
            return INTERNAL, f"one of two concurrent prepares: {m[1]}", r.rc
    bad = dataset_sane()(ctx, None)
    if bad:
        return bad[0], f"two prepares into one folder (exits {rcs}): {bad[1]}", rcs[-1]
    m = json.loads(ctx.read("ds/dataset.json"))
    srcs = [os.path.basename(s["path"]) for s in m.get("sources", [])]
    size = os.path.getsize(ctx.p("ds/train.bin"))
    if len(srcs) != 1:
        return GARBAGE, f"dataset.json lists {srcs}", 0
    expected = {"a.txt": len(TEXT), "b.txt": len(TEXT) * 3}[srcs[0]]
    if abs(size + os.path.getsize(ctx.p("ds/val.bin")) - expected) > 2:
        return GARBAGE, f"dataset.json says {srcs[0]} but the token files hold {size} + val bytes (a mix of both writers)", 0
    return CLEAN, f"two prepares into one folder: exits {rcs}, a consistent dataset of {srcs[0]}", 0


def two_fits(ctx):
    import threading
    res = {}
    ctx.copy(ctx.fixtures.p("runs.csv"), "runs.csv")

    def one(i):
        res[i] = ctx.exec(["fit", "runs.csv", "--approach", "3", "--out", "law.json"], 120)
    ctx.steps += 10
    ts = [threading.Thread(target=one, args=(i,)) for i in (0, 1)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for r in res.values():
        m = judge(ctx.case, r, expect="any")
        if m[0] != CLEAN:
            return m[0], f"one of two concurrent fits: {m[1]}", r.rc
    bad = law_usable()(ctx, None)
    if bad:
        return bad[0], f"two fits writing law.json at once: {bad[1]}", 0
    return CLEAN, "two concurrent fits --out one file: a usable law", 0


def sig_long(argv, sig, want=(130,), setup_fn=None, absent=(), after=3.0, grace=15.0, begun=None):
    def go(ctx):
        if setup_fn:
            setup_fn(ctx)
        # once the work has begun (its first progress line, or the file `begun` exists) and `after`
        # seconds have passed; at the latest at 3 x after, for a binary that shows neither
        if begun:
            # `begun` is a glob: a folder written whole appears only when complete, so its temporary sibling counts too
            pats = [begun] if isinstance(begun, str) else list(begun)
            when = lambda t, err: any(__import__("glob").glob(ctx.p(g)) for g in pats) or t > 3 * after
        else:
            when = lambda t, err: (err > 0 and t > after) or t > 3 * after
        r = ctx.exec(argv, SCALE_TIMEOUT, sig=sig, sig_when=when, sig_grace=grace)
        if r.signal_at is None:
            v = judge(ctx.case, r, expect="any")
            return v[0], f"finished before the signal ({r.seconds:.1f} s): {v[1]}", r.rc
        if r.timed_out:
            return HANG, f"still running {grace:.0f} s after {signal.Signals(sig).name}", r.rc
        left = [a for a in absent if os.path.exists(ctx.p(a))]
        if r.rc not in want:
            v = judge(ctx.case, r, ok_codes=want)
            if v[0] == CLEAN:
                return WRONG_CODE, f"exit {r.rc} after {signal.Signals(sig).name} ({'/'.join(map(str, want))} was due): {r.first_err()[:120]}", r.rc
            return v[0], f"after {signal.Signals(sig).name}: {v[1]}", r.rc
        if left:
            return GARBAGE, f"stopped by {signal.Signals(sig).name} at exit {r.rc} but left {left}", r.rc
        lines = [l for l in r.err.splitlines() if l.strip() and not l.startswith("... ")]
        if len(lines) != 1:
            return MESSAGE, f"exit {r.rc} after the signal with {len(lines)} stderr lines", r.rc
        return CLEAN, f"exit {r.rc} {r.stopped_after_signal:.1f} s after {signal.Signals(sig).name}: {lines[0][:100]}", r.rc
    return go


BROWN_GPT2 = ["data", "prepare", "{FIX}/brown-plain", "--format", "brown", "--tokenizer", "gpt2", "--out", "ds"]
add(
    Case("6.train.SIGTERM-early", 6, "train", SIG_TRAIN + [";", "(same command again)"], custom=sig_early, timeout=TRAIN_TIMEOUT, cost=8,
         desc="SIGTERM as soon as run.json exists (before the first checkpoint): 75 or 130, and the same command must then work"),
    Case("6.train.double-SIGTERM", 6, "train", SIG_TRAIN + [";", "train", "--resume", "..."], custom=double_sigterm, timeout=TRAIN_TIMEOUT, cost=8,
         desc="two SIGTERMs 50 ms apart (the second may end the process); --resume must still work"),
    Case("6.train.kill-9-then-resume", 6, "train", SIG_TRAIN + [";", "train", "--resume", "..."], custom=kill9_resume, timeout=TRAIN_TIMEOUT, cost=8,
         desc="kill -9 once a checkpoint exists; --resume: uninterrupted loss, one 'completed' store row"),
    Case("6.train.kill-9-store-row", 6, "train", SIG_TRAIN + [";", "train", "(another run, same store)"], custom=kill9_row, timeout=TRAIN_TIMEOUT, cost=6,
         desc="kill -9, no resume; another run then uses the same store: is the killed run still 'running'?"),
    Case("6.train.resume-forgets-store", 6, "train", SIG_TRAIN + ["--store", "s1.db", ";", "train", "--resume", "..."],
         custom=resume_store(None), timeout=TRAIN_TIMEOUT, cost=8,
         desc="--store s1.db, SIGTERM, then --resume without --store: the history must stay in s1.db"),
    Case("6.train.resume-other-store", 6, "train", SIG_TRAIN + ["--store", "s1.db", ";", "train", "--resume", "--store", "s2.db", "..."],
         custom=resume_store("s2.db"), timeout=TRAIN_TIMEOUT, cost=8,
         desc="--store s1.db, SIGTERM, then --resume --store s2.db: refuse (exit 2) or keep one history"),
    Case("6.train.two-runs-one-store", 6, "train", ["train", "--out", "a|b", "--store", "shared.db", "(twice, at once)"], custom=two_trainings(False),
         timeout=TRAIN_TIMEOUT, cost=6),
    Case("6.train.two-runs-one-folder", 6, "train", ["train", "--out", "run", "(twice, at once)"], custom=two_trainings(True),
         timeout=TRAIN_TIMEOUT, cost=6),
    Case("6.train.resume-while-running", 6, "train", SIG_TRAIN + ["&", "train", "--resume", "--out", "run"], custom=resume_while_running,
         timeout=TRAIN_TIMEOUT, cost=8, desc="--resume of a run that another process is still training"),
    Case("6.data.two-prepares-one-folder", 6, "data", ["data", "prepare", "a.txt|b.txt", "--out", "ds", "(twice, at once)"], custom=two_prepares),
    Case("6.fit.two-fits-one-law", 6, "fit", ["fit", "runs.csv", "--out", "law.json", "(twice, at once)"], custom=two_fits, cost=2),
    Case("6.fit.SIGTERM-bootstrap", 6, "fit", ["fit", "{FIX}/runs.csv", "--bootstrap", "1000000", "--out", "law.json"],
         custom=sig_long(["fit", "{FIX}/runs.csv", "--bootstrap", "1000000", "--out", "law.json"], signal.SIGTERM, absent=["law.json"]),
         cost=4, desc="a million-resample bootstrap, SIGTERM after 3 s: 130 at once, no law file"),
    Case("6.fit.SIGINT-bootstrap", 6, "fit", ["fit", "{FIX}/runs.csv", "--bootstrap", "1000000", "--out", "law.json"],
         custom=sig_long(["fit", "{FIX}/runs.csv", "--bootstrap", "1000000", "--out", "law.json"], signal.SIGINT, absent=["law.json"]),
         cost=4, desc="the same, SIGINT (Ctrl-C)"),
    Case("6.data.SIGTERM-prepare", 6, "data", BROWN_GPT2, custom=sig_long(BROWN_GPT2, signal.SIGTERM, want=(130,), absent=["ds/dataset.json"], begun=("ds", ".ds.tmp-*")),
         cost=4, desc="the whole Brown Corpus (uncompressed) with the GPT-2 tokenizer, SIGTERM once the output folder appears: 130, no dataset.json left"),
    Case("6.data.SIGINT-prepare", 6, "data", BROWN_GPT2, custom=sig_long(BROWN_GPT2, signal.SIGINT, want=(130,), absent=["ds/dataset.json"], begun=("ds", ".ds.tmp-*")),
         cost=4, desc="the same, SIGINT"),
)

# =============================================================================================
# 7. Messages

TYPOS = [
    ("plan.--budjet", ["plan", "--budjet", "1e22"], "--budget"),
    ("plan.--parms", ["plan", "--parms", "7B"], "--params"),
    ("plan.--tokns", ["plan", "--tokns", "1T"], "--tokens"),
    ("plan.--jsn", ["plan", "--budget", "1e22", "--jsn"], "--json"),
    ("plan.--lw", ["plan", "--budget", "1e22", "--lw", "hoffmann2022"], "--law"),
    ("predict.--parmas", ["predict", "--parmas", "7B", "--tokens", "1T"], "--params"),
    ("model.--layer", ["model", "--layer", "12", "--d-model", "768"], "--layers"),
    ("memory.--zer", ["memory", "--params", "7B", "--zer", "1"], "--zero"),
    ("fit.--boostrap", ["fit", "{FIX}/runs.csv", "--boostrap", "10"], "--bootstrap"),
    ("train.--tokns", ["train", "--data", "{FIX}/ds", "--params", "100k", "--tokns", "20k"], "--tokens"),
    ("data.--tokeniser", ["data", "prepare", "{FIX}/fig4.csv", "--out", "ds", "--tokeniser", "gpt2"], "--tokenizer"),
    ("export.--pln", ["export", "megatron", "--pln", "plan.json"], "--plan"),
    ("verb.plna", ["plna", "--budget", "1e22"], "plan"),
    ("verb.fti", ["fti", "{FIX}/runs.csv"], "fit"),
    ("verb.trian", ["trian", "--data", "{FIX}/ds"], "train"),
    ("verb.hardwre", ["hardwre"], "hardware"),
    ("verb.data-prepar", ["data", "prepar", "x.txt", "--out", "ds"], "prepare"),
    ("verb.export-megatorn", ["export", "megatorn", "--plan", "plan.json"], "megatron"),
    ("value.--law-hofmann2022", ["plan", "--budget", "1e22", "--law", "hofmann2022"], "hoffmann2022"),
    ("value.--gpus-8xH10", ["plan", "--gpus", "8xH10", "--days", "1"], "H100"),
    ("value.--precision-bf61", ["plan", "--gpus", "8xH100", "--days", "1", "--precision", "bf61"], "bf16"),
    ("value.--tokenizer-gtp2", ["data", "prepare", "{FIX}/fig4.csv", "--out", "ds", "--tokenizer", "gtp2"], "gpt2"),
    ("value.--format-brwn", ["data", "prepare", "{FIX}/fig4.csv", "--out", "ds", "--format", "brwn"], "brown"),
    ("value.--hyperparameters-olmo", ["plan", "--budget", "1e22", "--hyperparameters", "olmo"], "olmo-ladder"),
    ("value.--schedule-cosin", ["plan", "--budget", "1e22", "--schedule", "cosin"], "cosine"),
    ("value.--recompute-selectiv", ["memory", "--params", "7B", "--recompute", "selectiv"], "selective"),
    ("value.--modality-visoin", ["plan", "--modality", "visoin"], "vision"),
    ("value.--vit-B61", ["model", "--vit", "B/61"], "B/16"),
    ("value.--approach-4", ["fit", "{FIX}/runs.csv", "--approach", "4"], "3"),
    ("value.--form-saturatng", ["fit", "{FIX}/runs.csv", "--form", "saturatng"], "saturating"),
    ("value.--compute-unit-gmac", ["fit", "{FIX}/clip.csv", "--form", "saturating", "--compute-unit", "gmac"], "gmacs"),
    ("value.--instance-p5.48xlarg", ["plan", "--budget", "1e22", "--instance", "p5.48xlarg"], "p5.48xlarge"),
    ("value.--mfu-llama3-40", ["plan", "--gpus", "8xH100", "--days", "1", "--mfu", "llama3-40"], "llama3-405b"),
    ("value.--flops-convention-sixM", ["plan", "--budget", "1e22", "--flops-convention", "sixM"], "sixN"),
    ("value.--device-cdua", ["train", "--data", "{FIX}/ds", *TINY, "--out", "run", "--device", "cdua"], "cuda"),
    ("value.--engine-megatrn", ["export", "slurm", "--plan", "plan.json", "--engine", "megatrn"], "megatron"),
]
for name, argv, want in TYPOS:
    verb = argv[0] if argv[0] in ("plan", "predict", "model", "memory", "fit", "train", "data", "export", "hardware") else "plan"
    if name.startswith("verb."):
        verb = {"plna": "plan", "fti": "fit", "trian": "train", "hardwre": "hardware"}.get(argv[0], argv[0])
    add(Case(f"7.typo.{name}", 7, verb, argv, setup=GOODPLAN if "plan.json" in argv else None, expect="error", suggest=want,
             blame=None, timeout=TRAIN_TIMEOUT if verb == "train" else 60, mutable=TRAIN_MUT))

TYPES = [
    ("plan.--vocab=1.5", ["plan", "--budget", "1e22", "--vocab", "1.5"], "--vocab"),
    ("plan.--context=abc", ["plan", "--budget", "1e22", "--context", "abc"], "--context"),
    ("plan.--json=maybe", ["plan", "--budget", "1e22", "--json", "maybe"], "maybe"),
    ("model.--layers=abc", ["model", "--layers", "abc", "--d-model", "768"], "--layers"),
    ("model.--heads=2.5", ["model", "--layers", "12", "--d-model", "768", "--heads", "2.5"], "--heads"),
    ("memory.--zero=x", ["memory", "--params", "7B", "--zero", "x"], "--zero"),
    ("memory.--tp=1.5", ["memory", "--params", "7B", "--tp", "1.5"], "--tp"),
    ("fit.--bootstrap=1e3", ["fit", "{FIX}/runs.csv", "--bootstrap", "1e3"], "--bootstrap"),
    ("fit.--seed=abc", ["fit", "{FIX}/runs.csv", "--seed", "abc"], "--seed"),
    ("fit.--drop-top=x", ["fit", "{FIX}/runs.csv", "--drop-top", "x"], "--drop-top"),
    ("fit.--huber-delta=tiny", ["fit", "{FIX}/runs.csv", "--huber-delta", "tiny"], "--huber-delta"),
    ("train.--threads=two", train_with("--threads", "two"), "--threads"),
    ("train.--batch=1e2", train_with("--batch", "1e2"), "--batch"),
    ("train.--seed=abc", train_with("--seed", "abc"), "--seed"),
    ("train.--eval-every=1.5", train_with("--eval-every", "1.5"), "--eval-every"),
    ("train.--lr=abc", train_with("--lr", "abc"), "--lr"),
    ("train.--warmup=x", train_with("--warmup", "x"), "--warmup"),
    ("train.--precision=fp8", train_with("--precision", "fp8"), "--precision"),
    ("data.--val-fraction=abc", ["data", "prepare", "{FIX}/fig4.csv", "--out", "ds", "--val-fraction", "abc"], "--val-fraction"),
    ("export.--gpus-per-node=2.5", ["export", "slurm", "--plan", "plan.json", "--gpus-per-node", "2.5"], "--gpus-per-node"),
    ("export.--volume-gb=x", SAGE + ["--volume-gb", "x"], "--volume-gb"),
]
for name, argv, flag in TYPES:
    add(Case(f"7.type.{name}", 7, argv[0], argv, setup=GOODPLAN if "plan.json" in argv else None, expect="error", blame=[flag],
             timeout=TRAIN_TIMEOUT if argv[0] == "train" else 60, mutable=TRAIN_MUT, absent=["ds/dataset.json"]))

WRONG_FIELD = [
    ("plan.--gpus=2.5xH100", ["plan", "--gpus", "2.5xH100", "--days", "1"], ["--gpus"], "2.5", ["unknown accelerator"]),
    ("plan.--gpus=0xH100", ["plan", "--gpus", "0xH100", "--days", "1"], ["--gpus"], None, ["unknown accelerator"]),
    ("plan.--gpus=-8xH100", ["plan", "--gpus", "-8xH100", "--days", "1"], ["--gpus"], None, ["unknown accelerator"]),
    ("plan.--days-without-gpus", ["plan", "--days", "1"], ["--gpus", "--days"], None, None),
    ("plan.--dollars-without-price", ["plan", "--dollars", "1M"], ["--instance", "--price-per-gpu-hour", "--dollars"], None, None),
    ("plan.nothing", ["plan"], ["--budget", "--params", "--tokens", "--target-loss"], None, None),
    ("plan.three-pins", ["plan", "--budget", "1e22", "--params", "7B", "--tokens", "1T"], ["--budget", "--params", "--tokens"], None, None),
    ("predict.no-tokens", ["predict", "--params", "7B"], ["--tokens"], None, None),
    ("memory.layers-without-d-model", ["memory", "--layers", "4"], ["--d-model"], None, None),
    ("model.heads-not-dividing", ["model", "--layers", "2", "--d-model", "64", "--heads", "7"], ["--heads"], None, None),
    ("train.layers-without-d-model", ["train", "--data", "{FIX}/ds", "--layers", "1"], ["--d-model"], None, ["'0'"]),
    ("train.budget=1e11", ["train", "--data", "{FIX}/ds", "--budget", "1e11", "--context", "32"], ["--budget"], "1e11", ["--tokenizer byte", "20.8K'"]),
    ("train.no-size", ["train", "--data", "{FIX}/ds", "--out", "run"], ["--params", "--budget"], None, None),
    # size and budget together are a valid question now (plan's "N on a budget"; it trained for minutes): all three over-determine it
    ("train.params-and-budget", ["train", "--data", "{FIX}/ds", "--params", "100k", "--tokens", "20k", "--budget", "1e13"], ["--params", "--budget", "--tokens"], None, None),
    ("train.no-data", ["train", "--params", "100k"], ["--data"], None, None),
    ("fit.missing-file", ["fit", "nope.csv"], ["nope.csv"], None, None),
    ("fit.folder", ["fit", "dir"], ["dir"], None, None),
    ("fit.empty-file", ["fit", "empty.csv"], ["empty.csv"], None, None),
    ("fit.binary-file", ["fit", "bin.csv"], ["bin.csv"], None, None),
    ("fit./dev/null", ["fit", "/dev/null"], ["/dev/null"], None, None),
    ("fit.100-bad-rows", ["fit", "bad.csv"], ["bad.csv"], None, None),
    ("fit.missing-loss-column", ["fit", "noloss.csv"], ["loss", "noloss.csv"], None, None),
    ("plan.--law-missing-file", ["plan", "--budget", "1e22", "--law", "nope.json"], ["--law", "nope.json"], None, None),
    ("plan.--law-empty-string", ["plan", "--budget", "1e22", "--law", ""], ["--law"], None, None),
    ("plan.--law-a-folder", ["plan", "--budget", "1e22", "--law", "dir"], ["--law", "dir"], None, None),
    ("plan.--hardware-file-missing", ["plan", "--gpus", "8xH100", "--days", "1", "--hardware-file", "nope.json"], ["--hardware-file", "nope.json"], None, None),
    ("export.--plan-missing", ["export", "megatron", "--plan", "nope.json"], ["--plan", "nope.json"], None, None),
    ("export.sagemaker-no-image", ["export", "sagemaker", "--plan", "plan.json", "--role", "arn:aws:iam::1:role/T", "--output-s3", "s3://b/r"], ["--image"], None, None),
    ("export.sagemaker-bad-s3", SAGE[:-1] + ["bucket/runs"], ["--output-s3"], None, None),
    ("data.no-out", ["data", "prepare", "{FIX}/fig4.csv"], ["--out"], None, None),
    ("data.missing-input", ["data", "prepare", "nope.txt", "--out", "ds"], ["nope.txt"], None, None),
    ("data.no-input", ["data", "prepare", "--out", "ds"], ["input"], None, None),
]


def msg_files(ctx):
    os.makedirs(ctx.p("dir"), exist_ok=True)
    ctx.write("empty.csv", "")
    ctx.write("bin.csv", garbage(2048, 43))
    ctx.write("bad.csv", "params,tokens,loss\n" + "".join(f"x{i},y,z\n" for i in range(100)))
    ctx.write("noloss.csv", table([r[:2] for r in grid_rows(chinchilla_loss)], "params,tokens"))
    if "plan.json" in ctx.case.argv:
        GOODPLAN(ctx)


for name, argv, blame, value, forbid in WRONG_FIELD:
    add(Case(f"7.field.{name}", 7, argv[0], argv, setup=msg_files, expect="error", blame=blame, forbid=forbid,
             require=[value] if value else None, timeout=TRAIN_TIMEOUT if argv[0] == "train" else 60, mutable=TRAIN_MUT,
             desc=f"must name {' or '.join(blame)}" + (f" with the value as given ({value})" if value else "")
                  + (f"; must not say {' or '.join(forbid)}" if forbid else "")))

# =============================================================================================
# 8. Scale


def threads_note(r):
    return f"; {r.max_threads} threads at most"


def scale(argv, want="any", note=""):
    def go(ctx):
        r = ctx.exec(argv, SCALE_TIMEOUT)
        v = judge(ctx.case, r, expect=want)
        return v[0], f"{v[1]} ({r.seconds:.0f} s{threads_note(r)}){note}", r.rc
    return go


BIG = "{FIX}/big1m.csv"
add(
    Case("8.fit.1e6-rows", 8, "fit", ["fit", BIG], custom=scale(["fit", BIG]), timeout=SCALE_TIMEOUT, cost=10,
         desc=f"a million runs around the figure-4 law (seeded); limit {SCALE_TIMEOUT} s"),
    Case("8.fit.1e6-rows.approach3", 8, "fit", ["fit", BIG, "--approach", "3"], custom=scale(["fit", BIG, "--approach", "3"]),
         timeout=SCALE_TIMEOUT, cost=10),
    Case("8.fit.1e6-rows.approach2.json", 8, "fit", ["fit", BIG, "--approach", "2", "--json"], custom=scale(["fit", BIG, "--approach", "2", "--json"]),
         timeout=SCALE_TIMEOUT, cost=10),
    Case("8.fit.1e5-rows", 8, "fit", ["fit", "{FIX}/big100k.csv"], custom=scale(["fit", "{FIX}/big100k.csv"]), timeout=SCALE_TIMEOUT, cost=6),
    Case("8.fit.1e6-bad-rows", 8, "fit", ["fit", "{FIX}/bad1m.csv"], custom=scale(["fit", "{FIX}/bad1m.csv"], "error"),
         timeout=SCALE_TIMEOUT, cost=6, desc="a million rows, none a number: one short line, exit 2"),
    Case("8.fit.1e6-rows.SIGINT", 8, "fit", ["fit", BIG, "--out", "law.json"],
         custom=sig_long(["fit", BIG, "--out", "law.json"], signal.SIGINT, absent=["law.json"], after=5.0, grace=10.0),
         timeout=SCALE_TIMEOUT, cost=6, desc="Ctrl-C 5 s into a million-row fit: exit 130 within 10 s, no law file"),
    Case("8.fit.1e6-rows.SIGTERM", 8, "fit", ["fit", BIG, "--out", "law.json"],
         custom=sig_long(["fit", BIG, "--out", "law.json"], signal.SIGTERM, absent=["law.json"], after=5.0, grace=10.0),
         timeout=SCALE_TIMEOUT, cost=6),
    Case("8.fit.huge-grid.SIGINT", 8, "fit", ["fit", "{FIX}/runs.csv", "--grid", "a=0:25:0.05,b=0:25:0.05"],
         custom=sig_long(["fit", "{FIX}/runs.csv", "--approach", "3", "--grid", "a=0:25:0.05,b=0:25:0.05"], signal.SIGINT, after=3.0, grace=10.0),
         timeout=SCALE_TIMEOUT, cost=4, desc="a start grid of millions of points: refuse it, or stop at Ctrl-C"),
    Case("8.fit.100k-columns", 8, "fit", ["fit", "wide.csv"],
         custom=scale(["fit", "wide.csv"], "error"), setup=files(wide_DOT_csv=lambda ctx: ",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" for _ in range(100_000)) + "\n"),
         timeout=SCALE_TIMEOUT, cost=3, desc="a header of 100,000 columns, none known"),
    Case("8.fit.30MB-one-line", 8, "fit", ["fit", "line.csv"], custom=scale(["fit", "line.csv"], "error"),
         setup=files(line_DOT_csv=lambda ctx: b"params,tokens,loss," + b"9" * 30_000_000), timeout=SCALE_TIMEOUT, cost=3,
         desc="one 30 MB line, no newline"),
    Case("8.memory.search-65536-gpus", 8, "memory", ["memory", "--params", "70B", "--gpus", "65536xH100", "--search", "--json"],
         custom=scale(["memory", "--params", "70B", "--gpus", "65536xH100", "--search", "--json"]), timeout=SCALE_TIMEOUT, cost=2),
    Case("8.plan.1e6-gpus", 8, "plan", ["plan", "--gpus", "1000000xH100", "--days", "1", "--json"],
         custom=scale(["plan", "--gpus", "1000000xH100", "--days", "1", "--json"]), timeout=SCALE_TIMEOUT, cost=2),
    Case("8.data.whole-brown-corpus", 8, "data", ["data", "prepare", "{FIX}/brown-plain", "--format", "brown", "--out", "ds", "--json"],
         custom=scale(["data", "prepare", "{FIX}/brown-plain", "--format", "brown", "--out", "ds", "--json"], "ok"),
         timeout=SCALE_TIMEOUT, cost=6, desc="control: all 500 Brown Corpus files (data/brown, uncompressed)"),
    Case("8.train.tokens=1e12.SIGTERM", 8, "train", ["train", "--data", "{FIX}/ds", "--params", "100k", "--tokens", "1e12", "..."],
         custom=lambda ctx: long_train_sigterm(ctx), timeout=TRAIN_TIMEOUT, cost=6,
         desc="a run planned for years, SIGTERM after its first checkpoint: exit 75 promptly"),
)


def long_train_sigterm(ctx):
    ctx.fixtures.need("ds")
    r = ctx.exec(["train", "--data", "{FIX}/ds", "--params", "100k", "--tokens", "1e12", "--context", "32", "--batch", "8",
                  "--threads", "1", "--peak-flops", "1e11", "--checkpoint-every", "20", "--out", "run"], TRAIN_TIMEOUT,
                 sig=signal.SIGTERM, sig_when=has_checkpoint(ctx), sig_grace=20)
    if r.signal_at is None:
        v = judge(ctx.case, r)
        return v[0], f"no checkpoint appeared, no signal sent: {v[1]}", r.rc
    v = stopped_with_75(ctx, r)
    if v:
        return v[0], v[1], r.rc
    return CLEAN, f"exit 75 {r.stopped_after_signal:.1f} s after SIGTERM", r.rc


# =============================================================================================
# Sweeps (design, run, status, analyze, verify), plan --report, fit on other tools' logs.
# The fixtures' sweep: 4 budgets x 5 sizes on the brown-sample dataset, designed, not run.

from fixtures import SWEEP_DESIGN  # noqa: E402
from harness import NA, group_alive, kill_group  # noqa: E402

DESIGN = ["sweep", "design", "--data", "{FIX}/ds", *SWEEP_DESIGN, "--out", "sw", "--json"]


def design_with(flag, v):
    argv = list(DESIGN)
    if flag in argv:
        argv[argv.index(flag) + 1] = v
    else:
        argv[argv.index("--out"):argv.index("--out")] = [flag, v]
    return argv


def spec_exists(ctx, res):
    if not os.path.exists(ctx.p("sw/sweep.yaml")):
        return GARBAGE, "exit 0 but no sw/sweep.yaml"
    r = ctx.exec(["sweep", "status", "sw", "--json"], 60)
    if r.rc != 0:
        return GARBAGE, f"the design written is one `sweep status` refuses (exit {r.rc}: {r.first_err()[:120]})"
    return None


add(Case("1.sweep.design.control", 1, "sweep", DESIGN, expect="ok", check=spec_exists, mutable=["sw/*", "sw/*/*"],
         desc="control: the repository tests' tiny design (4 budgets x 5 sizes, context 32, no calibration)"))
for flag, vals in (("--target-budget", ["1e300", "NaN", "-1", "0"]), ("--sweep-budget", ["0", "-5m", "NaN", "1e300", "20q"]),
                   ("--budgets", ["3"]), ("--sizes", ["10"]), ("--width", ["0"]), ("--noise", ["NaN"]), ("--replicates", ["0"]),
                   ("--target-spread", ["0"]), ("--lr", ["NaN"]), ("--context", ["0"]), ("--assume-flops-per-second", ["0", "NaN"])):
    for v in vals:
        add(Case(f"1.sweep.design.{flag[2:]}={v}", 1, "sweep", design_with(flag, v), expect="error", blame=[flag],
                 absent=["sw/sweep.yaml"], mutable=["sw/*", "sw/*/*"], desc="the tiny design with one value changed"))
add(
    Case("1.sweep.design.law[alpha=1e-12]", 1, "sweep", design_with("--law", "law.json"), expect="error", blame=["--law", "law.json"],
         setup=files(law_DOT_json=law_variant(setc(alpha=1e-12))), absent=["sw/sweep.yaml"], mutable=["sw/*", "sw/*/*"],
         desc="the prior law has alpha = 1e-12"),
    Case("4.sweep.design.data=truncated-train.bin", 4, "sweep", ["sweep", "design", "--data", "ds", *SWEEP_DESIGN, "--out", "sw", "--json"],
         setup=dataset("ds", damage=lambda ctx, ds: truncate(os.path.join(ds, "train.bin"), 1024)), expect="error",
         blame=["--data", "ds", "train.bin"], absent=["sw/sweep.yaml"], mutable=["sw/*", "sw/*/*"],
         desc="the dataset's train.bin cut to 1 KB (dataset.json still says 189,015 tokens)"),
    Case("4.sweep.design.data=missing", 4, "sweep", ["sweep", "design", "--data", "nope", *SWEEP_DESIGN, "--out", "sw"],
         expect="error", blame=["--data", "nope"]),
    Case("4.sweep.design.data=a-file", 4, "sweep", ["sweep", "design", "--data", "{FIX}/fig4.csv", *SWEEP_DESIGN, "--out", "sw"],
         expect="error", blame=["--data", "fig4.csv"]),
    Case("3.sweep.design.out=existing-sweep", 3, "sweep", DESIGN, setup=lambda ctx: (ctx.fixtures.need("sweep"), ctx.copy(ctx.fixtures.p("sweep"), "sw")),
         expect="error", blame=["--out", "sw"], desc="--out names an existing sweep folder"),
    Case("3.sweep.design.out=file", 3, "sweep", design_with("--out", "notes.txt"), setup=files(notes_DOT_txt="keep\n"), expect="error",
         blame=["--out", "notes.txt"]),
    Case("3.sweep.design.out=empty-string", 3, "sweep", design_with("--out", ""), expect="error", blame=["--out"]),
    Case("3.sweep.design.out=unwritable", 3, "sweep", design_with("--out", "/proc/hostile/sw"), expect="error", blame=["--out", "/proc/hostile"]),
    Case("3.sweep.design.out=dataset", 3, "sweep", ["sweep", "design", "--data", "ds", *SWEEP_DESIGN, "--out", "ds", "--json"],
         setup=prepared("ds"), mutable=["ds/sweep*", "ds/design*", "ds/runs/*", "ds/*.db*"], blame=["--out", "ds"],
         desc="--out is the dataset folder: refuse, or leave the dataset's files as they were"),
    Case("7.typo.verb.sweep-desing", 7, "sweep", ["sweep", "desing", "--data", "{FIX}/ds"], expect="error", suggest="design"),
    Case("7.typo.sweep.--target-budjet", 7, "sweep", ["sweep", "design", "--data", "{FIX}/ds", "--target-budjet", "1e13"], expect="error",
         suggest="--target-budget"),
    Case("7.type.sweep.--budgets=4.5", 7, "sweep", design_with("--budgets", "4.5"), expect="error", blame=["--budgets"]),
    Case("7.field.sweep.design-no-target", 7, "sweep", ["sweep", "design", "--data", "{FIX}/ds", "--sweep-budget", "3.5e11", "--out", "sw"],
         expect="error", blame=["--target-budget"]),
    Case("7.field.sweep.design-no-out", 7, "sweep", ["sweep", "design", "--data", "{FIX}/ds", "--target-budget", "1e13", "--sweep-budget", "3.5e11"],
         expect="error", blame=["--out"]),
)


def sweep_copy(damage=None):
    def go(ctx):
        ctx.fixtures.need("sweep")
        ctx.copy(ctx.fixtures.p("sweep"), "sw")
        if damage:
            damage(ctx, ctx.p("sw"))
    return go


SWEEP_DAMAGE = {
    "folder-missing": (lambda ctx: None, "nope"),
    "folder-empty": (files(sw__DOT_keep=""), "sw"),
    "sweep.yaml-torn": (sweep_copy(lambda ctx, sw: half(os.path.join(sw, "sweep.yaml"))), "sw"),
    "sweep.yaml-empty": (sweep_copy(lambda ctx, sw: truncate(os.path.join(sw, "sweep.yaml"), 0)), "sw"),
    "sweep.yaml-binary": (sweep_copy(lambda ctx, sw: open(os.path.join(sw, "sweep.yaml"), "wb").write(garbage(2000, 47))), "sw"),
    "sweep.yaml-tab-indented": (sweep_copy(lambda ctx, sw: open(os.path.join(sw, "sweep.yaml"), "w").write(
        open(ctx.fixtures.p("sweep", "sweep.yaml")).read().replace("  ", "\t"))), "sw"),
    "a-dataset-folder": (prepared("sw"), "sw"),
}
for name, (setup, folder) in SWEEP_DAMAGE.items():
    for verb in ("status", "run", "analyze"):
        add(Case(f"5.sweep.{verb}[{name}]", 5, "sweep", ["sweep", verb, folder], setup=setup, expect="error",
                 blame=["SPEC", folder, "sweep.yaml", "sweep"], timeout=60, mutable=["sw/runs/*", "sw/runs/*/*", "sw/*.db*", "sw/logs/*"],
                 desc=f"the fixtures' tiny sweep (designed, not run) with {name}"))
for verb in ("status", "analyze"):
    add(Case(f"5.sweep.{verb}[sweep.db-garbage]", 5, "sweep", ["sweep", verb, "sw"],
             setup=sweep_copy(lambda ctx, sw: [open(os.path.join(sw, f), "wb").write(garbage(4096, 53)) for f in os.listdir(sw) if f.endswith(".db")]),
             expect="error", blame=["sw", "sweep.db", "store"], mutable=["sw/*.db*"], desc="the sweep's store overwritten with random bytes"))
add(
    Case("5.sweep.status.control", 5, "sweep", ["sweep", "status", "sw", "--json"], setup=sweep_copy(), expect="ok", mutable=["sw/*.db*"],
         desc="control: status of a designed sweep"),
    Case("5.sweep.analyze.nothing-run", 5, "sweep", ["sweep", "analyze", "sw"], setup=sweep_copy(), expect="error", blame=["sw", "run"],
         mutable=["sw/*.db*"], desc="analyze a sweep none of whose runs has trained"),
    Case("5.sweep.verify.nothing-run", 5, "sweep", ["sweep", "verify", "sw", "--budget", "1e14"], setup=sweep_copy(), expect="error",
         blame=["sw", "run", "analyze"], mutable=["sw/*.db*"], timeout=TRAIN_TIMEOUT),
    Case("1.sweep.run.parallel=0", 1, "sweep", ["sweep", "run", "sw", "--parallel", "0"], setup=sweep_copy(), expect="error", blame=["--parallel"]),
    Case("1.sweep.run.parallel=99999", 1, "sweep", ["sweep", "run", "sw", "--parallel", "99999"], setup=sweep_copy(), expect="error", blame=["--parallel"]),
    Case("1.sweep.run.threads=0", 1, "sweep", ["sweep", "run", "sw", "--threads", "0"], setup=sweep_copy(), expect="error", blame=["--threads"]),
    Case("1.sweep.verify.budget=NaN", 1, "sweep", ["sweep", "verify", "sw", "--budget", "NaN"], setup=sweep_copy(), expect="error", blame=["--budget"]),
    Case("1.sweep.analyze.bootstrap=-1", 1, "sweep", ["sweep", "analyze", "sw", "--bootstrap", "-1"], setup=sweep_copy(), expect="error", blame=["--bootstrap"]),
    Case("7.typo.value.sweep.--executor-locl", 7, "sweep", ["sweep", "run", "sw", "--executor", "locl"], setup=sweep_copy(), expect="error",
         suggest="local"),
)


def sweep_sigterm(ctx):
    """SIGTERM to `sweep run` once a run has started: 75, and no child left training."""
    sweep_copy()(ctx)
    started = lambda t: os.path.isdir(ctx.p("sw/runs")) and any(
        os.path.exists(os.path.join(ctx.p("sw/runs"), d, "run.json")) for d in os.listdir(ctx.p("sw/runs")))
    r = ctx.exec(["sweep", "run", "sw"], TRAIN_TIMEOUT, sig=signal.SIGTERM, sig_when=started, sig_grace=30, keep_group=True)
    import time
    time.sleep(3)
    orphans = group_alive(r.pid)
    kill_group(r.pid)
    if r.signal_at is None:
        v = judge(ctx.case, r)
        return v[0], f"no run started before the sweep ended: {v[1]}", r.rc
    if r.timed_out:
        return HANG, f"the driver did not stop within 30 s of SIGTERM", r.rc
    if orphans:
        return GARBAGE, f"exit {r.rc}, but {len(orphans)} child process(es) still running 3 s after the driver ended", r.rc
    if r.rc != 75:
        v = judge(ctx.case, r, ok_codes=(75,))
        return (WRONG_CODE if v[0] == CLEAN else v[0]), f"after SIGTERM: {v[1]}", r.rc
    return CLEAN, f"exit 75 {r.stopped_after_signal:.1f} s after SIGTERM, no child left", r.rc


add(Case("6.sweep.run.SIGTERM", 6, "sweep", ["sweep", "run", "sw", "(SIGTERM once a run has started)"], custom=sweep_sigterm,
         timeout=TRAIN_TIMEOUT, cost=8, desc="the fixtures' tiny sweep: SIGTERM to the driver once its first run has a run.json"))

# plan --report: an output path like any other
add(
    Case("3.plan.report-missing-folder", 3, "plan", ["plan", "--budget", "1e22", "--report", "nope/plan.html"], expect="error", blame=["--report", "nope"]),
    Case("3.plan.report-onto-folder", 3, "plan", ["plan", "--budget", "1e22", "--report", "dir"], setup=files(dir__keep=""), expect="error",
         blame=["--report", "dir"]),
    Case("3.plan.report=law-file", 3, "plan", ["plan", "--budget", "1e22", "--law", "law.html", "--report", "law.html"],
         setup=files(law_DOT_html=lambda ctx: json.dumps(GOOD_LAW)), expect="error", blame=["--report", "law.html", "--law"],
         desc="--report names the law file the plan reads (law.html)"),
    Case("3.plan.report=unwritable", 3, "plan", ["plan", "--budget", "1e22", "--report", "/proc/hostile/plan.html"], expect="error",
         blame=["--report", "/proc/hostile"]),
    Case("3.plan.report=txt", 3, "plan", ["plan", "--budget", "1e22", "--report", "plan.txt"], expect="error", blame=["--report", "plan.txt"]),
    Case("3.plan.report.control", 3, "plan", ["plan", "--budget", "1e22", "--report", "plan.html"], expect="ok", mutable=["plan.html"],
         check=lambda ctx, res: None if os.path.exists(ctx.p("plan.html")) and b"<html" in ctx.read("plan.html")[:2000].lower()
         else (GARBAGE, "exit 0 but plan.html is not an HTML page")),
)

# fit on other tools' logs and on our own run records


HF_FILES = [f"runs/r{i}/trainer_state.json" for i in (1, 2, 3, 4)]


def hf_runs(damage=None):
    """Three Hugging Face run folders (trainer_state.json + config.json), losses falling with size and tokens."""
    def go(ctx):
        for i, (layers, width) in enumerate([(4, 256), (6, 384), (8, 512), (10, 640)]):
            n = 12 * layers * width ** 2 + 50257 * width
            state = {"global_step": 1000, "log_history": [
                {"step": s, "eval_loss": round(chinchilla_loss(n, s * 65536.0), 5), "num_input_tokens_seen": s * 65536}
                for s in range(100, 1100, 100)]}
            ctx.write(f"runs/r{i + 1}/trainer_state.json", json.dumps(state))
            ctx.write(f"runs/r{i + 1}/config.json", json.dumps({"model_type": "gpt2", "n_layer": layers, "n_embd": width, "n_head": 4,
                                                                 "vocab_size": 50257, "n_positions": 1024}))
        if damage:
            damage(ctx)
    return go

add(
    Case("2.fit.hf-folder.control", 2, "fit", ["fit", "runs", "--approach", "3", "--json"], setup=hf_runs(), expect="ok",
         desc="control (README's example): runs/r1..r4 each with trainer_state.json and config.json, no --params"),
    Case("2.fit.hf-files.control", 2, "fit", ["fit", *HF_FILES, "--approach", "3", "--json"], setup=hf_runs(), expect="ok",
         desc="control: the four trainer_state.json files named one by one (sizes from the config.json beside each)"),
    Case("2.fit.trainer_state-torn", 2, "fit", ["fit", *HF_FILES, "--params", "1e8", "--approach", "3"],
         setup=hf_runs(lambda ctx: half(ctx.p("runs/r2/trainer_state.json"))),
         expect="error", blame=["trainer_state.json"], desc="four Hugging Face run folders, r2's trainer_state.json torn"),
    Case("2.fit.trainer_state-wrong-types", 2, "fit", ["fit", *HF_FILES, "--params", "1e8", "--approach", "3"],
         setup=hf_runs(lambda ctx: ctx.write("runs/r2/trainer_state.json", json.dumps(
             {"log_history": [{"step": "ten", "eval_loss": [1], "num_input_tokens_seen": None}]}))),
         expect="error", blame=["trainer_state.json"], desc="r2's trainer_state.json has a string step, an array loss and a null token count"),
    Case("2.fit.trainer_state-config-garbage", 2, "fit", ["fit", *HF_FILES, "--approach", "3"],
         setup=hf_runs(lambda ctx: ctx.write("runs/r2/config.json", garbage(300, 59))),
         expect="error", blame=["config.json"], desc="four Hugging Face run folders, r2's config.json random bytes (the size comes from it)"),
    Case("2.fit.tfevents-garbage", 2, "fit", ["fit", "logs/events.out.tfevents.1.host", "--params", "1e8"],
         setup=files(logs__events_DOT_out_DOT_tfevents_DOT_1_DOT_host=lambda ctx: garbage(4096, 61)), expect="error",
         blame=["events.out.tfevents"], desc="a TensorBoard event file of random bytes"),
    Case("2.fit.tfevents-empty", 2, "fit", ["fit", "logs/events.out.tfevents.1.host", "--params", "1e8"],
         setup=files(logs__events_DOT_out_DOT_tfevents_DOT_1_DOT_host=b""), expect="error", blame=["events.out.tfevents"]),
    Case("2.fit.loss-column-missing", 2, "fit", ["fit", "log.csv", "--loss-column", "eval/loss", "--params", "1e8", "--step-column", "iter",
                                                  "--tokens-per-step", "65536"],
         setup=files(log_DOT_csv="iter,val\n1,3.2\n2,3.1\n"), expect="error", blame=["--loss-column"]),
    Case("2.fit.tokens-per-step=NaN", 2, "fit", ["fit", "log.csv", "--loss-column", "val", "--params", "1e8", "--step-column", "iter",
                                                 "--tokens-per-step", "NaN"],
         setup=files(log_DOT_csv="iter,val\n1,3.2\n2,3.1\n"), expect="error", blame=["--tokens-per-step"]),
    Case("2.fit.log-params=-1", 2, "fit", ["fit", "log.csv", "--loss-column", "val", "--params", "-1", "--step-column", "iter",
                                           "--tokens-per-step", "65536"],
         setup=files(log_DOT_csv="iter,val\n1,3.2\n2,3.1\n"), expect="error", blame=["--params"]),
    Case("2.fit.metrics.jsonl-torn", 2, "fit", ["fit", "run/metrics.jsonl", "--approach", "3"],
         setup=run_copy(damage=lambda ctx, run: append(os.path.join(run, "metrics.jsonl"), b'{"step":80,"tok')), expect="any",
         blame=["metrics.jsonl"], mutable=TRAIN_MUT, desc="a run's metrics.jsonl whose last line is torn (one run: no law; a clean refusal)"),
    Case("2.fit.store-garbage", 2, "fit", ["fit", "experiments.db"], setup=files(experiments_DOT_db=lambda ctx: b"SQLite format 3\0" + garbage(4000, 67)),
         expect="error", blame=["experiments.db"], desc="an experiment store with a valid SQLite header and random pages"),
    Case("2.fit.sweep-nothing-run", 2, "fit", ["fit", "sw"], setup=sweep_copy(), expect="error", blame=["sw"], mutable=["sw/*.db*"],
         desc="fit a designed sweep folder none of whose runs trained"),
)


# what the binary must offer for a case to apply (else N/A): later features of old verbs
for c in CASES:
    if c.id.startswith("3.plan.report"):
        c.needs = (["plan"], "--report")
    if c.id in ("2.fit.hf-folder.control", "2.fit.hf-files.control", "2.fit.trainer_state-torn", "2.fit.trainer_state-wrong-types", "2.fit.trainer_state-config-garbage",
                "2.fit.tfevents-garbage", "2.fit.tfevents-empty", "2.fit.loss-column-missing", "2.fit.tokens-per-step=NaN",
                "2.fit.log-params=-1", "2.fit.metrics.jsonl-torn", "2.fit.store-garbage", "2.fit.sweep-nothing-run"):
        c.needs = (["fit"], "--loss-column")


def build(repo: str):
    """The catalogue with {REPO} resolved; ids are unique."""
    seen = set()
    for c in CASES:
        if c.id in seen:
            raise ValueError(f"duplicate case id {c.id}")
        seen.add(c.id)
    return CASES
