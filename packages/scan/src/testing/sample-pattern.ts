import type { Node } from '../secrets/go-regex-ast.ts';

type CharsNode = Extract<Node, { kind: 'chars' }>;

/** How samplePattern picks characters and repeat counts. */
export interface SampleOptions {
  /** One character for a character class (often inside it; noise now and then). */
  readonly chars: (node: CharsNode, pick: (n: number) => number) => string;
  /** Most repetitions beyond a repeat's minimum. */
  readonly extraRepeats: number;
}

/**
 * A string built by walking a parsed Go pattern (go-regex-ast): one path through alternations, a few
 * repetitions of repeats, characters chosen by `options.chars`. Such strings match the pattern often and
 * miss it in interesting ways, which is what differential tests of the regex engines want.
 */
export function samplePattern(node: Node, next: () => number, options: SampleOptions): string {
  const pick = (n: number): number => Math.floor(next() * n);
  switch (node.kind) {
    case 'chars':
      return options.chars(node, pick);
    case 'raw':
      return '';
    case 'concat':
      return node.items.map((item) => samplePattern(item, next, options)).join('');
    case 'alt':
      return samplePattern(node.items[pick(node.items.length)]!, next, options);
    case 'group':
      return samplePattern(node.item, next, options);
    case 'repeat': {
      const max = Math.min(node.max, node.min + options.extraRepeats);
      const count = node.min + pick(max - node.min + 1);
      let out = '';
      for (let i = 0; i < count; i++) out += samplePattern(node.item, next, options);
      return out;
    }
  }
}
