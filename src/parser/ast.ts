// The typed syntax tree of a .reg file: what the user wrote, with a position on every node.
import type { Span } from "../diagnostics/span.js";

export type { Span };

export type Value = NumberValue | PercentValue | StringValue | NoneValue | ListValue | CallValue;

export interface NumberValue {
  kind: "number";
  value: number;
  raw: string;
  span: Span;
}
/** `30%`; value is the fraction (0.3). */
export interface PercentValue {
  kind: "percent";
  value: number;
  raw: string;
  span: Span;
}
export interface StringValue {
  kind: "string";
  value: string;
  raw: string;
  span: Span;
}
export interface NoneValue {
  kind: "none";
  span: Span;
}
export interface ListValue {
  kind: "list";
  items: Value[];
  span: Span;
}
/** A bare name (`relu`), a call (`l2(1e-3)`), a call with a block (`step { 0: 0 }`, `LSTM(32) { ... }`). */
export interface CallValue {
  kind: "call";
  name: string;
  nameSpan: Span;
  args?: Arg[];
  block?: Block;
  span: Span;
}

export interface Arg {
  name?: string;
  nameSpan?: Span;
  value: Value;
  span: Span;
}

export interface Entry {
  /** The key as written: `kernel`, `Dense.kernel`, `1200`, `30%`. */
  key: string;
  keySpan: Span;
  value: Value;
  span: Span;
}

export interface Block {
  entries: Entry[];
  span: Span;
}

export interface Layer {
  kind: "layer";
  type: string;
  typeSpan: Span;
  name?: string;
  nameSpan?: Span;
  args: Arg[];
  block?: Block;
  span: Span;
}

export interface InputDecl {
  kind: "input";
  shape: ListValue;
  span: Span;
}

export interface ModelDecl {
  kind: "model";
  name: string;
  nameSpan: Span;
  items: (InputDecl | Layer)[];
  span: Span;
}
export interface ScheduleDecl {
  kind: "schedule";
  name: string;
  nameSpan: Span;
  value: Value;
  span: Span;
}
export interface ParamDecl {
  kind: "param";
  name: string;
  nameSpan: Span;
  value: Value;
  span: Span;
}
export interface SweepDecl {
  kind: "sweep";
  name: string;
  nameSpan: Span;
  over: Value;
  span: Span;
}
export interface RepeatDecl {
  kind: "repeat";
  count: Value;
  span: Span;
}
export interface RegularizeDecl {
  kind: "regularize";
  block: Block;
  span: Span;
}
export interface TrainDecl {
  kind: "train";
  block: Block;
  span: Span;
}

export type Statement = ModelDecl | ScheduleDecl | ParamDecl | SweepDecl | RepeatDecl | RegularizeDecl | TrainDecl;

export interface Comment {
  text: string;
  span: Span;
}

export interface SpecFile {
  statements: Statement[];
  comments: Comment[];
  span: Span;
}
