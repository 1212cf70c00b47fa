import { EMPTY_ROOT, nodeHash } from './hash.ts';
import type { AsyncHashReader, HashReader } from './hash-store.ts';
import { planNodes } from './proof-plan.ts';
import type { ProofPlan } from './proof-plan.ts';
import type { NodeId } from './tree-math.ts';

const key = (node: NodeId): string => `${node.level}/${node.index}`;

/**
 * Fold each plan entry into one hash (MTH of its range: the perfect subtrees hashed from the right,
 * RFC 9162 §2.1.1), given the hashes of `nodes` in order. An empty entry is the empty tree's root.
 */
export function evaluatePlan(
  plan: ProofPlan,
  nodes: readonly NodeId[],
  hashes: readonly Uint8Array[],
): Uint8Array[] {
  const byNode = new Map<string, Uint8Array>();
  nodes.forEach((node, i) => {
    const hash = hashes[i];
    if (hash !== undefined) byNode.set(key(node), hash);
  });
  const lookup = (node: NodeId): Uint8Array => {
    const hash = byNode.get(key(node));
    if (hash === undefined) throw new Error(`tlog: plan node ${key(node)} was not read`);
    return hash;
  };
  return plan.map((entry) => {
    const last = entry.at(-1);
    if (last === undefined) return EMPTY_ROOT;
    let hash = lookup(last);
    for (let i = entry.length - 2; i >= 0; i--) hash = nodeHash(lookup(entry[i] as NodeId), hash);
    return hash;
  });
}

/** Read a plan's nodes from a synchronous store (one batch) and evaluate it. */
export function readPlan(reader: HashReader, plan: ProofPlan): Uint8Array[] {
  const nodes = planNodes(plan);
  return evaluatePlan(plan, nodes, nodes.length === 0 ? [] : reader.readHashes(nodes));
}

/** Read a plan's nodes from an asynchronous store (one batch) and evaluate it. */
export async function readPlanAsync(
  reader: AsyncHashReader,
  plan: ProofPlan,
): Promise<Uint8Array[]> {
  const nodes = planNodes(plan);
  return evaluatePlan(plan, nodes, nodes.length === 0 ? [] : await reader.readHashes(nodes));
}
