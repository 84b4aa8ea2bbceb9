// Calls to this sandbox's control plane, with the token the person gave (if the control plane
// needs one). The token is kept in sessionStorage: this tab only, gone when it closes.
import { $ } from './dom.js';

export const PREFIX = document.documentElement.dataset.prefix || '/__sandbox';
export const TOKEN_KEY = 'thread-sandbox.token';

export const storedToken = () => sessionStorage.getItem(TOKEN_KEY);

export function authHeaders() {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** A call refused for want of a token: the form is shown already, nothing else to say. */
export class Refused extends Error {}

export async function call(method, path) {
  const res = await fetch(PREFIX + path, { method, headers: { Accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (res.status === 401) {
    askForToken(await errorText(res));
    throw new Refused('token needed');
  }
  if (!res.ok) throw new Error(`${method} ${PREFIX}${path}: ${res.status} ${await errorText(res)}`);
  return res.status === 204 ? undefined : res.json();
}

export async function errorText(res) {
  try {
    const body = await res.json();
    return body && typeof body.message === 'string' ? body.message : JSON.stringify(body);
  } catch {
    return res.statusText;
  }
}

export function setConnection(text, kind) {
  const pill = $('connection');
  pill.textContent = text;
  pill.className = `pill ${kind || ''}`;
}

export function askForToken(reason) {
  $('token-reason').textContent = storedToken()
    ? `The token was not accepted (${reason}). Enter the admin token, or a tenant's token.`
    : `This control plane needs a token (${reason}).`;
  $('token-form').hidden = false;
  $('token').focus();
  setConnection('token needed', 'bad');
}
