import { SdkWebConfigError } from './sdk-web-config-error.js';

/**
 * Everything shipped to a browser is public. A client key only evaluates; a server key or an
 * admin token would let anyone read targeting rules (or change them), so they are refused here.
 * Other shapes pass: the server is the authority on what a key may do.
 */
export function checkClientKey(clientKey: unknown): string {
  if (typeof clientKey !== 'string' || clientKey.trim() === '') {
    throw new SdkWebConfigError(
      'INVALID_CLIENT_KEY',
      'clientKey',
      'a client SDK key (sy_client_…) is required',
    );
  }
  const key = clientKey.trim();
  if (/\s/.test(key)) {
    throw new SdkWebConfigError('INVALID_CLIENT_KEY', 'clientKey', 'must not contain whitespace');
  }
  if (key.startsWith('sy_server_')) {
    throw new SdkWebConfigError(
      'NOT_A_CLIENT_KEY',
      'clientKey',
      'this is a server SDK key, which can read targeting rules; create a client key for browsers',
    );
  }
  if (key.startsWith('sy_admin_')) {
    throw new SdkWebConfigError(
      'NOT_A_CLIENT_KEY',
      'clientKey',
      'this is an admin token, which can change flags; create a client key for browsers',
    );
  }
  return key;
}
