#!/usr/bin/env node
// Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (src/testing/browser.ts).
// Playwright's own browser download cannot work on a closed network, so the tests drive the system package.
// When it is missing and we run as root, installs it with apt-get; otherwise fails with what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
// Wait for another apt/dpkg run (a parallel install) instead of failing on its lock.
const APT_OPTIONS = ["-o", "DPkg::Lock::Timeout=300"];

function say(message) {
  console.log(`ensure-chromium: ${message}`);
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

/** Runs a command with its output shown; returns whether it succeeded. */
function run(command, args) {
  say(`running ${[command, ...args].join(" ")}`);
  const r = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (r.error) say(`${command} could not start: ${r.error.message}`);
  return r.status === 0;
}

if (existsSync(CHROMIUM)) {
  say(`${CHROMIUM} is present`);
  process.exit(0);
}
const manual =
  "install it with `apt-get install -y chromium` (Debian's package) as root, then run the tests again";
if (process.platform !== "linux" || !existsSync("/usr/bin/apt-get")) {
  fail(`${CHROMIUM} is missing and this machine has no apt-get: ${manual}`);
}
if (typeof process.getuid !== "function" || process.getuid() !== 0) {
  fail(`${CHROMIUM} is missing and installing it needs root: ${manual}`);
}
say(`${CHROMIUM} is missing: installing Debian's chromium package`);
// A fresh machine has empty package lists: try the install first, update the lists only if it fails.
const installed =
  run("apt-get", [...APT_OPTIONS, "install", "-y", "chromium"]) ||
  (run("apt-get", [...APT_OPTIONS, "update"]) &&
    run("apt-get", [...APT_OPTIONS, "install", "-y", "chromium"]));
if (!installed || !existsSync(CHROMIUM)) {
  fail(`installing chromium with apt-get failed (see its output above): ${manual}`);
}
say(`installed ${CHROMIUM}`);
