import { verify } from 'node:crypto';
import { AuthenticationConstants } from 'botframework-connector';
import { z } from 'zod';
import { keyStoreFor } from './bounded-key-fetch.js';

const HASH_OF: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
const tokenHeader = z.object({ alg: z.string(), kid: z.string().optional() });
const tokenPayload = z.object({ aud: z.union([z.string(), z.array(z.string())]) });

/**
 * Whether `Authorization` carries a token for `appId` signed with one of the Bot Framework channel's signing keys
 * (the key store is the one botbuilder uses, see bounded-key-fetch.ts). Only a first gate, run before the body is
 * read, so that parsing a 4 MB body is not free for anyone: expiry, issuer, endorsements and the serviceUrl claim
 * are checked by botbuilder afterwards. A key fetch that fails throws SigningKeysUnavailable, as in botbuilder.
 */
export async function signedForBot(authorization: string | undefined, appId: string, metadataUrl = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl): Promise<boolean> {
  const parts = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
  if (!parts) return false;
  const header = tokenHeader.safeParse(decodeJson(parts[1]!));
  const payload = tokenPayload.safeParse(decodeJson(parts[2]!));
  const hash = header.success ? HASH_OF[header.data.alg] : undefined;
  if (!header.success || !payload.success || !hash || ![payload.data.aud].flat().includes(appId)) return false;
  const key = await keyStoreFor(metadataUrl).getKey(header.data.kid);
  if (!key) return false;
  try {
    return verify(hash, Buffer.from(`${parts[1]}.${parts[2]}`), key.key, Buffer.from(parts[3]!, 'base64url'));
  } catch {
    return false;
  }
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
