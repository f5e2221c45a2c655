import { describe, expect, it } from 'vitest';
import { isLoopbackServiceUrl, serviceUrlHost } from '../../../bot/teams/loopback-service-url.js';

describe('loopback serviceUrl (local mode replies only to this machine)', () => {
  it.each([
    'http://127.0.0.1:56150/_connector',
    'http://127.0.0.1/',
    'http://127.0.0.1:80/',
    'https://127.0.0.1:443/x',
    'http://127.1.2.3:9/',
    'http://localhost:56150/_connector',
    'http://LOCALHOST:3000/',
    'http://[::1]:3978/',
    'HTTP://127.0.0.1:9/',
  ])('accepts %s', (serviceUrl) => {
    expect(isLoopbackServiceUrl(serviceUrl)).toBe(true);
  });

  it.each([
    ['another host', 'https://smba.trafficmanager.net/emea/'],
    ['a documentation address', 'http://192.0.2.1:9/'],
    ['a private address', 'http://10.0.0.1/'],
    ['the unspecified address', 'http://0.0.0.0:3978/'],
    ['loopback as a subdomain', 'http://127.0.0.1.evil.com/'],
    ['localhost as a subdomain', 'http://localhost.evil.com/'],
    ['a name under localhost', 'http://evil.localhost/'],
    ['localhost with a trailing dot', 'http://localhost./'],
    ['loopback as user info', 'http://localhost@evil.com/'],
    ['loopback as user info with a port', 'http://127.0.0.1:80@evil.com/'],
    ['user info before loopback', 'http://user:pass@127.0.0.1/'],
    ['a backslash other parsers read as user info', 'http://127.0.0.1\\@evil.com/'],
    ['a backslash before the host', 'http:\\\\127.0.0.1/'],
    ['a decimal IPv4', 'http://2130706433/'],
    ['a hex IPv4', 'http://0x7f000001/'],
    ['a short IPv4', 'http://127.1/'],
    ['an octal IPv4', 'http://0177.0.0.1/'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:7f00:1]/'],
    ['a long IPv6 loopback', 'http://[0:0:0:0:0:0:0:1]/'],
    ['an IPv6 address', 'http://[2001:db8::1]/'],
    ['a percent-encoded host', 'http://%31%32%37.0.0.1/'],
    ['a space in the host', 'http://127.0.0.1 .evil.com/'],
    ['a tab in the URL', 'http://127.0.0.1\t/'],
    ['no scheme', '127.0.0.1:9/'],
    ['a missing slash', 'http:/127.0.0.1/'],
    ['another scheme', 'ftp://127.0.0.1/'],
    ['a file URL', 'file:///etc/passwd'],
    ['not a URL', 'not a url'],
    ['empty', ''],
    ['not a string', 42],
    ['absent', undefined],
  ])('refuses %s', (_label, serviceUrl) => {
    expect(isLoopbackServiceUrl(serviceUrl)).toBe(false);
  });

  it('names only the host of a refused serviceUrl', () => {
    expect(serviceUrlHost('https://evil.example:8443/path/120385-1127?x=1')).toBe('evil.example');
    expect(serviceUrlHost('nonsense')).toBe('(not a URL)');
    expect(serviceUrlHost(undefined)).toBe('(none)');
  });
});
