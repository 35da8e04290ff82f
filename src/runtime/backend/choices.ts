// The backends `--backend` (regc train, regc sweep, generated programs) and REGC_BACKEND choose
// from, in the default order of preference. No tfjs here: the CLI's option parser imports this.

/** What `--backend` and REGC_BACKEND take. */
export type BackendChoice = "native" | "wasm" | "cpu";
export const BACKEND_CHOICES: readonly BackendChoice[] = ["native", "wasm", "cpu"];
/** "native, wasm or cpu", for messages. */
export const BACKEND_CHOICES_TEXT = `${BACKEND_CHOICES.slice(0, -1).join(", ")} or ${BACKEND_CHOICES.at(-1)}`;
export const isBackendChoice = (v: string): v is BackendChoice => (BACKEND_CHOICES as readonly string[]).includes(v);
