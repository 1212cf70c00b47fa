import { ReadError, fail, ok, snippet } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { Collector } from './collector.ts';
import { embeddedPickle } from './embedded.ts';
import { PickleDecoder } from './decode.ts';
import { isArrayWrapper, joblibLayout } from './joblib.ts';
import { HIGHEST_PROTOCOL, PickleMachine } from './machine.ts';
import { OP } from './opcodes.ts';
import type { PickleAnalysis, PickleAnalysisOptions, PickleStop } from './types.ts';
import type { CallValue, PickleValue } from './values.ts';

/**
 * Only ReadError is expected here. Anything else is a bug, but input may have triggered it: fail closed
 * with an issue rather than throw out of a parser.
 */
function asReadError(thrown: unknown, offset: number): ReadError {
  if (thrown instanceof ReadError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new ReadError(
    'PICKLE_INTERNAL_ERROR',
    `internal error while analysing: ${snippet(message)}`,
    offset,
  );
}

/** ByteReader's generic codes, named for this format. */
function issueCode(code: string): string {
  return code.startsWith('PICKLE_') || code.startsWith('JOBLIB_') ? code : `PICKLE_${code}`;
}

/** Where a pickle sits: read in the stream, as a joblib object array, or from a pickle.loads argument. */
interface Where {
  readonly joblib: boolean;
  /** Pickles embedded in pickles (and joblib object arrays): bounded by limits.maxDepth. */
  readonly depth: number;
  readonly nestedIn?: number;
  readonly embeddedAt?: number;
}

/** Codes that end the whole analysis even when an embedded pickle raises them (budgets, bugs). */
const PROPAGATE = new Set([
  'PICKLE_TOO_MANY_OPS',
  'PICKLE_TOO_MANY_GLOBALS',
  'PICKLE_TOO_MANY_CALLS',
  'PICKLE_INTERNAL_ERROR',
]);

class Analysis {
  readonly out: Collector;
  private ops = 0;
  /** Embedded pickles already analysed, by the value holding their bytes (repeats add nothing). */
  private readonly embedded = new Set<PickleValue>();
  private readonly bytes: Uint8Array;
  private readonly limits: Limits;
  private readonly joblib: boolean;
  /** The value STOP returned for each top-level pickle, when asked for (evaluatePickle). */
  readonly roots: PickleValue[] | undefined;
  /** With roots: the wrapper of each entry of `out.joblibArrays`, in the same order (evaluateJoblib). */
  readonly wrappers: CallValue[] | undefined;

  constructor(bytes: Uint8Array, options: PickleAnalysisOptions, keepRoots = false) {
    this.roots = keepRoots ? [] : undefined;
    this.wrappers = keepRoots ? [] : undefined;
    this.bytes = bytes;
    this.limits = options.limits;
    this.joblib = options.joblib ?? true;
    this.out = new Collector(options.limits);
  }

  /**
   * Run one pickle of `bytes` from `start` to its STOP; returns the offset after it. Throws ReadError when
   * it cannot go on. `where` says what kind of pickle it is (top level, joblib object array, embedded).
   */
  runPickle(bytes: Uint8Array, start: number, where: Where): number {
    const index = this.out.pickles.length;
    const info: (typeof this.out.pickles)[number] = { start, end: start, protocol: 0, opcodes: 0 };
    if (where.nestedIn !== undefined) info.nestedIn = where.nestedIn;
    if (where.embeddedAt !== undefined) info.embeddedAt = where.embeddedAt;
    this.out.pickles.push(info);
    const decoder = new PickleDecoder(bytes, start, this.limits);
    const machine = new PickleMachine(this.limits, this.out.sinkFor(index), this.out.budget);
    try {
      while (!machine.stopped) {
        decoder.next();
        info.opcodes++;
        if (++this.ops > this.limits.maxOps) {
          throw new ReadError(
            'PICKLE_TOO_MANY_OPS',
            `more than ${this.limits.maxOps} opcodes`,
            decoder.offset,
          );
        }
        machine.step(decoder);
        if (where.joblib && machine.built !== undefined && isArrayWrapper(machine.built)) {
          this.readJoblibArray(decoder, machine, index);
        }
        if (machine.lastCall !== undefined) this.runEmbedded(machine.lastCall, index, where.depth);
      }
      if (where.depth === 0 && where.nestedIn === undefined && machine.result !== undefined) {
        this.roots?.push(machine.result);
      }
    } finally {
      info.end = decoder.resumeOffset;
      info.protocol = machine.declaredProtocol;
    }
    return decoder.resumeOffset;
  }

  /** Analyse the pickle a `pickle.loads(b'...')` call would load; its failure is an issue, not fatal. */
  private runEmbedded(call: CallValue, parent: number, depth: number): void {
    const embedded = embeddedPickle(call, this.limits.maxBytes);
    if (embedded === undefined || this.embedded.has(embedded.source)) return;
    this.embedded.add(embedded.source);
    if (depth >= this.limits.maxDepth) {
      this.out.addIssue(
        'PICKLE_EMBEDDED_TOO_DEEP',
        `pickle loaded at offset ${call.offset} is nested more than ${this.limits.maxDepth} deep`,
        call.offset,
      );
      return;
    }
    try {
      this.runPickle(embedded.bytes, 0, {
        joblib: false,
        depth: depth + 1,
        nestedIn: parent,
        embeddedAt: call.offset,
      });
    } catch (thrown) {
      const error = asReadError(thrown, call.offset);
      if (PROPAGATE.has(error.code)) throw new ReadError(error.code, error.message, call.offset);
      this.out.addIssue(
        'PICKLE_EMBEDDED_MALFORMED',
        `pickle loaded at offset ${call.offset}: ${issueCode(error.code)} ${error.message}`,
        call.offset,
      );
    }
  }

  /** Skip (or analyse, for object arrays) the array data joblib reads right after a wrapper's BUILD. */
  private readJoblibArray(
    decoder: PickleDecoder,
    machine: PickleMachine,
    pickleIndex: number,
  ): void {
    const wrapper = machine.built;
    if (wrapper === undefined || wrapper.kind !== 'call') return;
    const offset = decoder.offset;
    const layout = joblibLayout(wrapper);
    if (layout.kind === 'unknown') {
      throw new ReadError(
        'JOBLIB_ARRAY_UNKNOWN_SIZE',
        `joblib array at offset ${offset}: ${layout.reason}`,
        offset,
      );
    }
    if (decoder.insideFrame) {
      this.out.addIssue(
        'JOBLIB_ARRAY_INSIDE_FRAME',
        `joblib array data at offset ${offset} is read from past the end of the current frame`,
        offset,
      );
    }
    const start = decoder.rawStart();
    let length: number;
    let nestedPickle: number | undefined;
    if (layout.kind === 'pickle') {
      nestedPickle = this.out.pickles.length;
      length =
        this.runPickle(this.bytes, start, { joblib: false, depth: 1, nestedIn: pickleIndex }) -
        start;
    } else {
      const padding = layout.aligned ? (this.bytes[start] ?? 0) + 1 : 0;
      const total = BigInt(padding) + layout.byteLength;
      if (
        (layout.aligned && start >= this.bytes.length) ||
        total > BigInt(this.bytes.length - start)
      ) {
        throw new ReadError(
          'JOBLIB_ARRAY_TRUNCATED',
          `joblib array at offset ${start} needs ${total} bytes, ${this.bytes.length - start} remain`,
          start,
        );
      }
      length = Number(total);
    }
    decoder.consumeRaw(start, length);
    const entry: (typeof this.out.joblibArrays)[number] = {
      offset,
      pickleIndex,
      dataOffset: start,
      dataLength: length,
      dtype: layout.dtype,
      shape: layout.shape,
    };
    const joblibArray = this.out.joblibArrays.length;
    this.out.joblibArrays.push(nestedPickle === undefined ? entry : { ...entry, nestedPickle });
    this.wrappers?.push(wrapper);
    machine.replaceTop({ kind: 'opaque', what: 'ndarray', joblibArray });
  }

  /** Bytes after a STOP start another pickle when they open with a valid PROTO. */
  private opensWithProto(at: number): boolean {
    return this.bytes[at] === OP.PROTO && (this.bytes[at + 1] ?? 0xff) <= HIGHEST_PROTOCOL;
  }

  run(maxPickles: number): { stoppedBy: PickleStop; end: number; fatal: boolean } {
    let pos = 0;
    let count = 0;
    while (pos < this.bytes.length) {
      if (count >= maxPickles) return { stoppedBy: 'max-pickles', end: pos, fatal: false };
      const snap = this.out.snapshot();
      const globalsBefore = this.out.globals.length + this.out.calls.length;
      try {
        pos = this.runPickle(this.bytes, pos, { joblib: this.joblib, depth: 0 });
        count++;
      } catch (thrown) {
        const error = asReadError(thrown, pos);
        // After the first pickle, bytes that neither open with PROTO nor import anything before failing
        // are not a pickle: report them as trailing data rather than as a broken pickle.
        const imported = this.out.globals.length + this.out.calls.length > globalsBefore;
        if (
          count > 0 &&
          !imported &&
          !this.opensWithProto(pos) &&
          error.code !== 'PICKLE_INTERNAL_ERROR'
        ) {
          this.out.rollback(snap);
          this.out.addIssue(
            'TRAILING_DATA',
            `${this.bytes.length - pos} bytes after the pickle ending at offset ${pos} are not a pickle`,
            pos,
          );
          return { stoppedBy: 'trailing-data', end: pos, fatal: false };
        }
        this.out.addIssue(issueCode(error.code), error.message, error.offset, true);
        return { stoppedBy: 'error', end: error.offset, fatal: true };
      }
    }
    return { stoppedBy: 'end-of-input', end: pos, fatal: false };
  }
}

/**
 * Analyse every pickle in `bytes` without executing anything: each import (GLOBAL, STACK_GLOBAL, INST),
 * each call CPython would make (REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX, BUILD, and container opcodes on
 * non-container objects), extension codes, persistent ids, and joblib array data (skipped, or analysed
 * when it is a nested pickle).
 *
 * Result contract: `ok: true` (possibly with non-fatal issues such as TRAILING_DATA or a stack underflow)
 * when every byte up to `end` was decoded; `ok: false` with `partial` holding everything decoded before
 * the error (CPython runs REDUCE as it goes, so calls before a truncation are real) when decoding could
 * not go on. Never throws on bad input.
 *
 * @example
 * const result = analysePickle(bytes, { limits: DEFAULT_LIMITS });
 * const analysis = result.ok ? result.value : result.partial;
 * for (const call of analysis?.calls ?? []) console.log(call.rendered); // posix.system('echo hi')
 */
export function analysePickle(
  bytes: Uint8Array,
  options: PickleAnalysisOptions,
): ParseResult<PickleAnalysis> {
  const { result } = runAnalysis(bytes, options, false);
  return result;
}

/** What evaluatePickle returns: the value the first pickle's STOP returns, with the full analysis. */
export interface PickleEvaluation {
  /** The symbolic object pickle.load would return (calls stay unmade: they are `call` values). */
  readonly root: PickleValue;
  readonly analysis: PickleAnalysis;
}

/**
 * Run the first pickle of `bytes` symbolically, as pickle.load would read it (joblib array data is not
 * special), and return the value its STOP returns plus the analysis. Nothing is imported or called; the
 * caller decides which globals and calls in the returned value it accepts. `ok: false` when the pickle
 * could not be decoded to its STOP (`partial` then carries no root).
 *
 * @example
 * const result = evaluatePickle(dataPkl, DEFAULT_LIMITS);
 * if (result.ok) walk(result.value.root);
 */
export function evaluatePickle(bytes: Uint8Array, limits: Limits): ParseResult<PickleEvaluation> {
  const { result, roots } = runAnalysis(bytes, { limits, maxPickles: 1, joblib: false }, true);
  if (!result.ok) return fail(result.issues);
  const root = roots?.[0];
  // A pickle decoded to its STOP always returns a value; its absence would be a bug here.
  if (root === undefined) {
    return fail([
      { code: 'PICKLE_INTERNAL_ERROR', message: 'the pickle returned no value', fatal: true },
    ]);
  }
  return ok({ root, analysis: result.value }, result.issues);
}

/** What evaluateJoblib returns: the first pickle's value, the analysis and each array's wrapper. */
export interface JoblibEvaluation extends PickleEvaluation {
  /**
   * The symbolic NumpyArrayWrapper of each entry of `analysis.joblibArrays`, same order (its BUILD
   * states hold subclass, order, dtype...). In `root`, each array read is an opaque `ndarray` value
   * whose `joblibArray` is that index.
   */
  readonly wrappers: readonly CallValue[];
}

/**
 * Run every pickle of `bytes` symbolically as joblib.load reads a dump (array data after each
 * NumpyArrayWrapper's BUILD is skipped, or analysed when it is a nested pickle), and return the value
 * the first pickle's STOP returns, the analysis of the whole stream (more pickles, trailing data) and
 * the wrappers. Nothing is imported or called. `ok: false` when the stream cannot be decoded.
 *
 * @example
 * const result = evaluateJoblib(dump, DEFAULT_LIMITS);
 * if (result.ok) console.log(result.value.analysis.joblibArrays.length, result.value.root.kind);
 */
export function evaluateJoblib(bytes: Uint8Array, limits: Limits): ParseResult<JoblibEvaluation> {
  const { result, roots, wrappers } = runAnalysis(bytes, { limits, joblib: true }, true);
  if (!result.ok) return fail(result.issues);
  const root = roots?.[0];
  if (root === undefined || wrappers === undefined) {
    return fail([
      { code: 'PICKLE_INTERNAL_ERROR', message: 'the pickle returned no value', fatal: true },
    ]);
  }
  return ok(
    { root, analysis: result.value, wrappers: wrappers.slice(0, result.value.joblibArrays.length) },
    result.issues,
  );
}

function runAnalysis(
  bytes: Uint8Array,
  options: PickleAnalysisOptions,
  keepRoots: boolean,
): {
  result: ParseResult<PickleAnalysis>;
  roots: readonly PickleValue[] | undefined;
  wrappers: readonly CallValue[] | undefined;
} {
  // Past limits.maxBytes only the first maxBytes are analysed, and the result fails closed.
  const tooLarge = bytes.length > options.limits.maxBytes;
  const analysis = new Analysis(
    tooLarge ? bytes.subarray(0, options.limits.maxBytes) : bytes,
    options,
    keepRoots,
  );
  const out = analysis.out;
  let stop: { stoppedBy: PickleStop; end: number; fatal: boolean };
  if (bytes.length === 0) {
    out.addIssue('PICKLE_EMPTY', 'the input is empty', 0, true);
    stop = { stoppedBy: 'error', end: 0, fatal: true };
  } else {
    stop = analysis.run(options.maxPickles ?? Number.POSITIVE_INFINITY);
  }
  if (tooLarge) {
    const limit = options.limits.maxBytes;
    out.addIssue(
      'PICKLE_INPUT_TOO_LARGE',
      `input exceeds ${limit} bytes; only its start was analysed`,
      limit,
      true,
    );
    stop = { ...stop, fatal: true };
  }
  const value: PickleAnalysis = {
    pickles: out.pickles,
    globals: out.globals,
    calls: out.calls,
    extensions: out.extensions,
    persistentIds: out.persistentIds,
    joblibArrays: out.joblibArrays,
    end: stop.end,
    stoppedBy: stop.stoppedBy,
    globalsDropped: out.globalsDropped,
    callsDropped: out.callsDropped,
  };
  const result = stop.fatal ? fail(out.issues, value) : ok(value, out.issues);
  return { result, roots: analysis.roots, wrappers: analysis.wrappers };
}
