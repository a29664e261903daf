#!/usr/bin/python3
"""The peer for `scalinglab plan --budget C --json`: what a team's notebook does today.

Chinchilla-form compute-optimal allocation with Besiroglu et al. 2024's rounded constants:
the closed form, checked by SciPy's bounded scalar minimiser over log N on C = 6ND.
Prints the same top-level JSON numbers ScalingLab prints.
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import minimize_scalar

E, A, B, ALPHA, BETA = 1.8172, 482.01, 2085.43, 0.3478, 0.3658


def loss(n, d):
    return E + A / n**ALPHA + B / d**BETA


def main():
    c = float(sys.argv[1])
    g = (ALPHA * A / (BETA * B)) ** (1 / (ALPHA + BETA))
    n = g * (c / 6) ** (BETA / (ALPHA + BETA))
    d = (c / 6) ** (ALPHA / (ALPHA + BETA)) / g
    res = minimize_scalar(lambda ln_n: loss(math.exp(ln_n), c / (6 * math.exp(ln_n))),
                          bounds=(math.log(1e3), math.log(1e16)), method="bounded",
                          options={"xatol": 1e-10})
    assert abs(math.exp(res.x) / n - 1) < 1e-4, (math.exp(res.x), n)
    print(json.dumps({"parameters": n, "tokens": d, "flops": c, "tokensPerParameter": d / n,
                      "loss": loss(n, d), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
