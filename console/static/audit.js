// @ts-check
// Warmline audit view: search conversations, read each turn's decision trace, export, erase.
// A native ES module, no build step. Every server or customer string goes in with textContent.

import { visibleText } from './visible_text.js';

/**
 * @typedef {{source?: string, detail?: string, weight?: number}} Evidence
 * @typedef {{name?: string, fired?: boolean, detail?: string, evidence?: Evidence[]}} Trigger
 * @typedef {{title?: string, section?: string, score?: number, url?: string, article_id?: string}} Hit
 * @typedef {{id: string, customer_id: string|null, state: string, disposition: string|null,
 *   owner_agent: string|null, owner_name: string|null, created_at: string|null, turns: number,
 *   intents: string[], escalated: boolean, max_churn_risk: number, injection_flagged: boolean,
 *   erased: boolean}} Summary
 * @typedef {{seq: number, role: string, speaker: string, author: string, text: string,
 *   created_at: string|null, signals: Record<string, any>, decision: Record<string, any>,
 *   triggers: Trigger[], hits: Hit[], citations: Hit[], answer_source: string|null,
 *   answer_model: string|null, prompt_version: string|null, latency_ms: number|null,
 *   injection_flag: boolean}} Turn
 * @typedef {{text: string, version: string, shown_at: string|null}} Disclosure
 * @typedef {{reason: string, priority: number, claimed_by: string|null, outcome: string|null,
 *   created_at: string|null, ended_at: string|null}} Handoff
 * @typedef {{csat: number|null, ces: number|null, nps: number|null, comment: string|null}} Survey
 * @typedef {{summary: Summary, language: string, profile: Record<string, any>,
 *   disclosure: Disclosure|null, handoffs: Handoff[], surveys: Survey[], turns: Turn[]}} Trace
 */

const TOKEN_KEY = 'warmline:audit-token';
const AUDIT_ROLES = ['auditor', 'admin'];

/** @param {string} name @returns {HTMLElement} */
function el(name) {
  const found = document.querySelector(`[data-a="${name}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`missing [data-a=${name}]`);
  return found;
}

/**
 * Make an element with text (never HTML).
 * @param {string} tag @param {string} [text] @param {string} [cls]
 * @returns {HTMLElement}
 */
function make(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = visibleText(text);
  if (cls) node.className = cls;
  return node;
}

/** @param {string|null|undefined} iso */
function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** @param {unknown} n @param {number} [digits] */
function num(n, digits = 2) {
  return typeof n === 'number' ? n.toFixed(digits) : '—';
}

let token = sessionStorage.getItem(TOKEN_KEY) || '';
/** @type {string|null} */
let openId = null;

/** @param {string} message */
function notice(message) {
  const bar = el('notice');
  bar.textContent = message;
  bar.hidden = !message;
}

/**
 * @param {string} path @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
async function api(path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) {
    signOut('Your session ended; sign in again.');
    throw new Error('unauthorized');
  }
  if (!res.ok) {
    let message = `request failed (${res.status})`;
    try {
      const body = await res.json();
      message = body?.error?.message || body?.detail?.[0]?.msg || message;
    } catch { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

/** @param {string} [message] */
function signOut(message) {
  token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  el('app').hidden = true;
  el('login').hidden = false;
  const err = el('login-error');
  err.textContent = message || '';
  err.hidden = !message;
}

function showApp(/** @type {string} */ name) {
  el('login').hidden = true;
  el('app').hidden = false;
  el('me').textContent = name;
}

/** @param {SubmitEvent} event */
async function onLogin(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const data = new FormData(form);
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    signOut(body?.error?.message || 'Sign-in failed.');
    return;
  }
  if (!AUDIT_ROLES.includes(body?.agent?.role)) {
    signOut('This page is for auditors. Your account cannot read the audit view.');
    return;
  }
  token = body.token;
  sessionStorage.setItem(TOKEN_KEY, token);
  showApp(`${body.agent.display_name} (${body.agent.role})`);
  await search();
}

/** The search form as query parameters (blank fields left out). */
function filters() {
  const form = /** @type {HTMLFormElement} */ (el('search-form'));
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form).entries()) {
    if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
  }
  return params;
}

async function search() {
  notice('');
  try {
    const res = await api(`/api/audit/conversations?${filters()}`);
    /** @type {{items: Summary[]}} */
    const body = await res.json();
    renderResults(body.items);
  } catch (err) {
    notice(String(/** @type {Error} */ (err).message));
  }
}

/** @param {Summary[]} items */
function renderResults(items) {
  const tbody = el('results');
  tbody.replaceChildren();
  el('result-count').textContent = `${items.length} conversation(s)`;
  for (const s of items) {
    const tr = make('tr');
    tr.dataset.a = 'result-row';
    tr.dataset.id = s.id;
    tr.tabIndex = 0;
    const flags = [s.injection_flagged ? 'injection' : '', s.erased ? 'erased' : '']
      .filter(Boolean).join(', ');
    for (const text of [
      when(s.created_at), s.customer_id || '—', String(s.turns), s.intents.join(', ') || '—',
      s.escalated ? 'yes' : 'no', num(s.max_churn_risk), s.disposition || s.state, flags || '—',
    ]) tr.append(make('td', text));
    tr.addEventListener('click', () => openConversation(s.id));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openConversation(s.id); });
    tbody.append(tr);
  }
}

/** @param {string} id */
async function openConversation(id) {
  notice('');
  try {
    const res = await api(`/api/audit/conversations/${encodeURIComponent(id)}`);
    renderTrace(await res.json());
  } catch (err) {
    notice(String(/** @type {Error} */ (err).message));
  }
}

/** @param {HTMLElement} dl @param {string} term @param {string} value */
function fact(dl, term, value) {
  dl.append(make('dt', term), make('dd', value));
}

/** @param {Trace} t */
function renderTrace(t) {
  openId = t.summary.id;
  el('detail').hidden = false;
  el('detail-id').textContent = t.summary.id;
  const dl = el('facts');
  dl.replaceChildren();
  const s = t.summary;
  fact(dl, 'Customer', s.customer_id || '—');
  fact(dl, 'Started', when(s.created_at));
  fact(dl, 'State', s.disposition ? `${s.state} (${s.disposition})` : s.state);
  fact(dl, 'Language', t.language);
  fact(dl, 'Escalated', t.handoffs.length
    ? t.handoffs.map((h) => `${h.reason} → ${h.claimed_by || 'unclaimed'} (${h.outcome || 'open'})`).join('; ')
    : 'no');
  fact(dl, 'Profile', Object.keys(t.profile).length ? JSON.stringify(t.profile) : '—');
  fact(dl, 'Surveys', t.surveys.length
    ? t.surveys.map((v) => `CSAT ${v.csat ?? '—'} · CES ${v.ces ?? '—'} · NPS ${v.nps ?? '—'}${v.comment ? ` · “${v.comment}”` : ''}`).join('; ')
    : '—');
  if (s.erased) fact(dl, 'Erased', 'personal content erased');

  const disc = el('disclosure');
  disc.replaceChildren(make('h3', 'AI disclosure shown'));
  if (t.disclosure) {
    disc.append(
      make('p', t.disclosure.text, 'disclosure-text'),
      make('p', `version ${t.disclosure.version} · shown ${when(t.disclosure.shown_at)}`, 'muted small'),
    );
    disc.dataset.shown = 'true';
  } else {
    disc.append(make('p', 'No disclosure is on record for this conversation.', 'error'));
    disc.dataset.shown = 'false';
  }

  const list = el('turns');
  list.replaceChildren(...t.turns.map(renderTurn));
  el('detail').scrollIntoView({ block: 'start' });
}

/** @param {Evidence[]|undefined} evidence */
function evidenceList(evidence) {
  const ul = make('ul', undefined, 'evidence');
  for (const e of evidence || []) {
    ul.append(make('li', `${e.source || '?'}: ${e.detail || ''}${typeof e.weight === 'number' ? ` (${num(e.weight)})` : ''}`));
  }
  return ul;
}

/** @param {string} title @returns {HTMLElement} */
function block(title) {
  const wrap = make('div', undefined, 'block');
  wrap.append(make('h4', title));
  return wrap;
}

/** @param {Turn} turn */
function renderTurn(turn) {
  const li = make('li', undefined, `turn turn-${turn.role}`);
  li.dataset.a = 'turn';
  li.dataset.role = turn.role;
  const head = make('div', undefined, 'turn-head');
  const who = turn.speaker === 'person' ? `person: ${turn.author}`
    : turn.speaker === 'AI' ? `AI (${turn.author})` : turn.speaker;
  head.append(make('span', who, `speaker speaker-${turn.role}`), make('span', `#${turn.seq} · ${when(turn.created_at)}`, 'muted small'));
  if (turn.latency_ms !== null) head.append(make('span', `${num(turn.latency_ms, 0)} ms`, 'muted small'));
  if (turn.injection_flag) head.append(make('span', 'injection flagged', 'flag'));
  const said = make('p', turn.text, 'turn-text');
  said.dir = 'auto'; // an isolate: the text's own direction cannot spill into the page
  li.append(head, said);

  const sig = turn.signals || {};
  if (Object.keys(sig).length) {
    const b = block('Signals');
    b.dataset.a = 'signals';
    b.append(make('p', `intent ${sig.intent ?? '—'} (${num(sig.intent_confidence)}) · emotion ${sig.emotion ?? '—'} ${num(sig.emotion_intensity)} ${sig.emotion_trajectory ?? ''} · churn risk ${num(sig.churn_risk)}${sig.latent_intent ? ` · latent ${sig.latent_intent}` : ''}${sig.wants_human ? ' · wants a person' : ''}`));
    if (typeof sig.injection === 'number') b.append(make('p', `injection score ${num(sig.injection)}${sig.injection_flag ? ' (flagged)' : ''}`));
    if (sig.churn_evidence?.length) { b.append(make('p', 'churn evidence', 'muted small'), evidenceList(sig.churn_evidence)); }
    for (const [name, ev] of Object.entries(sig.explanations || {})) {
      if (name === 'churn' && sig.churn_evidence?.length) continue; // shown just above
      if (Array.isArray(ev) && ev.length) b.append(make('p', `${name} evidence`, 'muted small'), evidenceList(ev));
    }
    if (Array.isArray(sig.injection_evidence) && sig.injection_evidence.length) {
      b.append(make('p', 'injection evidence', 'muted small'), evidenceList(sig.injection_evidence));
    }
    li.append(b);
  }

  const d = turn.decision || {};
  if (d.action) {
    const b = block('Decision');
    b.dataset.a = 'decision';
    b.append(make('p', `${d.action}${d.reason ? ` — ${d.reason}` : ''}${d.reason_text ? `: ${d.reason_text}` : ''}${d.priority ? ` (priority ${d.priority})` : ''}`));
    const ul = make('ul', undefined, 'triggers');
    for (const tr of turn.triggers) {
      const item = make('li');
      item.dataset.a = 'trigger';
      item.append(make('strong', tr.name || '?'), make('span', tr.detail ? ` ${tr.detail}` : ''));
      if (tr.evidence?.length) item.append(evidenceList(tr.evidence));
      ul.append(item);
    }
    if (!turn.triggers.length) ul.append(make('li', 'no trigger fired', 'muted'));
    b.append(ul);
    if (d.answer_path) b.append(make('p', `answer path: ${d.answer_path}`, 'muted small'));
    if (d.output_guard) {
      const guard = make('p', `output guard: ${JSON.stringify(d.output_guard)}`, 'flag-text small');
      guard.dataset.a = 'output-guard';
      b.append(guard);
    }
    li.append(b);
  }

  if (turn.answer_source) {
    const src = turn.answer_source.startsWith('llm')
      ? `${turn.answer_source} · model ${turn.answer_model || '?'} · prompt ${turn.prompt_version || '?'}`
      : turn.answer_source;
    const p = make('p', `answer source: ${src}`, 'source small');
    p.dataset.a = 'answer-source';
    li.append(p);
  }
  if (turn.hits.length) {
    const b = block('Retrieved');
    const ul = make('ul', undefined, 'hits');
    for (const h of turn.hits) ul.append(make('li', `${h.title || ''} › ${h.section || ''} (${num(h.score, 3)})`));
    b.append(ul);
    li.append(b);
  }
  if (turn.citations.length) {
    const b = block('Cited');
    const ul = make('ul', undefined, 'hits');
    for (const c of turn.citations) ul.append(make('li', `${c.title || ''} › ${c.section || ''}${c.url ? ` ${c.url}` : ''}`));
    b.append(ul);
    li.append(b);
  }
  return li;
}

/** @param {'csv'|'jsonl'} format @param {string|null} conversationId */
async function download(format, conversationId) {
  notice('');
  const params = conversationId ? new URLSearchParams({ conversation_id: conversationId }) : filters();
  params.set('format', format);
  try {
    const res = await api(`/api/audit/export?${params}`);
    const disposition = res.headers.get('Content-Disposition') || '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] || `warmline-audit.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    notice(String(/** @type {Error} */ (err).message));
  }
}

/** @param {SubmitEvent} event */
async function onErase(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const data = new FormData(form);
  const out = el('erase-result');
  try {
    const res = await api('/api/audit/erase', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_id: data.get('customer_id'), confirm: data.get('confirm') }),
    });
    const r = await res.json();
    out.textContent = `Erased ${r.conversations} conversation(s), ${r.turns} turn(s), ${r.handoffs} handoff packet(s), ${r.surveys} survey comment(s). The customer is now ${r.pseudonym}.`;
    form.reset();
    await search();
  } catch (err) {
    out.textContent = String(/** @type {Error} */ (err).message);
  }
}

function start() {
  el('login').querySelector('form')?.addEventListener('submit', (e) => onLogin(/** @type {SubmitEvent} */ (e)));
  el('search-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  el('export-search-csv').addEventListener('click', () => download('csv', null));
  el('export-search-jsonl').addEventListener('click', () => download('jsonl', null));
  el('export-csv').addEventListener('click', () => openId && download('csv', openId));
  el('export-jsonl').addEventListener('click', () => openId && download('jsonl', openId));
  el('erase-form').addEventListener('submit', (e) => onErase(/** @type {SubmitEvent} */ (e)));
  el('signout').addEventListener('click', () => {
    fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
    signOut();
  });
  if (token) {
    showApp('');
    search();
  }
}

start();
