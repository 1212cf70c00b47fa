import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCheckpoint, openCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { signCheckpoint } from './checkpoint-sign.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { parseVerifierKey } from './note-key.ts';
import type { NoteVerifier } from './note-key.ts';
import { generateNoteKey } from './note-signer.ts';
import { TreeHashes } from './tree-hashes.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { REFERENCE_LEAVES, REFERENCE_ROOTS } from './testing/vectors.ts';

const ORIGIN = 'registry.example/log';
const codeOf = (result: { ok: boolean; code?: string }): string =>
  result.ok ? 'ok' : (result.code ?? '?');

function trust(vkey: string): NoteVerifier[] {
  const parsed = parseVerifierKey(vkey);
  assert.ok(parsed.ok);
  return [parsed.value];
}

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  const tree = new TreeHashes(new MemoryHashStore());
  for (const leaf of REFERENCE_LEAVES) tree.appendEntry(leaf);
  const key = generateNoteKey(ORIGIN);

  it('formats origin, size and base64 root, one per line', () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 8, root: tree.root(8), extensions: [] });
    const root = Buffer.from(REFERENCE_ROOTS[8] as string, 'hex').toString('base64');
    assert.equal(text, `${ORIGIN}\n8\n${root}\n`);
  });

  it('parses the example of the specification', () => {
    const parsed = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.value.origin, 'example.com/behind-the-sofa');
    assert.equal(parsed.value.size, 20852163);
    assert.equal(parsed.value.root.length, 32);
  });

  it('signs and opens checkpoints, with extension lines and an unknown cosignature', () => {
    const witness = generateNoteKey('witness.example/w');
    const checkpoint = { origin: ORIGIN, size: 5, root: tree.root(5), extensions: ['ext one'] };
    const note = signCheckpoint(checkpoint, [key.signer, witness.signer]);
    const opened = openCheckpoint(note, trust(key.verifierKey), { origin: ORIGIN });
    assert.ok(opened.ok);
    assert.deepEqual(opened.value.checkpoint, {
      ...checkpoint,
      root: opened.value.checkpoint.root,
    });
    assert.deepEqual(Buffer.from(opened.value.checkpoint.root), Buffer.from(tree.root(5)));
    assert.equal(opened.value.note.unverified.length, 1);
  });

  it('binds the size to the root: a checkpoint with another size no longer verifies', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, root: tree.root(5), extensions: [] }, [
      key.signer,
    ]);
    const forged = note.replace(`${ORIGIN}\n5\n`, `${ORIGIN}\n7\n`);
    assert.notEqual(forged, note);
    assert.equal(
      codeOf(openCheckpoint(forged, trust(key.verifierKey))),
      'REGISTRY_TLOG_SIGNATURE_INVALID',
    );
  });

  it('lets a client check that the log only appended between two checkpoints', () => {
    const sign = (size: number): string =>
      signCheckpoint({ origin: ORIGIN, size, root: tree.root(size), extensions: [] }, [key.signer]);
    const old = openCheckpoint(sign(3), trust(key.verifierKey), { origin: ORIGIN });
    const now = openCheckpoint(sign(8), trust(key.verifierKey), { origin: ORIGIN });
    assert.ok(old.ok && now.ok);
    const a = old.value.checkpoint;
    const b = now.value.checkpoint;
    assert.equal(
      verifyConsistency(a.size, b.size, a.root, b.root, tree.consistencyProof(3, 8)).ok,
      true,
    );
  });

  it('refuses malformed checkpoint text and checkpoints from another log', () => {
    const root = tree.root(2);
    const b64 = Buffer.from(root).toString('base64');
    const bad = [
      `${ORIGIN}\n2\n${b64}`,
      `${ORIGIN}\n2\n`,
      `\n2\n${b64}\n`,
      `${ORIGIN}\n02\n${b64}\n`,
      `${ORIGIN}\n-2\n${b64}\n`,
      `${ORIGIN}\n2.0\n${b64}\n`,
      `${ORIGIN}\n9007199254740992\n${b64}\n`,
      `${ORIGIN}\n2\n${b64.slice(0, -1)}\n`,
      `${ORIGIN}\n2\n${Buffer.from(root.subarray(1)).toString('base64')}\n`,
      `${ORIGIN}\n2\n${b64}\n\n`,
      `${ORIGIN}\n2\n${b64}\next\n\n`,
      `${ORIGIN}\n2\n${b64.replace(/=$/, '')}\n`,
    ];
    for (const text of bad) {
      assert.equal(
        codeOf(parseCheckpoint(text)),
        'REGISTRY_TLOG_CHECKPOINT_MALFORMED',
        JSON.stringify(text),
      );
    }
    assert.equal(codeOf(parseCheckpoint(`${ORIGIN}\n0\n${b64}\n`)), 'ok');
    const note = signCheckpoint({ origin: ORIGIN, size: 2, root, extensions: [] }, [key.signer]);
    assert.equal(
      codeOf(openCheckpoint(note, trust(key.verifierKey), { origin: 'other.example/log' })),
      'REGISTRY_TLOG_CHECKPOINT_ORIGIN',
    );
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, root, extensions: [] }), {
      code: 'REGISTRY_TLOG_CHECKPOINT_MALFORMED',
    });
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, root, extensions: [''] }), {
      code: 'REGISTRY_TLOG_CHECKPOINT_MALFORMED',
    });
  });
});
