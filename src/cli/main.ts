// The regc command line: parses arguments (commander) and runs one command, loaded only when used,
// so `regc check` never loads TensorFlow.js or prettier. Exit codes: 0 ok, 1 spec errors,
// 2 usage or I/O errors, 3 `fmt --check` found files to reformat.
import { Command, CommanderError, Option } from "commander";
import { IoError } from "../io/index.js";
import { VERSION } from "./version.js";
import { EXIT } from "./output.js";

function program(): Command {
  const p = new Command("regc")
    .description("Check .reg regularization specs and compile them to Keras JSON or TensorFlow.js training programs.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (s, write) => write(s) })
    .exitOverride();

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
    .addHelpText("after", "\nExample:\n  regc summary specs/moons-l2.reg")
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

  p.command("schema")
    .description("print the JSON Schema of the checked IR (what every emitter and the runtime consume)")
    .action(async () => (await import("./commands/schema.js")).run());

  return p;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const p = program();
    if (argv.length === 0) {
      p.outputHelp();
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
    process.stderr.write(`regc: internal error: ${(e as Error).message}\nPlease report this with the spec that caused it.\n`);
    return 70;
  }
}

