// The runtime that generated training programs import as `regc/runtime`.
export { valueAt, coefficientAt } from "../schedule/index.js";
