"""Write test/fixtures/moons/*.json from real scikit-learn/NumPy, the reference for src/runtime/data/{moons,mt19937,libm}.ts.

Regenerate (from the repo root, in a venv that has scikit-learn, e.g. `python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn`):

    /tmp/skvenv/bin/python scripts/gen-moons-fixtures.py

Run it on x86-64 Linux with glibc 2.28+ (made with 2.36) on a CPU with FMA and AVX2: NumPy's cos/sin/log
come from the system libm, and libm.ts replicates exactly that build (glibc's FMA ifunc variants). On
another libm the last ulp of some values can change and the tests would rightly fail.
Floats are written with Python's repr (via json), which round-trips to the identical double.
"""
import json
import math
import os
import platform
import subprocess

import numpy as np
import sklearn
from sklearn.datasets import make_moons

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "moons")

# (n_samples, noise, random_state, shuffle)
CASES = [
    (100, 0.2, 1, True),  # the classic two-moons setting
    (101, 0.1, 0, True),  # odd n: the inner moon gets the extra point
    (7, None, 42, True),  # shuffle only, no noise
    (1000, 0.3, 12345, True),
    (1, 0.5, 3, True),  # n_out = 0, n_in = 1: linspace of one point
    (2, None, 0, True),
    (64, None, 7, False),  # no RNG use at all: pure geometry
    (50, 0.05, 2**32 - 1, False),  # largest legal seed, noise without shuffle
]


def environment():
    fma = False
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
        fma = " fma " in flags and " avx2 " in flags
    except OSError:
        pass
    try:
        libc = subprocess.run(["ldd", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        libc = " ".join(platform.libc_ver())
    return {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "libc": libc,
        "cpu_fma_avx2": fma,
    }


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path))


def moons_fixtures(env):
    for n, noise, seed, shuffle in CASES:
        X, y = make_moons(n_samples=n, shuffle=shuffle, noise=noise, random_state=seed)
        assert X.dtype == np.float64 and X.shape == (n, 2)
        name = f"moons_n{n}_noise{'none' if noise is None else noise}_seed{seed}{'' if shuffle else '_noshuffle'}.json"
        dump(name, {
            "args": {"n_samples": n, "noise": noise, "random_state": seed, "shuffle": shuffle},
            "X": [[float(a), float(b)] for a, b in X],
            "y": [int(v) for v in y],
            "environment": env,
        })


def mt19937_fixture(env):
    seeds = {}
    for seed in (5489, 1, 0, 2**32 - 1):
        bg = np.random.MT19937()
        bg._legacy_seeding(seed)  # exactly what RandomState(seed) does for an int seed
        raw = [int(v) for v in bg.random_raw(1300)]  # crosses two twists (624 words each)
        rs = np.random.RandomState(seed)
        assert [int(v) for v in rs.get_state()[1]] == [int(v) for v in np.random.RandomState(seed).get_state()[1]]
        seeds[str(seed)] = {
            "raw_first": raw[:16],
            "raw_at": {str(i): raw[i] for i in (622, 623, 624, 625, 1247, 1248, 1249, 1299)},
            "random_sample": [float(v) for v in np.random.RandomState(seed).random_sample(8)],
            "standard_normal": [float(v) for v in np.random.RandomState(seed).standard_normal(9)],
            "normal_loc1_scale0.3": [float(v) for v in np.random.RandomState(seed).normal(1.0, 0.3, 5)],
            "permutation_10": [int(v) for v in np.random.RandomState(seed).permutation(10)],
            "permutation_1000_head": [int(v) for v in np.random.RandomState(seed).permutation(1000)[:20]],
        }
    dump("mt19937.json", {"seeds": seeds, "environment": env})


def libm_fixture(env):
    rs = np.random.RandomState(2024)
    # Region boundaries of glibc's sin/cos (|x| thresholds of its branches) and a spread of inputs.
    edges = [0.0, -0.0, 2.0**-30, 2.0**-27, 2.0**-26, 0.126, 0.855469, 0.8554687500000001, 2.426265, 2.4262650000000003,
             math.pi / 4, math.pi / 2, math.pi, 3 * math.pi / 2, 2 * math.pi, 10.0, 1e6, 1e8, -1.0, -2.5, -3.0]
    trig_x = edges + [float(v) for v in rs.uniform(0, math.pi, 1200)] + [float(v) for v in rs.uniform(-50, 50, 300)]
    log_x = [float(v) for v in rs.random_sample(1000)] + [float(v) for v in rs.uniform(0.93, 1.07, 500)] + \
        [5e-324, 2.2250738585072014e-308, 1e-300, 0.5, 1.0, 2.0, 1e300, float(np.nextafter(1.0, 0.0)), float(np.nextafter(1.0, 2.0))]
    dump("libm.json", {
        "trig": [[x, math.cos(x), math.sin(x)] for x in trig_x],
        "log": [[x, math.log(x)] for x in log_x],
        "environment": env,
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    env = environment()
    moons_fixtures(env)
    mt19937_fixture(env)
    libm_fixture(env)


if __name__ == "__main__":
    main()
