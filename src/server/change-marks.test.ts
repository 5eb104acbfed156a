import assert from "node:assert/strict";
import { test } from "node:test";
import type { FastifyRequest } from "fastify";
import { requestMarks } from "./change-marks.js";

// Shared change-mark reads: one per request, shared by concurrent requests, never one begun before the
// request asked.

/** A store whose mark reads finish when the test says, each answering the number of writes at its start. */
function slowStore() {
  let writes = 0;
  const pending: (() => void)[] = [];
  return {
    reads: 0,
    write: () => writes++,
    finish: () => {
      for (const resolve of pending.splice(0)) resolve();
    },
    read(): Promise<string> {
      this.reads++;
      const seen = String(writes);
      return new Promise((resolve) => pending.push(() => resolve(seen)));
    },
  };
}
const request = () => ({}) as FastifyRequest;
const tick = () => new Promise((resolve) => setImmediate(resolve));

test("a request reads the mark once; requests asking meanwhile share the next read", async () => {
  const store = slowStore();
  const mark = requestMarks(() => store.read());
  const first = request();
  const firstMark = mark(first);
  assert.equal(mark(first), firstMark, "the same request, the same read");
  // a write commits while the first read is in flight; fifty requests ask after it
  store.write();
  const later = Array.from({ length: 50 }, () => mark(request()));
  assert.equal(store.reads, 1, "they do not start reads of their own...");
  store.finish();
  assert.equal(await firstMark, "0");
  await tick();
  assert.equal(store.reads, 2, "...but share one read, begun after the first ended");
  store.finish();
  assert.deepEqual(new Set(await Promise.all(later)), new Set(["1"]), "which sees the write");
});

test("a failed read fails its requests only; the next request reads again", async () => {
  let fail = true;
  const mark = requestMarks(async () => {
    if (fail) throw new Error("store down");
    return "7";
  });
  await assert.rejects(mark(request()), /store down/);
  fail = false;
  assert.equal(await mark(request()), "7");
});
