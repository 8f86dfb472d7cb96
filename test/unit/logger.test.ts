import { captureLogger } from '../support/logger';
import { createLogger } from '../../src/logger';
import { Writable } from 'node:stream';

describe('the logging boundary', () => {
  it('redacts secret keys at any depth, and keeps error codes and ids', () => {
    const { log, lines } = captureLogger('debug');
    const deep = {
      a: { b: { c: { d: { e: { clientSecret: 's3cr3t-value-1', code: 'KX7Q-M2PA-9RTB' } } } } },
    };
    log.info({ deep, err: Object.assign(new Error('refusé'), { code: 'ECONNREFUSED' }) }, 'x');
    log.warn({ headers: { Authorization: 'Bearer abc.def', Cookie: 'concerto_admin=zzz' } }, 'y');
    const text = JSON.stringify(lines());
    expect(text).not.toContain('s3cr3t-value-1');
    expect(text).not.toContain('KX7Q-M2PA-9RTB');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('zzz');
    expect(text).toContain('ECONNREFUSED');
    const first = lines()[0] as { err: { message: string; code: string } };
    expect(first.err).toMatchObject({ message: 'refusé', code: 'ECONNREFUSED' });
  });

  it('blanks configured secret values wherever they appear, message text included', () => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, cb) {
        written.push(chunk.toString('utf8'));
        cb();
      },
    });
    const secret = 'plain-looking-secret-42';
    const log = createLogger('debug', stream, { secrets: [secret, 'short'] });
    log.child({ component: 'x' }).debug(`le secret est ${secret} et ${encodeURIComponent(secret)}`);
    log.info({ note: `…${secret}…` }, 'short');
    expect(written.join('')).not.toContain(secret);
    expect(written.join('')).toContain('short');
    for (const line of written) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('redacts codes, tokens and secrets inside free text the SDKs write', () => {
    const { log, text } = captureLogger('debug');
    log.debug(
      'http request body: {"code":"1234.5678.abcdef","client_secret":"cs-987654321","ok":"keep"} url=https://x/cb?code=abc123&state=st4te Authorization: Bearer tok.en xoxb-1-2-abc rejoindre kx7q m2pa 9rtb',
    );
    const out = text().join('\n');
    for (const s of [
      '1234.5678.abcdef',
      'cs-987654321',
      'abc123',
      'st4te',
      'tok.en',
      'xoxb-1-2-abc',
      'kx7q',
    ])
      expect(out).not.toContain(s);
    expect(out).toContain('keep');
  });
});
