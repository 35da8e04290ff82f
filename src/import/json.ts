// A JSON reader that remembers where every value starts, so import errors can name a line and column
// as well as a JSON path. Strict JSON (RFC 8259) plus NaN, Infinity and -Infinity, which Python's
// json.dumps writes and Keras's loader reads.

export interface Position {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

/** A path into the document: object keys and array indices. */
export type JsonPath = (string | number)[];

/** `config.layers[2].config.kernel_constraint`; the empty path is `(top level)`. */
export function pathText(path: JsonPath): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? (s ? `.${p}` : p) : `[${JSON.stringify(p)}]`;
  return s || "(top level)";
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at a path (as pathText writes it) starts. */
  positions: Map<string, Position>;
}

const MAX_DEPTH = 256;

export function parseJson(text: string): ParsedJson {
  return new Reader(text).document();
}

class Reader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  readonly positions = new Map<string, Position>();
  constructor(private readonly s: string) {}

  document(): ParsedJson {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    this.ws();
    if (this.i >= this.s.length) this.fail("the file is empty; expected a JSON object");
    const value = this.value([], 0);
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
    return { value, positions: this.positions };
  }

  private pos(): Position {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos());
  }

  private describe(): string {
    if (this.i >= this.s.length) return "end of file";
    const c = this.s[this.i]!;
    return c === '"' ? "string" : `character '${c}'`;
  }

  private ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === "\n") {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === " " || c === "\t" || c === "\r") this.i++;
      else return;
    }
  }

  private value(path: JsonPath, depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`values nest deeper than ${MAX_DEPTH} levels`);
    this.positions.set(pathText(path), this.pos());
    const c = this.s[this.i];
    if (c === "{") return this.object(path, depth);
    if (c === "[") return this.array(path, depth);
    if (c === '"') return this.string();
    if ((c === "-" && this.s[this.i + 1] !== "I") || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [["true", true], ["false", false], ["null", null], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  private object(path: JsonPath, depth: number): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(`expected a key in double quotes, found ${this.describe()}`);
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ":") this.fail(`expected ':' after the key "${key}", found ${this.describe()}`);
      this.i++;
      this.ws();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`the key "${key}" appears twice in this object`);
      Object.defineProperty(out, key, { value: this.value([...path, key], depth + 1), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i];
      if (c === ",") {
        this.i++;
        continue;
      }
      if (c === "}") {
        this.i++;
        return out;
      }
      this.fail(`expected ',' or '}' in an object, found ${this.describe()}`);
    }
  }

  private array(path: JsonPath, depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value([...path, out.length], depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ",") {
        this.i++;
        continue;
      }
      if (c === "]") {
        this.i++;
        return out;
      }
      this.fail(`expected ',' or ']' in a list, found ${this.describe()}`);
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === "\n") this.fail("unterminated string");
      if (c === '"') break;
      if (c === "\\") this.i++;
      else if (c < " ") this.fail("a control character inside a string must be escaped");
      this.i++;
    }
    this.i++;
    try {
      return JSON.parse(this.s.slice(start, this.i)) as string;
    } catch {
      this.i = start;
      return this.fail("invalid escape in a string");
    }
  }

  private number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail(`invalid number`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}
