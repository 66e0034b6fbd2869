import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

// graphql-http's audits of the GraphQL-over-HTTP specification, run against the app in-process.
describe('GraphQL over HTTP', () => {
  const audits = serverAudits({
    url: 'http://test/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init)),
  });

  it('has every audit of graphql-http', () => {
    expect(audits.length).toBe(61);
  });

  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      expect({ status: result.status, reason: result.status === 'ok' ? '' : result.reason }).toEqual({
        status: 'ok',
        reason: '',
      });
    });
  }
});
