// The node and its pair at a glance: the header (name, role) and the "Redundant pair" panel.
import { el, render, time, keepOpen, shortTime, fingerprint as fingerprintText } from './format.js';

const $ = id => document.getElementById(id);

function lower(text) {
  return text ? String(text).toLowerCase() : '—';
}

export function renderHeader(status) {
  $('node-name').textContent = status.node;
  const role = lower(status.role);
  $('node-role').textContent = role;
  $('node-role').dataset.role = role;
  $('node-role').hidden = false;
  $('top-facts').replaceChildren(
    el('span', {}, 'mode ', el('b', { text: lower(status.mode) })),
    el('span', {}, 'term ', el('b', { text: String(status.term) })),
    el('span', { title: status.roleReason }, 'since ', el('b', { text: shortTime(status.roleSince) })));
  document.title = `${status.node} (${role}) · N3Host`;
}

function roleText(role) {
  return role ? el('span', { class: 'role-chip', 'data-role': lower(role), text: lower(role) }) : el('span', { class: 'muted', text: '—' });
}

function fingerprint(text) {
  return text ? fingerprintText(text) : el('span', { class: 'muted', text: '—' });
}

function versionCell(own, other) {
  const differs = own && other && own !== other;
  return el('span', { class: differs ? 'warn' : '', text: own || '—' });
}

/// This node and its peer side by side: what an engineer compares first.
function sideBySide(status, r) {
  const peer = r.peer || {};
  const rows = [
    ['Node', el('b', { text: status.node }), peer.node ? el('b', { text: peer.node }) : el('span', { class: 'muted', text: 'unknown' })],
    ['Mode', lower(r.mode), peer.mode ? lower(peer.mode) : '—'],
    ['Role', roleText(status.role), peer.connected ? roleText(peer.role) : el('span', { class: 'muted', text: 'not connected' })],
    ['Term', String(status.term), peer.term ?? '—'],
    ['Host version', versionCell(status.hostVersion, peer.hostVersion), versionCell(peer.hostVersion, status.hostVersion)],
    ['Certificate (SHA-256)', fingerprint(r.ownCertificateFingerprint || status.certificateFingerprint),
      fingerprint(peer.certificateFingerprint || r.expectedPeerFingerprint)],
  ];
  return el('table', { class: 'data pair' },
    el('thead', {}, el('tr', {}, el('th', {}), el('th', { text: 'This node' }), el('th', { text: 'Peer' }))),
    el('tbody', {}, rows.map(([name, own, other]) => el('tr', {}, el('th', { text: name }), el('td', {}, own), el('td', {}, other)))));
}

function connection(r) {
  const peer = r.peer || {};
  if (peer.connected) {
    return el('span', {}, el('span', { class: 'yes', text: 'connected' }),
      ` since ${time(peer.connectedSince)}` + (peer.address ? `, ${peer.address}` : '') + (peer.security ? ` (${peer.security})` : ''));
  }
  const parts = [el('span', { class: 'no', text: 'not connected' })];
  if (peer.lastDisconnectReason) parts.push(`: ${peer.lastDisconnectReason}`);
  if (r.attempt) parts.push(el('div', { class: 'muted' }, 'trying: ', render(r.attempt, 2)));
  return el('span', {}, parts);
}

function syncSummary(sync) {
  if (!sync) return el('span', { class: 'muted', text: '—' });
  return el('details', { class: 'inline', 'data-key': 'sync' }, el('summary', { text: sync.state + (sync.lastError ? ` — ${sync.lastError}` : '') }), render(sync, 1));
}

function witness(w) {
  if (!w) return el('span', { class: 'muted', text: 'none configured' });
  return render(w, 1);
}

function serviceLevel(level) {
  if (level === undefined || level === null) return null;
  const quality = level >= 200 ? 'yes' : level >= 100 ? 'warn' : 'no';
  return el('span', { class: quality, text: `${level} of 255` });
}

export function renderPair(status) {
  const body = $('pair-body');
  const r = status.services && status.services.redundancy;
  const alerts = [];
  if (!r) {
    body.replaceChildren(
      el('p', {}, 'This node runs without the Redundancy module: it is standalone and always active.'),
      render({ mode: status.mode, role: status.role, term: status.term, since: status.roleSince, reason: status.roleReason }));
    return;
  }

  if (r.versionMismatch) {
    alerts.push(el('div', { class: 'alert' }, el('b', { text: 'Versions differ: the pair does not synchronize. ' }), r.versionMismatch.message,
      render(r.versionMismatch.differences, 1)));
  }
  if (r.fence) alerts.push(el('div', { class: 'alert' }, el('b', { text: 'Fenced. ' }), render(r.fence, 1)));
  if (r.lastRefusedConnection) {
    alerts.push(el('div', { class: 'alert mild' }, el('b', { text: 'Last refused connection: ' }), render(r.lastRefusedConnection, 1)));
  }

  const standalone = lower(r.mode) === 'standalone';
  // [label, value, shown in standalone mode too]
  const facts = [
    ['Reason', status.roleReason, true],
    ['Since', el('span', { text: time(status.roleSince) }), true],
    ['Service level', serviceLevel(r.serviceLevel), true],
    ['Peer', connection(r), false],
    ['Stored-data sync', syncSummary(r.sync), false],
    ['Configuration sync', r.config ? el('details', { class: 'inline', 'data-key': 'config' }, el('summary', { text: r.config.state || 'details' }), render(r.config, 1)) : null, false],
    ['Failback', r.failback, false],
    ['Witness', witness(r.witness), false],
  ].filter(([, value, always]) => value !== null && value !== undefined && (always || !standalone));
  keepOpen(body, () => body.replaceChildren(
    ...alerts,
    standalone ? el('p', { class: 'muted', text: 'Standalone mode: no peer; this node is always active.' }) : sideBySide(status, r),
    el('dl', { class: 'fields' }, facts.flatMap(([name, value]) => [el('dt', { text: name }), el('dd', {}, value instanceof Node ? value : render(value, 1))]))));
}
