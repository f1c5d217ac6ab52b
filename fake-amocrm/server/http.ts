// runtime: node
/** Response values, problem+json shapes and query-string helpers of the fake server. */

export interface Reply {
  status: number;
  /** JSON body (serialized by the server), a raw string body, or nothing (204) */
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    json: { title: TITLES[status] ?? 'Error', type: `https://httpstatus.es/${status}`, status, detail, ...extra },
  };
}

export const fail = (status: number, detail: string): HttpError => new HttpError(problem(status, detail));

export interface FieldError {
  code: 'NotSupportedChoice' | 'FieldNotExpected' | 'InvalidType' | 'NotBlank' | 'ValueTooLong' | 'NotFound';
  path: string;
  detail: string;
}

export interface ItemErrors {
  request_id: string;
  errors: FieldError[];
}

export function validationProblem(items: ItemErrors[]): Reply {
  return {
    status: 400,
    contentType: 'application/problem+json',
    json: { 'validation-errors': items, title: 'Bad Request', type: 'https://httpstatus.es/400', status: 400, detail: 'Request validation failed' },
  };
}

export function oauthProblem(hint: string, status = 401): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    json: {
      hint,
      title: 'Некорректный запрос',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    },
  };
}

export function nginxPage(status: number, reason: string): Reply {
  return {
    status,
    contentType: 'text/html',
    text: `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json, contentType: 'application/hal+json' });
export const noContent = (): Reply => ({ status: 204 });

/** Bracketed query parameters: filter[id][]=1, filter[updated_at][from]=…, order[id]=desc. */
export class Query {
  constructor(readonly params: URLSearchParams) {}

  get(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    for (const key of this.params.keys()) if (key === name || key.startsWith(`${name}[`)) return true;
    return false;
  }

  /** every value of name, name[], name[N] (comma-separated values split) */
  list(name: string): string[] {
    const out: string[] = [];
    for (const [key, value] of this.params) {
      if (key === name || key === `${name}[]` || (key.startsWith(`${name}[`) && /^\[\d+\]$/.test(key.slice(name.length)))) {
        for (const part of value.split(',')) if (part.trim() !== '') out.push(part.trim());
      }
    }
    return out;
  }

  /** [from]/[to] range; a plain value is returned as `eq` */
  range(name: string): { from?: number; to?: number; eq?: number } | undefined {
    const from = this.get(`${name}[from]`);
    const to = this.get(`${name}[to]`);
    const eq = this.get(name);
    if (from === undefined && to === undefined && eq === undefined) return undefined;
    const out: { from?: number; to?: number; eq?: number } = {};
    if (from !== undefined) out.from = Number(from);
    if (to !== undefined) out.to = Number(to);
    if (eq !== undefined) {
      // legacy "a,b" form is a range
      const parts = eq.split(',');
      if (parts.length === 2) {
        out.from = Number(parts[0]);
        out.to = Number(parts[1]);
      } else out.eq = Number(eq);
    }
    return out;
  }

  /** the with= list */
  with(): Set<string> {
    const out = new Set<string>();
    for (const value of this.params.getAll('with')) for (const part of value.split(',')) if (part.trim()) out.add(part.trim());
    return out;
  }

  /** order[field]=asc|desc, only for allowed fields */
  order(allowed: string[]): { field: string; desc: boolean } | undefined {
    for (const [key, value] of this.params) {
      const m = /^order\[([a-z_]+)\]$/.exec(key);
      if (m?.[1] && allowed.includes(m[1])) return { field: m[1], desc: value.toLowerCase() === 'desc' };
    }
    return undefined;
  }
}

export const inRange = (value: number | undefined, range: { from?: number; to?: number; eq?: number } | undefined): boolean => {
  if (!range) return true;
  if (value === undefined) return false;
  if (range.eq !== undefined && !Number.isNaN(range.eq) && value !== range.eq) return false;
  if (range.from !== undefined && !Number.isNaN(range.from) && value < range.from) return false;
  if (range.to !== undefined && !Number.isNaN(range.to) && value > range.to) return false;
  return true;
};

/** Parses application/x-www-form-urlencoded with PHP brackets into nested objects/arrays. */
export function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m?.[1]) continue;
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] ?? '')];
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] as string;
      const last = i === path.length - 1;
      const nextIsArray = !last && path[i + 1] === '';
      if (Array.isArray(node)) {
        if (last) node.push(value);
        else {
          const child = nextIsArray ? [] : {};
          node.push(child);
          node = child as Record<string, unknown> | unknown[];
        }
        continue;
      }
      if (key === '' && last) continue;
      if (last) {
        node[key] = value;
      } else {
        const existing = node[key];
        if (existing === undefined || typeof existing !== 'object' || existing === null) node[key] = nextIsArray ? [] : {};
        node = node[key] as Record<string, unknown> | unknown[];
      }
    }
  }
  return root;
}
