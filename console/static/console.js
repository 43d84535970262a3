/*
 * Warmline agent console.
 *
 * Wire contract: docs/protocol.md (console HTTP + /ws/console). Every server or customer
 * string is rendered with textContent — never as HTML.
 */
import { visibleText } from './visible_text.js';

(function () {
  'use strict';

  const MAX_TEXT = 4000;
  const PING_EVERY_MS = 25000;
  const PONG_TIMEOUT_MS = 60000;
  const STORE_KEY = 'warmline-console';
  const DISPOSITIONS = ['resolved', 'retained', 'churned', 'no_action', 'other'];

  // ---------------------------------------------------------------- helpers

  const $ = (sel, root) => (root || document).querySelector(sel);
  const hook = (name, root) => $(`[data-c="${name}"]`, root);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = visibleText(v);
        else if (k === 'style') node.style.cssText = v; // CSSOM, not a style attribute (CSP-friendly)
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  function newClientId() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') {
      try {
        return c.randomUUID();
      } catch (_) {
        /* insecure context */
      }
    }
    const b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function safeUrl(url) {
    if (typeof url !== 'string' || !url) return null;
    try {
      const u = new URL(url, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  function num(x) {
    const n = Number(x);
    return Number.isFinite(n) ? n : null;
  }
  function pct(x) {
    const n = num(x);
    if (n == null) return '—';
    return `${Math.round((n <= 1 ? n * 100 : n))}%`;
  }
  function frac(x) {
    const n = num(x);
    if (n == null) return 0;
    return Math.max(0, Math.min(1, n <= 1 ? n : n / 100));
  }
  function level(priority) {
    const p = num(priority) || 0;
    return p >= 70 ? 'high' : p >= 40 ? 'medium' : 'low';
  }
  function humanize(code) {
    if (code == null || code === '') return '';
    const s = String(code).replace(/[_-]+/g, ' ').trim();
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  const REASONS = {
    customer_asked: 'Asked for a person',
    churn_risk: 'Churn risk',
    emotion: 'Upset customer',
    low_confidence: 'AI not confident',
    no_answer: 'No answer found',
    guardrail: 'Sensitive topic',
  };
  function reasonLabel(code) {
    return REASONS[code] || humanize(code) || 'Escalated';
  }
  function waitingFor(iso) {
    const t = Date.parse(iso);
    if (isNaN(t)) return '';
    const mins = Math.max(0, Math.floor((Date.now() - t) / 60000));
    if (mins < 1) return 'waiting <1 min';
    if (mins < 60) return `waiting ${mins} min`;
    const h = Math.floor(mins / 60);
    return `waiting ${h} h ${mins % 60} min`;
  }
  function clock(iso) {
    const d = new Date(iso);
    if (!iso || isNaN(d.getTime())) return '';
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  function shortId(id) {
    const s = String(id || '');
    return s.length > 14 ? s.slice(0, 12) + '…' : s;
  }

  // ---------------------------------------------------------------- state

  const S = {
    token: null,
    agent: null, // {username, display_name}
    ws: null,
    attempt: 0,
    reconnectTimer: null,
    pingTimer: null,
    lastPong: 0,
    wantSocket: false,
    online: false,
    queue: [],
    packets: new Map(), // conversation_id -> packet seen in a handoff frame
    convs: new Map(), // conversation_id -> Conv
    order: [], // my conversation ids, in claim order
    activeId: null,
    pendingClaims: new Set(),
    claimRefs: new Map(), // client_id sent with a claim -> conversation_id (errors echo it as ref)
    outbox: [], // [{conversation_id, client_id, text}] unacked agent messages
  };

  /** One conversation the agent owns (or owned). */
  function makeConv(id) {
    return {
      id,
      packet: null,
      messages: new Map(), // seq -> message
      pending: new Map(), // client_id -> {client_id, text, status}
      acked: new Set(), // client_ids the server acked
      state: 'human',
      agent: null,
      ended: null, // null | text explaining why the conversation is no longer live
      unread: 0,
      draft: '',
      busy: null, // 'handback' | 'close' while waiting for the state frame
      customerId: null,
    };
  }

  function persist() {
    try {
      sessionStorage.setItem(
        STORE_KEY,
        JSON.stringify({
          token: S.token,
          agent: S.agent,
          mine: S.order,
          active: S.activeId,
          outbox: S.outbox,
        })
      );
    } catch (_) {
      /* storage blocked: the console still works for this page */
    }
  }
  function loadPersisted() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
    } catch (_) {
      return null;
    }
  }

  // ---------------------------------------------------------------- elements

  const E = {};
  function bindElements() {
    for (const name of [
      'login', 'login-error', 'login-submit', 'app', 'conn', 'agent-name', 'signout', 'notice',
      'notice-bar', 'notice-dismiss', 'queue', 'queue-count', 'queue-empty', 'mine', 'mine-count',
      'mine-empty', 'placeholder', 'conversation', 'chat-title', 'chat-sub', 'conv-state', 'ended',
      'ended-text', 'dismiss', 'transcript', 'composer', 'reply-input', 'reply-send', 'reply-counter',
      'handback', 'disposition', 'close', 'packet', 'toasts',
    ]) {
      E[name] = hook(name);
    }
    E.loginForm = document.getElementById('login-form');
  }

  // ---------------------------------------------------------------- notices & toasts

  let noticeTimer = null;
  function notify(text, kind, ms) {
    const bar = E['notice-bar'];
    bar.dataset.kind = kind || 'warn';
    bar.hidden = false;
    E.notice.textContent = text;
    if (noticeTimer) clearTimeout(noticeTimer);
    noticeTimer = ms === 0 ? null : setTimeout(() => (bar.hidden = true), ms || 10000);
  }

  function toast(title, body, actions, ms, conversationId) {
    const box = el(
      'div',
      { class: 'toast', 'data-c': 'toast', role: 'status', 'data-conversation-id': conversationId || null },
      el('div', { class: 'toast-title', text: title }),
      body ? el('div', { class: 'toast-body', text: body }) : null
    );
    const close = () => box.remove();
    const row = el('div', { class: 'toast-actions' });
    for (const a of actions || []) {
      const b = el('button', { type: 'button', class: a.primary ? 'btn btn-primary' : 'btn', text: a.label });
      b.addEventListener('click', () => {
        close();
        a.run();
      });
      row.append(b);
    }
    const x = el('button', { type: 'button', class: 'btn btn-quiet', text: 'Dismiss' });
    x.addEventListener('click', close);
    row.append(x);
    box.append(row);
    E.toasts.append(box);
    while (E.toasts.childElementCount > 4) E.toasts.firstElementChild.remove();
    setTimeout(close, ms || 12000);
  }

  // ---------------------------------------------------------------- HTTP

  async function api(path, options) {
    const headers = Object.assign({ Accept: 'application/json' }, (options && options.headers) || {});
    if (S.token) headers.Authorization = `Bearer ${S.token}`;
    const res = await fetch(path, Object.assign({}, options, { headers }));
    if (res.status === 401 && S.token) {
      signOut('Your session has ended. Please sign in again.');
      throw new Error('unauthorized');
    }
    return res;
  }

  async function login(username, password) {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status === 401) return { error: 'Wrong username or password.' };
    if (res.status === 429) {
      const wait = parseInt(res.headers.get('Retry-After') || '', 10);
      const when = wait > 0 ? ` in ${wait < 120 ? `${wait} s` : `${Math.ceil(wait / 60)} min`}` : ' later';
      return { error: `Too many failed sign-ins. Try again${when}.` };
    }
    if (!res.ok) return { error: `Sign-in failed (HTTP ${res.status}). Please try again.` };
    const body = await res.json();
    if (!body || typeof body.token !== 'string') return { error: 'Sign-in failed: unexpected answer.' };
    return body;
  }

  async function refreshQueue() {
    try {
      const res = await api('/api/queue');
      if (!res.ok) return;
      const body = await res.json();
      const items = Array.isArray(body) ? body : body && Array.isArray(body.items) ? body.items : null;
      if (items) setQueue(items);
    } catch (_) {
      /* the socket will send the next queue frame */
    }
  }

  /** Catch up a conversation we own (after reload or reconnect) from the HTTP record. */
  async function loadConversation(id) {
    let res;
    try {
      res = await api(`/api/conversations/${encodeURIComponent(id)}`);
    } catch (_) {
      return;
    }
    const conv = S.convs.get(id);
    if (!conv) return;
    if (res.status === 404) {
      conv.ended = 'This conversation no longer exists.';
      conv.state = 'closed';
      renderAll();
      return;
    }
    if (!res.ok) return;
    let body;
    try {
      body = await res.json();
    } catch (_) {
      return;
    }
    const c = (body && body.conversation) || {};
    if (body && body.handoff && typeof body.handoff === 'object') conv.packet = body.handoff;
    if (Array.isArray(body && body.messages)) for (const m of body.messages) addMessage(conv, m, true);
    if (c.customer_id) conv.customerId = c.customer_id;
    if (typeof c.state === 'string') {
      const owner = c.owner_agent || c.agent || c.owner || null;
      applyConvState(conv, { state: c.state, agent: typeof owner === 'string' ? owner : null });
    }
    renderAll();
  }

  // ---------------------------------------------------------------- socket

  function wsUrl() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // No token in the URL (proxies and access logs record URLs): it goes in the first frame.
    return `${proto}//${location.host}/ws/console`;
  }

  function setConn(status, text) {
    S.online = status === 'online';
    E.conn.dataset.status = status;
    E.conn.textContent = text;
    updateComposer();
  }

  function connect() {
    S.wantSocket = true;
    if (!S.token) return;
    if (S.ws && (S.ws.readyState === WebSocket.OPEN || S.ws.readyState === WebSocket.CONNECTING)) return;
    if (S.reconnectTimer) {
      clearTimeout(S.reconnectTimer);
      S.reconnectTimer = null;
    }
    let sock;
    try {
      sock = new WebSocket(wsUrl());
    } catch (_) {
      scheduleReconnect();
      return;
    }
    S.ws = sock;
    let synced = false;
    sock.addEventListener('open', () => {
      if (S.ws === sock && S.token) sock.send(JSON.stringify({ type: 'auth', token: S.token }));
    });
    sock.addEventListener('message', (ev) => {
      if (S.ws !== sock) return;
      let f;
      try {
        f = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      if (!f || typeof f !== 'object') return;
      if (!synced && f.type === 'queue') {
        // The first queue frame means the token was accepted.
        synced = true;
        S.attempt = 0;
        setConn('online', 'Connected');
        startPing();
        onReconnected();
      }
      handleFrame(f);
    });
    sock.addEventListener('close', (ev) => {
      if (S.ws !== sock) return;
      S.ws = null;
      stopPing();
      if (ev.code === 4401) {
        signOut('Your session has ended. Please sign in again.');
        return;
      }
      if (S.wantSocket) scheduleReconnect();
    });
    sock.addEventListener('error', () => {
      /* close follows */
    });
  }

  function scheduleReconnect() {
    if (S.reconnectTimer || !S.wantSocket) return;
    const base = Math.min(30000, 500 * 2 ** S.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    S.attempt++;
    setConn('reconnecting', `Reconnecting in ${Math.ceil(delay / 1000)} s…`);
    S.reconnectTimer = setTimeout(() => {
      S.reconnectTimer = null;
      setConn('reconnecting', 'Reconnecting…');
      connect();
    }, delay);
  }

  function disconnect() {
    S.wantSocket = false;
    if (S.reconnectTimer) clearTimeout(S.reconnectTimer);
    S.reconnectTimer = null;
    stopPing();
    const ws = S.ws;
    S.ws = null;
    if (ws) ws.close(1000, 'sign out');
  }

  function startPing() {
    stopPing();
    S.lastPong = Date.now();
    S.pingTimer = setInterval(() => {
      if (!S.ws || S.ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() - S.lastPong > PONG_TIMEOUT_MS) {
        S.ws.close(4000, 'no pong'); // half-open socket: force a reconnect
        return;
      }
      send({ type: 'ping' });
    }, PING_EVERY_MS);
  }
  function stopPing() {
    if (S.pingTimer) clearInterval(S.pingTimer);
    S.pingTimer = null;
  }

  function send(frame) {
    if (!S.ws || S.ws.readyState !== WebSocket.OPEN) return false;
    S.ws.send(JSON.stringify(frame));
    return true;
  }

  /** After (re)connecting: catch up owned conversations and resend unacked replies. */
  function onReconnected() {
    for (const id of S.order) {
      const conv = S.convs.get(id);
      if (conv && !conv.ended) loadConversation(id);
    }
    for (const item of S.outbox) {
      send({ type: 'message', conversation_id: item.conversation_id, client_id: item.client_id, text: item.text });
    }
  }

  // ---------------------------------------------------------------- frames

  const ERROR_TEXT = {
    bad_json: 'The server could not read that request.',
    too_large: 'That message is too long (4,000 characters at most).',
    unknown_type: 'The server did not understand that request.',
    invalid: 'That request was missing something or had a wrong value.',
    not_found: 'That conversation no longer exists.',
    conflict: 'Someone else owns that conversation.',
    already_claimed: 'Already claimed by a colleague.',
    illegal_transition: 'That is not possible in the conversation’s current state.',
    conversation_closed: 'That conversation is closed.',
    unauthorized: 'Your session has ended. Please sign in again.',
    forbidden: 'You are not allowed to do that.',
    not_owner: 'You no longer own this conversation.',
    internal: 'The server had a problem. Please try again.',
    rate_limited: 'Too many requests. Wait a moment and try again.',
    too_many_connections: 'Too many connections from this network. Retrying shortly…',
    timeout: 'The connection timed out. Reconnecting…',
  };

  function handleFrame(f) {
    switch (f.type) {
      case 'queue':
        setQueue(Array.isArray(f.items) ? f.items : []);
        break;
      case 'handoff':
        onHandoff(f);
        break;
      case 'claimed':
        onClaimed(f);
        break;
      case 'message': {
        const conv = S.convs.get(f.conversation_id);
        if (!conv) return;
        addMessage(conv, f, false);
        if (f.conversation_id === S.activeId) renderTranscript();
        renderMine();
        break;
      }
      case 'state': {
        const conv = S.convs.get(f.conversation_id);
        if (!conv) return;
        applyConvState(conv, f);
        renderMine();
        if (f.conversation_id === S.activeId) renderConversation();
        break;
      }
      case 'ack':
        onAck(f);
        break;
      case 'error':
        onError(f);
        break;
      case 'pong':
        S.lastPong = Date.now();
        break;
      default:
        break;
    }
  }

  function onHandoff(f) {
    const p = f.packet && typeof f.packet === 'object' ? f.packet : {};
    const id = f.conversation_id || p.conversation_id;
    if (!id) return;
    S.packets.set(id, p);
    const prio = num(p.priority);
    const title = `New handoff${prio != null ? ` · priority ${Math.round(prio)}` : ''}`;
    const reason = reasonLabel(p.reason);
    const body = `${reason}${p.summary ? ' — ' + p.summary : ''}`;
    toast(title, body, [{ label: 'Claim', primary: true, run: () => claim(id) }], 20000, id);
  }

  function onClaimed(f) {
    const id = f.conversation_id || (f.packet && f.packet.conversation_id);
    if (!id) return;
    S.pendingClaims.delete(id);
    for (const [r, cid] of S.claimRefs) if (cid === id) S.claimRefs.delete(r);
    let conv = S.convs.get(id);
    if (!conv) {
      conv = makeConv(id);
      S.convs.set(id, conv);
    }
    if (!S.order.includes(id)) S.order.push(id);
    conv.packet = f.packet || S.packets.get(id) || conv.packet;
    conv.customerId = (conv.packet && conv.packet.customer_id) || conv.customerId;
    conv.state = 'human';
    conv.agent = S.agent ? S.agent.display_name || S.agent.username : null;
    conv.ended = null;
    conv.busy = null;
    for (const m of Array.isArray(f.messages) ? f.messages : []) addMessage(conv, m, true);
    S.queue = S.queue.filter((q) => q.conversation_id !== id);
    persist();
    activate(id);
    renderQueue();
  }

  function onAck(f) {
    for (const conv of S.convs.values()) {
      const p = conv.pending.get(f.client_id);
      if (!p) continue;
      conv.acked.add(f.client_id);
      if (typeof f.seq === 'number' && conv.messages.has(f.seq)) conv.pending.delete(f.client_id);
      else {
        p.status = 'acked';
        p.seq = typeof f.seq === 'number' ? f.seq : null;
      }
      if (conv.id === S.activeId) renderTranscript();
    }
    const before = S.outbox.length;
    S.outbox = S.outbox.filter((o) => o.client_id !== f.client_id);
    if (S.outbox.length !== before) persist();
  }

  function onError(f) {
    const code = f.code || 'internal';
    if (code === 'unauthorized') {
      signOut(ERROR_TEXT.unauthorized);
      return;
    }
    // A claim that failed? The error's ref is the claim's client_id (or its conversation_id).
    const claimId =
      f.conversation_id && S.pendingClaims.has(f.conversation_id) ? f.conversation_id
        : S.claimRefs.has(f.ref) ? S.claimRefs.get(f.ref)
        : S.pendingClaims.has(f.ref) ? f.ref
        : !f.ref && S.pendingClaims.size === 1 ? Array.from(S.pendingClaims)[0]
        : null;
    if (claimId) {
      S.pendingClaims.delete(claimId);
      for (const [r, id] of S.claimRefs) if (id === claimId) S.claimRefs.delete(r);
      if (code === 'already_claimed' || code === 'conflict') {
        notify('Already claimed by a colleague.', 'warn');
      } else if (code === 'illegal_transition') {
        notify('Already claimed by a colleague (or no longer waiting).', 'warn');
      } else {
        notify(ERROR_TEXT[code] || f.message || 'Could not claim that conversation.', 'error');
      }
      renderQueue();
      refreshQueue();
      return;
    }
    if (code === 'already_claimed') {
      notify('Already claimed by a colleague.', 'warn');
      refreshQueue();
      return;
    }
    // A reply that failed?
    if (f.ref) {
      for (const conv of S.convs.values()) {
        const p = conv.pending.get(f.ref);
        if (!p) continue;
        p.status = 'failed';
        p.error = ERROR_TEXT[code] || 'Not sent.';
        if (code !== 'internal') {
          S.outbox = S.outbox.filter((o) => o.client_id !== f.ref);
          persist();
        }
        if (conv.id === S.activeId) renderTranscript();
      }
    }
    // A handback/close that was refused: let the agent try again.
    for (const conv of S.convs.values()) {
      if (conv.busy) {
        conv.busy = null;
        if (conv.id === S.activeId) renderConversation();
      }
    }
    const msg = ERROR_TEXT[code] || f.message || 'Something went wrong.';
    notify(msg, 'error');
  }

  // ---------------------------------------------------------------- model updates

  function addMessage(conv, m, silent) {
    if (!m || typeof m !== 'object' || typeof m.seq !== 'number') return;
    const known = conv.messages.has(m.seq);
    conv.messages.set(m.seq, m);
    if (m.client_id && conv.pending.has(m.client_id)) {
      conv.pending.delete(m.client_id);
      conv.acked.add(m.client_id);
    }
    if (!known && !silent && m.role === 'customer' && conv.id !== S.activeId) conv.unread++;
    if (!known && !silent && m.role === 'customer' && document.hidden) flashTitle();
  }

  function isMe(name) {
    if (!name || !S.agent) return false;
    return name === S.agent.display_name || name === S.agent.username;
  }

  function applyConvState(conv, f) {
    conv.state = f.state;
    if (f.agent !== undefined) conv.agent = f.agent;
    conv.busy = null;
    if (f.state === 'human') {
      conv.ended = conv.agent && !isMe(conv.agent) ? `Now owned by ${conv.agent}.` : null;
    } else if (f.state === 'bot') {
      conv.ended = 'Handed back to the AI assistant.';
    } else if (f.state === 'closed') {
      conv.ended = conv.disposition
        ? `Closed — ${humanize(conv.disposition).toLowerCase()}.`
        : 'This conversation is closed.';
    } else if (f.state === 'queued') {
      conv.ended = 'Back in the queue.';
    }
  }

  function setQueue(items) {
    S.queue = items.filter((i) => i && i.conversation_id);
    // A handoff toast is stale once its conversation left the queue (claimed or withdrawn).
    const waiting = new Set(S.queue.map((q) => String(q.conversation_id)));
    for (const t of E.toasts.querySelectorAll('[data-c="toast"][data-conversation-id]')) {
      if (!waiting.has(t.dataset.conversationId)) t.remove();
    }
    for (const id of Array.from(S.pendingClaims)) {
      if (!S.queue.some((q) => q.conversation_id === id) && !S.convs.has(id)) S.pendingClaims.delete(id);
    }
    renderQueue();
  }

  // ---------------------------------------------------------------- actions

  function claim(id) {
    if (S.convs.has(id) && !S.convs.get(id).ended) {
      activate(id);
      return;
    }
    const ref = newClientId();
    if (!send({ type: 'claim', conversation_id: id, client_id: ref })) {
      notify('Not connected — wait a moment and try again.', 'warn');
      return;
    }
    S.pendingClaims.add(id);
    S.claimRefs.set(ref, id);
    renderQueue();
  }

  function activate(id) {
    S.activeId = id;
    const conv = S.convs.get(id);
    if (conv) conv.unread = 0;
    persist();
    renderAll();
    if (conv && !conv.ended) setTimeout(() => E['reply-input'].focus(), 0);
  }

  function sendReply() {
    const conv = S.convs.get(S.activeId);
    if (!conv) return;
    const text = E['reply-input'].value.trim();
    if (!text) return;
    if (conv.ended) {
      notify('This conversation is no longer yours to reply to.', 'warn');
      return;
    }
    if (text.length > MAX_TEXT) {
      notify(ERROR_TEXT.too_large, 'error');
      return;
    }
    const item = { conversation_id: conv.id, client_id: newClientId(), text };
    conv.pending.set(item.client_id, { client_id: item.client_id, text, status: 'sending', at: new Date().toISOString() });
    S.outbox.push(item);
    persist();
    send({ type: 'message', conversation_id: conv.id, client_id: item.client_id, text });
    E['reply-input'].value = '';
    conv.draft = '';
    updateCounter();
    renderTranscript(true);
  }

  function handback() {
    const conv = S.convs.get(S.activeId);
    if (!conv || conv.ended) return;
    if (!send({ type: 'handback', conversation_id: conv.id, client_id: newClientId() })) {
      notify('Not connected — wait a moment and try again.', 'warn');
      return;
    }
    conv.busy = 'handback';
    renderConversation();
  }

  function closeConversation() {
    const conv = S.convs.get(S.activeId);
    if (!conv || conv.ended) return;
    const disposition = E.disposition.value;
    if (!DISPOSITIONS.includes(disposition)) {
      notify('Choose a disposition before closing.', 'warn');
      E.disposition.focus();
      return;
    }
    if (!send({ type: 'close', conversation_id: conv.id, disposition, client_id: newClientId() })) {
      notify('Not connected — wait a moment and try again.', 'warn');
      return;
    }
    conv.disposition = disposition;
    conv.busy = 'close';
    renderConversation();
  }

  function dismiss() {
    const id = S.activeId;
    if (!id) return;
    S.convs.delete(id);
    S.order = S.order.filter((x) => x !== id);
    S.outbox = S.outbox.filter((o) => o.conversation_id !== id);
    S.activeId = S.order.length ? S.order[S.order.length - 1] : null;
    persist();
    renderAll();
  }

  // ---------------------------------------------------------------- rendering: queue & mine

  function renderQueue() {
    const items = S.queue.slice().sort((a, b) => {
      const d = (num(b.priority) || 0) - (num(a.priority) || 0);
      if (d) return d;
      return (Date.parse(a.waiting_since) || 0) - (Date.parse(b.waiting_since) || 0);
    });
    const nodes = items.map((q) => {
      const id = String(q.conversation_id);
      const lvl = level(q.priority);
      const claiming = S.pendingClaims.has(id);
      const btn = el('button', {
        type: 'button',
        class: 'btn btn-primary',
        'data-c': 'claim',
        'aria-label': `Claim conversation ${shortId(id)}`,
        disabled: claiming,
        text: claiming ? 'Claiming…' : 'Claim',
      });
      btn.addEventListener('click', () => claim(id));
      const prio = num(q.priority);
      return el(
        'li',
        { class: 'qitem', 'data-c': 'queue-item', 'data-conversation-id': id, 'data-level': lvl },
        el(
          'div',
          { class: 'qitem-top' },
          el('span', {
            class: 'prio',
            'data-level': lvl,
            title: 'Priority',
            text: prio == null ? '—' : `P${Math.round(prio)}`,
          }),
          el('span', {
            class: 'reason',
            'data-c': 'queue-reason',
            title: q.reason_text ? String(q.reason_text) : null,
            text: reasonLabel(q.reason),
          }),
          el('span', { class: 'wait', 'data-c': 'queue-wait', 'data-since': q.waiting_since || '', text: waitingFor(q.waiting_since) })
        ),
        q.summary ? el('p', { class: 'qitem-summary', 'data-c': 'queue-summary', text: String(q.summary) }) : null,
        el(
          'div',
          { class: 'qitem-foot' },
          el('span', { class: 'cust', text: q.customer_id ? `Customer ${q.customer_id}` : 'Anonymous customer' }),
          num(q.churn_risk) != null && frac(q.churn_risk) >= 0.3
            ? el('span', { class: 'chip chip-alert', title: 'Churn risk', text: `churn ${pct(q.churn_risk)}` })
            : null,
          btn
        )
      );
    });
    // Keep keyboard focus on the same item across re-renders.
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('[data-c="queue-item"]')
      : null;
    const focusId = focused ? focused.dataset.conversationId : null;
    E.queue.replaceChildren(...nodes);
    if (focusId) {
      const again = E.queue.querySelector(`[data-conversation-id="${CSS.escape(focusId)}"] [data-c="claim"]`);
      if (again && !again.disabled) again.focus();
    }
    E['queue-count'].textContent = String(items.length);
    E['queue-empty'].hidden = items.length > 0;
    updateTitle();
  }

  function tickWaiting() {
    for (const w of E.queue.querySelectorAll('[data-c="queue-wait"]')) {
      w.textContent = waitingFor(w.dataset.since);
    }
  }

  function convTitle(conv) {
    return conv.customerId ? `Customer ${conv.customerId}` : `Conversation ${shortId(conv.id)}`;
  }

  function renderMine() {
    const nodes = S.order.map((id) => {
      const conv = S.convs.get(id);
      if (!conv) return null;
      const last = lastMessage(conv);
      const b = el(
        'button',
        {
          type: 'button',
          class: 'mitem',
          'data-c': 'mine-item',
          'data-conversation-id': id,
          'data-state': conv.state,
          'aria-current': id === S.activeId ? 'true' : 'false',
        },
        el(
          'span',
          { class: 'mitem-main' },
          el('span', { class: 'mitem-title', text: convTitle(conv) }),
          el('span', {
            class: 'mitem-sub',
            text: conv.ended ? conv.ended : last ? `${roleLabel(last)}: ${last.text}` : 'Live',
          })
        ),
        conv.unread ? el('span', { class: 'unread', 'aria-label': `${conv.unread} new`, text: String(conv.unread) }) : null
      );
      b.addEventListener('click', () => activate(id));
      return el('li', null, b);
    });
    E.mine.replaceChildren(...nodes.filter(Boolean));
    E['mine-count'].textContent = String(S.order.length);
    E['mine-empty'].hidden = S.order.length > 0;
    updateTitle();
  }

  function lastMessage(conv) {
    let best = null;
    for (const m of conv.messages.values()) if (!best || m.seq > best.seq) best = m;
    return best;
  }

  function roleLabel(m) {
    switch (m.role) {
      case 'customer':
        return 'Customer';
      case 'bot':
        return 'AI';
      case 'human':
        return isMe(m.author) ? 'You' : m.author || 'Agent';
      default:
        return 'Notice';
    }
  }

  let titleFlash = false;
  function flashTitle() {
    titleFlash = true;
    updateTitle();
  }
  function updateTitle() {
    const unread = Array.from(S.convs.values()).reduce((n, c) => n + c.unread, 0);
    const waiting = S.queue.length;
    const parts = [];
    if (titleFlash || unread) parts.push(`(${unread || '•'})`);
    if (waiting) parts.push(`${waiting} waiting ·`);
    parts.push('Warmline console');
    document.title = parts.join(' ');
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      titleFlash = false;
      updateTitle();
    }
  });

  // ---------------------------------------------------------------- rendering: conversation

  function renderAll() {
    renderQueue();
    renderMine();
    renderConversation();
  }

  let renderedPacketFor = null;
  let renderedPacket = null;

  function renderConversation() {
    const conv = S.convs.get(S.activeId);
    E.placeholder.hidden = !!conv;
    E.conversation.hidden = !conv;
    if (!conv) {
      E.conversation.removeAttribute('data-conversation-id');
      renderedPacketFor = null;
      return;
    }
    const switched = E.conversation.dataset.conversationId !== conv.id;
    if (switched) {
      // Keep the draft of the conversation we leave.
      const prev = S.convs.get(E.conversation.dataset.conversationId);
      if (prev) prev.draft = E['reply-input'].value;
      E['reply-input'].value = conv.draft || '';
      E.disposition.value = '';
      updateCounter();
    }
    E.conversation.dataset.conversationId = conv.id;
    E['chat-title'].textContent = visibleText(convTitle(conv));
    E['chat-sub'].textContent = `Conversation ${conv.id}`;
    E['conv-state'].dataset.state = conv.state || '';
    E['conv-state'].textContent =
      conv.state === 'human' ? (conv.ended ? 'Colleague' : 'With you') : conv.state === 'bot' ? 'AI' : humanize(conv.state);
    E.ended.hidden = !conv.ended;
    E['ended-text'].textContent = conv.ended || '';
    if (renderedPacketFor !== conv.id || renderedPacket !== conv.packet) {
      renderPacket(conv.packet, conv);
      renderedPacketFor = conv.id;
      renderedPacket = conv.packet;
    }
    renderTranscript(switched);
    updateComposer();
  }

  function updateComposer() {
    const conv = S.convs.get(S.activeId);
    const live = !!conv && !conv.ended;
    E['reply-input'].disabled = !live;
    E.handback.disabled = !live || !!conv.busy || !S.online;
    E.close.disabled = !live || !!conv.busy || !S.online;
    E.disposition.disabled = !live || !!conv.busy;
    E.handback.textContent = conv && conv.busy === 'handback' ? 'Handing back…' : 'Hand back to AI';
    E.close.textContent = conv && conv.busy === 'close' ? 'Closing…' : 'Close conversation';
    updateCounter();
  }

  function updateCounter() {
    const n = E['reply-input'].value.length;
    const text = E['reply-input'].value.trim();
    E['reply-counter'].textContent = n > MAX_TEXT * 0.8 ? `${n} / ${MAX_TEXT}` : '';
    E['reply-counter'].dataset.over = String(n > MAX_TEXT);
    const conv = S.convs.get(S.activeId);
    E['reply-send'].disabled = !conv || !!conv.ended || !text || text.length > MAX_TEXT;
  }

  function messageNode(m, extra) {
    const role = ['customer', 'bot', 'human', 'system'].includes(m.role) ? m.role : 'system';
    const node = el('div', {
      class: 'msg',
      'data-role': role,
      'data-seq': typeof m.seq === 'number' ? String(m.seq) : '',
    });
    if (m.client_id) node.dataset.clientId = m.client_id;
    if (role !== 'system') {
      const meta = el('div', { class: 'msg-meta' });
      if (role === 'customer') {
        meta.append(el('span', { class: 'badge badge-customer', text: 'Customer' }));
      } else if (role === 'bot') {
        meta.append(
          el('span', { class: 'msg-author', text: m.author || 'AI assistant' }),
          el('span', { class: 'badge badge-ai', text: 'AI' })
        );
      } else {
        meta.append(
          el('span', { class: 'msg-author', text: isMe(m.author) ? `${m.author} (you)` : m.author || 'Agent' }),
          el('span', { class: 'badge badge-person', text: 'Person' })
        );
      }
      const t = clock(m.at);
      if (t) meta.append(el('time', { datetime: m.at, text: t }));
      node.append(meta);
    }
    const body = el('div', { class: 'msg-body' }, el('span', { class: 'msg-text', dir: 'auto', text: String(m.text == null ? '' : m.text) }));
    if (role === 'bot' && Array.isArray(m.citations) && m.citations.length) {
      const list = el('ul', { class: 'msg-cites' });
      for (const c of m.citations) {
        if (!c || typeof c !== 'object') continue;
        const label = [c.title, c.section].filter(Boolean).map(String).join(' — ') || String(c.article_id || 'Source');
        const href = safeUrl(c.url);
        list.append(
          el('li', null, href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label }) : el('span', { text: label }))
        );
      }
      body.append(list);
    }
    node.append(body);
    if (extra && extra.status) {
      node.dataset.status = extra.status;
      node.append(el('div', { class: 'msg-status', 'data-c': 'msg-status', text: extra.statusText }));
    }
    return node;
  }

  function renderTranscript(forceBottom) {
    const conv = S.convs.get(S.activeId);
    if (!conv) return;
    const box = E.transcript;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const msgs = Array.from(conv.messages.values()).sort((a, b) => a.seq - b.seq);
    const nodes = msgs.map((m) =>
      m.client_id && conv.acked.has(m.client_id)
        ? messageNode(m, { status: 'delivered', statusText: 'Delivered ✓' })
        : messageNode(m)
    );
    for (const p of conv.pending.values()) {
      if (p.status === 'acked' && typeof p.seq === 'number' && conv.messages.has(p.seq)) continue;
      const statusText =
        p.status === 'failed' ? `Not sent — ${p.error || 'try again'}` : p.status === 'acked' ? 'Delivered ✓' : 'Sending…';
      nodes.push(
        messageNode(
          {
            role: 'human',
            author: S.agent ? S.agent.display_name || S.agent.username : 'You',
            text: p.text,
            client_id: p.client_id,
            seq: p.status === 'acked' ? p.seq : null,
            at: p.at,
          },
          { status: p.status === 'acked' ? 'delivered' : p.status, statusText }
        )
      );
    }
    box.replaceChildren(...nodes);
    if (forceBottom || atBottom) box.scrollTop = box.scrollHeight;
  }

  // ---------------------------------------------------------------- rendering: packet

  function section(title, hookName, ...children) {
    return el('section', { class: 'pk-section', 'data-c': hookName }, el('h3', { text: title }), ...children);
  }

  function renderPacket(p, conv) {
    const box = E.packet;
    if (!p || typeof p !== 'object') {
      box.replaceChildren(
        section('Handoff packet', 'packet-none', el('p', { class: 'pk-none', text: 'No handoff packet for this conversation.' }))
      );
      return;
    }
    const parts = [];

    // Why it came to a person.
    const prio = num(p.priority);
    parts.push(
      section(
        'Why it came to you',
        'packet-reason',
        el(
          'div',
          { class: 'pk-reason' },
          el('span', { text: reasonLabel(p.reason) }),
          prio == null ? null : el('span', { class: 'prio', 'data-level': level(prio), text: `P${Math.round(prio)}` })
        ),
        p.reason_text ? el('p', { class: 'pk-reason-text', text: String(p.reason_text) }) : null
      )
    );

    parts.push(
      section('Summary', 'packet-summary', el('p', { class: 'pk-summary', text: p.summary ? String(p.summary) : '—' }))
    );

    // Intents and the latent one.
    const intents = Array.isArray(p.intents) ? p.intents : [];
    const intentList = el('ul', { class: 'pk-list' });
    for (const it of intents) {
      if (!it) continue;
      const f = frac(it.confidence);
      intentList.append(
        el(
          'li',
          { 'data-c': 'intent' },
          el('span', { class: 'pk-label', text: humanize(it.intent) }),
          el('span', { class: 'minibar', 'aria-hidden': 'true' }, el('span', { style: `width:${(f * 100).toFixed(0)}%` })),
          el('span', { class: 'pk-num', text: pct(it.confidence) })
        )
      );
    }
    const latent = p.latent_intent
      ? el('span', { class: p.latent_intent === 'churn' ? 'chip chip-alert' : 'chip', 'data-c': 'packet-latent', text: humanize(p.latent_intent) })
      : el('span', { class: 'pk-none', 'data-c': 'packet-latent', text: 'None detected' });
    parts.push(
      section(
        'Intent',
        'packet-intents',
        intents.length ? intentList : el('p', { class: 'pk-none', text: 'No intent recorded.' }),
        el('p', { class: 'pk-latent' }, el('span', { class: 'muted', text: 'Latent intent: ' }), latent)
      )
    );

    // Emotion.
    const emo = p.emotion && typeof p.emotion === 'object' ? p.emotion : {};
    const traj = String(emo.trajectory || 'steady');
    const arrow = traj === 'rising' ? '↑' : traj === 'falling' ? '↓' : '→';
    parts.push(
      section(
        'Emotion',
        'packet-emotion',
        el(
          'div',
          { class: 'pk-emotion' },
          el('span', { class: 'chip', text: humanize(emo.current || 'neutral') }),
          el('span', null, el('span', { class: 'muted', text: 'intensity ' }), el('strong', { text: pct(emo.intensity) })),
          el('span', { class: 'traj', 'data-trajectory': traj, text: `${arrow} ${traj}` })
        )
      )
    );

    // Churn risk: bar + evidence.
    const churn = p.churn && typeof p.churn === 'object' ? p.churn : {};
    const risk = frac(churn.risk);
    const riskLevel = risk >= 0.6 ? 'high' : risk >= 0.3 ? 'medium' : 'low';
    const evidence = Array.isArray(churn.evidence) ? churn.evidence : [];
    const evList = el('ul', { class: 'evidence', 'data-c': 'churn-evidence' });
    for (const ev of evidence) {
      if (!ev) continue;
      const w = num(ev.weight);
      evList.append(
        el(
          'li',
          null,
          el('span', { class: 'chip chip-src', text: String(ev.source || 'signal') }),
          el('span', { class: 'ev-detail', text: String(ev.detail || '') }),
          w ? el('span', { class: 'ev-weight', title: 'weight', text: `+${w.toFixed(2)}` }) : null
        )
      );
    }
    parts.push(
      section(
        'Churn risk',
        'packet-churn',
        el(
          'div',
          { class: 'risk-row' },
          el('span', { text: riskLevel === 'high' ? 'High' : riskLevel === 'medium' ? 'Medium' : 'Low' }),
          el('span', { class: 'risk-val', text: pct(churn.risk) })
        ),
        el(
          'div',
          {
            class: 'riskbar',
            'data-c': 'churn-bar',
            'data-level': riskLevel,
            role: 'meter',
            'aria-label': 'Churn risk',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-valuenow': String(Math.round(risk * 100)),
          },
          el('span', { style: `width:${(risk * 100).toFixed(0)}%` })
        ),
        evidence.length ? evList : el('p', { class: 'pk-none', text: 'No churn evidence.' })
      )
    );

    // Articles the AI tried.
    const arts = Array.isArray(p.articles_tried) ? p.articles_tried : [];
    const artList = el('ul', { class: 'pk-list' });
    for (const a of arts) {
      if (!a) continue;
      const label = [a.title, a.section].filter(Boolean).map(String).join(' — ') || String(a.article_id || '');
      const href = safeUrl(a.url);
      artList.append(el('li', null, href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label }) : el('span', { class: 'pk-label', text: label })));
    }
    parts.push(
      section('Articles the AI tried', 'packet-articles', arts.length ? artList : el('p', { class: 'pk-none', text: 'None.' }))
    );

    // Customer + profile.
    const dl = el('dl', { class: 'pk-dl' });
    const addRow = (k, v) => dl.append(el('dt', { text: k }), el('dd', { text: v }));
    addRow('Customer id', String(p.customer_id || (conv && conv.customerId) || '—'));
    const prof = p.profile && typeof p.profile === 'object' ? p.profile : {};
    for (const [k, v] of Object.entries(prof)) {
      addRow(humanize(k), v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    if (p.created_at) addRow('Escalated at', new Date(p.created_at).toLocaleString());
    parts.push(section('Customer', 'packet-profile', dl));

    box.replaceChildren(...parts);
  }

  // ---------------------------------------------------------------- sign-in / out

  function showLogin(message) {
    E.app.hidden = true;
    E.login.hidden = false;
    E['login-error'].hidden = !message;
    E['login-error'].textContent = message || '';
    const u = E.loginForm.elements.username;
    setTimeout(() => (u.value ? E.loginForm.elements.password : u).focus(), 0);
  }

  function showApp() {
    E.login.hidden = true;
    E.app.hidden = false;
    E['agent-name'].textContent = S.agent ? S.agent.display_name || S.agent.username : '';
    renderAll();
  }

  function signOut(message) {
    disconnect();
    S.token = null;
    S.agent = null;
    S.queue = [];
    S.convs.clear();
    S.order = [];
    S.activeId = null;
    S.outbox = [];
    S.pendingClaims.clear();
    S.claimRefs.clear();
    S.packets.clear();
    renderedPacketFor = null;
    E.conversation.removeAttribute('data-conversation-id');
    E['reply-input'].value = '';
    E.toasts.replaceChildren();
    E['notice-bar'].hidden = true;
    try {
      sessionStorage.removeItem(STORE_KEY);
    } catch (_) {
      /* ignore */
    }
    setConn('connecting', 'Offline');
    showLogin(message);
  }

  async function onLoginSubmit(e) {
    e.preventDefault();
    const form = E.loginForm;
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username || !password) {
      showLogin('Enter your username and password.');
      return;
    }
    E['login-submit'].disabled = true;
    E['login-submit'].textContent = 'Signing in…';
    let result;
    try {
      result = await login(username, password);
    } catch (_) {
      result = { error: 'Cannot reach the server. Check your connection and try again.' };
    }
    E['login-submit'].disabled = false;
    E['login-submit'].textContent = 'Sign in';
    if (result.error) {
      form.elements.password.value = '';
      showLogin(result.error);
      return;
    }
    form.elements.password.value = '';
    S.token = result.token;
    S.agent = result.agent || { username, display_name: username };
    persist();
    showApp();
    setConn('connecting', 'Connecting…');
    connect();
  }

  // ---------------------------------------------------------------- start

  function wire() {
    E.loginForm.addEventListener('submit', onLoginSubmit);
    E.signout.addEventListener('click', () => {
      // Best effort: revoke the token on the server too (POST /api/auth/logout).
      if (S.token) {
        fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${S.token}` } }).catch(() => {});
      }
      signOut(null);
    });
    E['notice-dismiss'].addEventListener('click', () => (E['notice-bar'].hidden = true));
    E.composer.addEventListener('submit', (e) => {
      e.preventDefault();
      sendReply();
    });
    E['reply-input'].addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        sendReply();
      }
    });
    E['reply-input'].addEventListener('input', () => {
      const conv = S.convs.get(S.activeId);
      if (conv) conv.draft = E['reply-input'].value;
      updateCounter();
    });
    E.handback.addEventListener('click', handback);
    E.close.addEventListener('click', closeConversation);
    E.dismiss.addEventListener('click', dismiss);
    window.addEventListener('online', () => {
      if (S.token && !S.ws) {
        S.attempt = 0;
        connect();
      }
    });
    setInterval(tickWaiting, 15000);
  }

  function start() {
    bindElements();
    wire();
    const saved = loadPersisted();
    if (saved && typeof saved.token === 'string') {
      S.token = saved.token;
      S.agent = saved.agent || null;
      S.outbox = Array.isArray(saved.outbox) ? saved.outbox : [];
      for (const id of Array.isArray(saved.mine) ? saved.mine : []) {
        if (typeof id !== 'string' || S.convs.has(id)) continue;
        S.convs.set(id, makeConv(id));
        S.order.push(id);
      }
      // Unacked replies show as pending until the resend is acked.
      for (const o of S.outbox) {
        const conv = S.convs.get(o.conversation_id);
        if (conv) conv.pending.set(o.client_id, { client_id: o.client_id, text: o.text, status: 'sending' });
      }
      S.activeId = S.convs.has(saved.active) ? saved.active : S.order[0] || null;
      showApp();
      setConn('connecting', 'Connecting…');
      connect(); // onReconnected() loads each owned conversation over HTTP
    } else {
      showLogin(null);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
