import { ReadError } from '@mlsec/core';
import { limitEncSize } from './cursor.ts';
import type { Hdf5Cursor } from './cursor.ts';
import type { Hdf5File } from './file.ts';

/** Signature, version, type and checksum: the fixed overhead of every v2 B-tree node. */
const PREFIX = 4 + 1 + 1 + 4;
const MAX_DEPTH = 16;
const MAX_NODE_SIZE = 1024 * 1024;

interface NodeRef {
  readonly address: number;
  readonly records: number;
  readonly depth: number;
}

/**
 * Every record of the version 2 B-tree whose header is at `address` (spec §III.A.2), as cursors of
 * `recordSize` bytes, in tree order. Header "BTHD": version 0, type, node size, record size, depth,
 * split/merge percentages, root address, root record count, total records. Internal nodes ("BTIN") hold
 * records and then child pointers: address, record count (sized for a full leaf) and, below depth 1,
 * the total records under the child (sized for a full subtree), as libhdf5's H5B2__hdr_init computes.
 * A node seen twice, a record count a node cannot hold, or more than `maxEntries` records is an error.
 */
export async function readBtree2Records(
  file: Hdf5File,
  address: number,
  expectedType: number,
): Promise<Hdf5Cursor[]> {
  const { offsets, lengths } = file.sizes;
  const head = await file.cursor(
    address,
    PREFIX + 4 + 2 + 2 + 2 + offsets + 2 + lengths,
    'v2 B-tree header',
  );
  head.signature('BTHD', 'v2 B-tree header');
  const version = head.u8();
  const type = head.u8();
  if (version !== 0)
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `v2 B-tree version ${version} is not 0`,
      head.at,
    );
  if (type !== expectedType) {
    throw new ReadError(
      'HDF5_BAD_BTREE',
      `v2 B-tree at ${address} has type ${type}, expected ${expectedType}`,
      head.at,
    );
  }
  const nodeSize = head.u32();
  const recordSize = head.u16();
  const depth = head.u16();
  head.skip(2); // split and merge percentages
  const root = head.address();
  const rootRecords = head.u16();
  if (
    recordSize === 0 ||
    nodeSize > MAX_NODE_SIZE ||
    nodeSize < PREFIX + recordSize ||
    depth > MAX_DEPTH
  ) {
    throw new ReadError(
      'HDF5_BAD_BTREE',
      `v2 B-tree at ${address} has implausible geometry`,
      head.at,
    );
  }
  if (root === undefined) return [];

  // Node geometry per depth (H5B2__hdr_init): max records, and bytes for (cumulative) record counts.
  const maxRecords: number[] = [Math.floor((nodeSize - PREFIX) / recordSize)];
  const cumMax: bigint[] = [BigInt(maxRecords[0] ?? 0)];
  const cumSize: number[] = [0];
  const countSize = limitEncSize(maxRecords[0] ?? 0);
  for (let d = 1; d <= depth; d++) {
    const pointer = offsets + countSize + (cumSize[d - 1] ?? 0);
    const max = Math.floor((nodeSize - (PREFIX + pointer)) / (recordSize + pointer));
    if (max < 1)
      throw new ReadError(
        'HDF5_BAD_BTREE',
        `v2 B-tree nodes of ${nodeSize} bytes cannot hold a record`,
        head.at,
      );
    maxRecords.push(max);
    const cum = BigInt(max + 1) * (cumMax[d - 1] ?? 0n) + BigInt(max);
    cumMax.push(cum);
    cumSize.push(limitEncSize(cum));
  }

  const out: Hdf5Cursor[] = [];
  const seen = new Set<number>();
  const stack: NodeRef[] = [{ address: root, records: rootRecords, depth }];
  while (stack.length > 0) {
    const node = stack.pop() as NodeRef;
    if (seen.has(node.address)) {
      throw new ReadError(
        'HDF5_BTREE_LOOP',
        `v2 B-tree node at ${node.address} is reached twice`,
        file.base + node.address,
      );
    }
    seen.add(node.address);
    if (seen.size > file.bounds.maxEntries) {
      throw new ReadError(
        'HDF5_TOO_MANY_ENTRIES',
        `v2 B-tree at ${address} has too many nodes`,
        file.base + node.address,
      );
    }
    if (node.records > (maxRecords[node.depth] ?? 0)) {
      throw new ReadError(
        'HDF5_BAD_BTREE',
        `v2 B-tree node at ${node.address} claims ${node.records} records`,
        file.base + node.address,
      );
    }
    const cursor = await file.cursor(node.address, nodeSize, 'v2 B-tree node');
    cursor.signature(node.depth === 0 ? 'BTLF' : 'BTIN', 'v2 B-tree node');
    cursor.skip(2); // version, type
    const records: Hdf5Cursor[] = [];
    for (let i = 0; i < node.records; i++) records.push(cursor.sub(recordSize));
    if (out.length + records.length > file.bounds.maxEntries) {
      throw new ReadError(
        'HDF5_TOO_MANY_ENTRIES',
        `v2 B-tree at ${address} has more than ${file.bounds.maxEntries} records`,
        cursor.at,
      );
    }
    if (node.depth === 0) {
      out.push(...records);
      continue;
    }
    const children: NodeRef[] = [];
    for (let i = 0; i <= node.records; i++) {
      const child = cursor.address();
      const count = cursor.uint(countSize);
      if (node.depth > 1) cursor.skip(cumSize[node.depth - 1] ?? 0);
      if (child === undefined)
        throw new ReadError(
          'HDF5_BAD_BTREE',
          'v2 B-tree child pointer is undefined',
          cursor.fileOffset,
        );
      children.push({ address: child, records: count, depth: node.depth - 1 });
    }
    // Records of an internal node sit between its children; order matters only for reporting.
    out.push(...records);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as NodeRef);
  }
  return out;
}
