import { isIP } from 'net';
import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses the server may connect to on a tenant's behalf. Classification is ipaddr.js's
 * `range()` after `ipaddr.process()` (which turns IPv4-mapped IPv6 into IPv4); nothing is hand-parsed.
 *
 * - Always allowed: `unicast` (IPv6 only inside 2000::/3, the global unicast block, so IPv4-compatible
 *   `::a.b.c.d`, discard and other unassigned space are refused).
 * - Allowed only with allowPrivateNetworkTargets (tests, local development): loopback, private
 *   (RFC 1918), uniqueLocal (fc00::/7), carrierGradeNat (100.64/10).
 * - Never: cloud metadata addresses, linkLocal (169.254/16 holds the metadata services; fe80::/10),
 *   unspecified (0.0.0.0 connects to this host on Linux), broadcast, multicast, reserved and
 *   documentation ranges, and IPv6 translation/tunnel forms (6to4, Teredo, NAT64 64:ff9b::/96) whose
 *   embedded IPv4 address could be private.
 */

const ALLOWED_WHEN_PRIVATE: ReadonlySet<string> = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** Metadata services that are not already link-local (those are refused as a range). */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set(
  [
    '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean...
    '169.254.170.2', // AWS ECS task metadata
    'fd00:ec2::254', // AWS IMDS over IPv6
    '100.100.100.200', // Alibaba Cloud
    '192.0.0.192', // Oracle Cloud
  ].map((a) => ipaddr.parse(a).toNormalizedString()),
);

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Returns why `ip` must not be connected to, or null when it may be. `ip` must be a literal address. */
export function refusalReason(ip: string, allowPrivateNetworkTargets: boolean): string | null {
  // isIP accepts only canonical literals: no 0x7f.1 or 2130706433 here (the URL parser has normalised those)
  if (!isIP(ip)) return 'not an IP address';
  const addr = ipaddr.process(ip);
  if (METADATA_ADDRESSES.has(addr.toNormalizedString())) return 'cloud metadata address';
  const range = addr.range();
  if (range === 'unicast') {
    if (addr.kind() === 'ipv6' && !addr.match(GLOBAL_UNICAST_V6)) return 'non-global IPv6 address';
    return null;
  }
  if (allowPrivateNetworkTargets && ALLOWED_WHEN_PRIVATE.has(range)) return null;
  return `${range} address`;
}
