import { BulwarkError } from "../model/errors.js";
import type { ScanResult } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { BundleVerification } from "../provenance/bundle-verify.js";
import type { NpmProvenanceVerification } from "../provenance/npm-attestations.js";
import type { RegistrySignatureVerification } from "../provenance/registry-signatures.js";
import type { RiskReport } from "../risk/assess.js";
import type { DocumentDating } from "../sbom/write/document-info.js";
import type { InventoryTableOptions } from "./inventory-table.js";
import type { QueryResult } from "./query.js";
import type { TableRenderOptions } from "./table.js";

/**
 * What each kind of result is rendered from and with: [result, options]. Every renderer returns the whole
 * text of the output, safe for a terminal where it is text (untrusted values escaped).
 */
export interface ReportKinds {
  scan: [ScanResult, TableRenderOptions];
  inventory: [Inventory, InventoryTableOptions];
  sbom: [Inventory, { name: string; dating?: DocumentDating }];
  risk: [RiskReport, object];
  query: [QueryResult, object];
  "bundle-verification": [{ source: string; result: BundleVerification }, object];
  "npm-verification": [NpmProvenanceVerification, object];
  "registry-verification": [RegistrySignatureVerification & { name: string; version: string }, object];
}

export type ReportKind = keyof ReportKinds;

/** Renders one kind of result in one format. */
export type ReportRenderer<K extends ReportKind> = (
  result: ReportKinds[K][0],
  options: ReportKinds[K][1],
) => string;

interface Entry<K extends ReportKind> {
  /** Format names, in the order help and error messages list them. */
  formats: readonly string[];
  /** Loads the kind's renderers (on demand, so a command loads only its own). */
  load(): Promise<Record<string, ReportRenderer<K>>>;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The text (escaped for a terminal) and JSON renderers of a verification result. */
async function verification<R>(
  render: (result: R, format: "text" | "json") => string,
): Promise<Record<string, (result: R) => string>> {
  const { terminalLines } = await import("./terminal-text.js");
  return {
    text: (result) => terminalLines(render(result, "text")),
    json: (result) => render(result, "json"),
  };
}

/**
 * The one presentation registry: for each kind of result, its formats (by `--format` name) and renderers.
 * Adding a format = a renderer in src/report and its name here; the CLI asks the registry, never a module.
 */
const REGISTRY: { [K in ReportKind]: Entry<K> } = {
  scan: {
    formats: ["table", "json", "sarif", "markdown", "html", "cyclonedx", "spdx"],
    load: async () => (await import("./index.js")).scanRenderers,
  },
  inventory: {
    formats: ["table", "json"],
    load: async () => {
      const [{ renderInventoryTable }, { inventoryToJson }] = await Promise.all([
        import("./inventory-table.js"),
        import("../inventory/json.js"),
      ]);
      return { table: renderInventoryTable, json: (inventory) => json(inventoryToJson(inventory)) };
    },
  },
  sbom: {
    formats: ["cyclonedx", "spdx"],
    load: async () => {
      const { toCycloneDx, toSpdx } = await import("../sbom/index.js");
      return {
        cyclonedx: (inventory, options) => json(toCycloneDx(inventory, options)),
        spdx: (inventory, options) => json(toSpdx(inventory, options)),
      };
    },
  },
  risk: {
    formats: ["table", "json", "sarif"],
    load: async () => {
      const [{ renderRiskTable }, { renderRiskSarif }, { terminalLines }, { VERSION }] = await Promise.all([
        import("./risk-table.js"),
        import("./risk-sarif.js"),
        import("./terminal-text.js"),
        import("../version.js"),
      ]);
      return {
        table: (report) => terminalLines(renderRiskTable(report)),
        json: (report) => json(report),
        sarif: (report) => json(renderRiskSarif(report, VERSION)),
      };
    },
  },
  query: {
    formats: ["table", "json"],
    load: async () => {
      const { formatQueryTable } = await import("./query.js");
      return { table: formatQueryTable, json: (result) => json(result) };
    },
  },
  "bundle-verification": {
    formats: ["text", "json"],
    load: async () => {
      const { renderBundleVerification } = await import("./provenance.js");
      return verification(({ source, result }, format) => renderBundleVerification(source, result, format));
    },
  },
  "npm-verification": {
    formats: ["text", "json"],
    load: async () => verification((await import("./provenance.js")).renderNpmVerification),
  },
  "registry-verification": {
    formats: ["text", "json"],
    load: async () => verification((await import("./provenance.js")).renderRegistryVerification),
  },
};

/** Every kind of result the registry renders. */
export function reportKinds(): ReportKind[] {
  return Object.keys(REGISTRY) as ReportKind[];
}

/** The formats a kind of result can be rendered in, in the order to list them. */
export function reportFormats(kind: ReportKind): readonly string[] {
  return REGISTRY[kind].formats;
}

/**
 * Checks a format name before any work is done: a USAGE error naming the formats when the kind has no such
 * format. Returns the name.
 */
export function checkReportFormat(kind: ReportKind, format: string): string {
  if (REGISTRY[kind].formats.includes(format)) return format;
  throw new BulwarkError("USAGE", `unknown format "${format}"`, {
    hint: `use one of: ${REGISTRY[kind].formats.join(", ")}`,
    details: { kind, format, formats: [...REGISTRY[kind].formats] },
  });
}

/** The renderer of a kind of result in a format (loaded on first use); USAGE error for an unknown format. */
export async function reportRenderer<K extends ReportKind>(
  kind: K,
  format: string,
): Promise<ReportRenderer<K>> {
  checkReportFormat(kind, format);
  const entry = REGISTRY[kind] as Entry<K>;
  const renderers = await entry.load();
  const renderer = renderers[format];
  if (!renderer) throw new BulwarkError("INTERNAL", `the ${kind} renderers have no "${format}" format`);
  return renderer;
}

/** Renders a result of a kind in a format (see reportRenderer). */
export async function renderReport<K extends ReportKind>(
  kind: K,
  format: string,
  result: ReportKinds[K][0],
  options: ReportKinds[K][1],
): Promise<string> {
  return (await reportRenderer(kind, format))(result, options);
}

/** Loads every renderer of a kind (for tests: the listed formats and the loaded ones must agree). */
export async function loadReportRenderers(kind: ReportKind): Promise<Record<string, unknown>> {
  return REGISTRY[kind].load();
}
