import { VenueData } from '../types';
import { haversineMeters, venueMatches } from './venue-matches';
import { parseOperatorName } from './operator-name';

const venue: VenueData = { id: 'v1', locationIdentifiers: ['TILL-1', 'TILL-2'], position: { latitude: 51.5007, longitude: -0.1246 }, radiusMeters: 150 };
const venues = new Map<string, VenueData>([
  ['v1', venue],
  ['v2', { id: 'v2', locationIdentifiers: ['OTHER'] }],
]);
const request = (transaction: unknown): unknown => ({ transaction });

describe('venueMatches', () => {
  it('matches on a location identifier of any listed venue', () => {
    expect(venueMatches(request({ locationIdentifier: 'TILL-2' }), 'v1', venues)).toBe(true);
    expect(venueMatches(request({ locationIdentifier: 'OTHER' }), ['v1', 'v2'], venues)).toBe(true);
    expect(venueMatches(request({ locationIdentifier: 'OTHER' }), 'v1', venues)).toBe(false);
    expect(venueMatches(request({ locationIdentifier: 'till-1' }), 'v1', venues)).toBe(false);
  });

  it('matches a submission position inside the radius (haversine)', () => {
    // 0.001 degrees of latitude is about 111.2 m.
    expect(venueMatches(request({ submissionPosition: { latitude: 51.5017, longitude: -0.1246 } }), 'v1', venues)).toBe(true);
    expect(venueMatches(request({ submissionPosition: { latitude: 51.5021, longitude: -0.1246 } }), 'v1', venues)).toBe(false);
    expect(venueMatches(request({ submissionPosition: { latitude: 51.5017, longitude: -0.1246 } }), 'v2', venues)).toBe(false);
  });

  it('never matches on missing, malformed or unknown data', () => {
    expect(venueMatches(undefined, 'v1', venues)).toBe(false);
    expect(venueMatches({}, 'v1', venues)).toBe(false);
    expect(venueMatches(request(null), 'v1', venues)).toBe(false);
    expect(venueMatches(request({ locationIdentifier: 'TILL-1' }), 'deleted-venue', venues)).toBe(false);
    expect(venueMatches(request({ locationIdentifier: 'TILL-1' }), 42, venues)).toBe(false);
    expect(venueMatches(request({ submissionPosition: { latitude: '51.5007', longitude: -0.1246 } }), 'v1', venues)).toBe(false);
    expect(venueMatches(request({ submissionPosition: { latitude: 951.5, longitude: -0.1246 } }), 'v1', venues)).toBe(false);
    expect(venueMatches(request(JSON.parse('{"__proto__":{"locationIdentifier":"TILL-1"}}')), 'v1', venues)).toBe(false);
  });

  it('computes distances with the mean Earth radius 6371008.8 m', () => {
    expect(haversineMeters({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 })).toBeCloseTo((6371008.8 * Math.PI) / 180, 3);
    expect(haversineMeters({ latitude: 51.5007, longitude: -0.1246 }, { latitude: 40.6892, longitude: -74.0445 })).toBeCloseTo(5574840, -3);
    expect(haversineMeters({ latitude: 10, longitude: 20 }, { latitude: 10, longitude: 20 })).toBe(0);
  });
});

describe('parseOperatorName', () => {
  it('splits decorators from the base operator', () => {
    expect(parseOperatorName('everyFact:not:greaterThan')).toEqual({ base: 'greaterThan', decorators: ['everyFact', 'not'] });
    expect(parseOperatorName('venueMatches')).toEqual({ base: 'venueMatches', decorators: [] });
  });

  it.each([
    ['', 'operator must be a non-empty string'],
    ['regex', 'Unknown operator "regex"'],
    ['some:equal', 'Unknown operator decorator "some"'],
    ['not:not:not:not:equal', 'an operator can have at most 3 decorators'],
    ['swap:venueMatches', 'venueMatches cannot be decorated'],
    ['__proto__', 'Unknown operator "__proto__"'],
  ])('refuses %j', (name, message) => {
    expect(parseOperatorName(name)).toBe(message);
  });
});
