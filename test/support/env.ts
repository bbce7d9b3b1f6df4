/**
 * Runs before each e2e file's imports: entity column types are chosen from DATABASE_URL at import
 * time, so the driver under test must be known first. `npm run test:pg` sets TEST_DB=postgres.
 */
import { DEFAULT_TEST_PG_URL } from './test-db';

if (process.env.TEST_DB === 'postgres') {
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_PG_URL;
} else {
  delete process.env.DATABASE_URL;
}
