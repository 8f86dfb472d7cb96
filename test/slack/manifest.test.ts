import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  SLACK_BOT_SCOPES,
  SLACK_EVENTS_PATH,
  SLACK_OAUTH_REDIRECT_PATH,
} from '../../src/adapters/slack/app';
import { SLASH_COMMAND } from '../../src/adapters/slack/i18n';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; url: string; description: string; usage_hint: string }[];
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

describe('manifests/slack/manifest.yml', () => {
  const manifest = parse(
    readFileSync(join(__dirname, '../../manifests/slack/manifest.yml'), 'utf8'),
  ) as Manifest;
  const pathOf = (url: string) => new URL(url.replace('<your-host>', 'concerto.example')).pathname;

  it('declares the slash command the code listens to, at the route the code mounts', () => {
    const [command, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(command?.command).toBe(SLASH_COMMAND);
    expect(pathOf(command?.url ?? '')).toBe(SLACK_EVENTS_PATH);
    expect(command?.description.length).toBeLessThanOrEqual(100);
    expect(command?.usage_hint).toContain('rejoindre <code>');
  });

  it('sends events and interactivity to /slack/events, and OAuth back to /slack/oauth_redirect', () => {
    expect(pathOf(manifest.settings.event_subscriptions.request_url)).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(pathOf(manifest.settings.interactivity.request_url)).toBe(SLACK_EVENTS_PATH);
    expect(manifest.oauth_config.redirect_urls.map(pathOf)).toEqual([SLACK_OAUTH_REDIRECT_PATH]);
  });

  it('asks for exactly the scopes the OAuth install requests, and the events the app handles', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'member_joined_channel']),
    );
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
