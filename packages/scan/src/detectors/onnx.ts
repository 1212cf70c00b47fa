import { posix } from 'node:path';
import { snippet } from '@mlsec/core';
import { parseOnnx } from '@mlsec/formats';
import type { OnnxModel } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { reportIssues } from './report-issues.ts';

/**
 * Operator domains that need no extra native library: the ONNX standard domains ('' and 'ai.onnx'
 * are the same), and com.microsoft, ONNX Runtime's contrib operators (Attention, FusedMatMul, the
 * quantisation ops), which ship compiled into every ONNX Runtime build and fill models optimised by
 * its transformer tools. Anything else runs only through a custom-op library the user registers.
 */
const BUILT_IN_DOMAINS = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'ai.onnx.training',
  'ai.onnx.preview.training',
  'com.microsoft',
]);

/**
 * Why an external-data location leaves the model's folder, or undefined when it stays inside.
 * ONNX resolves `location` relative to the folder of the model file (docs/ExternalData.md); both
 * separators count, since ONNX Runtime on Windows accepts backslashes.
 */
export function escapeReason(location: string): string | undefined {
  if (location.includes('\0')) return 'contains a NUL byte';
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(location)) return 'is a URL';
  if (/^[A-Za-z]:/.test(location)) return 'names a drive';
  if (/^[\\/]/.test(location)) return 'is an absolute path';
  let depth = 0;
  for (const part of location.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return 'climbs out of the model folder';
  }
  return undefined;
}

/** Where a location points, relative to the scan root (or to the archive, for a member). */
function resolved(ctx: ScanContext, location: string): string {
  const model = ctx.location.member?.at(-1) ?? ctx.location.path;
  return posix.normalize(posix.join(posix.dirname(model), location.replace(/\\/g, '/')));
}

function checkExternalData(ctx: ScanContext, model: OnnxModel): void {
  const inside = new Map<string, number>();
  for (const tensor of model.externalTensors) {
    for (const entry of tensor.entries) {
      if (entry.key !== 'location' || entry.value === '') continue;
      const location = entry.value;
      const reason = escapeReason(location);
      if (reason === undefined) {
        inside.set(location, (inside.get(location) ?? 0) + 1);
        continue;
      }
      ctx.report({
        ruleId: 'onnx/external-data-escape',
        message: `Tensor "${snippet(tensor.name, 80)}" loads its data from "${snippet(location, 120)}", which ${reason}: loading the model reads that file.`,
        evidence: {
          location: snippet(location, 200),
          tensor: snippet(tensor.name, 80),
          resolved: snippet(resolved(ctx, location), 200),
        },
        key: [location],
        offset: tensor.offset,
      });
    }
  }
  for (const [location, count] of inside) {
    ctx.report({
      ruleId: 'onnx/external-data',
      message: `${count} tensor(s) load their data from "${snippet(location, 120)}" beside the model; scan and sign that file with it.`,
      evidence: { location: snippet(location, 200), tensors: count },
      key: [location],
    });
  }
}

function checkDomains(ctx: ScanContext, model: OnnxModel): void {
  // Nodes that call a function defined in the model run its body, which is checked on its own.
  const local = new Set(model.functions.map((f) => `${f.domain}\0${f.name}`));
  const byDomain = new Map<string, { ops: Set<string>; graph: string }>();
  for (const op of model.operators) {
    if (BUILT_IN_DOMAINS.has(op.domain) || local.has(`${op.domain}\0${op.opType}`)) continue;
    const known = byDomain.get(op.domain) ?? {
      ops: new Set<string>(),
      graph: op.graph,
    };
    known.ops.add(op.opType);
    byDomain.set(op.domain, known);
  }
  for (const [domain, { ops, graph }] of byDomain) {
    const names = [...ops].slice(0, 10).map((o) => snippet(o, 40));
    ctx.report({
      ruleId: 'onnx/custom-operator-domain',
      message: `Nodes use operators ${names.join(', ')} of the custom domain "${snippet(domain, 80)}" (first in ${snippet(graph, 80)}): they run only through a native custom-op library.`,
      evidence: {
        domain: snippet(domain, 80),
        operators: names.join(' '),
        count: ops.size,
      },
      key: [domain],
    });
  }
}

/**
 * ONNX models. The ModelProto is walked with a bounded protobuf reader (tensor payloads are skipped);
 * external-data locations that leave the model's folder are critical, locations inside it are noted
 * (the files belong to the model), and operators of custom domains are reported. Parser issue
 * messages already have their file-derived strings passed through snippet().
 */
export const onnxDetector: Detector = {
  id: 'onnx',
  formats: ['onnx'],
  async run(ctx: ScanContext) {
    const result = await parseOnnx(ctx.source, ctx.limits);
    reportIssues(ctx, result.issues, 'ONNX', (found) =>
      found.fatal ? 'onnx/unparseable' : 'onnx/malformed',
    );
    if (!result.ok) return;
    checkExternalData(ctx, result.value);
    checkDomains(ctx, result.value);
  },
};
