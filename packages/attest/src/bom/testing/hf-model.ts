import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary folder laid out from `files` (path → text or bytes); `cleanup()` removes it. */
export function modelFolder(files: Readonly<Record<string, string | Uint8Array>>): {
  dir: string;
  cleanup: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), 'mlsec-bom-'));
  const dir = join(root, 'tiny-model');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A minimal SafeTensors file: u64 little-endian header length, JSON header, 8 bytes of F32 data. */
export function safetensorsBytes(): Uint8Array {
  const header = Buffer.from(
    JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }),
  );
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(8)]);
}

/** A protocol-2 pickle of the dict {'a': 1}: PROTO 2, EMPTY_DICT, SHORT_BINUNICODE 'a', BININT1 1, SETITEM, STOP. */
export function pickleBytes(): Uint8Array {
  return Uint8Array.from([0x80, 0x02, 0x7d, 0x8c, 0x01, 0x61, 0x4b, 0x01, 0x73, 0x2e]);
}

/** A Hugging Face model card with front matter. */
export function readme(frontMatter: string, body = '# Tiny model\n\nFor tests.\n'): string {
  return `---\n${frontMatter.trim()}\n---\n\n${body}`;
}

/** A SLSA v1 provenance statement in the shape `mlsec provenance capture` writes. */
export function provenanceStatement(
  subjectSha256: string,
  datasetSha256: string,
): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'tiny-model', digest: { sha256: subjectSha256 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://mlsec.dev/training/v1',
        externalParameters: {
          hyperparameters: { learning_rate: 0.0003, epochs: 3, optimizer: 'adamw' },
        },
        resolvedDependencies: [
          {
            name: 'imdb-train',
            uri: 'file:data/imdb',
            digest: { sha256: datasetSha256 },
            annotations: { 'mlsec.kind': 'dataset', fileCount: 12, totalBytes: 4096 },
          },
          {
            uri: 'git+https://github.com/example/tiny-model@0123456789abcdef0123456789abcdef01234567',
            digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' },
            annotations: { 'mlsec.kind': 'source' },
          },
        ],
      },
      runDetails: {
        builder: { id: 'https://mlsec.dev/cli' },
        metadata: { startedOn: '2025-01-02T03:04:05Z', finishedOn: '2025-01-02T04:05:06Z' },
      },
    },
  };
}

/** The statement wrapped as `mlsec provenance capture` signs it: a Sigstore bundle v0.3 with a DSSE envelope. */
export function provenanceBundle(statement: Record<string, unknown>): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'ab'.repeat(32) }, tlogEntries: [] },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: Buffer.from('not a real signature').toString('base64'), keyid: '' }],
    },
  };
}
