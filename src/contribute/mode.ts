/**
 * Contribute mode (`?mode=contribute&installation=<name>`, which /contribute on a venue or
 * contributions server opens; `&kiosk=1` at the venue): a resident adds their own journey. Plain
 * DOM, plain words, every control labelled and reachable by keyboard, one column on a phone. The
 * preview is the real thing: the server bakes the installation with the draft in it (the same bake
 * and disclosure stage a publication uses), the card is the viewer's own card code on that
 * artefact, and the picture is the residents' view itself on it, with the new cell picked. After
 * sending, the resident gets their withdrawal code, once. No field asks for a name, an address or
 * an exact date; the story is optional, and a moderator reads it before anything is published.
 */
import type { PageParams } from '../app/params.ts';
import { decodeBake } from '../bake/codec.ts';
import { EVENT_KINDS, type EventKind } from '../data/events.ts';
import { createCard } from '../viewer/card.ts';
import { cellHash } from '../viewer/cellLink.ts';
import { journeyCard } from '../viewer/journey.ts';
import { CARE_WORDS, LIMITS, TIER_WORDS, TIERS, type Tier } from './contribution.ts';
import '../viewer/viewer.css';
import './contribute.css';

interface Context {
  installation: string;
  years: [number, number];
  communities: string[];
  ageBands: string[];
}

const API = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}contribute/api`;
const KIOSK_IDLE_MS = 3 * 60_000;
const PREVIEW_NOTE = 'Exactly as it would be published now, at the precision the installation publishes. Look at the card: only what you chose is on it.';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { class?: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  const { class: cls, ...rest } = props;
  if (cls) e.className = cls;
  Object.assign(e, rest);
  e.append(...children);
  return e;
}

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; json: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  const json = (await r.json().catch(() => ({ error: `the server answered ${r.status}` }))) as Record<string, unknown>;
  return { ok: r.ok, status: r.status, json };
}

let uid = 0;
const id = (what: string) => `contribute-${what}-${++uid}`;

/** A labelled select. */
function select(label: string, options: [string, string][], value = ''): { wrap: HTMLElement; input: HTMLSelectElement } {
  const input = el('select', { id: id('select') });
  for (const [v, text] of options) input.append(el('option', { value: v, textContent: text, selected: v === value }));
  return { wrap: el('div', { class: 'contribute-field' }, el('label', { htmlFor: input.id, textContent: label }), input), input };
}

export async function start(root: HTMLElement, params: PageParams): Promise<void> {
  const name = params.installation;
  const kiosk = new URLSearchParams(location.search).get('kiosk') === '1';
  document.documentElement.classList.add('contribute-page');
  if (kiosk) document.documentElement.classList.add('contribute-kiosk');
  document.documentElement.dataset.state = 'loading';
  const main = el('main', { class: 'contribute', id: 'contribute' });
  root.replaceChildren(main);

  let ctx: Context;
  let title = name;
  try {
    const r = await fetch(`${API}/${encodeURIComponent(name)}`, { cache: 'no-store' });
    if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${r.status}`);
    ctx = (await r.json()) as Context;
    const cfg = await fetch(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}installations/${encodeURIComponent(name)}/installation.json`).then((x) => (x.ok ? x.json() : null)).catch(() => null);
    if (cfg && typeof cfg.title === 'string') title = cfg.title;
  } catch (e) {
    main.append(el('h1', { textContent: 'Add your journey' }), el('p', { role: 'alert', textContent: `Contributions are not open here: ${e instanceof Error ? e.message : String(e)}. They need the venue's or the festival's contributions server (docs/CONTRIBUTIONS.md).` }));
    document.documentElement.dataset.state = 'error';
    return;
  }
  document.title = `Add your journey · ${title}`;

  // ---- the form ----
  const intro = el(
    'div',
    { class: 'contribute-intro' },
    el('h1', { textContent: `Add your journey to ${title}` }),
    el('p', { textContent: 'Tell the mosaic about your own care of your teeth and mouth, year by year. Your journey becomes one living cell.' }),
    el('p', { textContent: 'We never ask your name, where you live or exact dates. A moderator reads every contribution before it joins the mosaic. You get a private code to take it back at any time.' }),
  );

  // Both lists are the installation's published groups, each held by many residents: the cell sits among
  // its community's, and is shown only among enough residents like it that nobody can tell which is whose.
  const where = el(
    'fieldset',
    {},
    el('legend', { textContent: 'Where your cell lives' }),
    el('p', { class: 'contribute-hint', textContent: 'Your cell sits among the cells of your community. The mosaic shows it only among many residents like you, so nobody can tell which cell is yours.' }),
  );
  const required = <T extends { input: HTMLSelectElement }>(s: T): T => {
    s.input.required = true;
    return s;
  };
  const community = ctx.communities.length ? required(select('Your community', [['', 'Choose your community'], ...ctx.communities.map((c): [string, string] => [c, c])])) : null;
  if (community) where.append(community.wrap);
  const ageBand = ctx.ageBands.length ? required(select('Your age group', [['', 'Choose your age group'], ...ctx.ageBands.map((c): [string, string] => [c, c])])) : null;
  if (ageBand) where.append(ageBand.wrap);

  // Years of care: one group per year, a number per kind of care.
  const yearsBox = el('fieldset', { class: 'contribute-years' }, el('legend', { textContent: 'Your years of care' }), el('p', { class: 'contribute-hint', textContent: `For each year you remember (${ctx.years[0]} to ${ctx.years[1]}), how many times each kind of care happened. Leave the rest at 0.` }));
  const yearList = el('ol', { class: 'contribute-year-list' });
  const years: { li: HTMLLIElement; year: HTMLSelectElement; care: Map<EventKind, HTMLInputElement> }[] = [];
  const yearOptions = () => {
    const out: [string, string][] = [];
    for (let y = ctx.years[0]; y <= ctx.years[1]; y++) out.push([String(y), String(y)]);
    return out;
  };
  const addYear = (focus: boolean) => {
    const used = new Set(years.map((y) => Number(y.year.value)));
    let free = ctx.years[0];
    while (used.has(free) && free < ctx.years[1]) free++;
    const year = select('Year', yearOptions(), String(free));
    const li = el('li', { class: 'contribute-year' });
    const heading = el('h3', { textContent: `Year ${years.length + 1}` });
    const grid = el('div', { class: 'contribute-care', role: 'group' });
    grid.setAttribute('aria-label', 'Times each kind of care happened that year');
    const care = new Map<EventKind, HTMLInputElement>();
    for (const kind of EVENT_KINDS) {
      const input = el('input', { id: id(`care-${kind}`), type: 'number', min: '0', max: String(LIMITS.perKind), step: '1', value: '0', inputMode: 'numeric' });
      input.dataset.kind = kind;
      care.set(kind, input);
      grid.append(el('div', { class: 'contribute-count' }, el('label', { htmlFor: input.id, textContent: CARE_WORDS[kind] }), input));
    }
    const remove = el('button', { type: 'button', class: 'contribute-quiet', textContent: 'Remove this year' });
    const entry = { li, year: year.input, care };
    remove.addEventListener('click', () => {
      years.splice(years.indexOf(entry), 1);
      li.remove();
      years.forEach((y, i) => (y.li.querySelector('h3')!.textContent = `Year ${i + 1}`));
      addButton.focus();
      stale();
    });
    li.append(heading, year.wrap, grid, remove);
    years.push(entry);
    yearList.append(li);
    if (focus) year.input.focus();
  };
  const addButton = el('button', { type: 'button', textContent: 'Add another year' });
  addButton.addEventListener('click', () => (addYear(true), stale()));
  yearsBox.append(yearList, addButton);
  addYear(false);

  const painBox = el('fieldset', {}, el('legend', { textContent: 'Pain (you may leave this out)' }));
  const painOn = el('input', { type: 'checkbox', id: id('pain') });
  const painRow = el('div', { class: 'contribute-pain', hidden: true });
  const scale: [string, string][] = Array.from({ length: 11 }, (_, i) => [String(i), i === 0 ? '0 (none)' : i === 10 ? '10 (the worst)' : String(i)]);
  const before = select('Pain at the start, 0 to 10', scale, '5');
  const after = select('Pain at the end, 0 to 10', scale, '2');
  painRow.append(before.wrap, after.wrap);
  painOn.addEventListener('change', () => ((painRow.hidden = !painOn.checked), stale()));
  painBox.append(el('div', { class: 'contribute-check' }, painOn, el('label', { htmlFor: painOn.id, textContent: 'I want to say how my pain changed' })), painRow);

  const tierBox = el('fieldset', { class: 'contribute-tiers' }, el('legend', { textContent: 'What visitors may see' }));
  const tierInputs = new Map<Tier, HTMLInputElement>();
  for (const t of TIERS) {
    const input = el('input', { type: 'radio', name: 'tier', value: t, id: id(`tier-${t}`), checked: t === 'card' });
    const detail = el('span', { class: 'contribute-hint', id: id('tier-detail'), textContent: TIER_WORDS[t].detail });
    input.setAttribute('aria-describedby', detail.id);
    tierInputs.set(t, input);
    tierBox.append(el('div', { class: 'contribute-tier' }, input, el('label', { htmlFor: input.id }, el('strong', { textContent: TIER_WORDS[t].title }), ' ', detail)));
  }

  const storyBox = el('div', { class: 'contribute-field contribute-story', hidden: true });
  const story = el('textarea', { id: id('story'), maxLength: LIMITS.story, rows: 5 });
  const storyHint = el('p', { class: 'contribute-hint', id: id('story-hint'), textContent: `In your own words, at most ${LIMITS.story} characters. Please leave out names, phone numbers, addresses and exact dates: a moderator takes out any that are left.` });
  const counter = el('p', { class: 'contribute-hint', id: id('story-count'), textContent: '' });
  counter.setAttribute('aria-live', 'polite');
  story.setAttribute('aria-describedby', `${storyHint.id} ${counter.id}`);
  story.addEventListener('input', () => ((counter.textContent = `${story.value.length} of ${LIMITS.story} characters`), stale()));
  storyBox.append(el('label', { htmlFor: story.id, textContent: 'Your story' }), storyHint, story, counter);
  const tier = (): Tier => [...tierInputs.entries()].find(([, i]) => i.checked)?.[0] ?? 'card';
  for (const i of tierInputs.values()) i.addEventListener('change', () => ((storyBox.hidden = tier() !== 'story'), stale()));

  const message = el('div', { class: 'contribute-message', role: 'alert', tabIndex: -1 });
  const previewButton = el('button', { type: 'submit', class: 'contribute-primary', textContent: 'Preview my cell and card' });
  const form = el('form', { class: 'contribute-form', noValidate: true }, ...(community || ageBand ? [where] : []), yearsBox, painBox, tierBox, storyBox, message, previewButton);
  form.setAttribute('aria-label', 'Your journey');

  // ---- the preview, and sending ----
  const preview = el('section', { class: 'contribute-preview', hidden: true, tabIndex: -1 });
  preview.setAttribute('aria-labelledby', 'contribute-preview-title');
  const previewTitle = el('h2', { id: 'contribute-preview-title', textContent: 'This is how your cell and card will look' });
  const flags = el('p', { class: 'contribute-flags', hidden: true });
  const card = createCard(() => {});
  card.root.id = 'contribute-card';
  const frame = el('iframe', { class: 'contribute-frame', title: 'Your cell in the mosaic, as visitors will see it' });
  const send = el('button', { type: 'button', class: 'contribute-primary', textContent: 'Send it to the moderators' });
  const change = el('button', { type: 'button', class: 'contribute-quiet', textContent: 'Change something' });
  const previewNote = el('p', { textContent: PREVIEW_NOTE });
  preview.append(previewTitle, previewNote, flags, card.root, frame, el('div', { class: 'contribute-actions' }, send, change));

  const done = el('section', { class: 'contribute-done', hidden: true, tabIndex: -1 });

  const withdraw = el('details', { class: 'contribute-withdraw' });
  const codeInput = el('input', { id: id('code'), autocomplete: 'off', spellcheck: false, maxLength: 24 });
  codeInput.setAttribute('autocapitalize', 'characters');
  const withdrawMessage = el('p', { role: 'status' });
  const withdrawButton = el('button', { type: 'button', textContent: 'Withdraw' });
  withdraw.append(
    el('summary', { textContent: 'Take back a contribution' }),
    el('p', { textContent: 'Type the code you were given. Your cell and its card leave the mosaic at the next publication, and nothing of it is kept.' }),
    el('div', { class: 'contribute-field' }, el('label', { htmlFor: codeInput.id, textContent: 'Your code' }), codeInput),
    withdrawButton,
    withdrawMessage,
  );

  main.append(intro, form, preview, done, withdraw);

  let draft: unknown = null;
  function stale(): void {
    if (!preview.hidden) {
      preview.hidden = true;
      frame.removeAttribute('src');
    }
    draft = null;
  }
  for (const s of [community?.input, ageBand?.input, before.input, after.input]) s?.addEventListener('change', stale);
  yearList.addEventListener('change', stale);
  yearList.addEventListener('input', stale);

  const build = () => ({
    installation: name,
    tier: tier(),
    community: community?.input.value || null,
    ageBand: ageBand?.input.value || null,
    years: years.map((y) => ({ year: Number(y.year.value), care: Object.fromEntries([...y.care].map(([k, i]) => [k, Math.max(0, Math.round(Number(i.value) || 0))]).filter(([, n]) => (n as number) > 0)) })),
    pain: painOn.checked ? { before: Number(before.input.value), after: Number(after.input.value) } : null,
    story: tier() === 'story' ? story.value : null,
  });

  const showError = (json: Record<string, unknown>) => {
    const issues = Array.isArray(json.issues) ? (json.issues as string[]) : [];
    message.replaceChildren(el('p', { textContent: String(json.error ?? 'Something went wrong.').replace(/^refused: /, 'Please check: ') }), ...(issues.length > 1 ? [el('ul', {}, ...issues.map((i) => el('li', { textContent: i })))] : []));
    message.focus();
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.replaceChildren();
    const missing = [community && !community.input.value ? ([community.input, 'your community'] as const) : null, ageBand && !ageBand.input.value ? ([ageBand.input, 'your age group'] as const) : null].filter((x) => x !== null);
    if (missing.length) {
      message.replaceChildren(el('p', { textContent: `Please choose ${missing.map(([, w]) => w).join(' and ')}.` }));
      missing[0][0].focus();
      return;
    }
    const body = build();
    previewButton.disabled = true;
    previewButton.textContent = 'Preparing your preview…';
    try {
      const r = await postJson(`${API}/${encodeURIComponent(name)}/preview`, body);
      if (!r.ok) return showError(r.json);
      const { token, cell, flagSummary } = r.json as { token: string | null; cell: number; flagSummary: string };
      flags.hidden = !flagSummary;
      flags.textContent = flagSummary ? `Your story seems to include ${flagSummary}. Please take it out, or the moderator will.` : '';
      if (token) {
        const bytes = await fetch(`${API}/preview/${token}/mosaic.bin`).then((x) => x.arrayBuffer());
        const bake = decodeBake(bytes);
        card.show(journeyCard(bake, cell), { total: bake.journeyCount, shareable: false });
        card.root.setAttribute('role', 'region');
        card.root.setAttribute('aria-label', 'Your card');
        const q = new URLSearchParams({ installation: name, mode: 'view', preview: token });
        frame.src = `/?${q}${cellHash(cell)}`;
        previewTitle.textContent = 'This is how your cell and card will look';
        previewNote.textContent = PREVIEW_NOTE;
      } else {
        // The draft would change how other residents are grouped (src/node/contributions/previewGuard.ts).
        card.root.hidden = true;
        frame.removeAttribute('src');
        previewTitle.textContent = 'Your journey is ready to send';
        previewNote.textContent = `Yours is a rare journey in this mosaic: adding it changes how some other residents are grouped, so its exact cell can only be shown once a moderator has looked at it. ${TIER_WORDS[body.tier].detail}`;
      }
      frame.hidden = !token;
      preview.dataset.exact = token ? 'yes' : 'no';
      draft = body;
      preview.hidden = false;
      preview.dataset.cell = String(cell);
      preview.focus();
    } catch (e) {
      showError({ error: `The preview could not be made (${e instanceof Error ? e.message : String(e)}). Please try again.` });
    } finally {
      previewButton.disabled = false;
      previewButton.textContent = 'Preview my cell and card';
    }
  });
  change.addEventListener('click', () => (stale(), previewButton.focus()));

  send.addEventListener('click', async () => {
    if (!draft) return;
    send.disabled = true;
    try {
      const r = await postJson(`${API}/${encodeURIComponent(name)}`, draft);
      if (!r.ok) {
        preview.hidden = true;
        return showError(r.json);
      }
      const code = String(r.json.code);
      form.hidden = true;
      preview.hidden = true;
      intro.hidden = true;
      const again = el('button', { type: 'button', class: 'contribute-primary', textContent: kiosk ? 'Done: start again for the next person' : 'Add another journey' });
      again.addEventListener('click', () => location.reload());
      const codeText = el('p', { class: 'contribute-code', textContent: code });
      codeText.setAttribute('aria-label', `Your code: ${code.split('').join(' ')}`);
      done.replaceChildren(
        el('h2', { textContent: 'Thank you. Your journey is with the moderators.' }),
        el('p', { textContent: 'Once a moderator approves it, your cell joins the mosaic. This is your private code to take it back at any time:' }),
        codeText,
        el('p', { textContent: 'Write it down or take a photo of it now: it is shown only this once, nobody else has it, and we cannot look it up for you.' }),
        again,
      );
      done.hidden = false;
      done.focus();
      document.documentElement.dataset.contributed = 'yes';
    } finally {
      send.disabled = false;
    }
  });

  withdrawButton.addEventListener('click', async () => {
    withdrawMessage.textContent = 'Checking…';
    const r = await postJson(`${API}/withdraw`, { code: codeInput.value });
    withdrawMessage.textContent = String(r.ok ? r.json.message : r.json.error).replace(/^refused: /, '');
    if (r.ok) codeInput.value = '';
  });

  // A kiosk starts afresh for the next person after a while without a touch or a key.
  if (kiosk) {
    let idle = setTimeout(() => location.reload(), KIOSK_IDLE_MS);
    for (const type of ['pointerdown', 'keydown', 'input']) {
      addEventListener(type, () => {
        clearTimeout(idle);
        idle = setTimeout(() => location.reload(), KIOSK_IDLE_MS);
      });
    }
  }
  document.documentElement.dataset.state = 'ready';
}
