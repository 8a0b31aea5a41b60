// The operator console: wires the panels to the node's live feed and API.
import { LoginRequired } from './api.js';
import { session, loginFromFragment, loadSession, login, logout } from './session.js';
import { connect, disconnect } from './live.js';
import { renderHeader, renderPair } from './pair.js';
import { renderModules } from './modules.js';
import { renderTags, wireTags } from './tags.js';
import { wireTrend, selectTrendTag, currentChart } from './trend.js';
import { wireActions, updateActions } from './actions.js';
import { loadCertificate, loadPairing, showFingerprint, wirePairing } from './pairing.js';

const $ = id => document.getElementById(id);

let filter = '';
let selectedTag = '';
let lastStatus = '';

function onStatus(status) {
  renderHeader(status);
  // Counters move every second; a panel is rebuilt only when what it shows changed.
  const text = JSON.stringify({ ...status, tagBus: null });
  if (text === lastStatus) return;
  lastStatus = text;
  renderPair(status);
  renderModules(status);
  updateActions(status);
  showFingerprint(status);
}

async function onLost() {
  // The feed also fails when the session ended: then the login form, else EventSource retries by itself.
  try {
    if (!(await loadSession())) showLogin();
  } catch {
    // The node is down: the header says so and the feed keeps retrying.
  }
}

function start() {
  lastStatus = ''; // the actions follow the (new) user's role at the next status
  $('login').hidden = true;
  $('main').hidden = false;
  $('user').hidden = !session.secured;
  $('user-name').textContent = session.user ? `${session.user} (${session.role})` : '';
  connect(filter, { onStatus, onTags: update => renderTags(update, selectedTag, filter !== ''), onLost });
  loadCertificate().catch(handle);
  loadPairing().catch(handle);
}

function showLogin(message) {
  disconnect();
  $('link-state').dataset.state = 'login';
  $('link-state').textContent = 'not logged in';
  $('node-role').hidden = true;
  $('top-facts').replaceChildren();
  document.body.classList.remove('stale');
  $('main').hidden = true;
  $('login').hidden = false;
  $('login-error').hidden = !message;
  $('login-error').textContent = message || '';
  $('login-user').focus();
}

function handle(error) {
  if (error instanceof LoginRequired) {
    showLogin();
    return;
  }
  console.error(error);
}

async function boot() {
  wireTags(
    pattern => {
      filter = pattern;
      connect(filter, { onStatus, onTags: update => renderTags(update, selectedTag, filter !== ''), onLost });
    },
    path => {
      selectedTag = path;
      selectTrendTag(path);
    });
  wireTrend();
  wireActions();
  wirePairing();
  $('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await login($('login-user').value, $('login-password').value);
      $('login-password').value = '';
      if (await loadSession()) start();
    } catch (e) {
      showLogin(e.message);
    }
  });
  $('logout').addEventListener('click', async () => {
    await logout().catch(() => {});
    lastStatus = '';
    showLogin();
  });
  window.addEventListener('unhandledrejection', event => handle(event.reason));
  // A #token= link pasted into a tab that already shows the console: no reload happens, so log in here.
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#token=')) enter().catch(handle);
  });

  await enter();
}

async function enter() {
  await loginFromFragment();
  if (await loadSession()) start();
  else showLogin();
}

// For the browser tests and for a curious engineer's devtools: the trend's uPlot instance.
window.n3console = { trend: currentChart };

boot().catch(handle);
