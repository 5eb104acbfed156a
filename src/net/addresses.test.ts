import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressSet, specialAddressKind } from "./addresses.js";

describe("specialAddressKind", () => {
  const cases: [string, string | undefined][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.1.2", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["::ffff:192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fd12:3456::1", "unique-local"],
    ["fc00::1", "unique-local"],
    ["100.64.0.1", "carrier-grade NAT (shared address space)"],
    ["100.127.255.254", "carrier-grade NAT (shared address space)"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["::127.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["64:ff9b::7f00:1", "loopback (embedded IPv4 127.0.0.1)"],
    ["64:ff9b::a9fe:a9fe", "link-local (embedded IPv4 169.254.169.254)"],
    ["2002:c0a8:101::1", "private (embedded IPv4 192.168.1.1)"],
    ["64:ff9b:1::1", "private"],
    // Public addresses, including edges of the special ranges.
    ["8.8.8.8", undefined],
    ["172.32.0.1", undefined],
    ["100.128.0.1", undefined],
    ["::ffff:8.8.8.8", undefined],
    ["64:ff9b::808:808", undefined],
    ["2002:808:808::1", undefined],
    ["2606:4700:4700::1111", undefined],
    ["example.org", "not an IP address"],
  ];
  for (const [address, kind] of cases) {
    it(`${address} → ${kind ?? "public"}`, () => assert.equal(specialAddressKind(address), kind));
  }
});

describe("addressSet", () => {
  it("matches addresses and CIDR ranges of both families, IPv4-mapped included", () => {
    const inSet = addressSet(["10.20.0.0/16", "fd00:1::/64", "192.0.2.7"]);
    assert.ok(inSet("10.20.3.4"));
    assert.ok(inSet("::ffff:10.20.3.4"));
    assert.ok(!inSet("10.21.0.1"));
    assert.ok(inSet("fd00:1::9"));
    assert.ok(!inSet("fd00:2::9"));
    assert.ok(inSet("192.0.2.7"));
    assert.ok(!inSet("192.0.2.8"));
    assert.ok(!inSet("not-an-address"));
  });
  it("rejects malformed entries naming them", () => {
    assert.throws(() => addressSet(["10.0.0.0/33"]), /"10\.0\.0\.0\/33" has an invalid prefix/);
    assert.throws(() => addressSet(["intranet"]), /"intranet" is not an IP address/);
    assert.throws(() => addressSet(["10.0.0.0/"]), /invalid prefix/);
  });
});
