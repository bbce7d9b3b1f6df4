import { zonedDate, zonedDateTimeToUtc, zonedDayBounds } from './served-at';

describe('served-at time-zone arithmetic', () => {
  it.each([
    ['2019-08-28', '22:34', 'UTC', '2019-08-28T22:34:00.000Z'],
    ['2019-08-28', '22:34:15', 'Europe/London', '2019-08-28T21:34:15.000Z'], // BST
    ['2019-12-28', '22:34', 'Europe/London', '2019-12-28T22:34:00.000Z'], // GMT
    ['2024-01-01', '00:30', 'America/New_York', '2024-01-01T05:30:00.000Z'],
    ['2024-01-01', '00:30', 'Asia/Kolkata', '2023-12-31T19:00:00.000Z'],
    ['2024-01-01', '00:00', 'Pacific/Chatham', '2023-12-31T10:15:00.000Z'], // +13:45
    // spring forward in London: 01:00-02:00 local does not exist; read with the pre-gap offset
    ['2024-03-31', '01:30', 'Europe/London', '2024-03-31T01:30:00.000Z'],
    ['2024-03-31', '02:30', 'Europe/London', '2024-03-31T01:30:00.000Z'],
    ['2024-03-31', '00:59:59', 'Europe/London', '2024-03-31T00:59:59.000Z'],
    // fall back in London: 01:00-02:00 local happens twice; the earlier one is taken
    ['2024-10-27', '01:30', 'Europe/London', '2024-10-27T00:30:00.000Z'],
    ['2024-10-27', '02:30', 'Europe/London', '2024-10-27T02:30:00.000Z'],
  ])('%s %s in %s is %s', (date, time, tz, iso) => {
    expect(zonedDateTimeToUtc(date, time, tz).toISOString()).toBe(iso);
  });

  it('gives the zone calendar date of an instant', () => {
    expect(zonedDate(new Date('2024-05-01T23:30:00Z'), 'UTC')).toBe('2024-05-01');
    expect(zonedDate(new Date('2024-05-01T23:30:00Z'), 'Europe/London')).toBe('2024-05-02');
    expect(zonedDate(new Date('2024-05-01T03:30:00Z'), 'America/Los_Angeles')).toBe('2024-04-30');
  });

  it('gives the UTC bounds of the local day, 23 or 25 hours long on transition days', () => {
    const b = zonedDayBounds(new Date('2024-05-01T23:30:00Z'), 'Europe/London');
    expect([b.start.toISOString(), b.end.toISOString()]).toEqual(['2024-05-01T23:00:00.000Z', '2024-05-02T23:00:00.000Z']);
    const spring = zonedDayBounds(new Date('2024-03-31T12:00:00Z'), 'Europe/London');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3600_000);
    const fall = zonedDayBounds(new Date('2024-10-27T12:00:00Z'), 'Europe/London');
    expect(fall.end.getTime() - fall.start.getTime()).toBe(25 * 3600_000);
    const utc = zonedDayBounds(new Date('2024-02-29T00:00:00Z'), 'UTC');
    expect([utc.start.toISOString(), utc.end.toISOString()]).toEqual(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });
});
