// The regc command line: parses arguments (commander) and runs one command, loaded only when used,
// so `regc check` never loads TensorFlow.js or prettier. Exit codes: 0 ok, 1 spec errors,
// 2 usage or I/O errors, 3 `fmt --check` found files to reformat.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { IoError } from "../io/index.js";
import { VERSION } from "../version.js";
import { EXIT } from "./output.js";
import { BACKEND_CHOICES } from "../runtime/backend/choices.js";

/** Parses an integer option (a usage error, exit 2, otherwise). */
function intOption(flag: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${flag} takes a whole number${min > 0 ? ` from ${min}` : " (0 or more)"}, not '${value}'`);
    return n;
  };
}
const positiveInt = (flag: string) => intOption(flag, 1);
const nonNegativeInt = (flag: string) => intOption(flag, 0);

/** `--backend` of train and sweep: the runtime's choices (REGC_BACKEND, src/runtime/backend). */
const backendOption = () =>
  new Option("--backend <name>", "TensorFlow.js backend: native (TensorFlow's C library), wasm or cpu (default: $REGC_BACKEND, else native where installed, else wasm)").choices(BACKEND_CHOICES);

/** regc's commands and their options. A Command keeps what it parsed, so each run builds (or is given) a fresh one. */
export function program(): Command {
  const p = new Command("regc")
    .description("Check .reg regularization specs and compile them to Keras JSON or TensorFlow.js training programs.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (s, write) => write(s) })
    .exitOverride()
    .addHelpText(
      "after",
      "\nExamples:\n  regc check specs/*.reg\n  regc fmt specs/*.reg\n  regc summary specs/moons-l2.reg\n  regc build specs/moons-l2.reg --target tfjs\n  regc help build                 # a command's options and examples\n\n" +
        "Exit status: 0 ok, 1 errors in a spec, 2 usage or I/O errors, 3 `fmt --check` found files to reformat.\n" +
        "Output into a closed pipe (regc schema | head -1) stops quietly, with the status so far (0 if none).\n" +
        "Colors only on a terminal; NO_COLOR turns them off, FORCE_COLOR on.",
    );

  p.command("check")
    .description("check specs: syntax, names, shapes, parameter counts, validity and advice")
    .argument("<files...>", "spec files ('-' reads standard input)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .option("--strict", "treat warnings as errors (exit 1)")
    .addHelpText("after", "\nExamples:\n  regc check specs/*.reg\n  regc check --format json model.reg\n  cat model.reg | regc check -\n\nExit status: 0 clean (warnings allowed), 1 errors, 2 usage or I/O errors.")
    .action(async (files: string[], opts) => (await import("./commands/check.js")).run(files, opts));

  p.command("fmt")
    .description("format specs in place in the one canonical layout (comments kept)")
    .argument("<files...>", "spec files ('-' formats standard input to standard output)")
    .option("--check", "write nothing; exit 3 and name the files that would change")
    .addHelpText("after", "\nExamples:\n  regc fmt specs/*.reg\n  regc fmt --check specs/*.reg\n\nExit status: 0 formatted, 1 a file does not parse, 2 usage or I/O errors, 3 --check found changes.")
    .action(async (files: string[], opts) => (await import("./commands/fmt.js")).run(files, opts));

  p.command("summary")
    .description("print a Keras-style summary: layers, output shapes, parameters and regularizers")
    .argument("<file>", "spec file")
    .option("--json", "print the summary as JSON")
    .addHelpText("after", "\nExamples:\n  regc summary specs/moons-l2.reg\n  regc summary --json specs/lstm.reg\n\nExit status: 0 ok, 1 the spec has errors, 2 usage or I/O errors.")
    .action(async (file: string, opts) => (await import("./commands/summary.js")).run(file, opts));

  p.command("build")
    .description("emit Keras JSON or a TensorFlow.js training program (one per sweep point, plus a manifest)")
    .argument("<file>", "spec file")
    .addOption(new Option("--target <target>", "what to emit").choices(["keras", "tfjs"]).default("keras"))
    .addOption(new Option("--keras <version>", "Keras JSON format").choices(["3", "2"]).default("3"))
    .addOption(new Option("--lang <lang>", "language of the tfjs program").choices(["js", "ts"]).default("js"))
    .option("-o, --out <dir>", "output directory (default: beside the spec)")
    .option("--check", "write nothing; exit 1 naming each output that is missing or out of date")
    .addHelpText("after", "\nExamples:\n  regc build specs/moons-l2.reg                 # specs/moons-l2.keras.json\n  regc build specs/moons-l2.reg --keras 2       # the tf.keras 2 / TensorFlow.js form\n  regc build specs/moons-l2.reg --target tfjs   # specs/moons-l2.train.mjs\n  regc build specs/moons-l2.reg --check         # for pre-commit hooks")
    .action(async (file: string, opts) => (await import("./commands/build.js")).run(file, opts));

  p.command("train")
    .description("train a spec's model in this process with TensorFlow.js (the program `build --target tfjs` writes)")
    .argument("<file>", "spec file")
    .option("--epochs <n>", "train for N epochs instead of the spec's", positiveInt("--epochs"))
    .option("--seed <s>", "seed for initial weights and shuffling (default: the spec's, else 0)", nonNegativeInt("--seed"))
    .option("-o, --out <dir>", "where to save the model, history.json and history.csv (default: <spec>.out/ beside the spec)")
    .option("--json", "print one JSON object: final train and test metrics and losses, and the backend")
    .option("--report <dir>", "also write a visual report of the run: DIR/index.html (learning curves, penalties, weights)")
    .addOption(backendOption())
    .addHelpText("after", "\nExamples:\n  regc train specs/moons-l2.reg\n  regc train specs/moons.reg --epochs 100 --json\n  regc train specs/moons-l2.reg --report report/\n\nExit status: 0 trained, 1 spec, data or training errors (a NaN loss), 2 usage or I/O errors.")
    .action(async (file: string, opts) => (await import("./commands/train.js")).run(file, opts));

  p.command("sweep")
    .description("train every sweep point `repeat` times (batched into one computation when possible) and tabulate the results")
    .argument("<file>", "spec file with a sweep")
    .option("--epochs <n>", "train each trial for N epochs instead of the spec's", positiveInt("--epochs"))
    .option("-j, --jobs <n>", "worker processes for trials that cannot be batched (default: the number of cores); for batched trials, split them into N computations in N processes (default: one, in this process)", positiveInt("--jobs"))
    .option("-o, --out <dir>", "where to write sweep.json and sweep.csv (default: <spec>.sweep/ beside the spec)")
    .option("--json", "print only sweep.json's content")
    .option("--report <dir>", "also write an HTML report of the sweep into DIR")
    .option("--no-batch", "run every trial through the regular runtime in worker processes, even when they could be batched")
    .addOption(backendOption())
    .addOption(new Option("--trial <k>", "internal: run trial K alone and print its result as JSON (what worker processes do)").argParser(nonNegativeInt("--trial")).hideHelp())
    .addOption(new Option("--worker", "internal: run the trials the parent process sends over IPC").hideHelp())
    .addHelpText(
      "after",
      "\nExamples:\n  regc sweep specs/moons-grid.reg                 # the lambda grid: table, specs/moons-grid.sweep/sweep.{json,csv}\n  regc sweep specs/moons-grid.reg --epochs 200 --json\n  regc sweep specs/moons-grid.reg --report grid-report\n\nTrial seeds: the train block's seed (else 0) plus the repeat index, the same for every value.\nExit status: 0 done, 1 spec, data or training errors (or no sweep in the spec), 2 usage or I/O errors.",
    )
    .action(async (file: string, opts) => (await import("./commands/sweep.js")).run(file, opts));

  p.command("import")
    .description("turn a Keras model config (model.to_json(), Keras 3 or tf.keras 2 / TensorFlow.js) into a formatted .reg spec")
    .argument("<file>", "Keras model JSON ('-' reads standard input)")
    .option("-o, --out <file>", "write the spec to this file (atomically) instead of standard output")
    .addHelpText(
      "after",
      "\nExamples:\n  regc import model.json                  # the spec on standard output\n  regc import model.json -o model.reg     # written to model.reg\n  regc build specs/moons-l2.reg && regc import specs/moons-l2.keras.json\n\n" +
        "Every layer, argument and regularizer the language has is carried over; anything it cannot express (an\n" +
        "initializer or constraint that is not Keras's default, an unknown layer or key) is an error naming its JSON\n" +
        "path. compile_config becomes a commented train block (a train block also needs data and epochs).\n\n" +
        "Exit status: 0 imported, 1 the model cannot be imported (or does not check), 2 usage or I/O errors.",
    )
    .action(async (file: string, opts) => (await import("./commands/import.js")).run(file, opts));

  p.command("lsp")
    .description("run the language server for editors (Language Server Protocol over standard input and output)")
    .option("--stdio", "talk over standard input and output (the default; the flag editors pass)")
    .addHelpText("after", "\nExamples:\n  regc lsp --stdio                # what an editor's LSP client starts\n\nSee README.md (In editors) for VS Code and Neovim.")
    .action(async () => (await import("../lsp/server.js")).runStdio());

  p.command("schema")
    .description("print the JSON Schema of the checked IR (what every emitter and the runtime consume)")
    .addHelpText("after", "\nExample:\n  regc schema > regc-ir.schema.json")
    .action(async () => (await import("./commands/schema.js")).run());

  return p;
}

/** Runs one command line; `p` may be a program built ahead (the start-up snapshot builds one). */
export async function main(argv: string[], p: Command = program()): Promise<number> {
  try {
    if (argv.length === 0) {
      // No command is a usage error: the help goes to standard error, as other usage errors do.
      p.outputHelp({ error: true });
      return EXIT.usage;
    }
    await p.parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1, which regc reports as 2.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof IoError) {
      process.stderr.write(`regc: ${e.message}\n`);
      return EXIT.usage;
    }
    // Errors the user can fix (RegcError: an emitter's refusal, a data file, ...) are reported by the
    // commands that meet them (reportError in checked.ts), with the spec's name and code frame; anything
    // reaching here is regc's bug.
    process.stderr.write(`regc: internal error: ${(e as Error).message}\nPlease report this with the spec that caused it.\n`);
    return 70;
  }
}

