#!/usr/bin/env bash
# The peers' venvs for `npm run bench`, from pip as this machine configures it (its local store; nothing
# else is downloaded). A few minutes and ~3 GB the first time; instant when ready.
#   DIR/jax: keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 scikit-learn, and PyTorch's CPU build when the
#            store has one (torch==2.13.0+cpu here; REGC_PEERS_TORCH names another requirement)
#   DIR/tf:  keras==3.15.1 tensorflow_cpu==2.21.0 scikit-learn
# Two venvs, because Keras's set_random_seed imports TensorFlow whenever it is installed: in one venv
# the Keras/JAX process would carry TensorFlow's ~500 MB, which a Keras/JAX user does not have, and
# the W2 memory ratio would be flattered.
#   bash bench/peers/setup.sh [--no-torch] [DIR]   DIR: $REGC_PEERS_DIR or ~/.cache/regc-peers
# Prints one line per framework (ready, or not installed and why); exits 1 only if keras-jax is missing.
set -uo pipefail
TORCH=1
if [ "${1:-}" = "--no-torch" ]; then TORCH=0; shift; fi
DIR="${1:-${REGC_PEERS_DIR:-$HOME/.cache/regc-peers}}"
# torch: only a CPU build is worth it here. The store's newest torch (2.14.1) is a CUDA build whose
# libraries (cuda-toolkit, cudnn, nccl, ...) are several GB more.
TORCH_REQ="${REGC_PEERS_TORCH:-torch==2.13.0+cpu}"
PY="$(command -v python3.11 || command -v python3)"

# pip quietly, without the store's "Location ... is ignored" warnings (its errors still show).
pip_in() {
  local venv="$1"
  shift
  "$venv/bin/pip" install --disable-pip-version-check --retries 0 --timeout 5 -q "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}
# Installed? (found, not imported: importing TensorFlow or torch takes seconds)
has() { "$1/bin/python" -c "import importlib.util as u, sys; sys.exit(u.find_spec('$2') is None)" >/dev/null 2>&1; }
venv() {
  [ -x "$1/bin/python" ] || { mkdir -p "$DIR" && "$PY" -m venv "$1"; } || { echo "peers: cannot make a venv in $1 with $PY" >&2; return 1; }
}

JAX="$DIR/jax"
TF="$DIR/tf"
if ! { has "$JAX" keras && has "$JAX" jax && has "$JAX" sklearn; }; then
  venv "$JAX" && pip_in "$JAX" "keras==3.15.1" "jax==0.10.2" "jaxlib==0.10.2" scikit-learn \
    || { echo "peers: keras-jax could not be installed (pip's output above)" >&2; exit 1; }
fi
echo "peers: keras-jax ready ($JAX)"
if has "$TF" tensorflow && has "$TF" keras && has "$TF" sklearn; then
  echo "peers: keras-tf ready ($TF)"
elif venv "$TF" && pip_in "$TF" "keras==3.15.1" "tensorflow_cpu==2.21.0" scikit-learn; then
  echo "peers: keras-tf ready ($TF)"
else
  echo "peers: keras-tf not installed (tensorflow_cpu==2.21.0 did not install; pip's output above)"
fi
if has "$JAX" torch; then
  echo "peers: torch ready ($JAX)"
elif [ "$TORCH" = 0 ]; then
  echo "peers: torch skipped (--no-torch)"
elif pip_in "$JAX" --only-binary :all: "$TORCH_REQ" 2>/dev/null; then
  echo "peers: torch ready ($TORCH_REQ, $JAX)"
else
  echo "peers: torch not installed: $TORCH_REQ is not in the pip store (the CUDA build needs several GB more)"
fi
