// Keras JSON emitter: `regc build --target keras`. A pure function of the checked IR: the model as
// Keras's model.to_json() writes it (Keras 3, or the tf.keras 2 form TensorFlow.js loads), plus
// regc_schedules.py beside it when the spec has schedules no Keras can express on its own.
import type { KerasEmitter, OutputFile } from "../index.js";
import { SCHEDULES_MODULE, modelConfig } from "./model.js";
import { pyJson } from "./pyjson.js";
// The module is python/regc_schedules.py itself (imported as text: src/text-files.d.ts).
import SCHEDULES_PY from "../../../python/regc_schedules.py";

export const emitKeras: KerasEmitter = (ir, opts) => {
  const { model, usesSchedules } = modelConfig(ir, opts.keras);
  // No trailing newline: byte for byte what to_json() returns.
  const files: OutputFile[] = [{ name: `${opts.base}.keras.json`, content: pyJson(model) }];
  if (usesSchedules) files.push({ name: `${SCHEDULES_MODULE}.py`, content: SCHEDULES_PY });
  return files;
};
