// How the CLI prints and exits: color only on a terminal and never with NO_COLOR.

export const EXIT = { ok: 0, errors: 1, usage: 2, changed: 3 } as const;

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export function setExit(code: number): void {
  process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
}
