// A real OpenID Connect provider for the tests of the ProConnect sign-in (pytest and `make e2e`), never
// for anything else: oidc-provider 9 (certified implementation), installed by `make test` / `make e2e`
// in build/oidc (pinned in the Makefile), listening on 127.0.0.1 only, keys made at start, data in
// memory. ProConnect-shaped: its routes (/api/v2/…), its scopes and claims, signed userinfo (RS256),
// PKCE S256 required, `acr` and `amr` in the ID token, RP-initiated logout with a confirmation form.
//
// Environment: IDP_PORT (required), IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_REDIRECT_URIS and
// IDP_POST_LOGOUT_REDIRECT_URIS (comma-separated), OIDC_PROVIDER_MODULE (path of oidc-provider's
// lib/index.js; build/oidc's by default).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const module = process.env.OIDC_PROVIDER_MODULE
  ? pathToFileURL(process.env.OIDC_PROVIDER_MODULE).href
  : new URL('../../build/oidc/node_modules/oidc-provider/lib/index.js', import.meta.url).href;
const { Provider } = await import(module);

const port = Number(process.env.IDP_PORT);
if (!port) throw new Error('IDP_PORT manquant');
const emetteur = `http://127.0.0.1:${port}`;
const liste = (nom) => (process.env[nom] || '').split(',').map((s) => s.trim()).filter(Boolean);

// The two test users: an agent signed in by password only (eidas1), and one with a second factor at
// their identity provider (eidas2). The `sub` is opaque and stable, like ProConnect's.
const COMPTES = {
  camille: {
    motDePasse: 'camille-proconnect-test',
    acr: 'eidas1',
    amr: ['pwd'],
    claims: {
      sub: 'b6c1a3f0e2d94c5e8f7a6b5c4d3e2f10',
      given_name: 'Camille',
      usual_name: 'Martin',
      email: 'camille.martin@dijon-metropole.test',
      email_verified: true,
      uid: 'camille.martin',
      siret: '21210231200011',
      idp_id: 'fi-de-test',
    },
  },
  dominique: {
    motDePasse: 'dominique-proconnect-test',
    acr: 'eidas2',
    amr: ['pwd', 'otp'],
    claims: {
      sub: '0f9e8d7c6b5a49382716a5b4c3d2e1f0',
      given_name: 'Dominique',
      usual_name: 'Leroy',
      email: 'dominique.leroy@dijon-metropole.test',
      email_verified: true,
      uid: 'dominique.leroy',
      siret: '21210231200011',
      idp_id: 'fi-de-test',
    },
  },
};
const parSub = Object.fromEntries(Object.entries(COMPTES).map(([nom, c]) => [c.claims.sub, nom]));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const cle = { ...privateKey.export({ format: 'jwk' }), kid: 'idp-de-test', use: 'sig', alg: 'RS256' };

const fournisseur = new Provider(emetteur, {
  clients: [{
    client_id: process.env.IDP_CLIENT_ID || 'pacte-solidarite-test',
    client_secret: process.env.IDP_CLIENT_SECRET || 'secret-du-client-de-test-32-caracteres-au-moins',
    redirect_uris: liste('IDP_REDIRECT_URIS'),
    post_logout_redirect_uris: liste('IDP_POST_LOGOUT_REDIRECT_URIS'),
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [cle] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: ['eidas1', 'eidas2', 'eidas3'],
  scopes: ['openid', 'given_name', 'usual_name', 'email', 'uid', 'siret', 'idp_id'],
  claims: {
    openid: ['sub', 'acr', 'amr', 'auth_time'], // ProConnect always tells how the agent signed in
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    email: ['email', 'email_verified'],
    uid: ['uid'],
    siret: ['siret'],
    idp_id: ['idp_id'],
  },
  routes: {
    authorization: '/api/v2/authorize',
    token: '/api/v2/token',
    userinfo: '/api/v2/userinfo',
    jwks: '/api/v2/jwks',
    end_session: '/api/v2/session/end',
  },
  ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 3600, Grant: 43200, Interaction: 600, Session: 43200 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Déconnexion', `<h1>Se déconnecter de ProConnect (test) ?</h1>${form}
          <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button>
          <button type="submit" form="op.logoutForm">Non, rester connecté</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté de ProConnect (test).</h1>');
      },
    },
  },
  async findAccount(ctx, id) {
    const nom = parSub[id];
    if (!nom) return undefined;
    return { accountId: id, async claims() { return { ...COMPTES[nom].claims }; } };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Erreur', `<h1>Erreur du fournisseur de test</h1><pre>${echapper(JSON.stringify(out))}</pre>`);
  },
});

function echapper(texte) {
  return String(texte).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(titre, corps) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${titre} — ProConnect (test)</title>
    <style>body{font-family:Arial,sans-serif;max-width:30em;margin:3em auto}label{display:block;margin-top:1em}
    input{font-size:1em;padding:.4em;width:100%;box-sizing:border-box}button{margin-top:1em;padding:.6em 1em;font-size:1em}
    .bandeau{background:#000091;color:#fff;padding:.6em 1em}</style></head>
    <body><p class="bandeau">ProConnect — fournisseur d'identité de test</p>${corps}</body></html>`;
}

function formulaire(uid, erreur = '') {
  return page('Connexion', `<h1>Connexion à votre organisation</h1>
    ${erreur ? `<p role="alert" style="color:#ce0500">${echapper(erreur)}</p>` : ''}
    <form method="post" action="/interaction/${uid}">
      <label for="login">Identifiant</label><input id="login" name="login" autocomplete="username" autofocus>
      <label for="password">Mot de passe</label><input id="password" name="password" type="password">
      <button type="submit">Se connecter</button>
    </form>`);
}

async function corps(req) {
  let texte = '';
  for await (const morceau of req) texte += morceau;
  return Object.fromEntries(new URLSearchParams(texte));
}

function envoyer(res, statut, html) {
  res.writeHead(statut, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

// The interactions (login, then an automatic consent: the agent's organisation already agreed).
async function interaction(req, res, uid) {
  const details = await fournisseur.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const { prompt: { details: manquants }, params, session, grantId } = details;
    const accord = grantId
      ? await fournisseur.Grant.find(grantId)
      : new fournisseur.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (manquants.missingOIDCScope) accord.addOIDCScope(manquants.missingOIDCScope.join(' '));
    if (manquants.missingOIDCClaims) accord.addOIDCClaims(manquants.missingOIDCClaims);
    const id = await accord.save();
    return fournisseur.interactionFinished(req, res, { consent: { grantId: id } }, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET') return envoyer(res, 200, formulaire(uid));
  const { login, password } = await corps(req);
  const compte = COMPTES[login];
  if (!compte || compte.motDePasse !== password) {
    return envoyer(res, 200, formulaire(uid, 'Identifiant ou mot de passe incorrect.'));
  }
  return fournisseur.interactionFinished(req, res, {
    login: { accountId: compte.claims.sub, acr: compte.acr, amr: compte.amr, remember: true },
  }, { mergeWithLastSubmission: false });
}

const rappel = fournisseur.callback();
const serveur = http.createServer(async (req, res) => {
  const trouve = /^\/interaction\/([\w-]+)$/.exec(req.url.split('?')[0]);
  if (!trouve) return rappel(req, res);
  try {
    await interaction(req, res, trouve[1]);
  } catch (erreur) {
    envoyer(res, 400, page('Erreur', `<pre>${echapper(erreur.message)}</pre>`));
  }
});
serveur.listen(port, '127.0.0.1', () => {
  console.log(`fournisseur OpenID de test prêt sur ${emetteur}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => serveur.close(() => process.exit(0)));
