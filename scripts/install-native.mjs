#!/usr/bin/env node
// regc's install step (package.json "install", run by `npm ci` / `npm install`): makes the native
// backend, @tensorflow/tfjs-node (TensorFlow's C library), usable, or says in one line why training
// will use WebAssembly. It never fails the install.
//
// tfjs-node's own install script (scripts/install.js) downloads libtensorflow 2.9.1 and a prebuilt
// binding from storage.googleapis.com; without that site, it fails and npm drops the optional
// dependency. So regc's package.json denies that script (`allowScripts`, npm 11) and this script runs
// it instead, then, where the download is impossible, builds the binding itself:
//   1. tfjs-node already loads: nothing to do.
//   2. storage.googleapis.com resolves (or a proxy is set): tfjs-node's own install script, unchanged
//      (an ordinary online machine keeps tfjs-node's prebuilt binary).
//   3. A build for these versions is in the cache (~/.cache/regc/native/<key>/, or $REGC_CACHE_DIR):
//      link it in (a second install takes seconds).
//   4. Build: `pip download tensorflow-cpu` (the wheel holds TensorFlow's C API: libtensorflow_cc.so.2,
//      libtensorflow_framework.so.2 and the headers under tensorflow/include/), extract the two
//      libraries and the 14 headers the binding includes into the cache, link them where tfjs-node's
//      binding.gyp looks (deps/include, deps/lib: -ltensorflow -ltensorflow_framework, rpath
//      $ORIGIN/../../deps/lib), and compile the binding with tfjs-node's node-pre-gyp
//      (`install --build-from-source`), against node's own headers (no download). Needs Linux, pip,
//      a C++ compiler and make; about a minute.
// Every outcome is checked by loading tfjs-node in a child process.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const NATIVE = "@tensorflow/tfjs-node";
/** The TensorFlow wheel built against, first; any tensorflow-cpu pip has otherwise. */
const WHEELS = ["tensorflow-cpu==2.21.0", "tensorflow-cpu"];
/** The wheel's files the binding needs: its two libraries, and the C API headers c_api.h and eager/c_api.h include. */
const LIBRARIES = ["libtensorflow_cc.so.2", "libtensorflow_framework.so.2"];
const HEADERS = ["tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const say = (line) => console.log(`regc: ${line}`);
const wasm = (why) => say(`training will use WebAssembly: ${why}`);

/** Runs a command; its output is returned, not shown. */
function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
}
const ok = (cmd, args) => {
  const r = run(cmd, args);
  return r.status === 0 && !r.error;
};
/** The last lines of a failed command's output, for the one-line reason. */
const tail = (r) => `${r.stderr ?? ""}\n${r.stdout ?? ""}`.split("\n").map((l) => l.trim()).filter(Boolean).filter((l) => /error|not found|no matching/i.test(l)).slice(-1)[0]?.slice(0, 300) ?? `exit status ${r.status}`;

/** tfjs-node's TensorFlow version when it loads (in a child process), else null. */
function loads(dir) {
  const code = `const tf = require(${JSON.stringify(dir)}); process.stdout.write(tf.backend().binding.TF_Version)`;
  const r = run(process.execPath, ["-e", code], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  return r.status === 0 && r.stdout ? r.stdout.trim() : null;
}

function main() {
  const req = createRequire(join(root, "package.json"));
  let dir;
  try {
    dir = dirname(req.resolve(`${NATIVE}/package.json`));
  } catch {
    return wasm(`npm did not install ${NATIVE} (an optional dependency: its own install script failed, or optional dependencies were omitted)`);
  }
  // As a dependency of another project, tfjs-node's own install script runs (at the same time as this
  // one) unless that project denies it as regc does: then leave tfjs-node to it.
  const project = process.env.npm_config_local_prefix;
  const global = process.env.npm_config_global === "true";
  if (global || (project && resolve(project) !== root && !deniedIn(join(project, "package.json")))) {
    if (global) return say(`${NATIVE}'s own install script sets up the native backend (a global install)`);
    return say(`${NATIVE}'s own install script sets up the native backend (to build it from pip's tensorflow-cpu instead, add "allowScripts": { "${NATIVE}": false } to ${join(project, "package.json")} and reinstall)`);
  }
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const napi = Math.max(...pkg.binary.napi_versions.filter((v) => v <= Number(process.versions.napi)));
  const bindingDir = join(dir, pkg.binary.module_path.replace("{napi_build_version}", String(napi)));

  let version = loads(dir);
  if (version) return say(`native backend ready: TensorFlow ${version} (${NATIVE} ${pkg.version})`);

  // From here on a failure leaves no half-built tfjs-node behind (the runtime then skips it quietly).
  const wasm = (why) => {
    rmSync(join(dir, "deps"), { recursive: true, force: true });
    rmSync(bindingDir, { recursive: true, force: true });
    say(`training will use WebAssembly: ${why}`);
  };
  const prebuilt = tryPrebuilt(dir, req);
  version = prebuilt === true ? loads(dir) : null;
  if (version) return say(`native backend ready: TensorFlow ${version} (${NATIVE}'s prebuilt binary)`);
  const noPrebuilt = prebuilt === true ? "its prebuilt binary does not load" : prebuilt;

  if (process.platform !== "linux" || process.arch !== "x64") return wasm(`${noPrebuilt}, and regc builds it from pip's tensorflow-cpu on Linux x64 only`);
  const cacheRoot = join(process.env.REGC_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "regc"), "native");
  const prefix = `tfjs-node-${pkg.version}-napi-v${napi}-${process.platform}-${process.arch}-tensorflow-`;
  const cached = cachedBuild(cacheRoot, prefix);
  if (cached) {
    linkBuild(dir, cached, bindingDir);
    version = loads(dir);
    if (version) return say(`native backend ready: TensorFlow ${version} (${NATIVE}'s binding built against pip's tensorflow-cpu, reused from ${cached})`);
  }

  const missing = [];
  const python = ["python3", "python"].find((p) => ok(p, ["-m", "pip", "--version"]));
  if (!python) missing.push("pip");
  if (!ok("c++", ["--version"]) && !ok("g++", ["--version"])) missing.push("a C++ compiler (g++)");
  if (!ok("make", ["--version"])) missing.push("make");
  if (missing.length) return wasm(`${noPrebuilt}, and building it from pip's tensorflow-cpu needs ${missing.join(", ").replace(/, ([^,]*)$/, " and $1")}`);

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, ".build-"));
  try {
    say(`${noPrebuilt}: building ${NATIVE}'s binding against pip's tensorflow-cpu (about a minute, once; cached in ${cacheRoot})`);
    const built = build(dir, bindingDir, staging, python);
    if (typeof built === "string") return wasm(`${noPrebuilt}, and building it from pip's tensorflow-cpu failed: ${built}`);
    const final = join(cacheRoot, `${prefix}${built.tensorflow}`);
    rmSync(final, { recursive: true, force: true });
    renameSync(staging, final);
    linkBuild(dir, final, bindingDir);
    version = loads(dir);
    if (version) return say(`native backend ready: TensorFlow ${version} (${NATIVE}'s binding built against pip's tensorflow-cpu ${built.tensorflow}, cached in ${final})`);
    return wasm(`the binding built against pip's tensorflow-cpu ${built.tensorflow} does not load`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Whether a project's package.json denies tfjs-node's install script (`"allowScripts": { "@tensorflow/tfjs-node": false }`). */
function deniedIn(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8")).allowScripts?.[NATIVE] === false;
  } catch {
    return false;
  }
}

/** Runs tfjs-node's own install script when its download site is reachable: true when it succeeded, else why not. */
function tryPrebuilt(dir, req) {
  const host = "storage.googleapis.com";
  const proxy = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some((k) => process.env[k]);
  if (!proxy) {
    // A synchronous main: wait for the lookup in a child (a second at most offline).
    const r = run(process.execPath, ["-e", `require("node:dns").lookup(${JSON.stringify(host)}, (e) => process.exit(e ? 1 : 0))`], { timeout: 15_000 });
    if (r.status !== 0) return `${NATIVE}'s prebuilt binary cannot be downloaded (${host} is unreachable)`;
  }
  const bins = [join(dir, "node_modules", ".bin"), join(dirname(dirname(dirname(req.resolve("@mapbox/node-pre-gyp/package.json", { paths: [dir] })))), ".bin")];
  const r = run(process.execPath, ["scripts/install.js"], { cwd: dir, timeout: 600_000, env: { ...process.env, PATH: [...bins, process.env.PATH].join(delimiter) } });
  return r.status === 0 ? true : `${NATIVE}'s own install script failed (${tail(r)})`;
}

/** The complete cached build for this tfjs-node, napi and platform: the pinned TensorFlow's, else the newest. */
function cachedBuild(cacheRoot, prefix) {
  if (!existsSync(cacheRoot)) return null;
  const done = readdirSync(cacheRoot)
    .filter((d) => d.startsWith(prefix) && existsSync(join(cacheRoot, d, "done.json")))
    .map((d) => ({ d, v: d.slice(prefix.length).split(".").map(Number) }))
    .sort((a, b) => b.v[0] - a.v[0] || b.v[1] - a.v[1] || b.v[2] - a.v[2]);
  const pinned = done.find(({ d }) => d === `${prefix}${WHEELS[0].split("==")[1]}`);
  return (pinned ?? done[0]) ? join(cacheRoot, (pinned ?? done[0]).d) : null;
}

/**
 * Links a build (cache folder: lib/, include/, tfjs_binding.node) into tfjs-node: deps/include, deps/lib
 * under the names binding.gyp links and the binding loads (and libtensorflow.so.2.9.1, whose presence
 * tells tfjs-node's install script that the library is there), and the binding itself (copied).
 */
function linkBuild(dir, build, bindingDir) {
  const deps = join(dir, "deps");
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, "lib"), { recursive: true });
  symlinkSync(join(build, "include"), join(deps, "include"), "dir");
  const names = {
    "libtensorflow_cc.so.2": ["libtensorflow.so", "libtensorflow.so.2.9.1", "libtensorflow_cc.so.2"],
    "libtensorflow_framework.so.2": ["libtensorflow_framework.so", "libtensorflow_framework.so.2"],
  };
  for (const [file, links] of Object.entries(names)) for (const l of links) symlinkSync(join(build, "lib", file), join(deps, "lib", l));
  if (existsSync(join(build, "regc-stderr-gate.node"))) copyFileSync(join(build, "regc-stderr-gate.node"), join(deps, "regc-stderr-gate.node"));
  if (existsSync(join(build, "tfjs_binding.node"))) {
    mkdirSync(bindingDir, { recursive: true });
    copyFileSync(join(build, "tfjs_binding.node"), join(bindingDir, "tfjs_binding.node"));
  }
}

/** pip download, extract, compile into `staging` (lib/, include/, tfjs_binding.node, done.json). Returns the TensorFlow version, or why it failed. */
function build(dir, bindingDir, staging, python) {
  const wheels = join(staging, "wheel");
  let wheel;
  let last;
  for (const spec of WHEELS) {
    last = run(python, ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-q", "-d", wheels, spec]);
    wheel = existsSync(wheels) ? readdirSync(wheels).find((f) => /^tensorflow_cpu-.*\.whl$/.test(f)) : undefined;
    if (last.status === 0 && wheel) break;
  }
  if (!wheel) return `pip download tensorflow-cpu: ${tail(last)}`;
  const tensorflow = wheel.split("-")[1];
  // Python's zipfile streams the 270 MB wheel; pip brought Python.
  const extract = `
import sys, zipfile, shutil, os
wheel, dest, libs, headers = sys.argv[1], sys.argv[2], sys.argv[3].split(","), tuple(sys.argv[4].split(","))
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        base = name.rsplit("/", 1)[-1]
        if name == "tensorflow/" + base and base in libs:
            out = os.path.join(dest, "lib", base)
        elif name.startswith("tensorflow/include/") and name[len("tensorflow/include/"):].startswith(headers) and not name.endswith("/"):
            out = os.path.join(dest, "include", name[len("tensorflow/include/"):])
        else:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
`;
  const x = run(python, ["-c", extract, join(wheels, wheel), staging, LIBRARIES.join(","), HEADERS.join(",")]);
  rmSync(wheels, { recursive: true, force: true });
  if (x.status !== 0) return `extracting ${wheel}: ${tail(x)}`;
  for (const l of LIBRARIES) if (!existsSync(join(staging, "lib", l))) return `${wheel} has no tensorflow/${l}`;

  linkBuild(dir, staging, bindingDir);
  // node-gyp compiles against node's own headers when they are installed beside it (no download).
  const nodedir = [process.env.npm_config_nodedir, dirname(dirname(process.execPath))].find((d) => d && existsSync(join(d, "include", "node", "node_api.h")));
  const preGyp = createRequire(join(dir, "package.json")).resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp");
  const env = { ...process.env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
  const b = run(process.execPath, [preGyp, "install", "--build-from-source"], { cwd: dir, env });
  writeFileSync(join(staging, "build.log"), `${b.stdout}\n${b.stderr}`);
  const binding = join(bindingDir, "tfjs_binding.node");
  if (b.status !== 0 || !existsSync(binding)) return `${tail(b)}${nodedir ? "" : " (node's headers are not installed beside node)"}`;
  copyFileSync(binding, join(staging, "tfjs_binding.node"));
  if (nodedir) buildGate(staging, nodedir);
  for (const d of readdirSync(dir)) if (/^build(-tmp-.*)?$/.test(d)) rmSync(join(dir, d), { recursive: true, force: true });
  writeFileSync(join(staging, "done.json"), JSON.stringify({ tfjsNode: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version, tensorflow, wheel, node: process.version, napi: process.versions.napi }, null, 2) + "\n");
  return { tensorflow };
}

/**
 * TensorFlow 2.21 logs a notice while its library loads ("oneDNN custom operations are on ...", through
 * absl before its log level is set, so TF_CPP_MIN_LOG_LEVEL cannot silence it; TF_ENABLE_ONEDNN_OPTS=0
 * would, at the cost of oneDNN's speed). regc's runtime filters it with this tiny N-API addon: hold(path)
 * sends file descriptor 2 into a file while tfjs-node loads, release() restores it; the runtime then
 * passes on every other line. Optional: without it, the notice shows.
 */
const GATE = `#include <node_api.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
static int saved = -1;
static napi_value hold(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; char path[4096]; size_t len = 0; napi_value ok;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int fd = -1;
  if (argc == 1 && saved < 0 && napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) == napi_ok && len < sizeof path - 1)
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) { fflush(stderr); saved = dup(2); dup2(fd, 2); close(fd); }
  napi_get_boolean(env, fd >= 0 && saved >= 0, &ok);
  return ok;
}
static napi_value release(napi_env env, napi_callback_info info) {
  fflush(stderr);
  if (saved >= 0) { dup2(saved, 2); close(saved); saved = -1; }
  return NULL;
}
NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {{"hold", NULL, hold, NULL, NULL, NULL, napi_default, NULL}, {"release", NULL, release, NULL, NULL, NULL, napi_default, NULL}};
  napi_define_properties(env, exports, 2, d);
  return exports;
}
`;

function buildGate(staging, nodedir) {
  writeFileSync(join(staging, "gate.cc"), GATE);
  const cxx = ok("c++", ["--version"]) ? "c++" : "g++";
  const r = run(cxx, ["-shared", "-fPIC", "-O2", "-I", join(nodedir, "include", "node"), "-o", join(staging, "regc-stderr-gate.node"), join(staging, "gate.cc")]);
  rmSync(join(staging, "gate.cc"), { force: true });
  if (r.status !== 0) rmSync(join(staging, "regc-stderr-gate.node"), { force: true });
}

try {
  main();
} catch (e) {
  wasm(`regc's installer stopped: ${e instanceof Error ? e.message : String(e)}`);
}
