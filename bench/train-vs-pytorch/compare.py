"""Training throughput: ScalingLab (TorchSharp) against PyTorch on this CPU, same shapes, same batch.

Runs each shape in f32 and bf16, alternating the two engines within every repeat so that load from
other processes hits both alike, and reports the median tokens/s of each and their ratio.
Usage (from the repository root):  python3 bench/train-vs-pytorch/compare.py [--repeats 3]
Needs Debian's python3-torch and libopenblas0-openmp (see README.md in this folder).
"""
import argparse, json, os, statistics, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "src/ScalingLab.Cli/bin/Release/net10.0/scalinglab.dll")
DATA = os.path.join(ROOT, ".cache/bench-brown-byte")
PEER = os.path.join(os.path.dirname(__file__), "peer.py")
PEER_PYTHON = "/usr/bin/python3"  # Debian's interpreter, where python3-torch lives

# (layers, d_model, f32 steps): 0.1M to 5M parameters with a byte vocabulary and context 256.
SHAPES = [(2, 64, 40), (2, 128, 24), (4, 128, 16), (4, 192, 12), (6, 256, 8)]
# Debian's torch 1.13 runs bf16 on this CPU many times slower than f32 (no AVX-512 build), so bf16
# runs take a quarter of the steps to keep the whole benchmark within minutes.
BF16_STEP_DIVISOR = 4
BATCH, CONTEXT = 16, 256


# glibc's malloc hands multi-MB activation buffers back to the OS every step; ScalingLab raises the
# mmap and trim thresholds with mallopt at start-up, and the peer gets the same through glibc's
# environment variables (measured here: 3.9k -> 62k tokens/s for the 0.1M shape). Without it the
# comparison would measure the allocator, not the engines.
PEER_ENV = dict(os.environ, MALLOC_MMAP_THRESHOLD_=str(32 << 20), MALLOC_TRIM_THRESHOLD_=str(1 << 30))


def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    return json.loads(out.stdout)


def ours(layers, d, steps, precision, tag):
    folder = os.path.join(ROOT, ".cache/bench-runs", f"L{layers}-d{d}-{precision}-{tag}")
    subprocess.run(["rm", "-rf", folder], check=True)
    return run(["dotnet", CLI, "train", "--data", DATA, "--layers", str(layers), "--d-model", str(d),
                "--tokens", str(steps * BATCH * CONTEXT), "--context", str(CONTEXT), "--batch", str(BATCH), "--lr", "1e-3",
                "--precision", precision, "--threads", "2", "--eval-every", "100000", "--checkpoint-every", "100000",
                "--peak-flops", "1e11", "--out", folder, "--json"])


def peer(layers, d, steps, precision):
    return run([PEER_PYTHON, PEER, "--data", DATA, "--layers", str(layers), "--d-model", str(d), "--steps", str(steps),
                "--context", str(CONTEXT), "--batch", str(BATCH), "--precision", precision, "--threads", "2"], env=PEER_ENV)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/ScalingLab.Cli"), "-c", "Release", "-v", "q", "-nologo"], check=True,
                   stdout=subprocess.DEVNULL)
    # Prepared afresh each time (a few seconds): a dataset from an older build has no checksums, which train requires.
    subprocess.run(["dotnet", CLI, "data", "prepare", os.path.join(ROOT, "data/brown"), "--format", "brown",
                    "--out", DATA, "--force", "--json"], check=True, stdout=subprocess.DEVNULL)
    print(f"{'shape':<10}{'params':>10}  {'prec':<5}{'PyTorch tok/s':>15}{'ScalingLab tok/s':>18}{'ratio':>8}   (median of {a.repeats}, interleaved)")
    for layers, d, steps in SHAPES:
        for precision in ("f32", "bf16"):
            n = steps if precision == "f32" else max(3, steps // BF16_STEP_DIVISOR)
            theirs, mine, params = [], [], None
            for rep in range(a.repeats):
                # Alternate who goes first so a burst of outside load does not always land on the same engine.
                for who in (("peer", "ours") if rep % 2 == 0 else ("ours", "peer")):
                    if who == "peer":
                        p = peer(layers, d, n, precision)
                        theirs.append(p["tokensPerSecond"])
                        params = p["parameters"]
                    else:
                        o = ours(layers, d, n, precision, rep)
                        mine.append(o["tokensPerSecond"])
                        assert params is None or o["parameters"] == params, (o["parameters"], params)
                        params = o["parameters"]
            t, m = statistics.median(theirs), statistics.median(mine)
            print(f"L{layers} d{d:<6}{params:>10,}  {precision:<5}{t:>15,.0f}{m:>18,.0f}{m / t:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
