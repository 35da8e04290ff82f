// The ESM entry of the CLI (dist/cli.mjs): runs regc with the process's arguments.
import { main } from "./main.js";
import { exitQuietlyOnClosedPipe } from "./output.js";

exitQuietlyOnClosedPipe();

process.exitCode = await main(process.argv.slice(2));
