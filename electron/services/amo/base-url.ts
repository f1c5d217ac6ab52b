// runtime: node
import { AppError } from '../../../shared/api/result';

export interface AccountAddress {
  /** origin without a trailing slash, e.g. https://example.amocrm.ru */
  baseUrl: string;
  subdomain: string;
}

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/i;

/**
 * Accepts a subdomain ("example" → https://example.amocrm.ru), a host ("example.kommo.com")
 * or a full URL (any path is dropped). http:// is accepted only for loopback (the fake server).
 */
export function resolveAccount(input: string): AccountAddress {
  const text = input.trim();
  if (text === '') throw new AppError('BAD_INPUT', 'The account address is empty.', undefined, { key: 'address.empty' });
  if (SUBDOMAIN.test(text) && !text.includes('.')) {
    return { baseUrl: `https://${text.toLowerCase()}.amocrm.ru`, subdomain: text.toLowerCase() };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new AppError('BAD_INPUT', `Not an account address: ${text.slice(0, 100)}`, undefined, { key: 'address.invalid', params: { text: text.slice(0, 100) } });
  }
  const host = url.hostname.toLowerCase();
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError('BAD_INPUT', 'amoCRM is reached over HTTPS only (http:// is allowed for 127.0.0.1 only).', undefined, { key: 'address.https' });
  }
  if (url.username || url.password) throw new AppError('BAD_INPUT', 'The account address must not contain a user name or password.', undefined, { key: 'address.credentials' });
  const first = host.split('.')[0] ?? host;
  const subdomain = loopback ? (url.port ? `local-${url.port}` : 'local') : first;
  return { baseUrl: url.origin, subdomain };
}
