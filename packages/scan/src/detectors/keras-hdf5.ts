import { snippet } from '@mlsec/core';
import { parseKerasConfig, readHdf5RootAttributes } from '@mlsec/formats';
import type { Hdf5Attribute } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { kerasConfigCap, reportKerasConfig } from './json-config.ts';

/**
 * Root attributes that Keras 2 / tf.keras (`saving/hdf5_format.py`) and Keras 3's legacy loader parse as
 * JSON and deserialize: the model architecture and the compile arguments.
 */
const CONFIG_ATTRIBUTES = new Set(['model_config', 'training_config']);

function checkAttribute(ctx: ScanContext, entry: Hdf5Attribute): void {
  const label = `the ${snippet(entry.name, 40)} attribute`;
  const evidence = { attribute: entry.name };
  const unparseable = (why: string, code: string): void =>
    ctx.report({
      ruleId: 'keras/unparseable',
      message: `The Keras config in ${label} ${why}, so it was not checked.`,
      offset: entry.offset,
      evidence: { ...evidence, code },
    });
  if (entry.value === undefined) {
    const problem = entry.problem;
    unparseable(
      `could not be decoded (${snippet(problem?.message ?? 'unknown reason', 120)})`,
      problem?.code ?? 'HDF5_UNREADABLE',
    );
    return;
  }
  if (typeof entry.value !== 'string') {
    unparseable('is not a string', 'KERAS_CONFIG_NOT_A_STRING');
    return;
  }
  const parsed = parseKerasConfig(entry.value, ctx.limits);
  if (!parsed.ok) {
    const cause = parsed.issues[0];
    unparseable(
      `is not valid JSON (${snippet(cause?.message ?? 'syntax error', 120)})`,
      cause?.code ?? 'KERAS_JSON_SYNTAX',
    );
    return;
  }
  reportKerasConfig(ctx, parsed.value, { label, evidence });
}

/**
 * Keras 2 / tf.keras `.h5` models: HDF5 files whose root group carries a `model_config` JSON attribute.
 * Reads only the root attributes (never the weights), then checks `model_config` and `training_config`
 * like any Keras config (marshalled lambdas, module references). An HDF5 file without those attributes
 * yields nothing; one whose root attributes cannot be read is `hdf5/unparseable` (fail closed), and
 * whatever attributes were read before the failure are still checked.
 */
export const kerasHdf5Detector: Detector = {
  id: 'keras-hdf5',
  formats: ['hdf5'],
  async run(ctx) {
    const result = await readHdf5RootAttributes(ctx.source, ctx.limits, {
      maxValueBytes: kerasConfigCap(ctx.limits),
    });
    if (!result.ok) {
      const cause = result.issues.find((i) => i.fatal) ?? result.issues[0];
      ctx.report({
        ruleId: 'hdf5/unparseable',
        message: `The HDF5 root group attributes could not be read: ${snippet(cause?.message ?? 'unknown reason', 160)}.`,
        evidence: { code: cause?.code ?? 'HDF5_UNREADABLE' },
        ...(cause?.offset === undefined ? {} : { offset: cause.offset }),
      });
    }
    const read = result.ok ? result.value : result.partial;
    for (const entry of read?.entries ?? []) {
      if (CONFIG_ATTRIBUTES.has(entry.name)) checkAttribute(ctx, entry);
    }
  },
};
