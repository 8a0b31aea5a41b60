// The node's live feed (GET /api/events, server-sent events): its status at once on a change, tag values every second.

const $ = id => document.getElementById(id);

let source = null;

function linkState(state, text) {
  $('link-state').dataset.state = state;
  $('link-state').textContent = text;
  document.body.classList.toggle('stale', state !== 'live');
}

/// (Re)connects with the tag filter; onStatus and onTags get the parsed events, onLost when the node stops answering.
export function connect(filter, { onStatus, onTags, onLost }) {
  if (source) source.close();
  const url = filter ? `/api/events?filter=${encodeURIComponent(filter)}` : '/api/events';
  source = new EventSource(url);
  source.addEventListener('open', () => linkState('live', 'live'));
  source.addEventListener('status', event => onStatus(JSON.parse(event.data)));
  source.addEventListener('tags', event => onTags(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    if ($('link-state').dataset.state === 'lost') return;
    linkState('lost', `no connection to the node since ${new Date().toLocaleTimeString()}: retrying`);
    onLost();
  });
}

export function disconnect() {
  if (source) source.close();
  source = null;
}
