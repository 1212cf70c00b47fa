import { ReadError, issue } from '@mlsec/core';
import type { FormatIssue, Limits } from '@mlsec/core';
import { externalTensor } from './external-data.ts';
import {
  ATTRIBUTE,
  DATA_LOCATION_EXTERNAL,
  FUNCTION,
  GRAPH,
  MODEL,
  NODE,
  OPSET,
  SPARSE_TENSOR,
  STRING_ENTRY,
  TENSOR,
  TRAINING_INFO,
} from './schema.ts';
import type {
  OnnxEntry,
  OnnxExternalTensor,
  OnnxFunction,
  OnnxModel,
  OnnxOperator,
} from './types.ts';
import { WIRE } from './wire.ts';
import type { ProtoMessage } from './wire.ts';

/** Longest graph, node or attribute name kept in a path. */
const LABEL = 100;

/**
 * Walks a ModelProto and collects what a scanner needs: operators by domain, model-local functions,
 * opset imports and every tensor stored outside the file. Subgraphs (attributes `g` and `graphs`,
 * training graphs, function bodies) are walked recursively down to `limits.maxDepth`.
 */
export class ModelWalker {
  private readonly limits: Limits;
  readonly issues: FormatIssue[] = [];
  private readonly operators = new Map<
    string,
    { domain: string; opType: string; count: number; graph: string }
  >();
  private readonly functions: OnnxFunction[] = [];
  private readonly externals: OnnxExternalTensor[] = [];
  private graphCount = 0;
  private nodeCount = 0;
  private tensorCount = 0;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  private text(msg: ProtoMessage, what: string): string {
    const at = msg.offset;
    const { value, truncated } = msg.string(this.limits.maxStringLength);
    if (truncated)
      this.issues.push(
        issue(
          'ONNX_STRING_TOO_LONG',
          `${what} is longer than ${this.limits.maxStringLength} bytes`,
          at,
        ),
      );
    return value;
  }

  /** True when `wire` is what the schema says; otherwise report it (the caller skips the field). */
  private expect(msg: ProtoMessage, wire: number, expected: number, what: string): boolean {
    if (wire === expected) return true;
    this.issues.push(
      issue(
        'ONNX_WIRE_TYPE_MISMATCH',
        `${what} has wire type ${wire}, not ${expected}`,
        msg.offset,
      ),
    );
    return false;
  }

  private bounded<T>(list: T[], item: T, what: string): void {
    if (list.length >= this.limits.maxEntries) {
      throw new ReadError('ONNX_LIMIT_EXCEEDED', `more than ${this.limits.maxEntries} ${what}`, 0);
    }
    list.push(item);
  }

  model(msg: ProtoMessage): OnnxModel {
    let irVersion: number | undefined;
    let modelVersion: number | undefined;
    let producerName = '';
    let producerVersion = '';
    let domain = '';
    let hasGraph = false;
    const opsetImports: { domain: string; version: number }[] = [];
    const metadataProps: OnnxEntry[] = [];
    let training = 0;
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === MODEL.irVersion && wire === WIRE.varint) irVersion = msg.varint();
      else if (field === MODEL.modelVersion && wire === WIRE.varint) modelVersion = msg.varint();
      else if (field === MODEL.producerName && wire === WIRE.len)
        producerName = this.text(msg, 'producer_name');
      else if (field === MODEL.producerVersion && wire === WIRE.len)
        producerVersion = this.text(msg, 'producer_version');
      else if (field === MODEL.domain && wire === WIRE.len)
        domain = this.text(msg, 'the model domain');
      else if (field === MODEL.graph && this.expect(msg, wire, WIRE.len, 'graph')) {
        hasGraph = true;
        this.graph(msg.message(), 'graph', 1);
      } else if (field === MODEL.opsetImport && this.expect(msg, wire, WIRE.len, 'opset_import')) {
        this.bounded(opsetImports, this.opset(msg.message()), 'opset imports');
      } else if (
        field === MODEL.metadataProps &&
        this.expect(msg, wire, WIRE.len, 'metadata_props')
      ) {
        this.bounded(metadataProps, this.entry(msg.message()), 'metadata entries');
      } else if (
        field === MODEL.trainingInfo &&
        this.expect(msg, wire, WIRE.len, 'training_info')
      ) {
        this.trainingInfo(msg.message(), `training_info[${training++}]`);
      } else if (field === MODEL.functions && this.expect(msg, wire, WIRE.len, 'functions')) {
        this.function(msg.message());
      } else msg.skip(wire);
    }
    if (!hasGraph) throw new ReadError('ONNX_NO_GRAPH', 'the model has no graph', msg.base);
    if (irVersion === undefined)
      this.issues.push(issue('ONNX_NO_IR_VERSION', 'the model has no ir_version', msg.base));
    return {
      ...(irVersion === undefined ? {} : { irVersion }),
      ...(modelVersion === undefined ? {} : { modelVersion }),
      producerName,
      producerVersion,
      domain,
      opsetImports,
      operators: [...this.operators.values()] as OnnxOperator[],
      functions: this.functions,
      externalTensors: this.externals,
      metadataProps,
      graphCount: this.graphCount,
      nodeCount: this.nodeCount,
      tensorCount: this.tensorCount,
    };
  }

  private opset(msg: ProtoMessage): { domain: string; version: number } {
    let domain = '';
    let version = 0;
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === OPSET.domain && wire === WIRE.len) domain = this.text(msg, 'an opset domain');
      else if (field === OPSET.version && wire === WIRE.varint) version = msg.varint();
      else msg.skip(wire);
    }
    return { domain, version };
  }

  private entry(msg: ProtoMessage): OnnxEntry {
    let key = '';
    let value = '';
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === STRING_ENTRY.key && wire === WIRE.len) key = this.text(msg, 'a key');
      else if (field === STRING_ENTRY.value && wire === WIRE.len) value = this.text(msg, 'a value');
      else msg.skip(wire);
    }
    return { key, value };
  }

  private graph(msg: ProtoMessage, path: string, depth: number): void {
    if (depth > this.limits.maxDepth) {
      throw new ReadError(
        'ONNX_TOO_DEEP',
        `subgraphs nest deeper than ${this.limits.maxDepth} at ${path}`,
        msg.base,
      );
    }
    this.graphCount++;
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === GRAPH.node && this.expect(msg, wire, WIRE.len, 'a node'))
        this.node(msg.message(), path, depth);
      else if (field === GRAPH.initializer && this.expect(msg, wire, WIRE.len, 'an initializer')) {
        this.tensor(msg.message(), path);
      } else if (
        field === GRAPH.sparseInitializer &&
        this.expect(msg, wire, WIRE.len, 'a sparse initializer')
      ) {
        this.sparseTensor(msg.message(), path);
      } else msg.skip(wire);
    }
  }

  private node(msg: ProtoMessage, path: string, depth: number): void {
    this.nodeCount++;
    let name = '';
    let opType = '';
    let domain = '';
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === NODE.name && wire === WIRE.len) name = this.text(msg, 'a node name');
      else if (field === NODE.opType && wire === WIRE.len) opType = this.text(msg, 'an op_type');
      else if (field === NODE.domain && wire === WIRE.len) domain = this.text(msg, 'a node domain');
      else if (field === NODE.attribute && this.expect(msg, wire, WIRE.len, 'an attribute')) {
        this.attribute(msg.message(), `${path}/${(name || opType || '?').slice(0, LABEL)}`, depth);
      } else msg.skip(wire);
    }
    const key = `${domain}\0${opType}`;
    const known = this.operators.get(key);
    if (known) known.count++;
    else {
      if (this.operators.size >= this.limits.maxEntries) {
        throw new ReadError(
          'ONNX_LIMIT_EXCEEDED',
          `more than ${this.limits.maxEntries} distinct operators`,
          msg.base,
        );
      }
      this.operators.set(key, { domain, opType, count: 1, graph: path });
    }
  }

  private attribute(msg: ProtoMessage, path: string, depth: number): void {
    let name = '';
    while (!msg.done) {
      const { field, wire } = msg.tag();
      const here = `${path}.${(name || '?').slice(0, LABEL)}`;
      if (field === ATTRIBUTE.name && wire === WIRE.len) name = this.text(msg, 'an attribute name');
      else if (
        (field === ATTRIBUTE.g || field === ATTRIBUTE.graphs) &&
        this.expect(msg, wire, WIRE.len, 'a subgraph')
      ) {
        this.graph(msg.message(), here, depth + 1);
      } else if (
        (field === ATTRIBUTE.t || field === ATTRIBUTE.tensors) &&
        this.expect(msg, wire, WIRE.len, 'a tensor')
      ) {
        this.tensor(msg.message(), here);
      } else if (
        (field === ATTRIBUTE.sparseTensor || field === ATTRIBUTE.sparseTensors) &&
        this.expect(msg, wire, WIRE.len, 'a sparse tensor')
      ) {
        this.sparseTensor(msg.message(), here);
      } else msg.skip(wire);
    }
  }

  private sparseTensor(msg: ProtoMessage, path: string): void {
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (
        (field === SPARSE_TENSOR.values || field === SPARSE_TENSOR.indices) &&
        this.expect(msg, wire, WIRE.len, 'a sparse tensor part')
      ) {
        this.tensor(msg.message(), path);
      } else msg.skip(wire);
    }
  }

  /** A TensorProto: only its name and external-data fields are read; raw_data is skipped by length. */
  private tensor(msg: ProtoMessage, graph: string): void {
    this.tensorCount++;
    const offset = msg.base;
    let name = '';
    let location = 0;
    const entries: OnnxEntry[] = [];
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === TENSOR.name && wire === WIRE.len) name = this.text(msg, 'a tensor name');
      else if (field === TENSOR.dataLocation && wire === WIRE.varint) location = msg.varint();
      else if (field === TENSOR.externalData && this.expect(msg, wire, WIRE.len, 'external_data')) {
        this.bounded(entries, this.entry(msg.message()), 'external_data entries');
      } else msg.skip(wire);
    }
    if (location === DATA_LOCATION_EXTERNAL || entries.length > 0) {
      const external = location === DATA_LOCATION_EXTERNAL;
      this.bounded(
        this.externals,
        externalTensor(name, graph, external, entries, offset, this.issues),
        'external tensors',
      );
    }
  }

  private trainingInfo(msg: ProtoMessage, path: string): void {
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (
        field === TRAINING_INFO.initialization &&
        this.expect(msg, wire, WIRE.len, 'a training graph')
      ) {
        this.graph(msg.message(), `${path}.initialization`, 1);
      } else if (
        field === TRAINING_INFO.algorithm &&
        this.expect(msg, wire, WIRE.len, 'a training graph')
      ) {
        this.graph(msg.message(), `${path}.algorithm`, 1);
      } else msg.skip(wire);
    }
  }

  /** A FunctionProto: name and domain are read first (they follow the nodes on the wire). */
  private function(msg: ProtoMessage): void {
    let name = '';
    let domain = '';
    const head = msg.fork();
    while (!head.done) {
      const { field, wire } = head.tag();
      if (field === FUNCTION.name && wire === WIRE.len) name = this.text(head, 'a function name');
      else if (field === FUNCTION.domain && wire === WIRE.len)
        domain = this.text(head, 'a function domain');
      else head.skip(wire);
    }
    this.bounded(this.functions, { domain, name }, 'functions');
    const path = `function ${domain.slice(0, LABEL)}:${name.slice(0, LABEL)}`;
    while (!msg.done) {
      const { field, wire } = msg.tag();
      if (field === FUNCTION.node && this.expect(msg, wire, WIRE.len, 'a function node'))
        this.node(msg.message(), path, 1);
      else if (
        field === FUNCTION.attributeProto &&
        this.expect(msg, wire, WIRE.len, 'a function attribute')
      ) {
        this.attribute(msg.message(), path, 1);
      } else msg.skip(wire);
    }
  }
}
