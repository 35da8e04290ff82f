// TensorFlow.js program emitter (in progress).
import type { TfjsEmitter } from "../index.js";
export const emitTfjs: TfjsEmitter = async () => {
  throw new Error("the tfjs target is not built yet");
};
