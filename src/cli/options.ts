import { Option } from "commander";

// The options several commands share, defined once so that each is spelled, abbreviated and explained the
// same way everywhere: `bulwark X -f json -o out.json` works for every X that writes a result.

/** `-f, --format FORMAT`: one of `formats`, `fallback` when not given (checked by the command: parseFormat). */
export function formatOption(formats: readonly string[], fallback: string): Option {
  return new Option("-f, --format <FORMAT>", `output format: ${formats.join(", ")}`).default(fallback);
}

/** `-o, --output FILE`: where the result goes instead of standard output (`-` = standard output). */
export function outputOption(what = "the result", defaultText = "standard output"): Option {
  return new Option("-o, --output <FILE>", `write ${what} to FILE (default: ${defaultText})`);
}

/** `--db PATH`: the advisory database. */
export function dbOption(): Option {
  return new Option(
    "--db <PATH>",
    "advisory database (default: $BULWARK_DB, else advisories.db in the user data folder)",
  );
}

/** `--wide`: whole table rows, however wide the terminal. */
export function wideOption(): Option {
  return new Option("--wide", "do not cut table cells to fit the terminal's width (or $COLUMNS)");
}
