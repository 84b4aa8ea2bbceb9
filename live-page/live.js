// The live page of thread-sandbox's control plane: plain browser modules, no dependency, nothing
// loaded from elsewhere. This one wires the parts: the token form, the buttons, and what each
// event of the stream does to the page.
import { $, show } from './dom.js';
import { askForToken, call, Refused, storedToken, TOKEN_KEY } from './control.js';
import { follow, reconnectLater, setHeartbeat, stopStream } from './stream.js';
import { addRequest, addViolation, clearLists, counts, refreshFaults, refreshSummary } from './views.js';

let refreshTimer;
let reloadWanted = false;

/** Reads the faults and the summary again soon (once for a burst of events); `reload`: the lists too. */
function refreshSoon(reload) {
  if (reload) reloadWanted = true;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (reloadWanted) {
      // The journal or the violations were cleared: a new stream brings the fresh backlog.
      reloadWanted = false;
      follow();
      return;
    }
    refreshFaults(removeFault);
    refreshSummary();
  }, 250);
}

async function act(method, path, done) {
  try {
    await call(method, path);
    show(done, 'good');
    refreshSoon();
  } catch (error) {
    if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
  }
}

const removeFault = (fault) => act('DELETE', `/faults/${encodeURIComponent(fault.id)}`, `Fault ${fault.id} removed`);

const handlers = {
  connected: clearLists,
  hello(hello) {
    setHeartbeat(hello.heartbeatMs);
    $('scope').textContent = hello.tenant ? `tenant ${hello.tenant}` : 'everything (admin view)';
    $('forget-token').hidden = !storedToken();
    refreshSoon();
    // A journal shared by replicas (PostgreSQL) pushes no request: read the backlog again now and then.
    if (hello.liveRequests === false) reconnectLater(5000);
  },
  request(r) {
    addRequest(r);
    // A fault that acted has one hit more, or is used up.
    if (r.fault) refreshSoon();
  },
  violation(v) {
    addViolation(v);
    refreshSoon();
  },
  changed(change) {
    refreshSoon(Boolean(change && change.reload));
  },
};

function start() {
  $('reset').addEventListener('click', () => {
    if (confirm('Reset the sandbox to its starting data? The journal, violations and faults are cleared too.')) act('POST', '/reset', 'Reset to the starting data');
  });
  $('clear-faults').addEventListener('click', () => act('DELETE', '/faults', 'Faults cleared'));
  $('clear-journal').addEventListener('click', () => act('DELETE', '/requests', 'Journal cleared'));
  $('clear-violations').addEventListener('click', () => act('DELETE', '/violations', 'Violations cleared'));
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    stopStream();
    clearLists();
    askForToken('forgotten');
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    $('token-form').hidden = true;
    show('', '');
    follow(handlers);
  });
  counts();
  // The index needs no token: a page without one shows the form instead of meeting a 401.
  call('GET', '')
    .then((index) => {
      if (index.tokenRequired && !storedToken()) askForToken("the admin token, or a tenant's token");
      else follow(handlers);
    })
    .catch((error) => {
      if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
      follow(handlers);
    });
}

start();
