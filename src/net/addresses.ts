import { BlockList, isIP } from "node:net";

/**
 * Address ranges that are not public unicast destinations, each with the reason given when a request to
 * it is refused. The order matters only for the reason shown (the first matching range names it).
 */
// Link-local 169.254.0.0/16 holds the cloud metadata services (169.254.169.254).
const SPECIAL_RANGES: readonly { kind: string; ranges: readonly [string, number, "ipv4" | "ipv6"][] }[] = [
  {
    kind: "unspecified",
    ranges: [
      ["0.0.0.0", 8, "ipv4"],
      ["::", 128, "ipv6"],
    ],
  },
  {
    kind: "loopback",
    ranges: [
      ["127.0.0.0", 8, "ipv4"],
      ["::1", 128, "ipv6"],
    ],
  },
  {
    kind: "link-local",
    ranges: [
      ["169.254.0.0", 16, "ipv4"],
      ["fe80::", 10, "ipv6"],
    ],
  },
  {
    kind: "private",
    ranges: [
      ["10.0.0.0", 8, "ipv4"],
      ["172.16.0.0", 12, "ipv4"],
      ["192.168.0.0", 16, "ipv4"],
      // Local-use NAT64 prefix (RFC 8215): translates to addresses of the local network.
      ["64:ff9b:1::", 48, "ipv6"],
    ],
  },
  {
    kind: "unique-local",
    ranges: [
      ["fc00::", 7, "ipv6"],
      ["fec0::", 10, "ipv6"],
    ],
  },
  { kind: "carrier-grade NAT (shared address space)", ranges: [["100.64.0.0", 10, "ipv4"]] },
  {
    kind: "multicast",
    ranges: [
      ["224.0.0.0", 4, "ipv4"],
      ["ff00::", 8, "ipv6"],
    ],
  },
  {
    kind: "reserved",
    ranges: [
      ["192.0.0.0", 24, "ipv4"],
      ["192.0.2.0", 24, "ipv4"],
      ["198.18.0.0", 15, "ipv4"],
      ["198.51.100.0", 24, "ipv4"],
      ["203.0.113.0", 24, "ipv4"],
      // 240.0.0.0/4 holds 255.255.255.255 (broadcast).
      ["240.0.0.0", 4, "ipv4"],
      // IPv4-compatible IPv6 (deprecated), discard-only, IETF protocol assignments (Teredo), documentation.
      ["::", 96, "ipv6"],
      ["100::", 64, "ipv6"],
      ["2001::", 23, "ipv6"],
      ["2001:db8::", 32, "ipv6"],
    ],
  },
];

const SPECIAL = SPECIAL_RANGES.map(({ kind, ranges }) => {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return { kind, list };
});

/** Prefixes that embed an IPv4 address: NAT64 (last 32 bits) and 6to4 (bits 16–47). */
const NAT64 = new BlockList();
NAT64.addSubnet("64:ff9b::", 96, "ipv6");
const SIX_TO_FOUR = new BlockList();
SIX_TO_FOUR.addSubnet("2002::", 16, "ipv6");

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad and `::` expanded). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((g) => Number.parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function ipv4From(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * Why an IP address is not a public unicast destination — "loopback", "private", "link-local ...",
 * "unique-local", "carrier-grade NAT ...", "multicast", "unspecified", "reserved" — or undefined when it
 * is public. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as its IPv4 address, and so are the IPv4
 * addresses embedded in NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`) addresses. A string that is not an
 * IP address is "not an IP address".
 */
export function specialAddressKind(address: string): string | undefined {
  // A zone index (fe80::1%eth0) names an interface, not a different address.
  const bare = address.replace(/%.*$/, "").replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const { kind, list } of SPECIAL) {
    // BlockList judges an IPv4-mapped IPv6 address by the IPv4 rules as well.
    if (list.check(bare, type)) return kind;
  }
  if (type === "ipv6" && (NAT64.check(bare, "ipv6") || SIX_TO_FOUR.check(bare, "ipv6"))) {
    const groups = ipv6Groups(bare);
    const embedded = NAT64.check(bare, "ipv6")
      ? ipv4From(groups[6], groups[7])
      : ipv4From(groups[1], groups[2]);
    const kind = specialAddressKind(embedded);
    return kind === undefined ? undefined : `${kind} (embedded IPv4 ${embedded})`;
  }
  return undefined;
}

/** Parses an address or CIDR range (`10.0.0.0/8`, `fd00::/8`, `192.0.2.1`); throws a plain Error when malformed. */
export function parseAddressRange(range: string): {
  network: string;
  prefix: number;
  family: "ipv4" | "ipv6";
} {
  const [network, prefixText] = range.trim().split("/");
  const version = isIP(network ?? "");
  if (version === 0) throw new Error(`"${range}" is not an IP address or CIDR range`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === "")
    throw new Error(`"${range}" has an invalid prefix length (0–${max})`);
  return { network, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A set of addresses and CIDR ranges (`["10.20.0.0/16", "fd00::1"]`) that answers membership. */
export function addressSet(ranges: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const { network, prefix, family } = parseAddressRange(range);
    list.addSubnet(network, prefix, family);
  }
  return (address) => {
    const bare = address.replace(/%.*$/, "").replace(/^\[|\]$/g, "");
    const family = isIP(bare);
    return family !== 0 && list.check(bare, family === 4 ? "ipv4" : "ipv6");
  };
}
