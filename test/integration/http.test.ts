import Redis from 'ioredis';
import { createTestDb, type TestDb } from '../support/db';
import express from 'express';
import { directRoute } from '../../src/http/direct-routes';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, NO_OUTBOX } from '../../src/app/deps';
import { importDraft } from '../../src/app/import-draft';
import { DomainError } from '../../src/domain/errors';

describe('the web process', () => {
  let t: TestDb;
  let server: RunningServer;
  let redis: Redis;
  let base: string;
  beforeAll(async () => {
    t = await createTestDb();
    redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    const deps = {
      db: t.db,
      now: () => new Date(),
      log: createLogger('silent'),
      outbox: NO_OUTBOX,
    };
    server = await listen(
      await createHttpApp({
        deps,
        log: deps.log,
        redis,
        // A route that refuses, as a mounted channel's would: its status comes from the code table.
        mount: (app) => {
          // A direct route (answered before Express) that hands what it does not take to the
          // Express route of the same path, body read, and one that throws.
          directRoute(app, { method: 'POST', path: '/direct', log: deps.log }, (req, res, next) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
              req.body = Buffer.concat(chunks);
              if (req.headers['x-take'] === 'yes') res.end(`direct ${String(req.body)}`);
              else next();
            });
          });
          directRoute(app, { method: 'POST', path: '/direct-throws', log: deps.log }, () => {
            throw new Error('boom');
          });
          app.post('/direct', express.raw({ type: () => true }), (req, res) => {
            res.send(`express ${String(req.body)} ${req.header('x-request-id')}`);
          });
          app.get('/refused/:code', (req) => {
            if (req.params.code === 'closed') throw new DomainError('ROUND_CLOSED');
            throw new DomainError('ROUND_NOT_FOUND', { ref: String(req.params.code) });
          });
        },
      }),
      0,
      '127.0.0.1',
    );
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    redis.disconnect();
    await t.drop();
  });

  it('answers /healthz, and /readyz when Postgres and Redis are reachable', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('says /readyz is not ready when Redis is not reachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const deps = {
      db: t.db,
      now: () => new Date(),
      log: createLogger('silent'),
      outbox: NO_OUTBOX,
    };
    const s = await listen(
      await createHttpApp({ deps, log: deps.log, redis: dead }),
      0,
      '127.0.0.1',
    );
    const r = await fetch(`http://127.0.0.1:${s.port}/readyz`);
    expect(r.status).toBe(503);
    expect((await r.json()).checks.redis).toBe('indisponible');
    await s.close();
    dead.disconnect();
  });

  it('serves a draft page with every user text escaped', async () => {
    const tenant = await t.db.tenant.create({ data: { code: '94', name: 'Caf' } });
    const deps = {
      db: t.db,
      now: () => new Date(),
      log: createLogger('silent'),
      outbox: NO_OUTBOX,
    };
    const { draftVersion } = await importDraft(deps, {
      tenantId: tenant.id,
      markdown:
        '---\ncaf: "94"\ntitle: "Schéma <b>test</b>"\nperiod: "2026"\nversion: 1\n---\n## Enjeu <script>alert(1)</script>\nTexte & suite',
      actor: CLI_ACTOR,
    });
    const page = await (await fetch(`${base}/projets/${draftVersion.id}`)).text();
    expect(page).toContain('Enjeu &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Texte &amp; suite');
    expect(page).not.toContain('<script>');
    expect((await fetch(`${base}/projets/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  it('answers a refusal with the status of its code and the catalogue text', async () => {
    const closed = await fetch(`${base}/refused/closed`);
    expect(closed.status).toBe(410);
    expect(await closed.json()).toEqual({
      error: 'ROUND_CLOSED',
      message: 'Cette consultation est close : les avis ne sont plus modifiables.',
    });
    const missing = await fetch(`${base}/refused/99`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'ROUND_NOT_FOUND',
      message: 'Consultation « 99 » introuvable.',
    });
  });

  it('answers a direct route before Express, with the headers every response gets', async () => {
    const res = await fetch(`${base}/direct?x=1`, {
      method: 'POST',
      headers: { 'x-take': 'yes', 'x-request-id': 'req-direct-1' },
      body: 'vote',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('direct vote');
    expect(res.headers.get('x-request-id')).toBe('req-direct-1');
    const everywhere = await fetch(`${base}/healthz`);
    for (const name of [
      'content-security-policy',
      'x-content-type-options',
      'strict-transport-security',
      'x-frame-options',
      'referrer-policy',
    ]) {
      expect(everywhere.headers.get(name)).toBeTruthy();
      expect(res.headers.get(name)).toBe(everywhere.headers.get(name));
    }
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('hands what a direct route does not take to Express, with its body and request id', async () => {
    const res = await fetch(`${base}/direct`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-direct-2', 'content-type': 'text/plain' },
      body: 'pas pour moi',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('express pas pour moi req-direct-2');
    expect(res.headers.get('x-request-id')).toBe('req-direct-2');
  });

  it('answers 500 when a direct route throws, and keeps serving', async () => {
    const res = await fetch(`${base}/direct-throws`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(500);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
