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
});
