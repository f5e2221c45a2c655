/**
 * Local mode has no authentication, so it replies only to a Bot Connector on this machine (the Agents Playground,
 * the tests' fake connector): a serviceUrl whose host is 127.0.0.0/8, [::1] or localhost.
 *
 * The host is judged as the WHATWG URL parser reads it, and only when the URL is written the way that parser would
 * write it back: no user info, no backslash, no decimal/hex/short IPv4 or IPv4-mapped IPv6 spellings. A spelling
 * that other HTTP clients might read differently (`http://127.0.0.1\@evil.example/`) is refused rather than argued.
 */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !/^[\x21-\x7e]+$/.test(serviceUrl) || serviceUrl.includes('\\')) return false;
  const url = parseUrl(serviceUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return false;
  if (!writtenCanonically(serviceUrl, url)) return false;
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}

/** The host of a refused serviceUrl, for the log line (never the whole URL, whose path could carry anything). */
export function serviceUrlHost(serviceUrl: unknown): string {
  if (typeof serviceUrl !== 'string') return '(none)';
  return parseUrl(serviceUrl)?.hostname.slice(0, 100) || '(not a URL)';
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The authority as written equals the parser's own (the default port may be written out). */
function writtenCanonically(serviceUrl: string, url: URL): boolean {
  const prefix = `${url.protocol}//`;
  if (serviceUrl.slice(0, prefix.length).toLowerCase() !== prefix) return false;
  const authority = serviceUrl.slice(prefix.length).split(/[/?#]/, 1)[0]!.toLowerCase();
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return authority === url.host || (url.port === '' && authority === `${url.hostname}:${defaultPort}`);
}
