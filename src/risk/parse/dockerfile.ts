/**
 * Dockerfile reading for Pinned-Dependencies: instructions with their lines (continuations, comments,
 * exec-form arrays, heredocs), and the pinning state of every `FROM` image, following `ARG` defaults and
 * build stages.
 */

/** One Dockerfile instruction: keyword (upper case), its argument text, and its first 1-based line. */
export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

/** A base image reference in a `FROM` line and whether it is pinned by digest. */
export interface DockerBaseImage {
  image: string;
  pinned: boolean;
  line: number;
}

/** Splits a Dockerfile into instructions. Heredoc bodies (`<<EOF`) are appended to their RUN's text. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const lines = text.split(/\r?\n/);
  const instructions: DockerInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i];
    const trimmed = first.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let body = trimmed;
    while (body.endsWith("\\") && i + 1 < lines.length) {
      i++;
      const next = lines[i].trim();
      if (next.startsWith("#")) continue;
      body = `${body.slice(0, -1)}\n${next}`;
    }
    i++;
    // Here-documents (`RUN <<EOT`, several per line allowed): their bodies are the script.
    const markers = [...body.matchAll(/<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)];
    for (const marker of markers) {
      const end = lines.findIndex((l, k) => k >= i && l.trim() === marker[1]);
      const stop = end === -1 ? lines.length : end;
      body = `${body.replace(marker[0], "")}\n${lines.slice(i, stop).join("\n")}`;
      i = stop + 1;
    }
    const m = /^(\S+)\s*([\s\S]*)$/.exec(body)!;
    instructions.push({ keyword: m[1].toUpperCase(), args: m[2], line: startLine });
  }
  return instructions;
}

/** The shell text of a RUN instruction: exec-form arrays are joined with spaces as a shell would see them. */
export function runScript(args: string): string {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String).join(" ");
    } catch {
      // not JSON: a shell-form command that starts with a bracket
    }
  }
  return args.replace(/^(--\S+\s+)+/, "");
}

const DIGEST = /@sha256:[a-f0-9]{64}$/i;

/** Replaces `$VAR` / `${VAR}` / `${VAR:-default}` with ARG values; unknown variables stay as written. */
function expand(value: string, args: Map<string, string>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, a, d, b) => {
      const name = a ?? b;
      return args.get(name) ?? d ?? all;
    },
  );
}

/**
 * Evaluates every `FROM`: `scratch` is skipped; a build stage (`FROM build`) inherits the pinning of the
 * image that stage was built from; `ARG` defaults declared before use are substituted, so an image pinned
 * through `ARG IMAGE=name@sha256:...` counts as pinned.
 */
export function baseImages(instructions: DockerInstruction[]): DockerBaseImage[] {
  const args = new Map<string, string>();
  const stages = new Map<string, boolean>();
  const images: DockerBaseImage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "ARG") {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args.trim());
      if (m?.[2] !== undefined) args.set(m[1], m[2].replace(/^["']|["']$/g, ""));
      continue;
    }
    if (ins.keyword !== "FROM") continue;
    const words = ins.args
      .trim()
      .split(/\s+/)
      .filter((w) => !w.startsWith("--"));
    if (words.length === 0) continue;
    const image = expand(words[0], args);
    const stageName =
      words.length >= 3 && words[1].toLowerCase() === "as" ? words[2].toLowerCase() : undefined;
    if (image.toLowerCase() === "scratch") {
      if (stageName) stages.set(stageName, true);
      continue;
    }
    const inherited = stages.get(image.toLowerCase());
    const pinned = inherited ?? DIGEST.test(image);
    images.push({ image, pinned, line: ins.line });
    if (stageName) stages.set(stageName, pinned);
  }
  return images;
}
