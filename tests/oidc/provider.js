// A real OpenID provider (the oidc-provider package) for Fixloop's single
// sign-on tests (tests/it/sso.rs), on a free loopback port.
//
//   node provider.js '{"redirectUri": "http://fixloop.test/auth/oidc/callback"}'
//
// Prints one JSON line, {"issuer": "http://127.0.0.1:PORT"}, once it listens.
// Logging in uses oidc-provider's devInteractions form: post the account id
// as `login`. The test tells the script about accounts and about the attack
// to stage with two small control endpoints (never part of the OpenID flow):
//
//   POST /__accounts {"id": "...", "claims": {...}}  an account and its claims
//   POST /__mode {"mode": "..."}
//     genuine         everything is answered by the real provider (default)
//     impostor        discovery and keys still come from the real provider,
//                     but logins and tokens from a second, real provider with
//                     the same issuer, clients and accounts and its own
//                     signing key: its ID tokens are well-formed, for the
//                     right audience and nonce, and signed by the wrong key
//     expired         like impostor, but the second provider signs with the
//                     real provider's key and its ID tokens live 1 second;
//                     its token answers are held back 2 seconds, so the ID
//                     token has expired when it arrives
//     other-audience  the real provider, but the browser's authorization
//                     request and the client's token request are rewritten
//                     to another registered client (`other-app`): the ID
//                     token is genuine, and for another audience
import http from 'node:http';
import crypto from 'node:crypto';

import Provider from 'oidc-provider';

// Stdout carries only the line the test reads; the provider's notices go to stderr.
console.log = console.error;
console.info = console.error;

const options = JSON.parse(process.argv[2] || '{}');
const redirectUri = options.redirectUri || 'http://fixloop.test/auth/oidc/callback';
const accounts = new Map();
let mode = 'genuine';

const CLIENTS = [
  { client_id: 'fixloop', client_secret: 'fixloop-secret' },
  { client_id: 'other-app', client_secret: 'other-app-secret' },
];

function signingKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
}

function configuration(key, idTokenSeconds = 3600) {
  return {
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: idTokenSeconds,
      Interaction: 600,
      Session: 600,
    },
    clients: CLIENTS.map((c) => ({
      ...c,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [key] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username', 'name', 'groups'],
    },
    // The scopes' claims go into the ID token itself, as many providers do.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    // First-party clients: consent is implied.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const genuineKey = signingKey();
  const genuine = new Provider(issuer, configuration(genuineKey)).callback();
  const impostor = new Provider(issuer, configuration(signingKey())).callback();
  const shortLived = new Provider(issuer, configuration(genuineKey, 1)).callback();

  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    if (req.method === 'POST' && url.pathname.startsWith('/__')) {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (url.pathname === '/__accounts') accounts.set(body.id, body.claims || {});
      else if (url.pathname === '/__mode') mode = body.mode;
      res.writeHead(204).end();
      return;
    }
    const published = url.pathname.startsWith('/.well-known/') || url.pathname === '/jwks';
    if (mode === 'impostor' && !published) {
      impostor(req, res);
      return;
    }
    if (mode === 'expired' && !published) {
      if (url.pathname === '/token') {
        const end = res.end.bind(res);
        res.end = (...args) => {
          setTimeout(() => end(...args), 2000);
          return res;
        };
      }
      shortLived(req, res);
      return;
    }
    if (mode === 'other-audience') {
      if (url.pathname === '/auth' && url.searchParams.get('client_id') === 'fixloop') {
        url.searchParams.set('client_id', 'other-app');
        req.url = url.pathname + url.search;
      }
      if (url.pathname === '/token') {
        const other = CLIENTS[1];
        req.headers.authorization = `Basic ${Buffer.from(`${other.client_id}:${other.client_secret}`).toString('base64')}`;
      }
    }
    genuine(req, res);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The test that started us ends: so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
