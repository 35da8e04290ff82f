// The .reg grammar as a Chevrotain parser: pure syntax, no meaning (the AST builder adds that).
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** What a rule is, in the user's words, for "expected ..." messages. */
const RULE_WORDS: Record<string, string> = {
  file: "a statement (model, train, schedule, param, sweep, repeat or regularize)",
  statement: "a statement (model, train, schedule, param, sweep, repeat or regularize)",
  modelItem: "a layer such as Dense(10) or 'input [...]'",
  value: "a value (a number, a name, a string, a list or a call)",
  entry: "an entry 'key: value'",
  key: "a key (a name, Layer.slot, an epoch or a percentage)",
  arg: "an argument",
};

export function describeToken(tok: IToken): string {
  if (tok.tokenType.name === "EOF") return "the end of the file";
  if (tok.tokenType === T.UnterminatedString) return "a string without its closing '\"'";
  const image = tok.image.length > 24 ? tok.image.slice(0, 24) + "..." : tok.image;
  return `'${image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function listWords(words: string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return unique.slice(0, -1).join(", ") + " or " + unique[unique.length - 1];
}

function firstTokensOf(paths: TokenType[][][] | TokenType[][]): string[] {
  const words: string[] = [];
  const visit = (p: unknown): void => {
    if (Array.isArray(p)) {
      if (p.length > 0 && !Array.isArray(p[0])) {
        words.push(label(p[0] as TokenType));
      } else p.forEach(visit);
    }
  };
  visit(paths);
  return words;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${label(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}: expected ${RULE_WORDS.statement}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0]!;
    const words = RULE_WORDS[ruleName] ?? listWords(firstTokensOf(expectedPathsPerAlt));
    if (ruleName === "statement" && found.tokenType === T.Identifier) {
      return `unknown statement '${found.image}': expected ${RULE_WORDS.statement}`;
    }
    return `expected ${words} but found ${describeToken(found)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const words = RULE_WORDS[ruleName] ?? listWords(firstTokensOf(expectedIterationPaths));
    return `expected ${words} but found ${describeToken(actual[0]!)}`;
  },
};

class RegParser extends CstParser {
  constructor(validate: boolean) {
    super(T.allTokens, {
      // Grammar validation costs start-up time on every run; test/grammar.test.ts runs it instead.
      skipValidations: !validate,
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.SUBRULE(this.stray) }]);
    });
  });

  // Words that start no statement (`trian { ... }`) are skipped up to the next statement and
  // reported once, so the statements after them are still checked.
  stray = this.RULE("stray", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.Stray));
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.scheduleDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.sweepDecl) },
      { ALT: () => this.SUBRULE(this.repeatDecl) },
      { ALT: () => this.SUBRULE(this.regularizeDecl) },
      { ALT: () => this.SUBRULE(this.trainDecl) },
    ]);
  });

  // model Name { input [2]  Dense(500) { kernel: l2(1e-3) } ... }
  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.modelItem));
    this.CONSUME(T.RBrace);
  });

  modelItem = this.RULE("modelItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.inputDecl) }, { ALT: () => this.SUBRULE(this.layer) }]);
  });

  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(T.Input);
    this.SUBRULE(this.list);
  });

  // Dense hidden(500, activation: relu) { kernel: l2(1e-3) }
  layer = this.RULE("layer", () => {
    this.CONSUME(T.Identifier, { LABEL: "type" });
    this.OPTION(() => this.CONSUME(T.Name, { LABEL: "layerName" }));
    this.SUBRULE(this.argList);
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  scheduleDecl = this.RULE("scheduleDecl", () => {
    this.CONSUME(T.Schedule);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.value);
  });

  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.value);
  });

  sweepDecl = this.RULE("sweepDecl", () => {
    this.CONSUME(T.Sweep);
    this.CONSUME(T.Name);
    this.CONSUME(T.Over);
    this.SUBRULE(this.value);
  });

  repeatDecl = this.RULE("repeatDecl", () => {
    this.CONSUME(T.Repeat);
    this.SUBRULE(this.value);
  });

  regularizeDecl = this.RULE("regularizeDecl", () => {
    this.CONSUME(T.Regularize);
    this.SUBRULE(this.block);
  });

  trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(T.Train);
    this.SUBRULE(this.block);
  });

  // { key: value, key: value } with optional commas, across lines or on one.
  block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.entry);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  entry = this.RULE("entry", () => {
    this.SUBRULE(this.key);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
  });

  key = this.RULE("key", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Name);
          this.OPTION(() => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Name);
          });
        },
      },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Percent) },
    ]);
  });

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Percent) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.call) },
    ]);
  });

  // relu | l2(1e-3) | step { 0: 0, 1200: 1e-5 } | LSTM(32) { kernel: l2(1e-4) }
  call = this.RULE("call", () => {
    this.CONSUME(T.ValueName);
    this.OPTION(() => this.SUBRULE(this.argList));
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  argList = this.RULE("argList", () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.SUBRULE(this.arg);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.CONSUME(T.Name, { LABEL: "argName" });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.value);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.value);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });
}

let instance: RegParser | undefined;

/** The one parser instance (self-analysis is paid once per process). */
export function regParser(): RegParser {
  instance ??= new RegParser(false);
  return instance;
}

/** A parser built with Chevrotain's grammar validations on (ambiguities, left recursion): for tests. */
export function validatedParser(): RegParser {
  return new RegParser(true);
}

export type { CstNode };
