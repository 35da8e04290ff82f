// Errors the runtime reports to a person: a message (positioned file:line:col when it is about a
// data file), never a stack trace. Codes are REG06xx (data and run-time problems).

import { catalog } from "../diagnostics/catalog.js";

/** Run-time diagnostic codes (REG0600-REG0649), from the one catalog. They are produced by running, not by `regc check`. */
export const RUNTIME_CODES = {
  dataUnreadable: catalog.dataUnreadable.code,
  dataEmpty: catalog.dataEmpty.code,
  missingTarget: catalog.missingTarget.code,
  raggedRow: catalog.raggedRow.code,
  notANumber: catalog.notANumber.code,
  badSplit: catalog.badSplit.code,
  badOption: catalog.badOption.code,
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
