// The phone remote (served by the venue server at /remote; see src/node/venue/server.ts).
// Plain DOM, no framework: it must open on any phone at once. Every text from the server is set
// with textContent, never as HTML. State-changing requests are JSON with the session's CSRF token.
const $ = (id) => document.getElementById(id);
let csrf = null;
let busy = false;

function say(text) {
  $('message').textContent = text ?? '';
}

async function api(path, body) {
  const init = body === undefined
    ? { credentials: 'same-origin' }
    : { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf ?? '' }, body: JSON.stringify(body) };
  const r = await fetch(`/remote/api/${path}`, init);
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error(json.error ?? `HTTP ${r.status}`), { status: r.status });
  return json;
}

function showLogin() {
  $('login').hidden = false;
  $('controls').hidden = true;
}

function option(select, value, text, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  select.append(o);
}

function render(status) {
  const h = status.health;
  $('login').hidden = true;
  $('controls').hidden = false;
  $('venue').textContent = `· ${h.venue}`;
  $('schedule').textContent = `${h.schedule.open ? 'Open' : 'Dark by schedule'}: ${h.schedule.reason}${h.schedule.event ? ` · ${h.schedule.event}` : ''}`;
  if (document.activeElement !== $('installation')) {
    $('installation').replaceChildren();
    for (const name of status.installations) option($('installation'), name, name, name === h.show.installation);
  }
  if (document.activeElement !== $('preset')) {
    $('preset').replaceChildren();
    option($('preset'), '', 'none (as configured)', h.show.preset === null);
    for (const p of status.presets) option($('preset'), p.name, p.description ? `${p.name}: ${p.description}` : p.name, p.name === h.show.preset);
  }
  if (document.activeElement !== $('brightness')) $('brightness').value = String(h.show.brightness);
  $('brightness-value').textContent = `${Math.round(Number($('brightness').value) * 100)}%`;
  if (document.activeElement !== $('volume')) $('volume').value = String(h.show.volume);
  $('volume-value').textContent = `${Math.round(Number($('volume').value) * 100)}%`;
  $('hold').setAttribute('aria-pressed', String(h.show.held));
  $('hold').textContent = h.show.held ? 'Release timeline' : 'Hold timeline';
  $('outputs').replaceChildren(
    ...h.outputs.map((o) => {
      const li = document.createElement('li');
      const state = document.createElement('span');
      state.className = o.status === 'playing' ? 'ok' : o.status === 'dark by schedule' ? 'dark' : 'bad';
      state.textContent = o.status;
      const fps = o.fps === null ? '' : ` · ${o.fps.toFixed(0)} fps`;
      const follows = o.rev === null || o.rev === h.show.rev ? '' : ` · showing revision ${o.rev} of ${h.show.rev}`;
      li.append(`${o.id} (wall output ${o.wallOutput}): `, state, `${fps}${follows}`);
      return li;
    }),
  );
}

async function refresh() {
  if (busy) return;
  try {
    const status = await api('status');
    if (status.csrf) csrf = status.csrf;
    render(status);
  } catch (e) {
    if (e.status === 401) showLogin();
    else say(e.message);
  }
}

async function send(body) {
  busy = true;
  try {
    await api('show', body);
    say('');
  } catch (e) {
    if (e.status === 401) showLogin();
    say(e.message);
  } finally {
    busy = false;
    void refresh();
  }
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    csrf = (await api('login', { password: $('password').value })).csrf;
    $('password').value = '';
    say('');
    await refresh();
  } catch (err) {
    say(err.message);
  }
});
$('installation').addEventListener('change', () => send({ installation: $('installation').value }));
$('preset').addEventListener('change', () => send({ preset: $('preset').value || null }));
$('brightness').addEventListener('input', () => ($('brightness-value').textContent = `${Math.round(Number($('brightness').value) * 100)}%`));
$('brightness').addEventListener('change', () => send({ brightness: Number($('brightness').value), fadeSeconds: 0.5 }));
$('volume').addEventListener('input', () => ($('volume-value').textContent = `${Math.round(Number($('volume').value) * 100)}%`));
$('volume').addEventListener('change', () => send({ volume: Number($('volume').value), fadeSeconds: 0.5 }));
$('hold').addEventListener('click', () => send({ hold: $('hold').getAttribute('aria-pressed') !== 'true' }));
$('identify').addEventListener('click', () => send({ identify: 10 }));
$('reload').addEventListener('click', () => send({ reload: true }));
$('logout').addEventListener('click', async () => {
  await api('logout', {}).catch(() => {});
  csrf = null;
  showLogin();
});

void refresh();
setInterval(refresh, 2000);
