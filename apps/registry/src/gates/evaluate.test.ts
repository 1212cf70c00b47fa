import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateGates } from './evaluate.ts';
import type { GateEvidence } from './evidence.ts';
import { loadGatePolicy, parseGatePolicy } from './load-policy.ts';
import { keyFingerprint } from './trust.ts';
import type { GatePolicy } from './policy-schema.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXAMPLE = join(HERE, '../../examples/gate-policy.yaml');
const KEY = 'sha256:c1e49d63327f85c7e2971aefd30b5a0d1c6b9b5e1a892e7f5fba995adace816d';
const RELEASE = 'https://github.com/example/vision/.github/workflows/release.yml@refs/heads/main';

let policy: GatePolicy;

/** Evidence that passes every production gate of the example policy. */
function good(): GateEvidence {
  return {
    uploader: 'bob',
    signature: { verified: true, keyId: KEY },
    scan: { findings: [{ ruleId: 'hf/no-model-card', severity: 'low' }] },
    provenance: { verified: true, builder: 'https://github.com/actions/runner/github-hosted' },
    metrics: { accuracy: 0.95, toxicity_rate: 0.002, demographic_parity_gap: 0.01 },
    approvals: [
      { principal: 'alice', isApprover: true },
      { principal: 'carol', isApprover: true },
    ],
  };
}

/** good() without one piece of evidence. */
function without(key: 'signature' | 'scan' | 'provenance'): GateEvidence {
  const evidence: { -readonly [K in keyof GateEvidence]?: GateEvidence[K] } = { ...good() };
  delete evidence[key];
  return evidence as GateEvidence;
}

function gate(evidence: GateEvidence, name: string, alias = 'production') {
  const decision = evaluateGates(policy, alias, evidence);
  const result = decision.results.find((r) => r.gate === name);
  assert.ok(result, `no ${name} result`);
  return { decision, result };
}

before(async () => {
  policy = await loadGatePolicy(EXAMPLE);
});

describe('evaluateGates over the example policy', () => {
  it('allows production when every gate passes, in a fixed order', () => {
    const d = evaluateGates(policy, 'production', good());
    assert.equal(d.allowed, true);
    assert.equal(d.rules, 'alias');
    assert.deepEqual(
      d.results.map((r) => [r.gate, r.passed]),
      [
        ['signature', true],
        ['scan', true],
        ['provenance', true],
        ['metrics', true],
        ['approvals', true],
      ],
    );
    assert.equal(d.results[4]?.detail, '2 approvals needed, 2 given (alice, carol)');
  });

  it('uses the default for an unlisted alias, and only its gates', () => {
    const d = evaluateGates(policy, 'staging', { uploader: 'bob', scan: { findings: [] } });
    assert.equal(d.rules, 'default');
    assert.equal(d.allowed, true);
    assert.deepEqual(
      d.results.map((r) => r.gate),
      ['scan'],
    );
    const high = evaluateGates(policy, 'staging', {
      uploader: 'bob',
      scan: { findings: [{ ruleId: 'x', severity: 'high' }] },
    });
    assert.equal(high.allowed, false);
  });

  it('does not inherit properties of Object.prototype as aliases', () => {
    assert.equal(
      evaluateGates(policy, 'constructor', { uploader: 'b', scan: { findings: [] } }).rules,
      'default',
    );
  });

  describe('signature', () => {
    it('passes for a trusted identity', () => {
      const { result } = gate(
        {
          ...good(),
          signature: {
            verified: true,
            identity: { issuer: 'https://token.actions.githubusercontent.com', subject: RELEASE },
          },
        },
        'signature',
      );
      assert.equal(result.passed, true);
    });
    it('fails when missing, unverified, or by an untrusted key or identity', () => {
      const cases: [GateEvidence['signature'], string][] = [
        [undefined, 'the version has no signature'],
        [{ verified: false, keyId: KEY }, 'the signature did not verify'],
        [
          { verified: false, detail: 'VERIFY_MODEL_MISMATCH: modified: a.bin' },
          'the signature did not verify: VERIFY_MODEL_MISMATCH: modified: a.bin',
        ],
        [
          { verified: true, keyId: 'sha256:00' },
          'signed by key sha256:00, which this alias does not trust',
        ],
        [
          { verified: true, identity: { issuer: 'https://evil.test', subject: RELEASE } },
          `signed by identity ${RELEASE} (issuer https://evil.test), which this alias does not trust`,
        ],
      ];
      for (const [signature, detail] of cases) {
        const evidence = signature === undefined ? without('signature') : { ...good(), signature };
        const { decision, result } = gate(evidence, 'signature');
        assert.equal(decision.allowed, false);
        assert.equal(result.detail, detail);
      }
    });
  });

  describe('signature keys named under trust', () => {
    const pem = readFileSync(
      join(
        HERE,
        '../../../../packages/attest/testdata/model-signing/scripts/tests/keys/certificate/signing-key-pub.pem',
      ),
      'utf8',
    );
    const other = readFileSync(
      join(HERE, '../../../../packages/attest/testdata/pki/leaf-pub.pem'),
      'utf8',
    );
    const policyWith = (key: string): GatePolicy => {
      const parsed = parseGatePolicy(
        JSON.stringify({
          version: 1,
          trust: { keys: { release: key } },
          default: { signature: { keys: ['release'] } },
        }),
      );
      assert.ok(parsed.ok, JSON.stringify(parsed));
      return parsed.policy;
    };
    const signedBy = (keyId: string): GateEvidence => ({
      uploader: 'bob',
      signature: { verified: true, keyId, trustedAs: 'release' },
    });

    it('resolves a name to the fingerprint of the key under trust now', () => {
      const d = evaluateGates(policyWith(pem), 'staging', signedBy(keyFingerprint(pem)));
      assert.equal(d.allowed, true);
      assert.match(
        d.results[0]?.detail ?? '',
        /^signed by trusted key release \(sha256:[0-9a-f]{64}\)$/,
      );
    });
    it('refuses once the name holds another key (a rotated or removed key no longer passes)', () => {
      const d = evaluateGates(policyWith(other), 'staging', signedBy(keyFingerprint(pem)));
      assert.equal(d.allowed, false);
      assert.match(d.results[0]?.detail ?? '', /which this alias does not trust/);
    });
  });

  describe('scan', () => {
    it('fails on a finding above the limit, naming the worst', () => {
      const scan = {
        findings: [
          { ruleId: 'a', severity: 'medium' },
          { ruleId: 'pickle/dangerous-callable', severity: 'critical' },
          { ruleId: 'b', severity: 'info' },
        ],
      } as const;
      const { result } = gate({ ...good(), scan }, 'scan');
      assert.equal(result.passed, false);
      assert.equal(
        result.detail,
        '2 finding(s) above the limit (at most low allowed), the worst critical (pickle/dangerous-callable)',
      );
    });
    it('fails without a completed scan', () => {
      assert.equal(
        gate(without('scan'), 'scan').result.detail,
        'the version has no completed scan',
      );
    });
  });

  describe('provenance', () => {
    it('fails when missing, unverified or from an untrusted builder', () => {
      assert.equal(
        gate(without('provenance'), 'provenance').result.detail,
        'the version has no provenance',
      );
      const unverified = {
        ...good(),
        provenance: { verified: false, builder: 'https://github.com/actions/runner/github-hosted' },
      };
      assert.equal(
        gate(unverified, 'provenance').result.detail,
        'the provenance is present but did not verify',
      );
      const other = { ...good(), provenance: { verified: true, builder: 'laptop' } };
      assert.equal(gate(other, 'provenance').result.detail, 'builder laptop is not trusted');
    });
  });

  describe('metrics', () => {
    it('fails naming every metric out of bounds or missing', () => {
      const metrics = { accuracy: 0.91, toxicity_rate: 0.2 };
      const { result } = gate({ ...good(), metrics }, 'metrics');
      assert.equal(result.passed, false);
      assert.equal(
        result.detail,
        'accuracy 0.91 < min 0.92; toxicity_rate 0.2 > max 0.01; demographic_parity_gap missing',
      );
    });
    it('treats NaN as failing and bounds as inclusive', () => {
      const nan = gate(
        {
          ...good(),
          metrics: { accuracy: Number.NaN, toxicity_rate: 0.01, demographic_parity_gap: 0.05 },
        },
        'metrics',
      );
      assert.equal(nan.result.detail, 'accuracy is not a finite number');
      const edge = gate(
        {
          ...good(),
          metrics: { accuracy: 0.92, toxicity_rate: 0.01, demographic_parity_gap: 0.05 },
        },
        'metrics',
      );
      assert.equal(edge.result.passed, true);
    });
  });

  describe('approvals (separation of duties)', () => {
    it('does not count the uploader, says so, and names who counted', () => {
      const approvals = [
        { principal: 'alice', isApprover: true },
        { principal: 'bob', isApprover: true },
      ];
      const { decision, result } = gate({ ...good(), approvals }, 'approvals');
      assert.equal(decision.allowed, false);
      assert.equal(
        result.detail,
        '2 approvals needed, 1 given (alice); bob is the uploader and does not count',
      );
    });
    it('does not count principals without the approver role, nor the same approver twice', () => {
      const approvals = [
        { principal: 'alice', isApprover: true },
        { principal: 'alice', isApprover: true },
        { principal: 'dave', isApprover: false },
      ];
      const { result } = gate({ ...good(), approvals }, 'approvals');
      assert.equal(result.passed, false);
      assert.equal(
        result.detail,
        '2 approvals needed, 1 given (alice); dave does not hold the approver role and does not count',
      );
    });
    it('reports none given', () => {
      const { result } = gate({ ...good(), approvals: [] }, 'approvals', 'canary');
      assert.equal(result.detail, '1 approval needed, 0 given');
    });
  });

  it('a refusal lists every failing gate, not only the first', () => {
    const d = evaluateGates(policy, 'production', { uploader: 'bob' });
    assert.equal(d.allowed, false);
    assert.deepEqual(
      d.results.filter((r) => !r.passed).map((r) => r.gate),
      ['signature', 'scan', 'provenance', 'metrics', 'approvals'],
    );
  });
});
