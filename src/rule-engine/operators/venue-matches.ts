import { VenueData } from '../types';

/** Mean Earth radius (IUGG), the one the SPEC's geofence uses. */
const EARTH_RADIUS_METERS = 6371008.8;

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * The `venueMatches` operator: `request` fact against a venue id (or ids). True when the transaction's
 * `locationIdentifier` is one of a venue's `locationIdentifiers`, or its `submissionPosition` lies within
 * the venue's `radiusMeters` of the venue's `position`. A venue missing from `venues` (deleted since the
 * rule set was saved) matches nothing.
 */
export function venueMatches(request: unknown, venueIds: unknown, venues: ReadonlyMap<string, VenueData>): boolean {
  if (!request || typeof request !== 'object' || !hasOwn(request, 'transaction')) return false;
  const transaction = (request as { transaction: unknown }).transaction;
  if (!transaction || typeof transaction !== 'object') return false;
  const locationIdentifier = hasOwn(transaction, 'locationIdentifier') ? (transaction as { locationIdentifier: unknown }).locationIdentifier : undefined;
  const position = hasOwn(transaction, 'submissionPosition') ? readPosition((transaction as { submissionPosition: unknown }).submissionPosition) : null;
  const ids = Array.isArray(venueIds) ? venueIds : [venueIds];
  for (const id of ids) {
    const venue = typeof id === 'string' ? venues.get(id) : undefined;
    if (!venue) continue;
    if (typeof locationIdentifier === 'string' && venue.locationIdentifiers.includes(locationIdentifier)) return true;
    if (position && withinRadius(position, venue)) return true;
  }
  return false;
}

function withinRadius(position: { latitude: number; longitude: number }, venue: VenueData): boolean {
  const centre = venue.position ? readPosition(venue.position) : null;
  const radius = venue.radiusMeters;
  if (!centre || typeof radius !== 'number' || !Number.isFinite(radius) || radius < 0) return false;
  return haversineMeters(position, centre) <= radius;
}

function readPosition(value: unknown): { latitude: number; longitude: number } | null {
  if (!value || typeof value !== 'object' || !hasOwn(value, 'latitude') || !hasOwn(value, 'longitude')) return null;
  const { latitude, longitude } = value as { latitude: unknown; longitude: unknown };
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) return null;
  return { latitude, longitude };
}

export function haversineMeters(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
