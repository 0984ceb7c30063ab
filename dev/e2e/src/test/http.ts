import http from 'http';

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON (with a JSON content type unless one is given). */
  body?: unknown;
  cookie?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  ms: number;
}

const encodeBody = (body: unknown, headers: Record<string, string>): Buffer | undefined => {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Buffer.from(body);
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (!hasType) headers['Content-Type'] = 'application/json';
  return Buffer.from(JSON.stringify(body));
};

/**
 * One request on a fresh connection (no keep-alive pool), so a test controls exactly what is
 * sent — raw bytes, odd methods, any header — and a closing server affects only this request.
 */
export const request = (baseUrl: string, req: HttpRequest): Promise<HttpResponse> => {
  const headers: Record<string, string> = { ...req.headers };
  const payload = encodeBody(req.body, headers);
  if (req.cookie) headers.Cookie = req.cookie;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      new URL(req.path, baseUrl),
      { method: req.method ?? 'GET', headers, agent: false, timeout: req.timeoutMs ?? 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: Date.now() - started });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method ?? 'GET'} ${req.path} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
};

/**
 * A client bound to one base URL (the router, or one service directly). `onResponse` sees every
 * response, e.g. to check afterwards that none of them leaked a secret.
 */
export const httpClient = (baseUrl: string, onResponse?: (res: HttpResponse) => void) => {
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const res = await request(baseUrl, req);
    onResponse?.(res);
    return res;
  };
  return {
    baseUrl,
    get: (path: string, cookie?: string, headers?: Record<string, string>) => send({ path, cookie, headers }),
    post: (path: string, body: unknown, cookie?: string, headers?: Record<string, string>) =>
      send({ method: 'POST', path, body, cookie, headers }),
    put: (path: string, body: unknown, cookie?: string, headers?: Record<string, string>) =>
      send({ method: 'PUT', path, body, cookie, headers }),
    send,
  };
};

export type HttpClient = ReturnType<typeof httpClient>;

/** `errors: [{message, field?}]` and nothing else: the one error shape every service answers with. */
export const isErrorBody = (json: unknown): boolean => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const { errors, ...rest } = json as { errors?: unknown };
  if (Object.keys(rest).length > 0 || !Array.isArray(errors) || errors.length === 0) return false;
  return errors.every((error: unknown) => {
    if (typeof error !== 'object' || error === null) return false;
    const { message, field, ...others } = error as { message?: unknown; field?: unknown };
    return (
      typeof message === 'string' &&
      message.length > 0 &&
      (field === undefined || typeof field === 'string') &&
      Object.keys(others).length === 0
    );
  });
};

/** The messages of an error body, for readable assertions. */
export const errorMessages = (json: unknown): string[] =>
  isErrorBody(json) ? (json as { errors: { message: string }[] }).errors.map((e) => e.message) : [];
