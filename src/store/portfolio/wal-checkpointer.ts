import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** How often the worker copies the write-ahead log into the database file. */
export const CHECKPOINT_EVERY_MS = 500;

// The worker's whole program: its own connection to the file, a passive checkpoint on a timer (never waits for
// readers or the writer), closed on "stop". Plain CommonJS given as text: nothing to bundle or resolve.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
// stopping: nothing left to run once the timer is cleared and the port closed, so the thread ends
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
`;

/**
 * Moves an SQLite database's WAL checkpoints off the event loop. SQLite checkpoints from inside the COMMIT
 * that crosses 1,000 pages of log: an upload into a 5,000,000-row portfolio paid ~70 ms of its ~100 ms commit
 * for it, on the one thread that serves every request. With this, the connection never checkpoints by itself
 * and a worker thread does it twice a second on a connection of its own. Should the worker fail, the
 * connection checkpoints by itself again, as SQLite does by default.
 */
export async function startWalCheckpointer(
  sqlite: Database.Database,
  path: string,
  onError: (message: string) => void = () => {},
): Promise<{ stop(): Promise<void> }> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver, path, everyMs: CHECKPOINT_EVERY_MS },
  });
  const fallBack = (message: string) => {
    if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
    onError(message);
  };
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  // running, the worker does not keep the process alive; starting and stopping, it does (awaited)
  worker.unref();
  worker.on("message", (m: { error?: string }) => {
    if (m.error) onError(`WAL checkpoint of ${path}: ${m.error}`);
  });
  let stopping: Promise<unknown> | undefined;
  worker.on("error", (error) => onError(`WAL checkpointer of ${path}: ${error.message}`));
  worker.on("exit", () => {
    if (stopping === undefined)
      fallBack(`the WAL checkpointer of ${path} stopped; the connection checkpoints by itself`);
  });
  sqlite.pragma("wal_autocheckpoint = 0");
  return {
    async stop() {
      if (stopping === undefined) {
        stopping = new Promise((resolve) => worker.once("exit", resolve));
        worker.ref();
        worker.postMessage("stop");
      }
      await stopping;
    },
  };
}
