import { ADMIN_TOKEN, startHarness, type SecurityHarness } from './harness';

/** Security headers on every page the web process serves, against the real server. */
describe('security headers', () => {
  jest.setTimeout(30_000);
  let h: SecurityHarness;
  let draftId = '';
  beforeAll(async () => {
    h = await startHarness();
    draftId = (await h.t.db.draftVersion.findFirstOrThrow()).id;
  });
  afterAll(() => h?.close());

  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${h.base}${path}`, { redirect: 'manual', ...init });

  /** The directives of a CSP header, by name. */
  function csp(res: Response): Record<string, string[]> {
    const header = res.headers.get('content-security-policy');
    expect(header).toBeTruthy();
    return Object.fromEntries(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values]),
    );
  }

  const TEAMS_HOSTS = [
    'teams.microsoft.com',
    '*.teams.microsoft.com',
    '*.cloud.microsoft',
    '*.office.com',
  ];

  it.each(['/tab/', '/tab/index.html', '/tab/config.html'])(
    '%s may be framed by Teams only, and runs only its own scripts',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = csp(res);
      expect([...(policy['frame-ancestors'] ?? [])].sort()).toEqual([...TEAMS_HOSTS].sort());
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      // Its own API, and the CDN where teams-js reads the origins of Teams' hosts.
      expect(policy['connect-src']).toEqual(["'self'", 'https://res.cdn.office.net']);
      // X-Frame-Options cannot name Teams' hosts: it must not contradict frame-ancestors.
      expect(res.headers.get('x-frame-options')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('serves the draft page, the health check, a 404 and the tab API with no framing at all', async () => {
    for (const [path, status] of [
      [`/projets/${draftId}`, 200],
      ['/healthz', 200],
      ['/nulle-part', 404],
      ['/tab/api/me', 401],
    ] as const) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, status]);
      expect([path, csp(res)['frame-ancestors']]).toEqual([path, ["'none'"]]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    const draft = csp(await get(`/projets/${draftId}`));
    expect(draft['default-src']).toEqual(["'none'"]);
  });

  it('keeps the queue dashboard working under its own policy', async () => {
    const res = await get(`/admin/queues?token=${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    const policy = csp(res);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('puts a policy on the Slack install pages', async () => {
    const res = await get('/slack/oauth_redirect?error=access_denied&state=x');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(csp(res)['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
