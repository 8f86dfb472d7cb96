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

  it('words every problem in French, cross-checks in the same list as the invalid values', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: 'trois mille',
        LOG_LEVEL: 'bavard',
        MAIL_DOMAIN_INTERVAL_MS: 'vite',
        NODE_ENV: 'production',
        TEAMS_LOCAL_MODE: 'true',
        SLACK_BOT_TOKEN: 'xoxb-1',
        TEAMS_CLIENT_ID: 'app',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error!.problems).toEqual([
      'PORT : « trois mille » n’est pas un numéro de port (de 1 à 65535)',
      'LOG_LEVEL : « bavard » n’est pas une valeur possible (valeurs : fatal, error, warn, info, debug, trace, silent)',
      'MAIL_DOMAIN_INTERVAL_MS : un nombre entier est attendu',
      'SLACK_SIGNING_SECRET : requis avec SLACK_BOT_TOKEN en mode HTTP',
      'TEAMS_LOCAL_MODE : le mode local (sans authentification) est interdit en production',
      'TEAMS_LOCAL_MODE : incompatible avec TEAMS_CLIENT_ID (le mode local ne vérifie aucun jeton)',
      'TEAMS_CLIENT_SECRET : requis avec TEAMS_CLIENT_ID',
    ]);
    expect(error!.message).toMatch(/^Configuration invalide \(7 problèmes\) :\n/);
    expect(error!.message).toMatch(/Rien n’a été fait\.$/);
    // No English from zod.
    expect(error!.message).not.toMatch(/Invalid input|Expected|expected|received/);
  });

  it('refuses an empty PORT (it would listen on a random port) and keeps 3000 when unset', () => {
    expect(() => loadConfig({ PORT: '' })).toThrow(
      'PORT : vide : indiquez un numéro de port de 1 à 65535, ou retirez la variable (3000 par défaut)',
    );
    expect(() => loadConfig({ PORT: '0' })).toThrow(/« 0 » n’est pas un numéro de port/);
    expect(loadConfig({ PORT: ' 3103 ' }).PORT).toBe(3103);
    expect(loadConfig({}).PORT).toBe(3000);
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
