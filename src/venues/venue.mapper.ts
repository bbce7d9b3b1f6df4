import { VenueEntity } from './venue.entity';
import type { VenueData } from '../rule-engine';

export interface VenueResponse {
  id: string;
  name: string;
  locationIdentifiers: string[];
  position: { latitude: number; longitude: number } | null;
  radiusMeters: number | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toVenueResponse(v: VenueEntity): VenueResponse {
  return {
    id: v.id,
    name: v.name,
    locationIdentifiers: v.locationIdentifiers,
    position: positionOf(v),
    radiusMeters: v.radiusMeters,
    address: v.address,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

/** What the rule engine's venueMatches operator needs of a venue. */
export function toVenueData(v: VenueEntity): VenueData {
  return { id: v.id, locationIdentifiers: v.locationIdentifiers, position: positionOf(v), radiusMeters: v.radiusMeters };
}

function positionOf(v: VenueEntity): { latitude: number; longitude: number } | null {
  return v.latitude === null || v.longitude === null ? null : { latitude: v.latitude, longitude: v.longitude };
}
