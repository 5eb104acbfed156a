import { versionScheme } from "../ecosystems/index.js";
import type { OsvRecord } from "../model/osv.js";
import { ecosystemBase } from "./ecosystem-match.js";
import { ImportSourceError } from "./errors.js";
import type { ImportReport, ReadOptions } from "./import.js";
import { type InvalidRecord, parseOsvDocument } from "./osv-reader.js";
import type { AdvisoryWriter, EcosystemUpdate } from "./ports.js";
import { prepareRange } from "./range-evaluation.js";
import { isNewer } from "./stored-form.js";

/**
 * Record JSON collected before a write (see ReadOptions.writeBatchBytes). Measured with `bulwark db import`:
 * the whole corpus (12 MB of JSON, 7,624 records) is one write, peak RSS ~210 MB; a synthetic all.zip of
 * 98 MB of JSON (61,000 records) takes 7 writes and peaks at 380-490 MB, one of 300 MB (183,000 records) at
 * 420 MB: the peak no longer grows with the archive (a whole export was held in memory before).
 */
export const DEFAULT_WRITE_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Collects the records an import or update reads, with the report of what was rejected, and writes them in
 * batches: one write per `writeBatchBytes` of record JSON, each a short transaction (parsing happens before,
 * never inside one).
 */
export class RecordBatcher {
  readonly report: ImportReport = {
    imported: 0,
    replaced: 0,
    skipped: 0,
    invalid: [],
    warnings: [],
    ignoredFiles: 0,
  };
  /** Valid records read so far. */
  read = 0;
  /** Records handed to the writer so far (a big import writes before it has read everything). */
  written = 0;
  /** Ecosystem base -> the newest `modified` among the records read. */
  readonly newestModified = new Map<string, string>();
  private readonly sources = new Map<string, string>();
  private pending: OsvRecord[] = [];
  private pendingBytes = 0;
  private readonly batchBytes: number;

  constructor(
    private readonly writer: AdvisoryWriter,
    private readonly options: ReadOptions,
  ) {
    this.batchBytes = options.writeBatchBytes ?? DEFAULT_WRITE_BATCH_BYTES;
  }

  /** Parses one OSV document (`name` picks JSON or YAML) and collects its valid records. */
  document(content: Uint8Array, name: string, source: string, label: string): void {
    const parsed = parseOsvDocument(content, label, name);
    this.report.invalid.push(...parsed.invalid);
    for (const record of parsed.records) this.record(record, source, label);
    this.pendingBytes += content.byteLength;
  }

  /** Collects one valid record. */
  record(record: OsvRecord, source: string, label: string): void {
    this.pending.push(record);
    this.read++;
    for (const entry of record.affected ?? []) {
      const ecosystem = entry.package?.ecosystem;
      if (typeof ecosystem !== "string") continue;
      const base = ecosystemBase(ecosystem);
      this.sources.set(base, source);
      const newest = this.newestModified.get(base);
      if (newest === undefined || isNewer(record.modified, newest))
        this.newestModified.set(base, record.modified);
      if (record.withdrawn) continue;
      const scheme = versionScheme(ecosystem);
      const approximated = (entry.ranges ?? [])
        .filter((r) => r && typeof r === "object" && r.type !== "GIT")
        .flatMap((r) => prepareRange(r, scheme).approximated);
      if (approximated.length > 0)
        this.warning({
          file: label,
          id: record.id,
          reason: `${ecosystem} ${entry.package?.name}: ${approximated.map((v) => JSON.stringify(v)).join(", ")} cannot be ordered as ${base} versions; matches of this range are approximate (a list of versions ends the range at its highest; anything else leaves it open there)`,
        });
    }
  }

  invalid(entry: InvalidRecord): void {
    this.report.invalid.push(entry);
  }

  warning(entry: InvalidRecord): void {
    this.report.warnings.push(entry);
  }

  /** A file passed over because it is not an OSV document by name. */
  ignored(): void {
    this.report.ignoredFiles++;
  }

  /** Ecosystem base -> the source that last brought records of it. */
  ecosystemSources(): ReadonlyMap<string, string> {
    return this.sources;
  }

  /** Writes what is collected once it reaches the batch size. */
  async flushIfFull(): Promise<void> {
    if (this.pendingBytes >= this.batchBytes) await this.flush();
  }

  /** Runs the reading of an import; a source that fails after earlier writes says what was kept. */
  async reading(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw error instanceof ImportSourceError && this.written > 0 ? error.afterWrites(this.written) : error;
    }
  }

  /** Writes what is left, with the ecosystem bookkeeping, and returns the report. */
  async finish(updates: EcosystemUpdate[]): Promise<ImportReport> {
    await this.flush(updates);
    return this.report;
  }

  private async flush(updates: EcosystemUpdate[] = []): Promise<void> {
    const records = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (records.length === 0 && updates.length === 0) return;
    const result = await this.writer.write(records, updates);
    this.written += records.length;
    this.report.imported += result.imported;
    this.report.replaced += result.replaced;
    this.report.skipped += result.skipped;
    this.options.onWrite?.(result);
  }
}
