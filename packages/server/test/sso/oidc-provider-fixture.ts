import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** People the local identity provider knows: the login is the subject. */
export type Directory = Record<string, { name: string; groups: string[] }>;

export interface LocalIdentityProvider {
  issuer: string;
  /** Registers Switchyard as a client once its callback address is known. */
  register(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation) on loopback,
 * with its development login and consent pages. Listening starts first so that its address (the
 * issuer) is known before Switchyard starts; the client is registered after.
 */
export async function startIdentityProvider(directory: Directory): Promise<LocalIdentityProvider> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    register(client) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [client.redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        scopes: ['openid', 'profile', 'email', 'groups'],
        claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
        // Claims in the ID token itself, as most providers are configured for group mapping.
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        ttl: {
          Grant: 600,
          Session: 600,
          Interaction: 600,
          AccessToken: 600,
          IdToken: 600,
          AuthorizationCode: 60,
        },
        cookies: { keys: ['local identity provider test key'] },
        findAccount: async (_ctx, id) => {
          const person = directory[id];
          if (!person) return undefined;
          return {
            accountId: id,
            claims: async () => ({ sub: id, name: person.name, groups: person.groups }),
          };
        },
      });
      handle = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
