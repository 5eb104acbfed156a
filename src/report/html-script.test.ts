import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runInNewContext } from "node:vm";
import { HTML_SCRIPT } from "./html-assets.js";

/** Just enough DOM for the report's script: a table whose rows have cells with text and data-sort. */
function fakeTable(rows: { text: string[]; sort?: (string | null)[] }[]) {
  const listeners = new Map<string, (e: unknown) => void>();
  const makeRow = (r: { text: string[]; sort?: (string | null)[] }) => ({
    style: { display: "" },
    textContent: r.text.join(" "),
    cells: r.text.map((t, i) => ({ textContent: t, getAttribute: () => r.sort?.[i] ?? null })),
  });
  const body = {
    rows: rows.map(makeRow),
    appendChild(row: unknown) {
      this.rows = [...this.rows.filter((r) => r !== row), row as ReturnType<typeof makeRow>];
    },
  };
  const headerCells = rows[0]?.text.map((_, i) => ({
    addEventListener: (_type: string, fn: () => void) => listeners.set(`th${i}`, fn),
  }));
  const table = { tBodies: [body], tHead: { rows: [{ cells: headerCells }] } };
  const search = {
    addEventListener: (_type: string, fn: (e: unknown) => void) => listeners.set("search", fn),
  };
  const document = {
    getElementById: (id: string) => (id === "findings" ? table : id === "search" ? search : null),
  };
  runInNewContext(HTML_SCRIPT, { document });
  return { body, fire: (name: string, arg?: unknown) => listeners.get(name)?.(arg) };
}

describe("HTML report script", () => {
  const rows = [
    { text: ["high", "7.5", "GHSA-b"], sort: ["1", "7.5", null] },
    { text: ["critical", "9.8", "GO-2023-1"], sort: ["0", "9.8", null] },
    { text: ["unknown", "", "GO-2026-5932"], sort: ["4", "-1", null] },
  ];

  it("sorts by a column on click, numerically by data-sort, and reverses on a second click", () => {
    const { body, fire } = fakeTable(rows);
    fire("th1");
    assert.deepEqual(
      body.rows.map((r) => r.cells[2]?.textContent),
      ["GO-2026-5932", "GHSA-b", "GO-2023-1"],
    );
    fire("th1");
    assert.deepEqual(
      body.rows.map((r) => r.cells[2]?.textContent),
      ["GO-2023-1", "GHSA-b", "GO-2026-5932"],
    );
    fire("th0");
    assert.deepEqual(
      body.rows.map((r) => r.cells[0]?.textContent),
      ["critical", "high", "unknown"],
    );
  });

  it("filters rows by the search text, case-insensitively", () => {
    const { body, fire } = fakeTable(rows);
    fire("search", { target: { value: "go-20" } });
    assert.deepEqual(
      body.rows.map((r) => r.style.display),
      ["none", "", ""],
    );
    fire("search", { target: { value: "" } });
    assert.deepEqual(
      body.rows.map((r) => r.style.display),
      ["", "", ""],
    );
  });
});
