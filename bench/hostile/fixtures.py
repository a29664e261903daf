"""Shared inputs of the catalogue, made once per run in a temporary folder: tables derived from the
repository's data/chinchilla-fig4-epoch.csv (seeded noise), law and hardware files, the million-row
tables, and what the binary under test makes itself (a byte and a GPT-2 dataset from
data/brown-sample, a finished tiny training run with two checkpoints, plans for export). Every
random choice is seeded, so two runs make the same bytes."""

from __future__ import annotations

import csv
import json
import math
import os
import random
import shutil
import threading

from harness import execute

# One tiny training run (issue 13's size): 100k parameters, 20k tokens, 79 steps.
TINY = ["--params", "100k", "--tokens", "20k", "--context", "32", "--batch", "8", "--threads", "1",
        "--peak-flops", "1e11"]
# A longer one for signals: 390 steps, a checkpoint every 25, no validation until the end.
SIGNAL_RUN = ["--params", "100k", "--tokens", "100k", "--context", "32", "--batch", "8", "--threads", "1",
              "--peak-flops", "1e11", "--checkpoint-every", "25", "--eval-every", "1000"]

# A tiny sweep as the repository's tests design it: a prior with about one token per parameter
# keeps the IsoFLOP budgets tiny (4 budgets x 5 sizes, context 32), no calibration.
TINY_LAW = {"name": "tiny-prior", "family": "chinchilla",
            "constants": {"E": 1.0, "A": 60, "B": 60, "alpha": 0.3, "beta": 0.3},
            "source": {"paper": "a tiny prior for the hostile benchmark", "where": "bench/hostile", "year": 2026}}
SWEEP_DESIGN = ["--law", "{TINYLAW}", "--target-budget", "1e13", "--sweep-budget", "3.5e11", "--budgets", "4", "--sizes", "5",
                "--context", "32", "--assume-flops-per-second", "5e9", "--replicates", "20"]

GOOD_LAW = {
    "name": "fig4-fit",
    "family": "chinchilla",
    "constants": {"E": 1.8172176022522857, "A": 477.82250487961954, "B": 2143.4282987296,
                  "alpha": 0.34731004748536903, "beta": 0.36717269095578353},
    "source": {"paper": "ScalingLab fit of chinchilla-fig4-epoch.csv", "where": "Approach 3", "year": 2026},
    "fitRange": {"minParameters": 57334197.4, "maxParameters": 16183346310.7,
                 "minFlops": 1.3972367362937152e18, "maxFlops": 1.2956022673438285e22},
    "notes": "hostile benchmark fixture",
}

GOOD_ACCELERATOR = {
    "name": "MYGPU", "vendor": "Hostile",
    "peakTflops": {"bf16": 500, "fp16": 500, "fp32": 50},
    "memoryGB": 80, "bandwidthGBs": 2000, "tdpWatts": 700,
    "source": {"title": "hostile benchmark fixture", "url": "https://example.org/", "date": "2026-11"},
}
GOOD_INSTANCE = {
    "name": "my.inst", "provider": "Hostile", "accelerator": "MYGPU", "acceleratorCount": 8,
    "onDemandDollarsPerHour": 20.0, "region": "here", "priceDate": "2026-11",
    "source": {"title": "hostile benchmark fixture", "url": "https://example.org/", "date": "2026-11"},
}


def fig4_rows(repo: str) -> list:
    """(N, C, loss) of the figure-4 data, file order."""
    rows = []
    with open(os.path.join(repo, "data", "chinchilla-fig4-epoch.csv"), newline="") as f:
        for r in csv.DictReader(f):
            rows.append((float(r["Model Size"]), float(r["Training FLOP"]), float(r["loss"])))
    return rows


def write_runs(path: str, rows, header=("params", "tokens", "loss")):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(x if isinstance(x, str) else repr(x) for x in r) + "\n")


def chinchilla_loss(n: float, d: float) -> float:
    c = GOOD_LAW["constants"]
    return c["E"] + c["A"] / n ** c["alpha"] + c["B"] / d ** c["beta"]


class Fixtures:
    def __init__(self, root: str, binary: str, repo: str, env: dict, log):
        self.root, self.binary, self.repo, self.env, self.log = root, binary, repo, env, log
        self.failed: dict = {}      # fixture name -> why it could not be made
        self.base: dict = {}        # the base run's --json answer
        self.sigref: dict = {}      # the uninterrupted signal-config run's --json answer
        self.lock = threading.Lock()

    def p(self, *parts) -> str:
        return os.path.join(self.root, *parts)

    # -------------------------------------------------------------------------------------
    def build(self, verbs=()):
        os.makedirs(self.root, exist_ok=True)
        self.log("fixtures: tables, laws, hardware files")
        self._text()
        self.log("fixtures: datasets, runs and plans made by the binary under test")
        self._binary_made()
        if "sweep" in verbs and "ds" not in self.failed:
            self._run("sweep", ["sweep", "design", "--data", self.p("ds"), *SWEEP_DESIGN, "--out", self.p("sweep"), "--json"], 300)
        else:
            self.failed["sweep"] = "no sweep verb" if "sweep" not in verbs else "no dataset"

    def _text(self):
        repo = self.repo
        shutil.copy(os.path.join(repo, "data", "chinchilla-fig4-epoch.csv"), self.p("fig4.csv"))
        rows = fig4_rows(repo)
        runs = [(n, c / (6 * n), l) for n, c, l in rows]
        write_runs(self.p("runs.csv"), runs)
        with open(self.p("law.json"), "w") as f:
            json.dump(GOOD_LAW, f, indent=2)
        with open(self.p("tiny-law.json"), "w") as f:
            json.dump(TINY_LAW, f, indent=2)
        with open(self.p("hw.json"), "w") as f:
            json.dump({"accelerators": [GOOD_ACCELERATOR], "instances": [GOOD_INSTANCE]}, f, indent=2)
        # CLIP-style runs for --form saturating: 16 runs of 5.86 C^-0.11 with +-1% noise (gmacs, error)
        rng = random.Random(1301)
        with open(self.p("clip.csv"), "w") as f:
            f.write("gmacs,error\n")
            for i in range(16):
                c = 10 ** (8 + i * 0.3)
                f.write(f"{c!r},{5.86 * c ** -0.11 * (1 + rng.uniform(-0.01, 0.01))!r}\n")
        # a million rows around the fitted law (seeded), a hundred thousand, and a million bad ones
        rng = random.Random(1302)
        for name, count in (("big1m.csv", 1_000_000), ("big100k.csv", 100_000)):
            with open(self.p(name), "w") as f:
                f.write("params,tokens,loss\n")
                lines = []
                for _ in range(count):
                    n = 10 ** rng.uniform(7, 10)
                    d = 10 ** rng.uniform(9, 11.5)
                    lines.append(f"{n:.6g},{d:.6g},{chinchilla_loss(n, d) * math.exp(rng.gauss(0, 0.01)):.6f}\n")
                    if len(lines) == 50_000:
                        f.writelines(lines)
                        lines = []
                f.writelines(lines)
        # the whole Brown Corpus uncompressed (500 files, 6 MB): long enough to interrupt, and readable
        # by binaries that predate .gz inputs
        import gzip
        os.makedirs(self.p("brown-plain"), exist_ok=True)
        src = os.path.join(repo, "data", "brown")
        for name in sorted(os.listdir(src)):
            if name.endswith(".gz"):
                with gzip.open(os.path.join(src, name), "rb") as fin, open(self.p("brown-plain", name[:-3]), "wb") as fout:
                    fout.write(fin.read())
        with open(self.p("bad1m.csv"), "w") as f:
            f.write("params,tokens,loss\n")
            f.write("seven,lots,high\n" * 1_000_000)

    def _run(self, name: str, argv: list, timeout: float, stdout_path=None):
        os.makedirs(self.p(".logs"), exist_ok=True)
        argv = [a.replace("{TINYLAW}", self.p("tiny-law.json")) for a in argv]
        res = execute([self.binary] + argv, self.p(".logs"), timeout, self.env, tag="-" + name,
                      stdout_path=stdout_path)
        if res.rc != 0:
            self.failed[name] = f"exit {res.rc}: {res.first_err()[:200]}"
            self.log(f"fixtures: {name} could not be made ({self.failed[name]})")
        return res

    def _binary_made(self):
        sample = os.path.join(self.repo, "data", "brown-sample")
        self._run("ds", ["data", "prepare", sample, "--format", "brown", "--out", self.p("ds")], 180)
        self._run("ds-gpt2", ["data", "prepare", os.path.join(sample, "ca01"), os.path.join(sample, "ca02"),
                              "--format", "brown", "--tokenizer", "gpt2", "--out", self.p("ds-gpt2")], 180)
        self._run("plan.json", ["plan", "--gpus", "64xH100", "--days", "10", "--instance", "p5.48xlarge", "--json"],
                  120, stdout_path=self.p("plan.json"))
        self._run("plan-long.json", ["plan", "--gpus", "64xH100", "--days", "40", "--instance", "p5.48xlarge", "--json"],
                  120, stdout_path=self.p("plan-long.json"))
        self._run("plan-nohw.json", ["plan", "--budget", "1e22", "--json"], 120, stdout_path=self.p("plan-nohw.json"))
        if "ds" in self.failed:
            self.failed["run"] = self.failed["sigref"] = "no dataset"
            return
        results = {}

        def train(name, extra, store):
            results[name] = self._run(name, ["train", "--data", self.p("ds"), *extra, "--out", self.p(name),
                                             "--store", self.p(store), "--json"], 600)
        threads = [threading.Thread(target=train, args=("run", TINY + ["--checkpoint-every", "20"], "experiments.db")),
                   threading.Thread(target=train, args=("sigref", SIGNAL_RUN, "sigref.db"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for name, target in (("run", self.base), ("sigref", self.sigref)):
            res = results[name]
            if res.rc == 0:
                try:
                    target.update(json.loads(res.out))
                except ValueError:
                    self.failed[name] = "its --json answer is not JSON"

    def need(self, *names):
        for n in names:
            if n in self.failed:
                raise FixtureMissing(f"fixture {n} unavailable ({self.failed[n]})")


class FixtureMissing(Exception):
    pass
