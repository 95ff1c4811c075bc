// OpenSearch adapter against a fake OpenSearch that checks the Query DSL it is sent.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendConnection } from '../../tools/sources/http/request-json.js';
import { OpenSearchLogSource } from '../../tools/sources/opensearch/opensearch-log-source.js';
import { startFakeOpenSearch, toDocs } from '../fakes/evidence/fake-opensearch.js';
import { closedPortUrl, type HttpFake, startHttpFake } from '../fakes/evidence/http-fake.js';
import { WINDOW } from './helpers/evidence-fixture.js';
import { logSourceContract } from './helpers/log-contract.js';
import { simulatedLines } from './helpers/sim-lines.js';

const FIELDS = {
  time: '@timestamp',
  workUnit: 'work_unit',
  service: 'service',
  level: 'level',
  message: 'message',
  messageExact: 'message.keyword',
};
const BASIC = `Basic ${Buffer.from('headroom:s3cret').toString('base64')}`;
const conn = (url: string, extra: Partial<BackendConnection> = {}): BackendConnection => ({
  baseUrl: url,
  timeoutMs: 2_000,
  maxResponseBytes: 4 * 1024 * 1024,
  headers: { authorization: BASIC },
  ...extra,
});

logSourceContract('OpenSearch (fake speaking _search with the Query DSL)', async () => {
  const fake = await startFakeOpenSearch('logs-*', toDocs(await simulatedLines()), {
    requireHeaders: { authorization: BASIC },
  });
  return {
    source: new OpenSearchLogSource(conn(fake.url), 'logs-*', FIELDS),
    busyUnit: 'us-east-1',
    teardown: () => fake.close(),
  };
});

describe('OpenSearch adapter', () => {
  let fake: HttpFake;
  let source: OpenSearchLogSource;
  const query = { workUnit: 'us-east-1', range: WINDOW, limit: 10 };

  beforeAll(async () => {
    fake = await startFakeOpenSearch('logs-*', toDocs(await simulatedLines()), {
      requireHeaders: { authorization: BASIC },
    });
    source = new OpenSearchLogSource(conn(fake.url), 'logs-*', FIELDS);
  });
  afterAll(() => fake.close());

  it('sends a filter-only bool query, newest first, with a literal case-insensitive wildcard', async () => {
    await source.search({ ...query, contains: 'a*b?c\\', minLevel: 'error', service: 'api' });
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/logs-*/_search');
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({ size: 10, track_total_hits: 100_000, sort: [{ '@timestamp': { order: 'desc' } }] });
    expect(body.query.bool.filter).toEqual([
      { term: { work_unit: 'us-east-1' } },
      {
        range: {
          '@timestamp': {
            gte: new Date(WINDOW.startMs).toISOString(),
            lte: new Date(WINDOW.endMs).toISOString(),
            format: 'strict_date_optional_time',
          },
        },
      },
      { term: { service: 'api' } },
      {
        terms: { level: ['error', 'ERROR', 'err', 'ERR', 'fatal', 'FATAL', 'critical', 'CRITICAL', 'panic', 'PANIC'] },
      },
      { wildcard: { 'message.keyword': { value: '*a\\*b\\?c\\\\*', case_insensitive: true } } },
    ]);
  });

  it('counts what matched: a cut answer says "10 of N lines"', async () => {
    const got = await source.search(query);
    expect(got.status === 'ok' && got.truncated?.hint).toMatch(/^10 of \d+ lines shown/);
  });

  it('says unknown with OpenSearch’s reason for a refused query', async () => {
    const wrong = new OpenSearchLogSource(conn(fake.url), 'logs-*', { ...FIELDS, messageExact: 'message' });
    const got = await wrong.search({ ...query, contains: 'x' });
    expect(got).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/^http: HTTP 400: parsing_exception: .*analysed field/),
    });
    const missing = await new OpenSearchLogSource(conn(fake.url), 'other', FIELDS).search(query);
    expect(missing).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('index_not_found_exception: no such index [other]'),
    });
  });

  it('says unknown on wrong credentials, a closed port, a slow or huge reply', async () => {
    expect(
      await new OpenSearchLogSource(conn(fake.url, { headers: {} }), 'logs-*', FIELDS).search(query),
    ).toMatchObject({ status: 'unknown', reason: expect.stringContaining('HTTP 401') });
    expect(await new OpenSearchLogSource(conn(await closedPortUrl()), 'logs-*', FIELDS).search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/^network:/),
    });
    fake.misbehave({ kind: 'slow', ms: 3_000 });
    expect(
      await new OpenSearchLogSource(conn(fake.url, { timeoutMs: 250 }), 'logs-*', FIELDS).search(query),
    ).toMatchObject({ status: 'unknown', reason: 'timeout: no complete answer within 250 ms' });
    fake.misbehave({ kind: 'huge', bytes: 100 * 1024 * 1024 });
    expect(await source.search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('reply larger than'),
    });
    fake.misbehave({ kind: 'none' });
  });

  it('reads the response shape of the OpenSearch documentation (upper-case level, nested fields)', async () => {
    const doc = JSON.parse(
      readFileSync(new URL('../fixtures/evidence/opensearch-search.json', import.meta.url), 'utf8'),
    );
    const docs = await startHttpFake(() => ({ status: 200, body: doc }));
    try {
      const got = await new OpenSearchLogSource(conn(docs.url), 'logs-*', FIELDS).search(query);
      expect(got).toEqual({
        status: 'ok',
        value: [
          {
            timeMs: Date.parse('2026-03-04T02:29:58.120Z'),
            workUnit: 'us-east-1',
            service: 'db-proxy',
            level: 'error',
            message: 'read ECONNRESET: connection reset by peer',
            labels: {},
          },
        ],
        truncated: expect.objectContaining({ shown: 1, total: 3 }),
      });
    } finally {
      await docs.close();
    }
  });

  it('withholds partial results when OpenSearch timed out on some shards', async () => {
    const partial = await startHttpFake(() => ({
      status: 200,
      body: { timed_out: true, hits: { total: { value: 0, relation: 'eq' }, hits: [] } },
    }));
    try {
      expect(await new OpenSearchLogSource(conn(partial.url), 'logs-*', FIELDS).search(query)).toMatchObject({
        status: 'unknown',
        reason: expect.stringContaining('timed out'),
      });
    } finally {
      await partial.close();
    }
  });
});
