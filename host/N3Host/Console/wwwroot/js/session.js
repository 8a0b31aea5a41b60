// Who uses the page, and what they may do. Until the node has users (no /api/me), everything is allowed.
import { getJson, post, ApiError, LoginRequired } from './api.js';

const may = {
  viewer: [],
  operator: ['failover', 'failback', 'drill'],
  admin: ['failover', 'failback', 'drill', 'reload'],
};

export const session = { user: null, role: 'admin', secured: false };

export function allowed(action) {
  return (may[session.role] || []).includes(action);
}

/// A link with #token=XYZ logs in with that token once, and the token leaves the address bar (and the history).
export async function loginFromFragment() {
  const match = /^#token=(.+)$/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, '', location.pathname + location.search);
  try {
    await post('/api/login', { token: decodeURIComponent(match[1]) });
  } catch (e) {
    if (!(e instanceof LoginRequired || e instanceof ApiError)) throw e;
    // The token was refused or expired: the login form follows.
  }
}

/// Returns true when the page may show the node (logged in, or a node without users); false: show the login form.
export async function loadSession() {
  try {
    const me = await getJson('/api/me');
    Object.assign(session, { user: me.user, role: me.role, secured: true });
    return true;
  } catch (e) {
    if (e instanceof LoginRequired) return false;
    if (e instanceof ApiError && e.status === 404) {
      Object.assign(session, { user: null, role: 'admin', secured: false });
      return true;
    }
    throw e;
  }
}

export async function login(user, password) {
  await post('/api/login', { user, password });
}

export async function logout() {
  await post('/api/logout', {});
}
