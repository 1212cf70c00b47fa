import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVerifierKey } from './note-key.ts';
import type { NoteVerifier } from './note-key.ts';
import { openNote } from './note-open.ts';
import { signNote } from './note-sign.ts';
import { generateNoteKey, parseSignerKey } from './note-signer.ts';
import type { NoteSigner } from './note-signer.ts';
import {
  BAD_VKEYS,
  ENOCH_SIG,
  ENOCH_VKEY,
  PETER_SIG,
  PETER_SKEY,
  PETER_VKEY,
  TEXT,
} from './testing/go-note-vectors.ts';

function verifier(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  assert.ok(parsed.ok, `${vkey} did not parse`);
  return parsed.value;
}

function signer(skey: string): NoteSigner {
  const parsed = parseSignerKey(skey);
  assert.ok(parsed.ok, 'signer key did not parse');
  return parsed.value;
}

/** Every proper substring and every one-character increment of a key (as the Go tests mangle). */
function* manglings(key: string): Generator<string> {
  for (let i = 0; i <= key.length; i++) {
    for (let j = i + 1; j <= key.length; j++)
      if (i !== 0 || j !== key.length) yield key.slice(i, j);
  }
  for (let i = 0; i < key.length; i++) {
    yield key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
  }
}

const codeOf = (result: { ok: boolean; code?: string }): string =>
  result.ok ? 'ok' : (result.code ?? '?');

describe('note keys (golang.org/x/mod/sumdb/note vectors)', () => {
  it('parses the PeterNeumann verifier key with its key id', () => {
    const peter = verifier(PETER_VKEY);
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyId, 0xc74f20a3);
    assert.equal(verifier(ENOCH_VKEY).keyId, 0xaf0cfe78);
  });

  it('refuses every mangling of the verifier key, a wrong-length key and an unknown algorithm', () => {
    for (const bad of [...manglings(PETER_VKEY), ...BAD_VKEYS]) {
      assert.equal(codeOf(parseVerifierKey(bad)), 'REGISTRY_TLOG_KEY_INVALID', bad);
    }
  });

  it('parses the signer key to the same name and key id, and refuses every mangling of it', () => {
    const peter = signer(PETER_SKEY);
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyId, 0xc74f20a3);
    for (const bad of manglings(PETER_SKEY)) {
      assert.equal(codeOf(parseSignerKey(bad)), 'REGISTRY_TLOG_KEY_INVALID', bad);
    }
  });

  it('signs the published text to the published note, byte for byte', () => {
    assert.equal(signNote(TEXT, [signer(PETER_SKEY)]), `${TEXT}\n${PETER_SIG}`);
  });
});

describe('openNote (golang.org/x/mod/sumdb/note TestOpen cases)', () => {
  const peter = verifier(PETER_VKEY);
  const enoch = verifier(ENOCH_VKEY);
  const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('verifies the trusted signature and sets the unknown one aside', () => {
    const opened = openNote(note, [peter]);
    assert.ok(opened.ok);
    assert.equal(opened.value.text, TEXT);
    assert.deepEqual(
      opened.value.verified.map((s) => [s.name, s.keyId]),
      [['PeterNeumann', 0xc74f20a3]],
    );
    assert.deepEqual(
      opened.value.unverified.map((s) => [s.name, s.keyId]),
      [['EnochRoot', 0xaf0cfe78]],
    );
    const both = openNote(Buffer.from(note, 'utf8'), [peter, enoch]);
    assert.ok(both.ok);
    assert.equal(both.value.verified.length, 2);
    assert.equal(both.value.unverified.length, 0);
  });

  it('rejects a note with no trusted signature, or with a trusted signature that fails', () => {
    assert.equal(codeOf(openNote(note, [])), 'REGISTRY_TLOG_NOTE_UNVERIFIED');
    const broken = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.equal(codeOf(openNote(broken, [peter])), 'REGISTRY_TLOG_SIGNATURE_INVALID');
    const altered = note.replace('cryptography', 'cryptographY');
    assert.equal(codeOf(openNote(altered, [peter])), 'REGISTRY_TLOG_SIGNATURE_INVALID');
  });

  it('refuses an ambiguous trusted key only when a signature needs it', () => {
    assert.equal(
      codeOf(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch])),
      'REGISTRY_TLOG_KEY_INVALID',
    );
    assert.equal(codeOf(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch])), 'ok');
  });

  it('counts repeated signatures once and refuses more than 100', () => {
    const enochBad = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const repeated = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochBad}`;
    const opened = openNote(repeated, [peter]);
    assert.ok(opened.ok);
    assert.equal(opened.value.verified.length, 1);
    assert.equal(opened.value.unverified.length, 2);
    const many = `${TEXT}\n${PETER_SIG.repeat(101)}`;
    assert.equal(codeOf(openNote(many, [peter])), 'REGISTRY_TLOG_NOTE_MALFORMED');
    assert.equal(codeOf(openNote(many, [])), 'REGISTRY_TLOG_NOTE_MALFORMED');
    assert.equal(codeOf(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter])), 'ok');
  });

  it('refuses malformed notes', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('\u2014', '-')}`,
      `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`,
      `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 PeterNeumann AAAAAA==\n`,
      `${TEXT}\n\u2014 Peter+Neumann ${PETER_SIG.split(' ')[2] ?? ''}`,
    ];
    for (const msg of bad) {
      assert.equal(
        codeOf(openNote(msg, [peter])),
        'REGISTRY_TLOG_NOTE_MALFORMED',
        JSON.stringify(msg),
      );
    }
    const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    assert.equal(codeOf(openNote(invalidUtf8, [peter])), 'REGISTRY_TLOG_NOTE_MALFORMED');
    assert.equal(
      codeOf(openNote(`\ud800${TEXT}\n${PETER_SIG}`, [peter])),
      'REGISTRY_TLOG_NOTE_MALFORMED',
    );
    assert.equal(
      codeOf(openNote(`${TEXT}\n${PETER_SIG}`, [peter], { maxBytes: 100, maxSignatures: 100 })),
      'REGISTRY_TLOG_NOTE_MALFORMED',
    );
  });
});

describe('signNote and openNote round trips', () => {
  it('verify with fresh keys, through the printed key encodings', () => {
    const log = generateNoteKey('registry.example/log');
    const witness = generateNoteKey('witness.example/w1');
    const text = 'registry.example/log\n12\nline three\n\nafter an empty line\n';
    const note = signNote(text, [signer(log.signerKey), witness.signer]);
    const opened = openNote(note, [verifier(log.verifierKey)]);
    assert.ok(opened.ok);
    assert.equal(opened.value.text, text);
    assert.deepEqual(
      opened.value.unverified.map((s) => s.name),
      ['witness.example/w1'],
    );
    const both = openNote(note, [verifier(log.verifierKey), verifier(witness.verifierKey)]);
    assert.ok(both.ok);
    assert.equal(both.value.verified.length, 2);
  });

  it('reject every one-character change of the signed text or the signature', () => {
    const log = generateNoteKey('registry.example/log');
    const trusted = [verifier(log.verifierKey)];
    const text = 'registry.example/log\n7\nAbC=\n';
    const note = signNote(text, [log.signer]);
    for (let i = 0; i < note.length - 1; i++) {
      const changed =
        note.slice(0, i) + String.fromCharCode(note.charCodeAt(i) ^ 1) + note.slice(i + 1);
      if (changed === note) continue;
      assert.notEqual(codeOf(openNote(changed, trusted)), 'ok', `change at ${i}`);
    }
  });

  it('refuses to sign text a verifier would refuse, and bad signers', () => {
    const { signer: s } = generateNoteKey('k');
    assert.throws(() => signNote('no newline', [s]), { code: 'REGISTRY_TLOG_NOTE_MALFORMED' });
    assert.throws(() => signNote('tab\there\n', [s]), { code: 'REGISTRY_TLOG_NOTE_MALFORMED' });
    assert.throws(() => signNote('a\n', []), { code: 'REGISTRY_TLOG_KEY_INVALID' });
    assert.throws(() => signNote('a\n', [s, s]), { code: 'REGISTRY_TLOG_KEY_INVALID' });
    assert.throws(() => generateNoteKey('bad name'), { code: 'REGISTRY_TLOG_KEY_INVALID' });
  });
});
