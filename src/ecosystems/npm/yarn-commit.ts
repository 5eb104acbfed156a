/**
 * The git commit a yarn resolution points at: "#commit=<sha>" / "#commit:<sha>" (Berry), "#<sha>" after a
 * git URL, codeload "tar.gz/<sha>" archives, GitLab "?ref=<sha>" archives. A "#<sha1>" after a registry
 * tarball (".tgz#…") is the tarball's checksum, not a commit.
 */
export function yarnCommit(resolved: string | undefined): string | undefined {
  if (!resolved) return undefined;
  const patterns = [
    /[#&]commit[=:]([0-9a-f]{7,40})\b/i,
    /\/tar\.gz\/([0-9a-f]{40})\b/i,
    /[?&]ref=([0-9a-f]{40})\b/i,
  ];
  for (const p of patterns) {
    const m = p.exec(resolved);
    if (m) return m[1];
  }
  const hash = resolved.lastIndexOf("#");
  if (hash < 0) return undefined;
  const before = resolved.slice(0, hash);
  const fragment = resolved.slice(hash + 1);
  if (/\.(tgz|tar\.gz|tar)$/.test(before)) return undefined;
  return /^[0-9a-f]{7,40}$/i.test(fragment) ? fragment : undefined;
}

/** Splits a descriptor "name@range" ("@scope/name@range" keeps its scope); a bare name has range "". */
export function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf("@", descriptor.startsWith("@") ? 1 : 0);
  if (at < 0) return { name: descriptor, range: "" };
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}
