// The moderators' page (served at /moderate by the venue or contributions server; see
// src/node/contributions/routes.ts). Plain DOM, no framework. Everything a resident wrote is set
// with textContent, never as HTML: a story with a <script> in it shows the text "<script>".
// State-changing requests are same-origin JSON with the session's CSRF token.
const $ = (id) => document.getElementById(id);
let csrf = null;
let state = null;

function say(text) {
  $('message').textContent = text ?? '';
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

async function api(path, body) {
  const init = body === undefined
    ? { credentials: 'same-origin' }
    : { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf ?? '' }, body: JSON.stringify(body) };
  const r = await fetch(`/moderate/api/${path}`, init);
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error(json.error ?? `HTTP ${r.status}`), { status: r.status });
  return json;
}

/** The story with each flagged span marked (built from text nodes only). */
function storyView(text, flags) {
  const p = el('p', undefined, 'story');
  let at = 0;
  for (const f of flags) {
    if (f.start > at) p.append(document.createTextNode(text.slice(at, f.start)));
    const m = el('mark', text.slice(f.start, f.end));
    m.title = f.kind;
    p.append(m);
    at = f.end;
  }
  if (at < text.length) p.append(document.createTextNode(text.slice(at)));
  return p;
}

function careText(c) {
  return c.journey.years
    .map((y) => `${y.year}: ${Object.entries(y.care).filter(([, n]) => n > 0).map(([k, n]) => `${n > 1 ? `${n} × ` : ''}${state.care[k] ?? k}`).join(', ')}`)
    .join(' · ');
}

function item(c) {
  const li = el('li');
  li.dataset.id = c.id;
  li.append(el('h2', `${c.installation} · ${state.tiers[c.tier].title} · sent ${new Date(c.createdAt).toLocaleString()}`));
  const facts = el('ul');
  facts.append(el('li', `Community: ${c.journey.community ?? 'not said'} · age band: ${c.journey.ageBand ?? 'not said'}`));
  if (c.journey.years) facts.append(el('li', `Care: ${careText(c)}`));
  if (c.journey.pain) facts.append(el('li', `Pain: ${c.journey.pain.before} out of 10 before, ${c.journey.pain.after} after`));
  li.append(facts);
  if (c.story !== null) {
    if (c.flags.length) li.append(el('p', `Look at: ${c.flagSummary}`, 'flags'));
    li.append(storyView(c.story, c.flags));
  }
  if (c.status !== 'pending') {
    li.append(el('p', `${c.status}${c.decidedBy ? ` by ${c.decidedBy}` : ''}${c.reason ? `: ${c.reason}` : ''}`));
    return li;
  }
  if (c.story !== null) {
    const label = el('label', 'Edit the story before approving (take out names, numbers, exact dates)');
    const area = el('textarea');
    area.value = c.story;
    area.setAttribute('aria-label', 'Story');
    label.append(area);
    const save = el('button', 'Save the edit');
    save.type = 'button';
    save.addEventListener('click', () => act(() => api(`contribution/${c.id}/edit`, { story: area.value }), 'Edit saved.'));
    const lower = el('button', 'Publish without the story');
    lower.type = 'button';
    lower.addEventListener('click', () => act(() => api(`contribution/${c.id}/edit`, { tier: 'card' }), 'The story is taken out; the card stays.'));
    li.append(label, save, lower);
  }
  const preview = el('button', 'Preview the card');
  preview.type = 'button';
  preview.addEventListener('click', () => act(async () => {
    const p = await api(`contribution/${c.id}/preview`, {});
    window.open(p.url, '_blank', 'noopener');
  }));
  const row = el('div', undefined, 'decide');
  const reasonLabel = el('label', 'Reason (kept in the audit log, never published)');
  const reason = el('input');
  reason.name = 'reason';
  reasonLabel.append(reason);
  const approve = el('button', 'Approve');
  approve.type = 'button';
  approve.className = 'approve';
  approve.addEventListener('click', () => act(() => api(`contribution/${c.id}/decide`, { decision: 'approve', reason: reason.value || 'approved' }), 'Approved: it joins the mosaic at the next publication.'));
  const reject = el('button', 'Reject');
  reject.type = 'button';
  reject.className = 'reject';
  reject.addEventListener('click', () => act(() => api(`contribution/${c.id}/decide`, { decision: 'reject', reason: reason.value }), 'Rejected.'));
  row.append(reasonLabel, approve, reject, preview);
  li.append(row);
  return li;
}

async function act(fn, done) {
  try {
    await fn();
    if (done) say(done);
    await refresh();
  } catch (e) {
    if (e.status === 401) return showLogin();
    say(e.message);
  }
}

function render(s) {
  state = s;
  csrf = s.csrf ?? csrf;
  $('login').hidden = true;
  $('desk').hidden = false;
  $('who').textContent = `Logged in as ${s.moderator}.`;
  const n = s.counts;
  $('counts').textContent = `${n.pending} waiting · ${n.approved} approved · ${n.rejected} rejected · ${n.withdrawn} withdrawn`;
  $('publications').textContent = Object.entries(s.publications).map(([name, p]) => (p ? `${name}: publication ${p.rev}, ${p.contributions} contributions, ${new Date(p.at).toLocaleTimeString()}` : `${name}: nothing published yet`)).join(' · ');
  $('queue').replaceChildren(...s.contributions.map(item));
  if (!s.contributions.length) $('queue').append(el('li', 'Nothing here.'));
}

async function refresh() {
  render(await api(`queue?status=${encodeURIComponent($('status').value)}`));
  const a = await api('audit');
  $('audit').replaceChildren(...a.entries.map((e) => el('li', `${new Date(e.at).toLocaleString()} · ${e.actor} · ${e.action}${e.contribution ? ` · ${e.contribution.slice(0, 8)}` : ''}${e.detail && e.detail.reason ? ` · ${e.detail.reason}` : ''}`)));
}

function showLogin() {
  $('login').hidden = false;
  $('desk').hidden = true;
  $('name').focus();
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    const r = await api('login', { name: $('name').value, password: $('password').value });
    csrf = r.csrf;
    $('password').value = '';
    say('');
    await refresh();
  } catch (e) {
    say(e.message);
  }
});
$('logout').addEventListener('click', async () => {
  await api('logout', {}).catch(() => {});
  csrf = null;
  showLogin();
});
$('status').addEventListener('change', () => act(refresh));

refresh().catch((e) => (e.status === 401 ? showLogin() : say(e.message)));
