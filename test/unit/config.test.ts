import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/concerto');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.PORT).toBe(3000);
    expect(c.TEAMS_LOCAL_MODE).toBe(false);
  });

  it('lists every problem at once in one readable message', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'trois mille', DATABASE_URL: 'pas une url', LOG_LEVEL: 'bavard' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.message).toMatch(/DATABASE_URL n'est pas une URL valide/);
    expect(error!.message).toMatch(/LOG_LEVEL/);
  });

  it('refuses Teams local mode in production and half-configured Slack', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_LOCAL_MODE: 'true' })).toThrow(
      /interdit en production/,
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it("defaults Teams inbound checks to Microsoft's public cloud, and reads lists", () => {
    const c = loadConfig({});
    expect(c.TEAMS_BOT_OPENID_METADATA_URL).toBe(
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    );
    expect(c.TEAMS_BOT_JWKS_URL).toBeUndefined();
    expect(c.TEAMS_BOT_TOKEN_ISSUERS).toEqual(['https://api.botframework.com']);
    expect(c.TEAMS_SERVICE_URLS).toEqual([
      'https://smba.trafficmanager.net/',
      'https://*.botframework.com/',
    ]);
    expect(c.TEAMS_JWKS_UNKNOWN_KID_SECONDS).toBe(30);
    expect(c.INVITE_ATTEMPTS_PER_USER).toBe(5);
    const gcc = loadConfig({
      TEAMS_SERVICE_URLS:
        ' https://smba.infra.gcc.teams.microsoft.com/ , https://*.botframework.us/',
    });
    expect(gcc.TEAMS_SERVICE_URLS).toEqual([
      'https://smba.infra.gcc.teams.microsoft.com/',
      'https://*.botframework.us/',
    ]);
    expect(() => loadConfig({ TEAMS_SERVICE_URLS: 'smba, pas une url' })).toThrow(
      /TEAMS_SERVICE_URLS/,
    );
  });

  it('refuses Teams local mode with real credentials', () => {
    expect(() =>
      loadConfig({ TEAMS_LOCAL_MODE: 'true', TEAMS_CLIENT_ID: 'x', TEAMS_CLIENT_SECRET: 'y' }),
    ).toThrow(/incompatible avec TEAMS_CLIENT_ID/);
  });
});
