/** Email domains of public mail providers and forges' noreply addresses: they say nothing about an employer. */
const PUBLIC_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "hotmail.com",
  "outlook.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.ru",
  "yandex.ru",
  "yandex.com",
  "qq.com",
  "163.com",
  "126.com",
  "foxmail.com",
  "fastmail.com",
  "hey.com",
  "zoho.com",
  "tutanota.com",
  "localhost",
  "example.com",
  "users.noreply.github.com",
  "noreply.github.com",
  "github.com",
  "gitlab.com",
  "users.noreply.gitlab.com",
  "bitbucket.org",
  "users.sourceforge.net",
]);

/**
 * Labels marking a domain that hides the address rather than naming an employer: forges' and mailers'
 * noreply domains (`users.noreply.github.com`, `noreply.codeberg.org`, `users.noreply.gitlab.example.com`).
 */
const NOREPLY_LABEL = /^(no-?reply|do-?not-?reply)(-|$)/;
/** Top-level names of machines, not organisations: git's guess from an unconfigured host name. */
const LOCAL_TLD = /\.(local|localdomain|lan|home|internal|localhost|invalid)$/;

/**
 * The organisation an email address points to: its registrable domain (last two labels, or three under
 * two-letter second-level zones such as co.uk), or undefined for public providers, noreply domains,
 * local host names and bots.
 */
export function organisationOf(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  if (at === -1) return undefined;
  const domain = email
    .slice(at + 1)
    .toLowerCase()
    .trim()
    .replace(/\.$/, "");
  if (
    !domain.includes(".") ||
    PUBLIC_DOMAINS.has(domain) ||
    domain.split(".").some((label) => NOREPLY_LABEL.test(label)) ||
    LOCAL_TLD.test(domain)
  )
    return undefined;
  if (/\[bot\]|^noreply|^no-reply/.test(email.slice(0, at))) return undefined;
  const labels = domain.split(".");
  const keep =
    labels.length >= 3 &&
    /^(co|com|ac|org|net|gov|edu)$/.test(labels[labels.length - 2]) &&
    labels[labels.length - 1].length === 2
      ? 3
      : 2;
  return labels.slice(-keep).join(".");
}
