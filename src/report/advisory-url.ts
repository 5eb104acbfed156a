/**
 * The page of an advisory, by its id: the issuing database's own page where its ids say which database that
 * is, else osv.dev's page (osv.dev shows every OSV record: PYSEC, DSA, RHSA, USN, ...). Ids come from
 * untrusted records, so they are URL-encoded.
 */
export function advisoryUrl(id: string): string {
  const safe = encodeURIComponent(id.trim());
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${safe}`;
  if (/^GO-\d{4}-\d+$/.test(id)) return `https://pkg.go.dev/vuln/${safe}`;
  if (/^RUSTSEC-\d{4}-\d+$/.test(id)) return `https://rustsec.org/advisories/${safe}.html`;
  if (/^CVE-\d{4}-\d+$/.test(id)) return `https://nvd.nist.gov/vuln/detail/${safe}`;
  return `https://osv.dev/vulnerability/${safe}`;
}
