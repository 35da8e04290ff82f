// Writes a run's outputs into one folder, all or none (src/io's writeAtomically): the trained model
// in tfjs's layers-model format (model.json + weights.bin, captured through tf.io.withSaveHandler,
// since only tfjs-node has file://), history.json and history.csv.
import { join } from "node:path";
import { tf, type LayersModel } from "./tf.js";
import { csvCell, writeAtomically } from "../io/index.js";
import type { EpochLog } from "./loop/index.js";

/** The model.json and weights.bin tfjs-node's file:// handler would write. */
export async function modelArtifacts(model: LayersModel): Promise<{ json: string; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const a = captured as unknown as tf.io.ModelArtifacts;
  const data = a.weightData;
  const bytes = data === undefined ? new Uint8Array() : Array.isArray(data) ? concat(data) : new Uint8Array(data);
  const json = {
    modelTopology: a.modelTopology,
    format: a.format ?? "layers-model",
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: ["./weights.bin"], weights: a.weightSpecs ?? [] }],
  };
  return { json: JSON.stringify(json), weights: bytes };
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/** history.csv: one row per epoch; reg/<slot> and coef/<schedule> columns after the metrics. */
export function historyCsv(history: EpochLog[]): string {
  const first = history[0];
  if (!first) return "epoch\n";
  const scalarKeys = Object.keys(first).filter((k) => typeof first[k] === "number");
  const regKeys = Object.keys(first.reg);
  const coefKeys = Object.keys(first.coefficients);
  const head = [...scalarKeys, ...regKeys.map((k) => `reg/${k}`), ...coefKeys.map((k) => `coef/${k}`)].map(csvCell).join(",");
  const rows = history.map((h) =>
    [...scalarKeys.map((k) => String(h[k] as number)), ...regKeys.map((k) => String(h.reg[k])), ...coefKeys.map((k) => String(h.coefficients[k]))].join(","),
  );
  return `${head}\n${rows.join("\n")}\n`;
}

export async function saveRun(dir: string, model: LayersModel, result: { history: EpochLog[] }): Promise<string[]> {
  const m = await modelArtifacts(model);
  const files = [
    { path: join(dir, "model.json"), content: m.json },
    { path: join(dir, "weights.bin"), content: m.weights },
    { path: join(dir, "history.json"), content: `${JSON.stringify(result, null, 2)}\n` },
    { path: join(dir, "history.csv"), content: historyCsv(result.history) },
  ];
  writeAtomically(files);
  return files.map((f) => f.path);
}
