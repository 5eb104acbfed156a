import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeCursor, encodeCursor, pageLimit, toPage } from "./pagination.js";

test("page sizes default to 100 and are clamped to 1,000", () => {
  assert.equal(pageLimit(undefined), 100);
  assert.equal(pageLimit(5000), 1000);
  assert.equal(pageLimit(2.7), 2);
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => pageLimit(bad), { code: "USAGE" });
  }
});

test("a cursor round-trips and is refused by another list or when damaged", () => {
  const cursor = encodeCursor("projects:name:asc", ["payments/api", 42]);
  assert.deepEqual(decodeCursor(cursor, "projects:name:asc", ["string", "number"]), ["payments/api", 42]);
  assert.equal(decodeCursor(undefined, "projects:name:asc", ["string", "number"]), undefined);
  assert.throws(() => decodeCursor(cursor, "projects:riskScore:desc", ["number", "number"]), {
    code: "USAGE",
  });
  assert.throws(() => decodeCursor(cursor, "projects:name:asc", ["number", "number"]), { code: "USAGE" });
  assert.throws(() => decodeCursor(cursor.slice(0, -3), "projects:name:asc", ["string", "number"]), {
    code: "USAGE",
  });
  assert.throws(() => decodeCursor("%%%", "projects:name:asc", ["string", "number"]), { code: "USAGE" });
});

test("a page from limit + 1 rows has a cursor at its last row; a short page has none", () => {
  const rows = [1, 2, 3];
  const page = toPage(
    rows,
    2,
    (n) => n * 10,
    "l",
    (n) => [n],
  );
  assert.deepEqual(page.items, [10, 20]);
  assert.deepEqual(decodeCursor(page.nextCursor ?? undefined, "l", ["number"]), [2]);
  assert.deepEqual(
    toPage(
      rows,
      3,
      (n) => n,
      "l",
      (n) => [n],
    ),
    { items: [1, 2, 3], nextCursor: null },
  );
});
