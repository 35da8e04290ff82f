// The tokens of the .reg language and the one lexer instance that produces them.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });

// Every word is a Name; keywords are Names too, so `input` or `model` still work as keys and layer names.
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
// Words that may start a value: every Name but the statement keywords, so a missing value before the
// next statement is reported as missing rather than swallowing the statement.
export const ValueName = createToken({ name: "ValueName", pattern: Lexer.NA, label: "a name" });
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, ValueName],
  label: "a name",
});

function keyword(word: string, startsStatement = true): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: startsStatement ? [Name] : [Name, ValueName],
    label: `'${word}'`,
  });
}

export const Model = keyword("model");
export const Input = keyword("input", false);
export const Schedule = keyword("schedule");
export const Param = keyword("param");
export const Sweep = keyword("sweep");
export const Over = keyword("over", false);
export const Repeat = keyword("repeat");
export const Regularize = keyword("regularize");
export const Train = keyword("train");

// A percent must be tried before a plain number: `30%` is one token.
export const Percent = createToken({
  name: "Percent",
  pattern: /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%/,
  label: "a percentage",
});
export const NumberLit = createToken({
  name: "Number",
  pattern: /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
});
// Strings are JSON strings: the same escapes, no raw control characters.
export const StringLit = createToken({
  name: "String",
  pattern: /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/,
  label: "a string",
});
// An unterminated string is lexed as a token of its own so the parser can report it in words.
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*/ });

export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "'}'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });

/** Every token that cannot start a statement: a run of them at the top level is one "unknown statement". */
export const Stray = createToken({ name: "Stray", pattern: Lexer.NA, label: "a statement" });

export const keywordTokens = [Model, Input, Schedule, Param, Sweep, Over, Repeat, Regularize, Train];

for (const t of [Input, Over, Identifier, Percent, NumberLit, StringLit, LBrace, RBrace, LParen, RParen, LBracket, RBracket, Colon, Comma, Equals, Dot]) {
  t.CATEGORIES = [...(t.CATEGORIES ?? []), Stray];
}

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  ...keywordTokens,
  Identifier,
  Name,
  ValueName,
  Stray,
  Percent,
  NumberLit,
  StringLit,
  UnterminatedString,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Colon,
  Comma,
  Equals,
  Dot,
];

export const regLexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
});
