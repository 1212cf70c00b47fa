import { fail, issue } from '@mlsec/core';
import type { ParseResult } from '@mlsec/core';
import type { RepoContext } from '../../engine/context.ts';
import { frontMatterOf, parseCardMetadata } from './model-card.ts';
import type { CardMetadata } from './model-card.ts';
import { MODEL_CONFIG_KEYS, baseOf, dirOf, isStrongMarker, joinPath } from './layout.ts';
import type { HfRepoOptions } from './options.ts';
import { readBounded } from './read-bounded.ts';
import { asObject, parseJsonSafe } from './safe-json.ts';

/** README.md of a folder: absent, without front matter, or its parsed metadata (or why it failed). */
export type CardLoad =
  | { readonly kind: 'absent' }
  | { readonly kind: 'no-front-matter' }
  | { readonly kind: 'parsed'; readonly result: ParseResult<CardMetadata> };

/**
 * Per-run state of the review: the context, effective options, and caches so that each configuration
 * and README is read and parsed once (classification and review both need them).
 */
export class RepoState {
  readonly ctx: RepoContext;
  readonly options: HfRepoOptions;
  readonly fileSet: ReadonlySet<string>;
  private readonly configs = new Map<string, Promise<ParseResult<unknown>>>();
  private readonly cards = new Map<string, Promise<CardLoad>>();
  private readonly byDir = new Map<string, string[]>();

  constructor(ctx: RepoContext, options: HfRepoOptions) {
    this.ctx = ctx;
    this.options = options;
    this.fileSet = new Set(ctx.files);
    for (const file of ctx.files) {
      const dir = dirOf(file);
      const names = this.byDir.get(dir) ?? [];
      names.push(baseOf(file));
      this.byDir.set(dir, names);
    }
  }

  /** Base names of the files directly in folder `dir`. */
  namesIn(dir: string): readonly string[] {
    return this.byDir.get(dir) ?? [];
  }

  /** Folders that directly hold at least one file. */
  dirs(): readonly string[] {
    return [...this.byDir.keys()];
  }

  /** Parse a JSON configuration of the repository (bounded, prototype-pollution safe), once. */
  config(file: string): Promise<ParseResult<unknown>> {
    let pending = this.configs.get(file);
    if (pending === undefined) {
      if (this.configs.size >= this.options.maxConfigFiles) {
        return Promise.resolve(
          fail([issue('HF_TOO_MANY_CONFIGS', `over ${this.options.maxConfigFiles} configs`)]),
        );
      }
      pending = this.loadConfig(file);
      this.configs.set(file, pending);
    }
    return pending;
  }

  private async loadConfig(file: string): Promise<ParseResult<unknown>> {
    const limit = this.options.maxConfigBytes;
    const read = await readBounded(this.ctx, file, limit);
    if (read === undefined) return fail([issue('HF_UNREADABLE', 'file could not be read')]);
    if (read.truncated) return fail([issue('HF_JSON_TOO_LARGE', `larger than ${limit} bytes`)]);
    return parseJsonSafe(read.text);
  }

  /** The README.md model card of folder `dir`, once. */
  card(dir: string): Promise<CardLoad> {
    let pending = this.cards.get(dir);
    if (pending === undefined) {
      pending = this.loadCard(joinPath(dir, 'README.md'));
      this.cards.set(dir, pending);
    }
    return pending;
  }

  private async loadCard(file: string): Promise<CardLoad> {
    if (!this.fileSet.has(file)) return { kind: 'absent' };
    const read = await readBounded(this.ctx, file, this.options.maxReadmeBytes);
    if (read === undefined)
      return { kind: 'parsed', result: fail([issue('HF_UNREADABLE', 'file could not be read')]) };
    const front = frontMatterOf(read.text, this.options.maxFrontMatterBytes);
    if (front === undefined) return { kind: 'no-front-matter' };
    return {
      kind: 'parsed',
      result: front.ok ? parseCardMetadata(front.value) : fail(front.issues),
    };
  }

  /**
   * Is folder `dir` the root of a Hugging Face repository? Yes when it holds a file only such
   * repositories have, a config.json with model keys, or a README.md whose front matter is a model card.
   */
  async isRepoRoot(dir: string): Promise<boolean> {
    const names = this.namesIn(dir);
    if (names.some(isStrongMarker)) return true;
    if (names.includes('config.json')) {
      const parsed = await this.config(joinPath(dir, 'config.json'));
      const object = parsed.ok ? asObject(parsed.value) : undefined;
      if (object !== undefined && MODEL_CONFIG_KEYS.some((key) => Object.hasOwn(object, key)))
        return true;
    }
    if (names.includes('README.md')) {
      const card = await this.card(dir);
      if (card.kind === 'parsed' && card.result.ok && card.result.value.isModelCard) return true;
    }
    return false;
  }
}
