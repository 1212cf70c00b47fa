import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { MlsecError, snippet } from '@mlsec/core';
import type { Connection } from './config.ts';

/** Largest JSON response read from the registry (a manifest of 10,000 files is about 1.5 MB). */
const MAX_JSON_BYTES = 8 * 1024 * 1024;
const CODE = /^[A-Z][A-Z0-9_]{0,79}$/;

/**
 * The registry answered with an error body `{ error: { code, message } }`. The code is the server's
 * (not necessarily one this CLI knows), so this is not an MlsecError; the registry dispatcher prints
 * it as `mlsec: error CODE: message`.
 */
export class RegistryHttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** The whole parsed body (a 422 promotion refusal carries `gates`). */
  readonly body: unknown;

  constructor(status: number, code: string, message: string, body: unknown) {
    super(message);
    this.name = 'RegistryHttpError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** JSON.parse that never lets `__proto__`-style keys reach an object (responses are untrusted). */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) =>
    key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value,
  );
}

async function readBounded(response: Response, max: number): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > max) {
      await response.body.cancel().catch(() => undefined);
      throw new MlsecError('CLI_REGISTRY_BAD_RESPONSE', `the response is larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The error a non-2xx response stands for: the server's code when its body has one. */
async function errorOf(response: Response): Promise<RegistryHttpError> {
  let text: string | undefined;
  try {
    text = await readBounded(response, MAX_JSON_BYTES);
  } catch {
    text = undefined;
  }
  return errorFromBody(response.status, text);
}

/** The error of a non-2xx answer from its status and (bounded) body text. */
function errorFromBody(status: number, text: string | undefined): RegistryHttpError {
  let body: unknown;
  try {
    body = text === undefined ? undefined : parseJson(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code =
    typeof error?.code === 'string' && CODE.test(error.code)
      ? error.code
      : 'REGISTRY_HTTP_' + String(status);
  const message =
    typeof error?.message === 'string'
      ? snippet(error.message, 300)
      : `the registry answered HTTP ${status}`;
  return new RegistryHttpError(status, code, message, body);
}

/** A Node response body, read up to `max` bytes as UTF-8 (undefined past it). */
async function readMessage(message: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of message as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      message.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A file to stream as a request body, with a byte counter for progress. */
export interface UploadBody {
  readonly path: string;
  readonly size: number;
  readonly onBytes?: (n: number) => void;
}

/** Bytes read from a file per chunk when uploading (fewer, larger writes to the socket). */
const UPLOAD_CHUNK = 1024 * 1024;

/** Options of one request. */
export interface RequestOptions {
  readonly method?: string;
  readonly json?: unknown;
  readonly text?: { readonly body: string; readonly contentType: string };
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * A thin client of the registry's /v1 API: bearer token, no redirects (a token must not follow one to
 * another host), bounded JSON bodies, and error bodies turned into RegistryHttpError.
 */
export class RegistryClient {
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** The base URL (for messages). */
  get url(): string {
    return this.#connection.url;
  }

  /** The URL of `segments` below /v1, each segment percent-encoded. */
  urlOf(segments: readonly string[], query?: Readonly<Record<string, string>>): string {
    const path = segments.map((s) => encodeURIComponent(s)).join('/');
    const search = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`;
    return `${this.#connection.url}/v1/${path}${search}`;
  }

  /** Send a request; resolves with the (2xx) response, whose body the caller reads. */
  async send(segments: readonly string[], options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#connection.token !== undefined)
      headers['authorization'] = `Bearer ${this.#connection.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = options.text.contentType;
      body = options.text.body;
    }
    let response: Response;
    try {
      response = await fetch(this.urlOf(segments, options.query), {
        method: options.method ?? 'GET',
        headers,
        redirect: 'error',
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why =
        typeof cause?.code === 'string'
          ? cause.code
          : typeof cause?.message === 'string'
            ? cause.message
            : error instanceof Error
              ? error.message
              : String(error);
      throw new MlsecError(
        'CLI_REGISTRY_UNREACHABLE',
        `no answer from ${this.#connection.url}: ${snippet(why, 200)}`,
        { cause: error },
      );
    }
    if (response.status < 200 || response.status > 299) throw await errorOf(response);
    return response;
  }

  /**
   * A bulk transfer over node:http(s) streams rather than fetch: a file as the body (with its
   * length), and the response body as a Node stream, which the caller must consume. Same rules as
   * send(): bearer token, no redirect followed (a 3xx is an error), non-2xx answers as
   * RegistryHttpError. Model files go through here: fetch's web streams cost a third of the speed.
   */
  async stream(
    segments: readonly string[],
    options: { readonly method?: string; readonly upload?: UploadBody } = {},
  ): Promise<IncomingMessage> {
    const url = new URL(this.urlOf(segments));
    const headers: Record<string, string | number> = { accept: 'application/json, */*' };
    if (this.#connection.token !== undefined)
      headers['authorization'] = `Bearer ${this.#connection.token}`;
    if (options.upload !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = options.upload.size;
    }
    const unreachable = (error: unknown): MlsecError => {
      const code = (error as { code?: unknown }).code;
      const why =
        typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
      return new MlsecError(
        'CLI_REGISTRY_UNREACHABLE',
        `no answer from ${this.#connection.url}: ${snippet(why, 200)}`,
        { cause: error },
      );
    };
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: options.method ?? 'GET', headers },
        resolve,
      );
      request.on('error', (error) => reject(unreachable(error)));
      const upload = options.upload;
      if (upload === undefined) {
        request.end();
        return;
      }
      const file = createReadStream(upload.path, { highWaterMark: UPLOAD_CHUNK });
      if (upload.onBytes !== undefined) {
        const onBytes = upload.onBytes;
        file.on('data', (chunk) => onBytes(chunk.length));
      }
      // A refused upload may answer before the whole body is sent: the answer wins, not the pipe.
      pipeline(file, request).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'ENOENT' || file.errored !== null) {
          reject(
            new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot read ${snippet(upload.path, 200)}`, {
              cause: error,
            }),
          );
        }
      });
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      throw errorFromBody(status, await readMessage(response, MAX_JSON_BYTES));
    }
    return response;
  }

  /** Send a request and return its JSON body. */
  async json(segments: readonly string[], options: RequestOptions = {}): Promise<unknown> {
    const response = await this.send(segments, options);
    const text = await readBounded(response, MAX_JSON_BYTES);
    try {
      return parseJson(text);
    } catch {
      throw new MlsecError('CLI_REGISTRY_BAD_RESPONSE', 'the registry answered with invalid JSON');
    }
  }
}

/** A field of a JSON response, checked: a wrong type is CLI_REGISTRY_BAD_RESPONSE. */
export function field<T>(
  value: unknown,
  key: string,
  check: (v: unknown) => v is T,
  what: string,
): T {
  const v =
    typeof value === 'object' && value !== null && Object.hasOwn(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  if (!check(v)) {
    throw new MlsecError(
      'CLI_REGISTRY_BAD_RESPONSE',
      `the registry's answer has no ${what} (${key})`,
    );
  }
  return v;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isStringOrNull = (v: unknown): v is string | null =>
  typeof v === 'string' || v === null;
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
