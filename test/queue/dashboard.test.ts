import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mountQueueDashboard } from '../../src/queue/dashboard';
import { createQueues, type Queues } from '../../src/queue/queues';
import { deletePrefixKeys, REDIS_URL } from '../support/redis';

let queues: Queues;
let server: Server;
let base: string;
const prefix = `test-concerto-dash-${process.pid}`;

beforeAll(async () => {
  queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const app = express();
  expect(mountQueueDashboard(app, { token: '', queues: queues.all() })).toBe(false);
  expect(mountQueueDashboard(app, { token: 's3cret-admin', queues: queues.all() })).toBe(true);
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/queues`;
});
afterAll(async () => {
  server.close();
  await queues.close();
  await deletePrefixKeys(prefix);
});

it('refuses without the token, with a wrong one, and serves with a bearer token', async () => {
  expect((await fetch(base)).status).toBe(401);
  expect((await fetch(base, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  expect((await fetch(`${base}?token=s3cret-admin-but-longer`)).status).toBe(401);
  const ok = await fetch(`${base}/api/queues`, {
    headers: { authorization: 'Bearer s3cret-admin' },
  });
  expect(ok.status).toBe(200);
  const body = (await ok.json()) as { queues: { name: string }[] };
  expect(body.queues.map((q) => q.name).sort()).toEqual(['deliveries', 'maintenance', 'reminders']);
});

it('?token= sets a cookie (not the token itself) that lets the dashboard load its API', async () => {
  const first = await fetch(`${base}?token=s3cret-admin`, { redirect: 'manual' });
  expect(first.status).toBe(200);
  const setCookie = first.headers.get('set-cookie')!;
  expect(setCookie).toMatch(
    /concerto_admin=[0-9a-f]{64}; Path=\/admin\/queues; HttpOnly; SameSite=Strict/,
  );
  expect(setCookie).not.toContain('s3cret-admin');
  const cookie = setCookie.split(';')[0]!;
  expect((await fetch(`${base}/api/queues`, { headers: { cookie } })).status).toBe(200);
  expect(
    (await fetch(`${base}/api/queues`, { headers: { cookie: 'concerto_admin=00' } })).status,
  ).toBe(401);
});
