// @ts-check
/**
 * The CX lead's VOC view: signs in, fetches GET /api/voc/report and draws its headline cards,
 * bar charts (SVG) and tables. Every text from the server is set with textContent: customer
 * words are data, never markup. CSV and HTML downloads carry the Bearer token via fetch.
 */

import { visibleText } from './visible_text.js';

/** @typedef {{label: string, value: string, detail: string}} Headline */
/** @typedef {{name: string, title: string, columns: string[], rows: (string|number|null)[][], note: string}} Table */
/** @typedef {{version: number, since: string, until: string, generated_at: string, headlines: Headline[], tables: Table[]}} Report */

const TOKEN_KEY = 'warmline.lead.token';
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Which tables get a bar chart: [label column, value column]. */
const CHARTS = /** @type {Record<string, [string, string]>} */ ({
  volume: ['day', 'conversations'],
  handoff_reasons: ['reason', 'handoffs'],
  emotions: ['emotion', 'messages'],
  intents: ['intent', 'messages'],
  ces_distribution: ['score', 'answers'],
});

/** @param {string} name */
function $(name) {
  const el = document.querySelector(`[data-l="${name}"]`);
  if (!el) throw new Error(`missing [data-l=${name}]`);
  return /** @type {HTMLElement} */ (el);
}

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = visibleText(text);
  return node;
}

/** @param {string|number|null} v */
function cellText(v) {
  if (v === null || v === undefined) return '–';
  return String(v);
}

let token = sessionStorage.getItem(TOKEN_KEY);

/** @param {string} path @returns {Promise<Response>} */
async function authed(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status === 401) {
    signOut('Your session ended; sign in again.');
    throw new Error('unauthorized');
  }
  if (res.status === 403) {
    signOut('This view is for CX leads and admins.');
    throw new Error('forbidden');
  }
  if (!res.ok) throw new Error(`the server answered ${res.status}`);
  return res;
}

function rangeQuery() {
  const params = new URLSearchParams();
  const since = /** @type {HTMLInputElement} */ ($('since')).value;
  const until = /** @type {HTMLInputElement} */ ($('until')).value;
  if (since) params.set('since', since);
  if (until) params.set('until', until);
  const q = params.toString();
  return q ? `?${q}` : '';
}

/**
 * @param {Table} table
 * @param {string} labelCol
 * @param {string} valueCol
 */
function barChart(table, labelCol, valueCol) {
  const li = table.columns.indexOf(labelCol);
  const vi = table.columns.indexOf(valueCol);
  const data = table.rows.slice(0, 30).map((r) => [cellText(r[li]), Number(r[vi] || 0)]);
  const width = 640, barH = 16, gap = 6, labelW = 160;
  const height = data.length * (barH + gap) + gap;
  const top = Math.max(1, ...data.map((d) => Number(d[1])));
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', table.title);
  svg.dataset.l = 'chart';
  data.forEach(([label, value], i) => {
    const y = gap + i * (barH + gap);
    const w = Math.max(1, ((width - labelW - 60) * Number(value)) / top);
    const name = document.createElementNS(SVG_NS, 'text');
    name.setAttribute('x', String(labelW - 6));
    name.setAttribute('y', String(y + 12));
    name.setAttribute('text-anchor', 'end');
    name.textContent = visibleText(label).slice(0, 28);
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', String(labelW));
    rect.setAttribute('y', String(y));
    rect.setAttribute('width', w.toFixed(1));
    rect.setAttribute('height', String(barH));
    rect.setAttribute('fill', '#1f4e79');
    const num = document.createElementNS(SVG_NS, 'text');
    num.setAttribute('x', (labelW + w + 4).toFixed(1));
    num.setAttribute('y', String(y + 12));
    num.textContent = String(value);
    svg.append(name, rect, num);
  });
  return svg;
}

/** @param {Table} table */
function renderTable(table) {
  const box = el('section', { class: 'lead-table', 'data-table': table.name });
  const head = el('h2', {}, table.title);
  const csv = el('button', { type: 'button', class: 'btn btn-small', 'data-l': 'csv' }, 'CSV');
  csv.addEventListener('click', () => download(`/api/voc/export/${encodeURIComponent(table.name)}.csv${rangeQuery()}`, `${table.name}.csv`));
  head.append(csv);
  box.append(head);
  if (table.note) box.append(el('p', { class: 'note' }, table.note));
  if (!table.rows.length) {
    box.append(el('p', { class: 'empty' }, 'No data in this window.'));
    return box;
  }
  const chart = CHARTS[table.name];
  if (chart) box.append(barChart(table, chart[0], chart[1]));
  const t = el('table');
  const tr = el('tr');
  for (const c of table.columns) tr.append(el('th', { scope: 'col' }, c));
  t.append(el('thead'), el('tbody'));
  t.tHead?.append(tr);
  for (const row of table.rows) {
    const r = el('tr');
    for (const v of row) r.append(el('td', typeof v === 'number' ? { class: 'n' } : {}, cellText(v)));
    t.tBodies[0].append(r);
  }
  box.append(t);
  return box;
}

/** @param {Report} report */
function render(report) {
  $('meta').textContent = `${report.since} – ${report.until} · generated ${report.generated_at.slice(0, 16).replace('T', ' ')} UTC`;
  const cards = $('headlines');
  cards.replaceChildren(
    ...report.headlines.map((h) => {
      const card = el('div', { class: 'lead-card', 'data-l': 'headline' });
      card.append(el('span', {}, h.label), el('b', {}, h.value), el('span', {}, h.detail));
      return card;
    }),
  );
  $('tables').replaceChildren(...report.tables.map(renderTable));
}

async function load() {
  $('status').textContent = 'Loading…';
  try {
    const res = await authed(`/api/voc/report${rangeQuery()}`);
    render(/** @type {Report} */ (await res.json()));
    $('status').textContent = '';
  } catch (err) {
    $('status').textContent = `Could not load the report: ${err instanceof Error ? err.message : err}`;
  }
}

/** @param {string} path @param {string} filename */
async function download(path, filename) {
  try {
    const blob = await (await authed(path)).blob();
    const a = el('a', { href: URL.createObjectURL(blob), download: filename });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.getAttribute('href') || ''); a.remove(); }, 1000);
  } catch (err) {
    $('status').textContent = `Download failed: ${err instanceof Error ? err.message : err}`;
  }
}

/** @param {string} [message] */
function signOut(message) {
  if (token) fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $('app').hidden = true;
  $('login').hidden = false;
  const err = $('login-error');
  err.hidden = !message;
  err.textContent = message || '';
}

function signedIn(/** @type {string} */ who) {
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = who;
  load();
}

const form = /** @type {HTMLFormElement} */ (document.getElementById('lead-login'));
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const data = new FormData(form);
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
  }).catch(() => null);
  const body = res && res.ok ? await res.json().catch(() => null) : null;
  if (!body || typeof body.token !== 'string') {
    const err = $('login-error');
    err.hidden = false;
    err.textContent = res && res.status === 429 ? 'Too many attempts; wait a moment.' : 'Wrong username or password.';
    return;
  }
  token = body.token;
  sessionStorage.setItem(TOKEN_KEY, body.token);
  signedIn(body.agent?.display_name || '');
});
$('range').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
$('download-html').addEventListener('click', () => download(`/api/voc/report.html${rangeQuery()}`, 'voc-report.html'));
$('signout').addEventListener('click', () => signOut());
if (token) signedIn('');
