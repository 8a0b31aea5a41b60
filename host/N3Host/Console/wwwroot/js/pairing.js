// The "Pairing" panel: this node's certificate (GET /api/cert) to give to the other node, with a copy button; for an admin,
// pairing by code: open a code on the primary (POST /api/pair), enter it on the backup (POST /api/pair/join).
import { getJson, getText, post, ApiError } from './api.js';
import { fingerprint, time } from './format.js';
import { session } from './session.js';

const $ = id => document.getElementById(id);

export async function loadCertificate() {
  $('cert-pem').value = await getText('/api/cert');
}

export function showFingerprint(status) {
  $('cert-fingerprint').replaceChildren(fingerprint(status.certificateFingerprint));
}

async function copy() {
  const pem = $('cert-pem');
  try {
    await navigator.clipboard.writeText(pem.value);
  } catch {
    // No clipboard API (a page not on localhost nor HTTPS): copy the selection instead.
    pem.select();
    document.execCommand('copy');
  }
  $('cert-copied').textContent = 'copied';
  setTimeout(() => { $('cert-copied').textContent = ''; }, 2000);
}

function showCode(state) {
  const open = state.phase === 'open';
  $('pair-code-fields').hidden = state.phase === 'none';
  $('pair-code').textContent = open ? state.code : '—';
  $('pair-phase').textContent = state.message || state.phase;
  $('pair-expires').textContent = state.expiresAt ? time(state.expiresAt) : '—';
  $('pair-command').textContent = open && state.listening
    ? `n3host pair --with ${state.listening} --code ${state.code}`
    : '—';
}

/// Shows the pairing forms to an admin, with the code open now (if any).
export async function loadPairing() {
  const admin = session.role === 'admin';
  $('pair-admin').hidden = !admin;
  if (!admin) return;
  try {
    showCode(await getJson('/api/pair'));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    $('pair-admin').hidden = true; // a node without pairing (or a role that may not)
  }
}

async function openCode(event) {
  event.preventDefault();
  const listen = $('pair-listen').value.trim();
  try {
    showCode(await post('/api/pair' + (listen ? `?listen=${encodeURIComponent(listen)}` : ''), {}));
    $('pair-result').textContent = '';
  } catch (e) {
    $('pair-result').textContent = e.message;
  }
}

async function join(event) {
  event.preventDefault();
  $('pair-result').textContent = 'pairing…';
  try {
    const answer = await post('/api/pair/join', {
      with: $('pair-with').value.trim(), code: $('pair-join-code').value.trim(), links: $('pair-links').checked,
    });
    $('pair-result').textContent = `paired with ${answer.peer} (${answer.fingerprint}). ${answer.next || ''}`;
  } catch (e) {
    $('pair-result').textContent = e.message;
  }
}

export function wirePairing() {
  $('cert-copy').addEventListener('click', copy);
  $('pair-open').addEventListener('submit', openCode);
  $('pair-join').addEventListener('submit', join);
}
