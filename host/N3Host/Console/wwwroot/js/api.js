// Requests to the node's API. Every state-changing request carries X-N3Host-Request: 1 and a JSON body;
// a 401 means "log in first" (the session is a cookie the node sets).

export class LoginRequired extends Error {
  constructor(message) {
    super(message || 'log in first');
    this.name = 'LoginRequired';
  }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') return body.error;
  } catch { /* not JSON */ }
  return `${response.status} ${response.statusText}`;
}

async function send(path, options) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) throw new LoginRequired(await errorText(response));
  if (!response.ok) throw new ApiError(response.status, await errorText(response));
  return response;
}

export async function getJson(path) {
  return (await send(path, { headers: { Accept: 'application/json' } })).json();
}

export async function getText(path) {
  return (await send(path, {})).text();
}

export async function post(path, body = {}) {
  const response = await send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-N3Host-Request': '1' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}
