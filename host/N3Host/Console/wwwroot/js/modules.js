// Every module instance: state, version, last error, and its own status section as readable fields.
import { el, render, time, keepOpen } from './format.js';

/// A status section belongs to an instance when its key is the instance ("redundancy") or ends with ":instance" ("simulator:sim").
function sectionsOf(instance, services) {
  return Object.keys(services).filter(key => key === instance || key.endsWith(`:${instance}`));
}

function card(module, services, used) {
  const keys = sectionsOf(module.instance, services);
  keys.forEach(key => used.add(key));
  const state = String(module.state).toLowerCase();
  return el('article', { class: 'module', 'data-instance': module.instance, 'data-state': state },
    el('header', {},
      el('h3', { text: module.instance }),
      el('span', { class: 'state', 'data-state': state, text: state })),
    el('div', { class: 'muted' }, `${module.module} ${module.version}`, module.follows ? ` · runs ${followsText(module.follows)}` : '',
      module.enabled === false ? ' · disabled' : ''),
    el('div', { class: 'muted' }, `${state} since ${time(module.since)}`),
    module.lastError ? el('div', { class: 'error' }, el('b', { text: 'Last error: ' }), module.lastError) : null,
    keys.map(key => el('details', { 'data-key': key, 'data-open-first': keys.length === 1 && Object.keys(services[key] || {}).length <= 8 ? '' : null },
      el('summary', { text: key === module.instance || keys.length === 1 ? 'Status' : `Status (${key})` }),
      render(services[key]))));
}

function followsText(follows) {
  switch (String(follows).toLowerCase()) {
    case 'activeonly': return 'on the active node only';
    case 'always': return 'on both nodes';
    default: return String(follows);
  }
}

export function renderModules(status) {
  const body = document.getElementById('modules-body');
  const services = status.services || {};
  const used = new Set();
  keepOpen(body, () => {
    const cards = status.modules.map(m => card(m, services, used));
    const rest = Object.keys(services).filter(key => !used.has(key));
    if (rest.length) {
      cards.push(el('article', { class: 'module', 'data-instance': '(node)' },
        el('header', {}, el('h3', { text: 'This node' })),
        el('div', { class: 'muted', text: `n3host ${status.hostVersion}, contracts ${status.contractsVersion}` }),
        el('div', { class: 'muted wrap', text: `configuration ${status.configPath}` }),
        rest.map(key => el('details', { 'data-key': key }, el('summary', { text: key }), render(services[key])))));
    }
    body.replaceChildren(...cards);
  });
}
