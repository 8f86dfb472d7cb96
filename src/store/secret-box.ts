import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets stored in Postgres (Slack installations' tokens) are encrypted with AES-256-GCM under a
 * key from the environment (CONCERTO_ENCRYPTION_KEY), never in the database: a dump, a backup or
 * a read-only SQL access shows no token. Each ciphertext is stored with the id of its key, so keys
 * rotate: set the new key, list the old ones in CONCERTO_ENCRYPTION_OLD_KEYS, and rows are
 * re-encrypted with the new key when read (or all at once by `concerto slack reencrypt`); then the
 * old key can be dropped.
 *
 * Sealed layout: version byte (1) | IV (12 bytes, random per seal) | GCM tag (16) | ciphertext.
 * The additional authenticated data names the row (its installation key): a ciphertext copied to
 * another row does not open.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(
    public readonly code: 'ENCRYPTION_KEY_UNKNOWN' | 'DECRYPTION_FAILED' | 'ENCRYPTION_KEY_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A key's id: the start of its SHA-256, so ids need no configuration and never reveal the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A 32-byte key from its base64 form (standard or URL-safe); throws on any other size. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
    ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
    : Buffer.alloc(0);
  if (key.length !== 32)
    throw new SecretBoxError(
      'ENCRYPTION_KEY_INVALID',
      'une clé de chiffrement fait 32 octets, encodés en base64 (openssl rand -base64 32)',
    );
  return key;
}

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(
    private readonly current: Buffer,
    previous: Buffer[] = [],
  ) {
    this.currentKeyId = keyIdOf(current);
    for (const k of previous) this.keys.set(keyIdOf(k), k);
    this.keys.set(this.currentKeyId, current);
  }

  /** From base64 keys: the current one, then the old ones still accepted for reading. */
  static fromKeys(current: string, previous: string[] = []): SecretBox {
    return new SecretBox(parseEncryptionKey(current), previous.map(parseEncryptionKey));
  }

  /** From CONCERTO_ENCRYPTION_KEY and CONCERTO_ENCRYPTION_OLD_KEYS; undefined without a key. */
  static fromConfig(config: {
    CONCERTO_ENCRYPTION_KEY?: string | undefined;
    CONCERTO_ENCRYPTION_OLD_KEYS?: string[] | undefined;
  }): SecretBox | undefined {
    if (!config.CONCERTO_ENCRYPTION_KEY) return undefined;
    return SecretBox.fromKeys(
      config.CONCERTO_ENCRYPTION_KEY,
      config.CONCERTO_ENCRYPTION_OLD_KEYS ?? [],
    );
  }

  seal(plaintext: string, aad: string): { keyId: string; sealed: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.currentKeyId,
      sealed: Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]),
    };
  }

  open(keyId: string, sealed: Uint8Array, aad: string): string {
    const key = this.keys.get(keyId);
    if (!key)
      throw new SecretBoxError(
        'ENCRYPTION_KEY_UNKNOWN',
        `chiffré avec la clé ${keyId}, ni CONCERTO_ENCRYPTION_KEY ni CONCERTO_ENCRYPTION_OLD_KEYS`,
      );
    const bytes = Buffer.from(sealed);
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION)
      throw new SecretBoxError('DECRYPTION_FAILED', 'format de chiffrement inconnu');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError('DECRYPTION_FAILED', 'déchiffrement refusé (donnée altérée ?)');
    }
  }

  /** Was this key id sealed with an old key (to re-encrypt)? */
  isOld(keyId: string): boolean {
    return keyId !== this.currentKeyId;
  }
}
