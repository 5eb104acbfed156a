import { mapConcurrent, READ_CONCURRENCY } from "./concurrent.js";
import { fileName, isTestFixturePath, isVendoredPath } from "./paths.js";
import { MAX_TEXT_BYTES, type RepoFile, type Repository } from "./repository.js";

/** Languages whose code can corrupt memory (no bounds or lifetime checks by default). */
export const MEMORY_UNSAFE = new Set([
  "C",
  "C++",
  "Objective-C",
  "Objective-C++",
  "Assembly",
  "Unix Assembly",
]);

/** Bytes and lines of one language. */
export interface LanguageShare {
  language: string;
  bytes: number;
  lines: number;
  files: number;
  memoryUnsafe: boolean;
}

/** Language composition of a tree and its memory-unsafe share. */
export interface LanguageReport {
  languages: LanguageShare[];
  totalBytes: number;
  totalLines: number;
  /** Share (0–1) of code bytes in memory-unsafe languages; null when there is no code. */
  memoryUnsafeShare: number | null;
  memoryUnsafeLines: number;
  /** Directories holding the most memory-unsafe code, largest first (at most 10). */
  largestUnsafeAreas: { directory: string; bytes: number; lines: number; files: number }[];
  /** Files skipped, by reason (vendored, generated, binary, test fixture, unreadable, too large). */
  skipped: Record<string, number>;
}

/** Ambiguous extensions settled the way they almost always are in open-source trees (linguist uses heuristics). */
const OVERRIDES: Record<string, string> = {
  ".h": "C",
  ".m": "Objective-C",
  ".md": "Markdown",
  ".pl": "Perl",
  ".ts": "TypeScript",
  ".s": "Unix Assembly",
  ".asm": "Assembly",
  ".cs": "C#",
  ".rs": "Rust",
  ".sql": "SQL",
  ".v": "Verilog",
  ".r": "R",
};
const GENERATED = /(\.min\.(js|css)|\.pb\.go|_pb2\.py|\.generated\.\w+|-lock\.json|\.lock|\.map)$/i;
const COUNTED_TYPES = new Set(["programming", "markup"]);

interface LanguageIndex {
  byExtension: Map<string, { name: string; type: string }>;
  byFilename: Map<string, { name: string; type: string }>;
}

let index: Promise<LanguageIndex> | undefined;

/** Builds extension and file-name maps from linguist-languages once (the package loads in ~150 ms). */
function languageIndex(): Promise<LanguageIndex> {
  index ??= import("linguist-languages").then((linguist) => {
    const candidates = new Map<string, { name: string; type: string; primary: boolean }[]>();
    const byFilename = new Map<string, { name: string; type: string }>();
    for (const [name, lang] of Object.entries(
      linguist as unknown as Record<string, { type?: string; extensions?: string[]; filenames?: string[] }>,
    )) {
      if (!lang || typeof lang !== "object" || !lang.type) continue;
      (lang.extensions ?? []).forEach((ext, i) => {
        const list = candidates.get(ext.toLowerCase()) ?? [];
        list.push({ name, type: lang.type!, primary: i === 0 });
        candidates.set(ext.toLowerCase(), list);
      });
      for (const file of lang.filenames ?? [])
        if (!byFilename.has(file)) byFilename.set(file, { name, type: lang.type });
    }
    const byExtension = new Map<string, { name: string; type: string }>();
    for (const [ext, list] of candidates) {
      const chosen =
        list.find((c) => c.name === OVERRIDES[ext]) ??
        list.find((c) => c.primary && c.type === "programming") ??
        list.find((c) => c.primary) ??
        list.find((c) => c.type === "programming") ??
        list[0];
      byExtension.set(ext, { name: chosen.name, type: chosen.type });
    }
    return { byExtension, byFilename };
  });
  return index;
}

/** The language of a path by file name then longest extension (`.d.ts` before `.ts`). */
function languageOf(path: string, idx: LanguageIndex): { name: string; type: string } | undefined {
  const name = fileName(path);
  const byName = idx.byFilename.get(name);
  if (byName) return byName;
  const lower = name.toLowerCase();
  for (let dot = lower.indexOf("."); dot !== -1; dot = lower.indexOf(".", dot + 1)) {
    const hit = idx.byExtension.get(lower.slice(dot));
    if (hit) return hit;
  }
  return undefined;
}

function countLines(data: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) n++;
  return data.length > 0 && data[data.length - 1] !== 10 ? n + 1 : n;
}

/**
 * Measures the code of a tree by language (programming and markup languages, as GitHub's language bar),
 * skipping vendored, generated, test-fixture, binary and unreadable files; reports the memory-unsafe share
 * and the directories holding most memory-unsafe code.
 */
export async function assessLanguages(repo: Repository): Promise<LanguageReport> {
  const idx = await languageIndex();
  const shares = new Map<string, LanguageShare>();
  const areas = new Map<string, { bytes: number; lines: number; files: number }>();
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const counted: { file: RepoFile; lang: { name: string; type: string } }[] = [];
  for (const file of repo.files) {
    if (isVendoredPath(file.path)) {
      skip("vendored");
      continue;
    }
    if (isTestFixturePath(file.path)) {
      skip("test fixture");
      continue;
    }
    if (GENERATED.test(file.path)) {
      skip("generated");
      continue;
    }
    const lang = languageOf(file.path, idx);
    if (!lang || !COUNTED_TYPES.has(lang.type)) continue;
    if (file.size > MAX_TEXT_BYTES) {
      skip("too large");
      continue;
    }
    counted.push({ file, lang });
  }
  // Only the line count is kept of each file, so at most READ_CONCURRENCY files are in memory at once.
  const measured = await mapConcurrent(counted, READ_CONCURRENCY, async ({ file }) => {
    const read = await repo.readHead(file.path, file.size);
    if ("error" in read) return "unreadable" as const;
    if (read.data.subarray(0, 8000).includes(0)) return "binary" as const;
    return countLines(read.data);
  });
  for (const [i, { file, lang }] of counted.entries()) {
    const lines = measured[i];
    if (typeof lines === "string") {
      skip(lines);
      continue;
    }
    const share = shares.get(lang.name) ?? {
      language: lang.name,
      bytes: 0,
      lines: 0,
      files: 0,
      memoryUnsafe: MEMORY_UNSAFE.has(lang.name),
    };
    share.bytes += file.size;
    share.lines += lines;
    share.files++;
    shares.set(lang.name, share);
    if (share.memoryUnsafe) {
      const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
      const area = areas.get(dir) ?? { bytes: 0, lines: 0, files: 0 };
      area.bytes += file.size;
      area.lines += lines;
      area.files++;
      areas.set(dir, area);
    }
  }
  const languages = [...shares.values()].sort(
    (a, b) => b.bytes - a.bytes || a.language.localeCompare(b.language),
  );
  const totalBytes = languages.reduce((n, l) => n + l.bytes, 0);
  const totalLines = languages.reduce((n, l) => n + l.lines, 0);
  const unsafeBytes = languages.filter((l) => l.memoryUnsafe).reduce((n, l) => n + l.bytes, 0);
  return {
    languages,
    totalBytes,
    totalLines,
    memoryUnsafeShare: totalBytes === 0 ? null : Math.round((unsafeBytes / totalBytes) * 10000) / 10000,
    memoryUnsafeLines: languages.filter((l) => l.memoryUnsafe).reduce((n, l) => n + l.lines, 0),
    largestUnsafeAreas: [...areas.entries()]
      .map(([directory, a]) => ({ directory, ...a }))
      .sort((a, b) => b.bytes - a.bytes || a.directory.localeCompare(b.directory))
      .slice(0, 10),
    skipped,
  };
}
