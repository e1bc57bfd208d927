import type { z } from 'zod';
import { errorBodySchema, type FieldError } from '../../contracts/common.ts';

/** An API failure with the server's message already in the caller's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';

/** Set from the login response and from GET /api/auth/me; sent with every state change. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions<S extends z.ZodType> {
  schema: S;
  query?: Query;
  /** A JSON body, or a FormData (multipart upload: the browser sets the boundary). */
  body?: unknown;
  /** Extra headers for one call (e.g. idempotency-key); the client's own headers win. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const SAFE = new Set(['GET', 'HEAD']);

/**
 * One request to the API: same-origin credentials, the CSRF header on state changes, JSON or
 * multipart bodies, and the response parsed with the contract's zod schema so a drifted server
 * fails loudly here. Features call this (through `api`), never `fetch`.
 */
export async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions<S>,
): Promise<z.infer<S>> {
  const form = options.body instanceof FormData;
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (!SAFE.has(method)) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body:
        options.body === undefined
          ? undefined
          : form
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', networkMessage());
  }
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(json);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(res.status, e.code, e.message, e.fields ?? [], e.requestId);
    }
    throw new ApiError(res.status, 'HTTP', `HTTP ${res.status}`);
  }
  return options.schema.parse(json);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkMessage(): string {
  return document.documentElement.lang === 'en'
    ? 'Cannot reach the server; check the connection'
    : '无法连接服务器，请检查网络';
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, query?: Query, signal?: AbortSignal) =>
    request('GET', path, { schema, query, signal }),
  post: <S extends z.ZodType>(
    path: string,
    schema: S,
    body: unknown = {},
    headers?: Record<string, string>,
  ) => request('POST', path, { schema, body, headers }),
  put: <S extends z.ZodType>(path: string, schema: S, body: unknown = {}) =>
    request('PUT', path, { schema, body }),
  patch: <S extends z.ZodType>(path: string, schema: S, body: unknown = {}) =>
    request('PATCH', path, { schema, body }),
  delete: <S extends z.ZodType>(path: string, schema: S) => request('DELETE', path, { schema }),
  /** A multipart POST of one file in the part named `file`, the name the server's uploads read. */
  upload: <S extends z.ZodType>(path: string, schema: S, file: File, query?: Query) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return request('POST', path, { schema, body, query });
  },
  /**
   * A multipart POST of many files with the bytes sent so far reported as they go (fetch cannot
   * report upload progress, XMLHttpRequest can): each file under the part name `file`, in order.
   */
  uploadMany: <S extends z.ZodType>(
    path: string,
    schema: S,
    files: File[],
    onProgress: (sent: number, total: number) => void,
  ): Promise<z.infer<S>> => {
    const body = new FormData();
    for (const file of files) body.append('file', file, file.name);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', networkMessage()));
      xhr.onload = () => {
        const json = xhr.responseText ? safeJson(xhr.responseText) : undefined;
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(schema.parse(json));
          return;
        }
        const parsed = errorBodySchema.safeParse(json);
        reject(
          parsed.success
            ? new ApiError(
                xhr.status,
                parsed.data.error.code,
                parsed.data.error.message,
                parsed.data.error.fields ?? [],
                parsed.data.error.requestId,
              )
            : new ApiError(xhr.status, 'HTTP', `HTTP ${xhr.status}`),
        );
      };
      xhr.send(body);
    });
  },
};

/** Hands a blob made in the browser to the user as a file named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
