// A local OpenID Connect provider for trying single sign-on without a real tenant.
//
// It is the maintained `oidc-provider` package (a certified OpenID Provider) configured to look
// like Microsoft Entra ID to Equity Hub: ID tokens carry a tenant ID (`tid`), an object ID
// (`oid`), the person's email and name, and `amr: ["mfa"]` (the provider checked a second
// factor). Its sign-in page lists a few made-up people; pick one, no password.
//
// For local use only: plain http, keys made afresh at each start, everything kept in memory.
//
// Environment (all optional):
//   LOCAL_OIDC_PORT           port on 127.0.0.1 (default 9090); the issuer is http://127.0.0.1:PORT
//   LOCAL_OIDC_CLIENT_ID      the client Equity Hub uses (default equityhub-local)
//   LOCAL_OIDC_CLIENT_SECRET  its secret (default local-secret)
//   LOCAL_OIDC_REDIRECT_URIS  comma-separated callback URLs the client may use
//                             (default http://127.0.0.1:8000/accounts/sso/nhsmail/callback/)
//   LOCAL_OIDC_TENANT         the tenant ID put in `tid` (default local-nhsmail-tenant)

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

const port = Number(process.env.LOCAL_OIDC_PORT || 9090);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.LOCAL_OIDC_CLIENT_ID || 'equityhub-local';
const clientSecret = process.env.LOCAL_OIDC_CLIENT_SECRET || 'local-secret';
const redirectUris = (
  process.env.LOCAL_OIDC_REDIRECT_URIS || 'http://127.0.0.1:8000/accounts/sso/nhsmail/callback/'
).split(',').map((uri) => uri.trim()).filter(Boolean);
const tenant = process.env.LOCAL_OIDC_TENANT || 'local-nhsmail-tenant';

// Made-up people. The first has an NHSmail address nobody in the demo uses: signing in makes a
// new account. The second has the address of a demo account: signing in asks its owner (by
// email) to agree to link the two.
const PEOPLE = [
  {
    id: 'priya',
    oid: '3f7c2a91-0d4e-4b8a-9c61-5e2f8d0a7b13',
    email: 'priya.shah@nhs.net',
    name: 'Priya Shah',
    note: 'New to Equity Hub: the first sign-in makes her account.',
  },
  {
    id: 'amara',
    oid: '8b1e6d24-7a5f-4c3e-a2d9-1f0c9e4b6a58',
    email: 'amara.okafor@example.nhs.uk',
    name: 'Amara Okafor',
    note: 'Has a demo account with this address: the owner is asked to agree to a link.',
  },
];
const byId = new Map(PEOPLE.map((person) => [person.id, person]));

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body { font-family: Arial, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #212b32; }
header { background: #005eb8; color: #fff; padding: .75rem 1rem; margin: -2rem -1rem 1.5rem; }
button { font: inherit; padding: .6rem 1rem; background: #007f3b; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
li { margin-bottom: 1rem; list-style: none; }
ul { padding: 0; }
p.note { margin: .25rem 0 0; color: #4c6272; }
</style></head>
<body><header><strong>Local sign-in service</strong> (for trying Equity Hub's single sign-on)</header>
<main>${body}</main></body></html>`;
}

function accountFor(id) {
  const person = byId.get(id);
  if (!person) return undefined;
  return {
    accountId: person.id,
    async claims() {
      return {
        sub: person.id,
        tid: tenant,
        oid: person.oid,
        email: person.email,
        email_verified: true,
        name: person.name,
        preferred_username: person.email,
      };
    },
  };
}

// Always show the sign-in page (unless this request is the one coming back from it), so a
// second go can pick a different person.
const policy = interactionPolicy.base();
policy.get('login').checks.add(
  new interactionPolicy.Check(
    'fresh_sign_in',
    'the local provider asks who you are every time',
    (ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT
      : interactionPolicy.Check.REQUEST_PROMPT),
  ),
);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'local-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub', 'tid', 'oid', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  // Entra ID puts these claims in the ID token, which is what Equity Hub reads.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600, AccessToken: 600 },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) => accountFor(id),
  // Equity Hub is the only client and is trusted: no consent screen.
  async loadExistingGrant(ctx) {
    const { Grant } = ctx.oidc.provider;
    const known = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (known) {
      const grant = await Grant.find(known);
      if (grant) return grant;
    }
    const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction does not match this browser');
  if (req.method === 'POST' && action === 'login') {
    const person = byId.get((await readForm(req)).get('person'));
    if (!person) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Unknown person');
      return;
    }
    // amr: the methods the provider used; "mfa" says a second factor was checked.
    await provider.interactionFinished(req, res, {
      login: { accountId: person.id, amr: ['pwd', 'mfa'] },
    }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The person cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
    return;
  }
  const choices = PEOPLE.map((person) => `<li>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<input type="hidden" name="person" value="${escapeHtml(person.id)}">
<button type="submit" data-person="${escapeHtml(person.id)}">Sign in as ${escapeHtml(person.name)}</button>
<p class="note">${escapeHtml(person.email)}. ${escapeHtml(person.note)}</p>
</form></li>`).join('\n');
  const body = `<h1>Who are you?</h1>
<p>Pretend to be one of these people. A real provider would check a password and a second factor
here; this one records that it did (<code>amr: ["mfa"]</code>).</p>
<ul>${choices}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page('Sign in (local provider)', body));
}

const handleProvider = provider.callback();
const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/;

const server = http.createServer((req, res) => {
  const match = INTERACTION.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    handleProvider(req, res);
    return;
  }
  interaction(req, res, match[1], match[2]).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`The sign-in could not go on: ${error.message}. Start again from Equity Hub.`);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Local OpenID provider at ${issuer} (client ${clientId}); ready`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
