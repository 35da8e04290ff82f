// Errors the runtime reports to a person: a message (positioned file:line:col when it is about a
// data file), never a stack trace. Codes are REG06xx (data and run-time problems).

/** Run-time diagnostic codes (REG0600-REG0649). They are produced by running, not by `regc check`. */
export const RUNTIME_CODES = {
  dataUnreadable: "REG0600",
  dataEmpty: "REG0601",
  missingTarget: "REG0602",
  raggedRow: "REG0603",
  notANumber: "REG0604",
  badSplit: "REG0605",
  badOption: "REG0606",
} as const;

export type RuntimeCode = (typeof RUNTIME_CODES)[keyof typeof RUNTIME_CODES];

/** A problem that stops a run, printed as `file:line:col: error[REG06xx]: message` (or without a position). */
export class RegcRuntimeError extends Error {
  constructor(
    readonly code: RuntimeCode,
    readonly detail: string,
    readonly where?: { file: string; line: number; column: number },
  ) {
    super(`${where ? `${where.file}:${where.line}:${where.column}: ` : ""}error[${code}]: ${detail}`);
    this.name = "RegcRuntimeError";
  }
}
