import { isIP } from 'node:net';
import { refusalReason } from '../common/http/address-policy';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Save-time check of a webhook target, so an obviously unusable or internal URL is refused when it is
 * given rather than discovered at delivery: http(s) only, no credentials, and (unless private targets
 * are allowed) no literal private, loopback, link-local or metadata address and no `localhost`. A host
 * NAME is not resolved here: DNS can change, so the guarded client checks every resolved address of
 * every hop at delivery time. Returns the problem, or null.
 */
export function webhookUrlProblem(raw: string, allowPrivateNetworkTargets: boolean): string | null {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not contain credentials';
  // the WHATWG parser has already turned 0x7f.1, 2130706433 and the like into dotted decimal
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!host) return 'must have a host';
  if (isIP(host)) {
    const reason = refusalReason(host, allowPrivateNetworkTargets);
    return reason ? `must not target a ${reason}` : null;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!allowPrivateNetworkTargets && (name === 'localhost' || name.endsWith('.localhost'))) return 'must not target a loopback address';
  return null;
}
