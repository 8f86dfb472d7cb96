import { parseServiceUrlPattern, serviceUrlAllowed } from '../../src/adapters/teams/service-urls';

describe('service URL allow-list', () => {
  const patterns = ['https://smba.trafficmanager.net/', 'https://*.botframework.com/'].map(
    parseServiceUrlPattern,
  );
  const allowed = (url: unknown, loopback = false) =>
    serviceUrlAllowed(url, patterns, { loopback });

  it.each([
    'https://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net/teams',
    'https://SMBA.trafficmanager.net/amer/',
    'https://europe.webchat.botframework.com/',
    'https://a.b.botframework.com/v3',
  ])('accepts %s', (url) => expect(allowed(url)).toBe(true));

  it.each([
    'http://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net.evil.example/',
    'https://evil-smba.trafficmanager.net/',
    'https://botframework.com/',
    'https://evilbotframework.com/',
    'https://smba.trafficmanager.net:8443/emea/',
    'https://user:pw@smba.trafficmanager.net/emea/',
    'http://127.0.0.1:3978/',
    'not a url',
    42,
    undefined,
  ])('refuses %s', (url) => expect(allowed(url)).toBe(false));

  it('accepts loopback service URLs in local mode only', () => {
    expect(allowed('http://localhost:56150/')).toBe(false);
    expect(allowed('http://localhost:56150/', true)).toBe(true);
    expect(allowed('http://127.0.0.1:3978', true)).toBe(true);
  });

  it('matches a port and a path when the pattern has them', () => {
    const local = [parseServiceUrlPattern('http://127.0.0.1:4000/teams/')];
    expect(serviceUrlAllowed('http://127.0.0.1:4000/teams/x', local)).toBe(true);
    expect(serviceUrlAllowed('http://127.0.0.1:4000/teams', local)).toBe(true);
    expect(serviceUrlAllowed('http://127.0.0.1:4001/teams/', local)).toBe(false);
    expect(serviceUrlAllowed('http://127.0.0.1:4000/teamsx/', local)).toBe(false);
  });
});
