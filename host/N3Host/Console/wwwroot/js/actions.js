// Force failover, failback, the drill, reload: each asks for a confirmation first, then says what the node answered.
import { post, ApiError } from './api.js';
import { el, render } from './format.js';
import { allowed, session } from './session.js';

const $ = id => document.getElementById(id);

const actions = {
  failover: {
    path: '/api/failover',
    title: 'Force a failover?',
    text: 'The active node hands the active role to its peer. Outputs and clients move to the other node. Run it on the active node.',
    confirm: 'Force failover',
  },
  failback: {
    path: '/api/failback',
    title: 'Fail back to the primary?',
    text: 'The primary takes the active role back from the backup (after the stored data is synchronized).',
    confirm: 'Fail back',
  },
  drill: {
    path: '/api/drill',
    title: 'Run the failover drill?',
    text: 'A real failover to the backup and back, measured: the active role moves twice. Run it on the primary while it is active.',
    confirm: 'Run the drill',
  },
  reload: {
    path: '/api/config/reload',
    title: 'Reload the configuration?',
    text: 'The node reads modules.json again and applies the changes; modules whose settings changed restart. A paired node passes the new configuration to its peer.',
    confirm: 'Reload',
  },
};

function confirmAsync(action) {
  const dialog = $('confirm');
  $('confirm-title').textContent = action.title;
  $('confirm-text').textContent = action.text;
  $('confirm-ok').textContent = action.confirm;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

function show(kind, title, body) {
  const result = $('action-result');
  result.hidden = false;
  result.dataset.kind = kind;
  result.replaceChildren(el('b', { text: title }), body ? el('div', {}, body) : null);
}

async function run(name) {
  const action = actions[name];
  if (!(await confirmAsync(action))) return;
  show('busy', `${action.confirm}: waiting for the node…`);
  try {
    const answer = await post(action.path, {});
    const { message, ...rest } = answer || {};
    show('ok', message || `${action.confirm}: done`, Object.keys(rest).length ? render(rest) : null);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    show('error', `${action.confirm}: refused`, e.message);
  }
}

/// Enables what the user's role allows and what makes sense on this node (no failover on a standalone node).
export function updateActions(status) {
  const standalone = String(status.mode).toLowerCase() === 'standalone';
  const standby = String(status.role).toLowerCase() !== 'active';
  const notes = [];
  for (const [name] of Object.entries(actions)) {
    const button = $(`action-${name}`);
    const pairOnly = name !== 'reload';
    button.disabled = !allowed(name) || (pairOnly && standalone) || (name === 'failover' && standby);
    button.hidden = !allowed(name) && session.secured;
  }
  if (standalone) notes.push('This node is standalone: failover, failback and the drill need a redundant pair.');
  else if (standby) notes.push('This node is not active: force a failover from the active node.');
  if (session.secured && !allowed('failover')) notes.push(`Your role (${session.role}) can watch, not act.`);
  else if (session.secured && !allowed('reload')) notes.push('Reloading the configuration needs the admin role.');
  $('actions-note').textContent = notes.join(' ');
}

export function wireActions() {
  for (const name of Object.keys(actions)) $(`action-${name}`).addEventListener('click', () => run(name));
}
