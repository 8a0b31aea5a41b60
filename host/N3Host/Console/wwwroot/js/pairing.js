// The "Pairing" panel: this node's certificate (GET /api/cert) to give to the other node, with a copy button.
import { getText } from './api.js';
import { fingerprint } from './format.js';

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

export function wirePairing() {
  $('cert-copy').addEventListener('click', copy);
}
