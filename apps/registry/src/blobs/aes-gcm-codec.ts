import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import type { BlobCodec } from './blob-store.ts';
import { ByteQueue } from './byte-queue.ts';

/**
 * Encrypted blob format v1 (all integers big-endian):
 *
 *   header  = magic "mlsecEB" | version 0x01 | chunk size u32 | KEK id (8) | wrap nonce (12)
 *             | wrapped data key (32) | wrap tag (16)                                   (80 bytes)
 *   chunk i = AES-256-GCM(data key, nonce = 0x00000000 | i u64, AAD = "mlsecEB1" | i u64 | final u8)
 *             ciphertext (chunk size bytes, or 0..chunk size for the final one) | tag (16)
 *
 * The data key is random per blob and wrapped with AES-256-GCM under the key-encryption key (KEK), the
 * header's first 20 bytes as AAD. The chunk index and the final flag are in each chunk's nonce/AAD, so
 * reordered, dropped, repeated or appended chunks and a truncation at a chunk boundary fail
 * authentication. A chunk's plaintext is released only after its tag verified. Nonces never repeat:
 * each data key encrypts one blob, and each chunk has its own index.
 */
export const CHUNK_SIZE = 1024 * 1024;
const MAGIC = Buffer.from('mlsecEB\x01', 'latin1');
const CHUNK_AAD = Buffer.from('mlsecEB1', 'latin1');
const TAG = 16;
const PREFIX = 20; // magic, chunk size, KEK id: the AAD of the key wrap
const HEADER = PREFIX + 12 + 32 + TAG;

/** Plaintext length of an encrypted blob of `stored` bytes, or undefined if none has that size. */
export function encryptedPlainSize(stored: number): number | undefined {
  const body = stored - HEADER;
  if (body < TAG) return undefined;
  const chunks = Math.ceil(body / (CHUNK_SIZE + TAG));
  const plain = body - chunks * TAG;
  return Math.max(1, Math.ceil(plain / CHUNK_SIZE)) === chunks ? plain : undefined;
}

/** Identify a KEK without revealing it: the first 8 bytes of SHA-256("mlsec blob kek" | 0x0a | KEK). */
function kekId(kek: Buffer): Buffer {
  return createHash('sha256').update('mlsec blob kek\n').update(kek).digest().subarray(0, 8);
}

function chunkParams(index: number, final: boolean): { nonce: Buffer; aad: Buffer } {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  const aad = Buffer.alloc(CHUNK_AAD.length + 9);
  CHUNK_AAD.copy(aad);
  aad.writeBigUInt64BE(BigInt(index), CHUNK_AAD.length);
  aad[aad.length - 1] = final ? 1 : 0;
  return { nonce, aad };
}

/** The AES-256-GCM chunked codec under a 32-byte key-encryption key. */
export function aesGcmCodec(keyEncryptionKey: Uint8Array): BlobCodec {
  if (keyEncryptionKey.byteLength !== 32) {
    throw new MlsecError('REGISTRY_BLOB_BAD_OPTIONS', 'the key-encryption key must be 32 bytes');
  }
  const kek = Buffer.from(keyEncryptionKey); // a private copy
  const id = kekId(kek);
  return {
    encode: (plain) => encrypt(plain, kek, id),
    decode: (stored) => decrypt(stored, kek, id),
    plainSize: encryptedPlainSize,
  };
}

async function* encrypt(
  plain: AsyncIterable<Uint8Array>,
  kek: Buffer,
  id: Buffer,
): AsyncGenerator<Uint8Array> {
  const dataKey = randomBytes(32);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32BE(CHUNK_SIZE, 8);
  id.copy(prefix, 12);
  const wrapNonce = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', kek, wrapNonce).setAAD(prefix);
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  yield Buffer.concat([prefix, wrapNonce, wrapped, wrap.getAuthTag()]);

  const seal = (data: Buffer, index: number, final: boolean): Buffer => {
    const { nonce, aad } = chunkParams(index, final);
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce).setAAD(aad);
    return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  };
  // A full chunk is held back until a further byte arrives: only then is it known not to be final.
  let index = 0;
  let chunk = Buffer.allocUnsafe(CHUNK_SIZE);
  let fill = 0;
  for await (const piece of plain) {
    let offset = 0;
    while (offset < piece.byteLength) {
      if (fill === CHUNK_SIZE) {
        yield seal(chunk, index++, false);
        chunk = Buffer.allocUnsafe(CHUNK_SIZE);
        fill = 0;
      }
      const take = Math.min(CHUNK_SIZE - fill, piece.byteLength - offset);
      chunk.set(piece.subarray(offset, offset + take), fill);
      fill += take;
      offset += take;
    }
  }
  yield seal(chunk.subarray(0, fill), index, true);
}

async function* decrypt(
  stored: AsyncIterable<Uint8Array>,
  kek: Buffer,
  id: Buffer,
): AsyncGenerator<Uint8Array> {
  const bytes = new ByteQueue(stored);
  try {
    const header = await bytes.read(HEADER);
    if (header.length < HEADER || !header.subarray(0, 8).equals(MAGIC)) {
      throw corrupt('its header is missing or not an mlsec encrypted blob');
    }
    if (header.readUInt32BE(8) !== CHUNK_SIZE) throw corrupt('its header names another chunk size');
    if (!header.subarray(12, PREFIX).equals(id)) {
      throw new MlsecError(
        'REGISTRY_BLOB_KEY_MISMATCH',
        'the blob was encrypted under another key-encryption key',
      );
    }
    let dataKey: Buffer;
    try {
      const unwrap = createDecipheriv('aes-256-gcm', kek, header.subarray(PREFIX, PREFIX + 12));
      unwrap.setAAD(header.subarray(0, PREFIX)).setAuthTag(header.subarray(HEADER - TAG));
      dataKey = Buffer.concat([
        unwrap.update(header.subarray(PREFIX + 12, HEADER - TAG)),
        unwrap.final(),
      ]);
    } catch {
      throw corrupt('its wrapped data key fails authentication');
    }
    for (let index = 0; ; index++) {
      const sealed = await bytes.read(CHUNK_SIZE + TAG);
      const final = await bytes.atEnd();
      if (sealed.length < TAG || (!final && sealed.length < CHUNK_SIZE + TAG)) {
        throw corrupt('it is truncated');
      }
      const { nonce, aad } = chunkParams(index, final);
      const open = createDecipheriv('aes-256-gcm', dataKey, nonce).setAAD(aad);
      open.setAuthTag(sealed.subarray(sealed.length - TAG));
      let plain: Buffer;
      try {
        plain = Buffer.concat([open.update(sealed.subarray(0, sealed.length - TAG)), open.final()]);
      } catch {
        throw corrupt(`chunk ${index} fails authentication (changed, moved, cut or extended)`);
      }
      if (plain.length > 0) yield plain;
      if (final) return;
    }
  } finally {
    await bytes.close();
  }
}

function corrupt(why: string): MlsecError {
  return new MlsecError('REGISTRY_BLOB_CORRUPT', `encrypted blob rejected: ${why}`);
}
