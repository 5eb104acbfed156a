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
]);

/**
 * The organisation an email address points to: its registrable domain (last two labels, or three under
 * two-letter second-level zones such as co.uk), or undefined for public providers and bots.
 */
export function organisationOf(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  if (at === -1) return undefined;
  const domain = email
    .slice(at + 1)
    .toLowerCase()
    .trim();
  if (!domain.includes(".") || PUBLIC_DOMAINS.has(domain) || domain.endsWith(".noreply.github.com"))
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
