/** Pickle analysis without execution: opcode table, disassembler, symbolic machine, stream analyser. */
export { analysePickle, evaluateJoblib, evaluatePickle } from './analyse.ts';
export type { JoblibEvaluation, PickleEvaluation } from './analyse.ts';
export { wrapperAttributes } from './joblib.ts';
export type {
  JoblibArray,
  PickleAnalysis,
  PickleAnalysisOptions,
  PickleCall,
  PickleGlobal,
  PickleInfo,
  PickleStop,
} from './types.ts';
export { ARG_KINDS, OP, OPCODES, opcodeOf } from './opcodes.ts';
export type { ArgKind, OpcodeInfo, OpcodeName } from './opcodes.ts';
export { PickleDecoder } from './decode.ts';
export type { ArgNote, GlobalRef, OpArg } from './decode.ts';
export { decodeOps, disassemble } from './disassemble.ts';
export type { DecodeEnd, DecodedOp } from './disassemble.ts';
export { fixImports } from './compat.ts';
export { PICKLE_ISSUE_CODES } from './issue-codes.ts';
export type { PickleIssueCode } from './issue-codes.ts';
export { HIGHEST_PROTOCOL } from './machine.ts';
export type { GlobalVia } from './machine.ts';
export type {
  AttrValue,
  CallOpcode,
  CallValue,
  ContainerValue,
  FilledItems,
  GlobalValue,
  OpaqueValue,
  PersidValue,
  PickleValue,
} from './values.ts';
