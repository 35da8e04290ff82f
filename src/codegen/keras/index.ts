// Keras JSON emitter (in progress).
import type { KerasEmitter } from "../index.js";
export const emitKeras: KerasEmitter = () => {
  throw new Error("the keras target is not built yet");
};
