import { snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates } from './policy-schema.ts';

type MetricsGate = NonNullable<AliasGates['metrics']>;

/** Metrics gate: every named metric attached, a finite number, within its min/max. */
export function checkMetrics(gate: MetricsGate, evidence: GateEvidence): GateResult {
  const failures: string[] = [];
  const passes: string[] = [];
  const metrics = evidence.metrics ?? {};
  for (const [name, bound] of Object.entries(gate)) {
    const value = Object.hasOwn(metrics, name) ? metrics[name] : undefined;
    const label = snippet(name, 64);
    if (value === undefined) failures.push(`${label} missing`);
    else if (!Number.isFinite(value)) failures.push(`${label} is not a finite number`);
    else if (bound.min !== undefined && value < bound.min)
      failures.push(`${label} ${value} < min ${bound.min}`);
    else if (bound.max !== undefined && value > bound.max)
      failures.push(`${label} ${value} > max ${bound.max}`);
    else passes.push(`${label} ${value}`);
  }
  if (failures.length > 0) return { gate: 'metrics', passed: false, detail: failures.join('; ') };
  return { gate: 'metrics', passed: true, detail: `within thresholds: ${passes.join(', ')}` };
}
