/*
 * Warmline customer chat widget.
 *
 * Embed with one tag:
 *   <script src="https://host/widget.js" data-warmline-title="Larkspur Bank help" async></script>
 * Optional attributes: data-warmline-customer-id, data-warmline-identity (signed token),
 * data-warmline-profile (JSON object),
 * data-warmline-language, data-warmline-open ("true" opens the panel on load),
 * data-warmline-expiry-hours (how long this browser may continue a conversation after its last
 * use; default 24).
 *
 * Sign-out: the host app calls window.WarmlineWidget.forget() (or dispatches a
 * `warmline:forget` event on window or document). The widget then closes its socket and
 * deletes the conversation id, its resume token, unsent messages and the shown transcript from
 * this browser, so the next person on a shared computer starts clean.
 *
 * Wire contract: docs/protocol.md (customer socket). Every server or customer string is
 * rendered with textContent - never as HTML. This file is ASCII-only on purpose: host pages
 * without a UTF-8 charset would otherwise garble its text (non-ASCII is written as \u escapes).
 */
(function () {
  'use strict';

  if (window.WarmlineWidget && window.WarmlineWidget.__warmline) return; // loaded twice

  const MAX_TEXT = 4000;
  const MAX_CACHE = 300;
  const PING_EVERY_MS = 25000;
  const PONG_TIMEOUT_MS = 60000;
  const DEFAULT_DISCLOSURE =
    'You are chatting with an AI assistant. You can ask for a person at any time.';

  // ---------------------------------------------------------------- configuration

  const script =
    document.currentScript ||
    Array.from(document.querySelectorAll('script[src]')).find((s) =>
      /\/widget\.js(?:[?#]|$)/.test(s.src)
    );
  const data = (script && script.dataset) || {};
  const srcUrl = new URL(script && script.src ? script.src : '/widget.js', location.href);
  const ORIGIN = srcUrl.origin;
  const WS_URL = ORIGIN.replace(/^http/, 'ws') + '/ws/customer';
  const TITLE = data.warmlineTitle || 'Chat with us';
  const EXPIRY_MS = (() => {
    const h = Number(data.warmlineExpiryHours);
    return (Number.isFinite(h) && h > 0 ? h : 24) * 3600 * 1000;
  })();

  let customerId = data.warmlineCustomerId || null;
  // Signed by the host app's server when the Warmline server requires it (WARMLINE_WIDGET_SECRET).
  let identity = data.warmlineIdentity || null;
  let profile = parseProfile(data.warmlineProfile);
  const language = (
    data.warmlineLanguage ||
    document.documentElement.lang ||
    'en'
  ).split('-')[0].toLowerCase();

  function parseProfile(raw) {
    if (!raw) return null;
    try {
      const v = JSON.parse(raw);
      return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
    } catch (_) {
      console.warn('[warmline] data-warmline-profile is not valid JSON; ignored');
      return null;
    }
  }

  // ---------------------------------------------------------------- storage

  const PREFIX = 'warmline:' + ORIGIN + ':';
  function makeStore(getArea) {
    return {
      get(key, fallback) {
        try {
          const raw = getArea().getItem(PREFIX + key);
          return raw == null ? fallback : JSON.parse(raw);
        } catch (_) {
          return fallback;
        }
      },
      set(key, value) {
        try {
          getArea().setItem(PREFIX + key, JSON.stringify(value));
        } catch (_) {
          /* storage full or blocked: keep working in memory */
        }
      },
      del(key) {
        try {
          getArea().removeItem(PREFIX + key);
        } catch (_) {
          /* ignore */
        }
      },
    };
  }
  // localStorage: conversation cursor + outbox (must survive reloads and new tabs).
  const store = makeStore(() => window.localStorage);
  // sessionStorage: the rendered transcript, so a reload in the same tab redraws it without
  // keeping chat text on a shared computer after the tab is closed.
  const sessionStore = makeStore(() => window.sessionStorage);

  function newClientId() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') {
      try {
        return c.randomUUID();
      } catch (_) {
        /* insecure context: fall through */
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

  // ---------------------------------------------------------------- state

  // The conversation this browser may continue: its id and resume secret (the server hands
  // the secret out once, in `welcome`), kept until `expires` (refreshed on use). Without both,
  // or after expiry, nothing is kept and the next chat starts a new conversation.
  let conversationId = null;
  let resumeToken = null;
  (function loadSaved() {
    store.del('conversation_id'); // older widget versions kept a bare id (no secret)
    store.del('last_seq');
    const saved = store.get('conversation', null);
    if (saved && saved.id && saved.token && saved.expires > Date.now()) {
      conversationId = String(saved.id);
      resumeToken = String(saved.token);
    } else if (saved) {
      wipeStored();
    }
  })();
  let outbox = store.get('outbox', []); // [{client_id, text, conversation_id}]
  if (!Array.isArray(outbox)) outbox = [];
  let convState = null; // bot | queued | human | closed
  let maxSeq = 0;
  let cache = []; // messages rendered, for sessionStorage
  const bySeq = new Map(); // seq -> element
  const cachedSeqs = new Set();
  const pendingByClient = new Map(); // client_id -> element

  let ws = null;
  let attempt = 0;
  let reconnectTimer = null;
  let syncTimer = null;
  let pingTimer = null;
  let lastPong = 0;
  let welcomed = false;
  let syncing = false; // between welcome and the first state frame (replay in progress)
  let isOpen = false;
  let unread = 0;
  let wantConnection = false;
  let noticeTimer = null;
  let pendingHuman = false; // "Talk to a person" pressed before the socket was ready

  // ---------------------------------------------------------------- DOM helpers

  // Bidi controls could reorder what is shown ("fdp.exe" as "exe.pdf"): overrides, embeddings
  // and isolates become a visible [U+XXXX] marker, invisible direction marks are dropped, and
  // message text sits in a dir="auto" isolate so one message cannot reorder the page.
  const BIDI_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/g;
  const BIDI_MARKS = /[\u200E\u200F\u061C]/g;
  function visibleText(v) {
    return String(v)
      .replace(BIDI_MARKS, '')
      .replace(BIDI_FORMATTING, (c) => '[U+' + c.charCodeAt(0).toString(16).toUpperCase() + ']');
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = visibleText(v);
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  function svgIcon(paths, size) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size || 24));
    svg.setAttribute('height', String(size || 24));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    for (const d of paths) {
      const p = document.createElementNS(NS, 'path');
      p.setAttribute('d', d);
      svg.append(p);
    }
    return svg;
  }

  function safeUrl(url) {
    if (typeof url !== 'string' || !url) return null;
    try {
      const u = new URL(url, ORIGIN);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  // ---------------------------------------------------------------- styles

  const CSS = `
#warmline-widget{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 font-size:15px;line-height:1.45;color:#1c2430;-webkit-font-smoothing:antialiased}
#warmline-widget *,#warmline-widget *::before,#warmline-widget *::after{box-sizing:border-box}
#warmline-widget *{font-family:inherit;line-height:inherit;letter-spacing:normal;text-shadow:none;float:none}
#warmline-widget button,#warmline-widget textarea,#warmline-widget input,#warmline-widget select{
 font:inherit;color:inherit;margin:0;letter-spacing:normal;text-transform:none}
#warmline-widget button{padding:0;box-shadow:none;min-width:0;min-height:0;text-indent:0;line-height:normal}
#warmline-widget p,#warmline-widget ul,#warmline-widget li,#warmline-widget fieldset,
#warmline-widget legend,#warmline-widget h2{margin:0;padding:0;border:0}
#warmline-widget ul{list-style:none}
#warmline-widget [hidden]{display:none!important}
#warmline-widget .wl-closed-title{margin-bottom:6px;font-weight:600}
#warmline-widget .wl-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;
 overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
#warmline-widget :focus-visible{outline:3px solid #f2b705;outline-offset:2px}
#warmline-widget .wl-launcher{position:relative;width:60px;height:60px;border-radius:50%;border:0;
 background:#1f4e79;color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;
 box-shadow:0 6px 18px rgba(16,32,56,.28);margin-left:auto}
#warmline-widget .wl-launcher svg{fill:currentColor}
#warmline-widget .wl-launcher:hover{background:#173c5e}
#warmline-widget .wl-unread{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;
 padding:0 6px;border-radius:11px;background:#c0392b;color:#fff;font-size:12px;font-weight:700;
 display:flex;align-items:center;justify-content:center}
#warmline-widget .wl-unread[hidden]{display:none}
#warmline-widget .wl-panel{position:absolute;right:0;bottom:76px;width:380px;
 height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;
 border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(16,32,56,.3);border:1px solid #d5dbe3}
#warmline-widget .wl-panel[hidden]{display:none}
#warmline-widget .wl-header{display:flex;align-items:center;gap:8px;padding:12px 14px;
 background:#1f4e79;color:#fff}
#warmline-widget .wl-title{flex:1;font-size:16px;font-weight:600}
#warmline-widget .wl-iconbtn{border:0;background:transparent;color:inherit;cursor:pointer;
 width:32px;height:32px;border-radius:6px;display:flex;align-items:center;justify-content:center}
#warmline-widget .wl-iconbtn svg{fill:currentColor}
#warmline-widget .wl-iconbtn:hover{background:rgba(255,255,255,.15)}
#warmline-widget .wl-headbtn{border:1px solid rgba(255,255,255,.6);background:transparent;color:inherit;
 cursor:pointer;border-radius:14px;padding:3px 10px;font-size:13px;font-weight:600;white-space:nowrap}
#warmline-widget .wl-headbtn:hover{background:rgba(255,255,255,.15)}
#warmline-widget .wl-disclosure{display:flex;gap:8px;align-items:flex-start;padding:10px 14px;
 background:#eef4fb;border-bottom:1px solid #d5dbe3;font-size:13.5px;color:#17324d}
#warmline-widget .wl-disclosure strong{font-weight:700}
#warmline-widget .wl-bar{display:flex;align-items:center;gap:8px;padding:8px 14px;
 border-bottom:1px solid #e6eaef;background:#fafbfc}
#warmline-widget .wl-state{flex:1;font-size:13.5px;color:#33414f}
#warmline-widget .wl-state[data-state=queued]{color:#8a5a00;font-weight:600}
#warmline-widget .wl-state[data-state=human]{color:#1d6b3a;font-weight:600}
#warmline-widget .wl-human{border:1px solid #1f4e79;background:#fff;color:#1f4e79;border-radius:16px;
 padding:4px 12px;font-size:13px;font-weight:600;cursor:pointer;white-space:nowrap}
#warmline-widget .wl-human:hover:not(:disabled){background:#eef4fb}
#warmline-widget .wl-human:disabled{opacity:.55;cursor:default}
#warmline-widget .wl-conn{padding:6px 14px;font-size:13px;background:#fff7e0;color:#6b4a00}
#warmline-widget .wl-conn[hidden],#warmline-widget .wl-notice[hidden]{display:none}
#warmline-widget .wl-notice{padding:8px 14px;font-size:13.5px;background:#fdecea;color:#8a1f11;
 border-bottom:1px solid #f5c6c0}
#warmline-widget .wl-log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:12px;
 background:#fff}
#warmline-widget .wl-msg{display:flex;flex-direction:column;max-width:86%;align-self:flex-start}
#warmline-widget .wl-msg[data-role=customer]{align-self:flex-end;align-items:flex-end}
#warmline-widget .wl-msg[data-role=system]{align-self:center;max-width:95%;align-items:center}
#warmline-widget .wl-meta{display:flex;flex-wrap:wrap;align-items:center;gap:2px 6px;font-size:12px;color:#5b6876;
 margin-bottom:3px}
#warmline-widget .wl-meta > *{white-space:nowrap}
#warmline-widget .wl-author{font-weight:600;color:#33414f}
#warmline-widget .wl-badge{font-size:11px;font-weight:700;padding:1px 7px;border-radius:9px;
 text-transform:uppercase;letter-spacing:.03em}
#warmline-widget .wl-badge--ai{background:#e4ecf7;color:#1f4e79}
#warmline-widget .wl-badge--person{background:#dff3e6;color:#1d6b3a}
#warmline-widget .wl-text{unicode-bidi:isolate}
#warmline-widget .wl-bubble{padding:9px 12px;border-radius:12px;background:#f1f3f6;
 white-space:pre-wrap;overflow-wrap:anywhere}
#warmline-widget .wl-msg[data-role=bot] .wl-bubble{background:#eef4fb;border-top-left-radius:4px}
#warmline-widget .wl-msg[data-role=human] .wl-bubble{background:#e9f6ee;border-top-left-radius:4px;
 border-left:3px solid #2e8b57}
#warmline-widget .wl-msg[data-role=customer] .wl-bubble{background:#1f4e79;color:#fff;
 border-top-right-radius:4px}
#warmline-widget .wl-msg[data-role=system] .wl-bubble{background:transparent;color:#5b6876;
 font-size:13px;text-align:center;padding:2px 8px}
#warmline-widget .wl-cites{margin-top:6px;padding-top:6px;border-top:1px solid #d2deeb;
 font-size:13px;white-space:normal}
#warmline-widget .wl-cites-label{font-size:12px;color:#5b6876;margin-bottom:2px}
#warmline-widget .wl-cites a{color:#1f4e79;text-decoration:underline}
#warmline-widget .wl-cites li{margin:2px 0}
#warmline-widget .wl-status{font-size:12px;color:#5b6876;margin-top:3px}
#warmline-widget .wl-msg[data-status=failed] .wl-status{color:#a5281b}
#warmline-widget .wl-msg[data-status=pending] .wl-bubble{opacity:.75}
#warmline-widget .wl-linkbtn{border:0;background:none;padding:0;color:#1f4e79;text-decoration:underline;
 cursor:pointer;font-size:inherit}
#warmline-widget .wl-closed{padding:12px 14px;border-top:1px solid #e6eaef;background:#fafbfc}
#warmline-widget .wl-closed[hidden],#warmline-widget .wl-rating[hidden],#warmline-widget .wl-thanks[hidden]{display:none}
#warmline-widget .wl-rating legend{font-weight:600;font-size:14px;margin-bottom:4px}
#warmline-widget .wl-stars{display:flex;gap:2px;margin-bottom:8px}
#warmline-widget .wl-stars input{position:absolute;opacity:0;width:1px;height:1px}
#warmline-widget .wl-star{font-size:28px;line-height:1;color:#c3cbd5;cursor:pointer;padding:0 2px}
#warmline-widget .wl-star.wl-on{color:#e0a100}
#warmline-widget .wl-stars input:focus-visible + .wl-star{outline:3px solid #f2b705;border-radius:4px}
#warmline-widget .wl-scale{display:flex;flex-wrap:wrap;gap:3px;margin:2px 0 2px}
#warmline-widget .wl-scale input{position:absolute;opacity:0;width:1px;height:1px}
#warmline-widget .wl-pill{min-width:26px;padding:3px 0;text-align:center;border:1px solid #c3cbd5;border-radius:6px;font-size:13px;cursor:pointer;background:#fff}
#warmline-widget .wl-scale input:checked + .wl-pill{background:#1f4e79;border-color:#1f4e79;color:#fff}
#warmline-widget .wl-scale input:focus-visible + .wl-pill{outline:3px solid #f2b705}
#warmline-widget .wl-ends{display:flex;justify-content:space-between;font-size:11px;color:#5a6675;margin-bottom:8px}
#warmline-widget .wl-rating fieldset + fieldset{margin-top:4px}
#warmline-widget .wl-field{display:block;font-size:13px;color:#33414f;margin:6px 0 3px}
#warmline-widget .wl-closed textarea,#warmline-widget .wl-closed select{width:100%;border:1px solid #b8c2cc;
 border-radius:8px;padding:6px 8px;background:#fff}
#warmline-widget .wl-closed-actions{display:flex;align-items:center;justify-content:space-between;
 margin-top:8px;gap:8px}
#warmline-widget .wl-primary{border:0;background:#1f4e79;color:#fff;border-radius:8px;padding:7px 14px;
 font-weight:600;cursor:pointer}
#warmline-widget .wl-primary:disabled{opacity:.5;cursor:default}
#warmline-widget .wl-composer{display:flex;gap:8px;align-items:flex-end;padding:10px 12px;
 border-top:1px solid #e6eaef;background:#fff}
#warmline-widget .wl-composer[hidden]{display:none}
#warmline-widget .wl-input{flex:1;resize:none;min-height:40px;max-height:140px;border:1px solid #b8c2cc;
 border-radius:10px;padding:9px 10px;background:#fff;color:#1c2430}
#warmline-widget .wl-input:disabled{background:#f1f3f6}
#warmline-widget .wl-send{border:0;background:#1f4e79;color:#fff;width:42px;height:40px;border-radius:10px;
 cursor:pointer;display:flex;align-items:center;justify-content:center}
#warmline-widget .wl-send svg{fill:currentColor}
#warmline-widget .wl-send:disabled{opacity:.45;cursor:default}
#warmline-widget .wl-counter{font-size:11.5px;color:#5b6876;padding:0 14px 6px;text-align:right;background:#fff}
#warmline-widget .wl-counter[data-over=true]{color:#a5281b;font-weight:700}
#warmline-widget .wl-counter[hidden]{display:none}
@media (max-width:480px){
 #warmline-widget{right:12px;bottom:12px}
 #warmline-widget .wl-panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0;bottom:0}
}
@media (prefers-reduced-motion:no-preference){
 #warmline-widget .wl-panel{animation:wl-pop .16s ease-out}
 @keyframes wl-pop{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}
}
`;

  // ---------------------------------------------------------------- build the UI

  const ICON_CHAT = [
    'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z',
  ];
  const ICON_CLOSE = [
    'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4 17.6 5 12 10.6z',
  ];
  const ICON_SEND = ['M2 21 23 12 2 3v7l15 2-15 2z'];

  const root = el('div', { id: 'warmline-widget', 'data-state': 'idle', 'data-open': 'false' });
  const panelId = 'wl-panel-' + Math.random().toString(36).slice(2, 8);
  const titleId = panelId + '-title';

  const launcherBadge = el('span', { class: 'wl-unread', 'aria-hidden': 'true', hidden: true });
  const launcher = el(
    'button',
    {
      type: 'button',
      class: 'wl-launcher',
      'data-wl': 'launcher',
      'aria-label': 'Open chat: ' + TITLE,
      'aria-expanded': 'false',
      'aria-controls': panelId,
    },
    svgIcon(ICON_CHAT, 28),
    launcherBadge
  );

  const closeBtn = el(
    'button',
    { type: 'button', class: 'wl-iconbtn', 'data-wl': 'close-panel', 'aria-label': 'Minimise chat' },
    svgIcon(ICON_CLOSE, 20)
  );
  const newChatBtn = el('button', {
    type: 'button',
    class: 'wl-headbtn',
    'data-wl': 'new-chat-header',
    title: 'Start a new chat (this one is cleared from this browser)',
    text: 'New chat',
  });
  const header = el(
    'div',
    { class: 'wl-header' },
    el('h2', { class: 'wl-title', id: titleId, text: TITLE }),
    newChatBtn,
    closeBtn
  );

  const disclosureText = el('span', { 'data-wl': 'disclosure-text' });
  const disclosure = el(
    'div',
    { class: 'wl-disclosure', 'data-wl': 'disclosure', role: 'note' },
    el('strong', { text: 'AI' }),
    disclosureText
  );

  const stateLine = el('p', {
    class: 'wl-state',
    'data-wl': 'state',
    'aria-live': 'polite',
    text: 'Connecting\u2026',
  });
  const humanBtn = el('button', {
    type: 'button',
    class: 'wl-human',
    'data-wl': 'human',
    text: 'Talk to a person',
  });
  const cancelBtn = el('button', {
    type: 'button',
    class: 'wl-human',
    'data-wl': 'cancel-human',
    text: 'Stop waiting',
  });
  cancelBtn.hidden = true;
  const bar = el('div', { class: 'wl-bar' }, stateLine, humanBtn, cancelBtn);

  const conn = el('div', { class: 'wl-conn', 'data-wl': 'conn', role: 'status', hidden: true });
  const notice = el('div', { class: 'wl-notice', 'data-wl': 'notice', role: 'alert', hidden: true });

  const log = el('div', {
    class: 'wl-log',
    'data-wl': 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': 'Conversation',
    tabindex: '0',
  });

  // Closed: rating + new chat.
  const starInputs = [];
  const starLabels = [];
  const stars = el('div', { class: 'wl-stars' });
  const ratingName = panelId + '-csat';
  for (let i = 1; i <= 5; i++) {
    const id = `${ratingName}-${i}`;
    const input = el('input', { type: 'radio', name: ratingName, value: String(i), id, 'data-wl': 'csat' });
    const label = el('label', { for: id, class: 'wl-star', title: `${i} of 5` },
      el('span', { 'aria-hidden': 'true', text: '\u2605' }),
      el('span', { class: 'wl-sr', text: `${i} star${i > 1 ? 's' : ''} out of 5` }));
    starInputs.push(input);
    starLabels.push(label);
    stars.append(input, label);
  }
  // CES (1–7, "how easy") and NPS (0–10, "how likely to recommend"): optional, one tap each.
  function scale(key, lo, hi, legend, lowText, highText) {
    const row = el('div', { class: 'wl-scale', 'data-wl': key });
    const name = `${panelId}-${key}`;
    for (let i = lo; i <= hi; i++) {
      const id = `${name}-${i}`;
      row.append(
        el('input', { type: 'radio', name, value: String(i), id }),
        el('label', { for: id, class: 'wl-pill', title: `${i}`, text: String(i) })
      );
    }
    const fs = el('fieldset', null, el('legend', { text: legend }), row,
      el('div', { class: 'wl-ends', 'aria-hidden': 'true' },
        el('span', { text: lowText }), el('span', { text: highText })));
    return { fs, row };
  }
  const cesScale = scale('ces', 1, 7, 'How easy was it to get what you needed? (optional)', 'Very hard', 'Very easy');
  const npsScale = scale('nps', 0, 10, 'How likely are you to recommend us to a friend? (optional)', 'Not at all', 'Extremely');
  function scaleValue(row) {
    const checked = row.querySelector('input:checked');
    return checked ? Number(checked.value) : null;
  }
  const commentId = panelId + '-comment';
  const comment = el('textarea', { id: commentId, rows: '2', maxlength: '1000', 'data-wl': 'comment' });
  const rateSubmit = el('button', {
    type: 'submit',
    class: 'wl-primary',
    'data-wl': 'rate-submit',
    disabled: true,
    text: 'Send rating',
  });
  const newChatLink = el('button', {
    type: 'button',
    class: 'wl-linkbtn',
    'data-wl': 'new-chat',
    text: 'Start a new chat',
  });
  const ratingForm = el(
    'form',
    { class: 'wl-rating', 'data-wl': 'rating' },
    el(
      'fieldset',
      null,
      el('legend', { text: 'How satisfied are you with this chat?' }),
      stars
    ),
    cesScale.fs,
    npsScale.fs,
    el('label', { class: 'wl-field', for: commentId, text: 'Anything you would like to add? (optional)' }),
    comment,
    el('div', { class: 'wl-closed-actions' }, rateSubmit)
  );
  const thanks = el('p', { class: 'wl-thanks', 'data-wl': 'thanks', hidden: true, text: 'Thank you for your feedback.' });
  const closedBox = el(
    'div',
    { class: 'wl-closed', 'data-wl': 'closed', hidden: true },
    el('p', { class: 'wl-closed-title', text: 'This chat has ended.' }),
    ratingForm,
    thanks,
    el('div', { class: 'wl-closed-actions' }, newChatLink)
  );

  const inputId = panelId + '-input';
  const input = el('textarea', {
    id: inputId,
    class: 'wl-input',
    'data-wl': 'input',
    rows: '1',
    maxlength: String(MAX_TEXT),
    placeholder: 'Type your message\u2026',
    'aria-describedby': panelId + '-hint',
    autocomplete: 'off',
  });
  const sendBtn = el(
    'button',
    { type: 'submit', class: 'wl-send', 'data-wl': 'send', 'aria-label': 'Send message' },
    svgIcon(ICON_SEND, 20)
  );
  const composer = el(
    'form',
    { class: 'wl-composer', 'data-wl': 'composer' },
    el('label', { for: inputId, class: 'wl-sr', text: 'Your message' }),
    input,
    sendBtn
  );
  const counter = el('div', { class: 'wl-counter', id: panelId + '-hint', 'data-wl': 'counter', 'aria-live': 'polite' });
  counter.textContent = 'Enter to send, Shift+Enter for a new line';

  const panel = el(
    'section',
    {
      class: 'wl-panel',
      id: panelId,
      'data-wl': 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': titleId,
      hidden: true,
    },
    header,
    disclosure,
    bar,
    conn,
    notice,
    log,
    closedBox,
    composer,
    counter
  );
  root.append(panel, launcher);

  function mount() {
    if (!document.getElementById('wl-style')) {
      const style = el('style', { id: 'wl-style' });
      style.textContent = CSS;
      (document.head || document.documentElement).append(style);
    }
    document.body.append(root);
  }

  // ---------------------------------------------------------------- rendering

  function setDisclosure(text) {
    disclosureText.textContent = text || DEFAULT_DISCLOSURE;
  }

  function roleMeta(m) {
    const meta = el('div', { class: 'wl-meta' });
    if (m.role === 'bot') {
      meta.append(
        el('span', { class: 'wl-author', text: m.author || 'Assistant' }),
        el('span', { class: 'wl-badge wl-badge--ai', 'data-wl': 'badge', text: 'AI assistant' })
      );
    } else if (m.role === 'human') {
      meta.append(
        el('span', { class: 'wl-author', text: m.author || 'Support agent' }),
        el('span', { class: 'wl-badge wl-badge--person', 'data-wl': 'badge', text: 'Person' })
      );
    } else if (m.role === 'customer') {
      meta.append(el('span', { class: 'wl-author', text: 'You' }));
    } else {
      return null; // system notices carry no author line
    }
    const t = formatTime(m.at);
    if (t) meta.append(el('time', { datetime: m.at, text: t }));
    return meta;
  }

  function citationList(citations) {
    if (!Array.isArray(citations) || citations.length === 0) return null;
    const list = el('ul', { 'data-wl': 'citations' });
    for (const c of citations) {
      if (!c || typeof c !== 'object') continue;
      const label = [c.title, c.section].filter(Boolean).map(String).join(' \u2014 ') || String(c.article_id || 'Source');
      const href = safeUrl(c.url);
      const item = href
        ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label })
        : el('span', { text: label });
      list.append(el('li', null, item));
    }
    if (!list.childElementCount) return null;
    return el('div', { class: 'wl-cites' }, el('p', { class: 'wl-cites-label', text: 'Sources' }), list);
  }

  function buildMessage(m) {
    const role = ['customer', 'bot', 'human', 'system'].includes(m.role) ? m.role : 'system';
    const node = el('div', {
      class: 'wl-msg',
      'data-role': role,
      'data-seq': m.seq == null ? '' : String(m.seq),
    });
    if (m.client_id) node.dataset.clientId = m.client_id;
    const meta = roleMeta({ ...m, role });
    if (meta) node.append(meta);
    const bubble = el('div', { class: 'wl-bubble' });
    bubble.append(el('span', { class: 'wl-text', dir: 'auto', text: String(m.text == null ? '' : m.text) }));
    if (role === 'bot') {
      const cites = citationList(m.citations);
      if (cites) bubble.append(cites);
    }
    node.append(bubble);
    return node;
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }
  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /** Insert a stored message in seq order, before any pending (unacked) bubbles. */
  function insertBySeq(node, seq) {
    let before = null;
    for (let c = log.lastElementChild; c; c = c.previousElementSibling) {
      const s = c.dataset.seq;
      if (s === '' || Number(s) > seq) before = c;
      else break;
    }
    log.insertBefore(node, before);
  }

  function renderMessage(m, opts) {
    if (!m || typeof m !== 'object') return;
    const seq = typeof m.seq === 'number' ? m.seq : null;
    if (seq != null) cacheMessage(m);
    if (seq != null && bySeq.has(seq)) return; // duplicate (replay overlap, or already acked)
    const stick = nearBottom();
    let node = m.client_id ? pendingByClient.get(m.client_id) : null;
    if (node) {
      // Our own message came back stored: settle the pending bubble.
      pendingByClient.delete(m.client_id);
      settle(node, seq);
      const t = formatTime(m.at);
      const meta = node.querySelector('.wl-meta');
      if (t && meta && !meta.querySelector('time')) meta.append(el('time', { datetime: m.at, text: t }));
      removeFromOutbox(m.client_id);
    } else {
      node = buildMessage(m);
      if (seq != null) insertBySeq(node, seq);
      else log.append(node);
    }
    if (seq != null) {
      bySeq.set(seq, node);
      if (seq > maxSeq) {
        maxSeq = seq;
      }
    }
    if (!(opts && opts.restoring)) {
      if (!isOpen && m.role !== 'customer' && !syncing) setUnread(unread + 1);
      if (stick || m.role === 'customer') scrollToEnd();
    }
  }

  function settle(node, seq) {
    if (seq != null) node.dataset.seq = String(seq);
    delete node.dataset.status;
    const status = node.querySelector('.wl-status');
    if (status) status.remove();
  }

  function setStatus(node, status, text, retry) {
    node.dataset.status = status;
    let s = node.querySelector('.wl-status');
    if (!s) {
      s = el('div', { class: 'wl-status', 'data-wl': 'status' });
      node.append(s);
    }
    s.textContent = text;
    if (retry) {
      s.append(' ');
      const b = el('button', { type: 'button', class: 'wl-linkbtn', text: 'Retry' });
      b.addEventListener('click', retry);
      s.append(b);
    }
  }

  function renderPending(item) {
    const node = buildMessage({ role: 'customer', text: item.text, client_id: item.client_id, seq: null });
    setStatus(node, 'pending', 'Sending\u2026');
    log.append(node);
    pendingByClient.set(item.client_id, node);
    scrollToEnd();
  }

  function cacheMessage(m) {
    if (cachedSeqs.has(m.seq)) return;
    cachedSeqs.add(m.seq);
    cache.push({
      seq: m.seq,
      role: m.role,
      author: m.author || null,
      text: m.text,
      citations: Array.isArray(m.citations) ? m.citations : [],
      client_id: m.client_id || null,
      at: m.at || null,
    });
    saveCache();
  }

  let cacheTimer = null;
  function saveCache() {
    if (cacheTimer) return;
    cacheTimer = setTimeout(() => {
      cacheTimer = null;
      if (!conversationId) return;
      if (cache.length > MAX_CACHE) cache = cache.slice(-MAX_CACHE);
      sessionStore.set('transcript', { conversation_id: conversationId, messages: cache });
    }, 50);
  }

  function clearLog() {
    log.replaceChildren();
    bySeq.clear();
    pendingByClient.clear();
    cachedSeqs.clear();
    cache = [];
    maxSeq = 0;
  }

  // ---------------------------------------------------------------- outbox

  function saveOutbox() {
    store.set('outbox', outbox);
  }
  function removeFromOutbox(clientId) {
    const n = outbox.length;
    outbox = outbox.filter((o) => o.client_id !== clientId);
    if (outbox.length !== n) saveOutbox();
  }

  function flushOutbox() {
    if (!isReady()) return;
    let changed = false;
    for (const item of outbox) {
      if (item.conversation_id && item.conversation_id !== conversationId) continue;
      if (!item.conversation_id) {
        item.conversation_id = conversationId;
        changed = true;
      }
      if (!pendingByClient.has(item.client_id)) renderPending(item);
      sendFrame({ type: 'message', client_id: item.client_id, text: item.text });
    }
    // Drop messages that belong to some other (stale) conversation.
    const keep = outbox.filter((o) => o.conversation_id === conversationId);
    if (keep.length !== outbox.length) {
      outbox = keep;
      changed = true;
    }
    if (changed) saveOutbox();
  }

  // ---------------------------------------------------------------- state line

  function applyState(f) {
    convState = f.state;
    root.dataset.state = f.state || 'idle';
    stateLine.dataset.state = f.state || '';
    let text;
    switch (f.state) {
      case 'bot':
        text = 'You are chatting with our AI assistant';
        break;
      case 'queued':
        text =
          typeof f.queue_position === 'number' && f.queue_position > 0
            ? `Waiting for a person \u2014 position ${f.queue_position}`
            : 'Waiting for a person\u2026';
        break;
      case 'human':
        text = `You're chatting with ${f.agent || 'a member of our team'}`;
        break;
      case 'closed':
        text = 'This chat has ended';
        break;
      default:
        text = '';
    }
    stateLine.textContent = text;
    const closed = f.state === 'closed';
    humanBtn.disabled = f.state !== 'bot';
    humanBtn.hidden = f.state === 'queued';
    cancelBtn.hidden = f.state !== 'queued';
    humanBtn.title = f.state === 'queued' ? 'You are in the queue for a person'
      : f.state === 'human' ? 'You are chatting with a person' : '';
    composer.hidden = closed;
    counter.hidden = closed;
    input.disabled = closed;
    closedBox.hidden = !closed;
    if (closed) {
      const rated = store.get('rated', null) === conversationId;
      ratingForm.hidden = rated;
      thanks.hidden = !rated;
    }
    updateSendEnabled();
  }

  function setUnread(n) {
    unread = n;
    launcherBadge.hidden = n <= 0;
    launcherBadge.textContent = n > 9 ? '9+' : String(n);
    launcher.setAttribute('aria-label', (n > 0 ? `Open chat (${n} new): ` : 'Open chat: ') + TITLE);
  }

  function showNotice(text, ms) {
    notice.textContent = text;
    notice.hidden = false;
    if (noticeTimer) clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      notice.hidden = true;
    }, ms || 8000);
  }

  function setConn(text) {
    conn.hidden = !text;
    conn.textContent = text || '';
  }

  // ---------------------------------------------------------------- socket

  function isReady() {
    return ws && ws.readyState === WebSocket.OPEN && welcomed;
  }

  function sendFrame(obj) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(obj));
    return true;
  }

  function connect() {
    wantConnection = true;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    if (reconnectTimer) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    welcomed = false;
    let sock;
    try {
      sock = new WebSocket(WS_URL);
    } catch (_) {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.addEventListener('open', () => {
      if (ws !== sock) return;
      helloRetried = false;
      sendHello(true);
    });
    sock.addEventListener('message', (ev) => {
      if (ws !== sock) return;
      let f;
      try {
        f = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      if (f && typeof f === 'object') handleFrame(f);
    });
    sock.addEventListener('close', (ev) => {
      if (ws !== sock) return;
      ws = null;
      welcomed = false;
      syncing = false;
      stopPing();
      if (ev.code === 4404) {
        forgetConversation('We could not find your previous chat, so we started a new one.');
        attempt = 0;
        if (wantConnection) connect();
        return;
      }
      if (wantConnection) scheduleReconnect();
    });
    sock.addEventListener('error', () => {
      /* close follows */
    });
  }

  let helloRetried = false;
  function sendHello(withExtras) {
    const hello = {
      type: 'hello',
      conversation_id: conversationId,
      resume_token: conversationId ? resumeToken : null,
      last_seq: maxSeq,
      language,
    };
    if (withExtras && customerId) hello.customer_id = String(customerId).slice(0, 128);
    if (withExtras && profile) hello.profile = profile;
    if (withExtras && identity) hello.identity = String(identity);
    sendFrame(hello);
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    const base = Math.min(30000, 500 * 2 ** attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    attempt++;
    setConn(attempt > 1 ? 'Connection lost \u2014 reconnecting\u2026' : 'Reconnecting\u2026');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function startPing() {
    stopPing();
    lastPong = Date.now();
    pingTimer = setInterval(() => {
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() - lastPong > PONG_TIMEOUT_MS) {
        ws.close(4000, 'no pong'); // half-open socket: force a reconnect
        return;
      }
      sendFrame({ type: 'ping' });
    }, PING_EVERY_MS);
  }
  function stopPing() {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
  }

  function saveConversation() {
    if (!conversationId || !resumeToken) return;
    store.set('conversation', {
      id: conversationId,
      token: resumeToken,
      expires: Date.now() + EXPIRY_MS,
    });
  }

  function wipeStored() {
    for (const key of ['conversation', 'outbox', 'rated']) store.del(key);
    for (const key of ['transcript', 'disclosure']) sessionStore.del(key);
  }

  function forgetConversation(message) {
    conversationId = null;
    resumeToken = null;
    store.del('conversation');
    sessionStore.del('transcript');
    // Unsent messages were never stored: they go to the next conversation.
    for (const o of outbox) o.conversation_id = null;
    saveOutbox();
    clearLog();
    for (const o of outbox) renderPending(o);
    if (message) showNotice(message);
  }

  function finishSync() {
    if (!syncing) return;
    syncing = false;
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = null;
    flushOutbox();
    if (pendingHuman) {
      pendingHuman = false;
      if (convState === 'bot') requestHuman();
    }
  }

  const ERROR_TEXT = {
    too_large: 'That message is too long. Please keep it under 4,000 characters.',
    invalid: 'Sorry, that could not be sent. Please try again.',
    bad_json: 'Sorry, that could not be sent. Please try again.',
    unknown_type: 'Sorry, that could not be sent. Please try again.',
    not_found: 'We could not find your previous chat, so we started a new one.',
    conflict: 'That is not possible right now.',
    already_claimed: 'That is not possible right now.',
    illegal_transition: 'That is not possible right now.',
    conversation_closed: 'This chat has ended. You can start a new chat.',
    not_ready: 'Still connecting \u2014 please try again in a moment.',
    internal: 'Sorry, something went wrong on our side. Please try again.',
    rate_limited: 'You are sending messages too quickly \u2014 please wait a moment and try again.',
    too_many_connections: 'Too many chats are open from your network. Please try again shortly.',
  };

  function handleError(f) {
    const code = f.code || 'internal';
    humanBtn.disabled = convState !== 'bot'; // a refused request_human can be tried again
    let text = ERROR_TEXT[code] || 'Sorry, something went wrong. Please try again.';
    if (code === 'illegal_transition' && convState === 'queued') text = 'You are already waiting for a person.';
    const node = f.ref ? pendingByClient.get(f.ref) : null;
    if (node) {
      if (code === 'internal' || code === 'not_ready') {
        // Not stored: keep it in the outbox and let the customer retry (reconnect retries too).
        setStatus(node, 'failed', 'Not sent.', () => {
          setStatus(node, 'pending', 'Sending\u2026');
          const item = outbox.find((o) => o.client_id === f.ref);
          if (item && isReady()) sendFrame({ type: 'message', client_id: item.client_id, text: item.text });
        });
      } else {
        // The server will never accept this one as it is.
        pendingByClient.delete(f.ref);
        removeFromOutbox(f.ref);
        setStatus(node, 'failed', code === 'too_large' ? 'Not sent \u2014 too long.' : 'Not sent.');
        if (code !== 'conversation_closed') {
          const item = { text: node.querySelector('.wl-text').textContent };
          if (item.text.length <= MAX_TEXT && !input.value) {
            input.value = item.text; // give the text back so nothing typed is lost
            updateCounter();
          }
        }
      }
    }
    if (code === 'not_found' && !welcomed) {
      forgetConversation(null); // the 4404 close that follows reconnects with a new conversation
    } else if (
      !welcomed &&
      !helloRetried &&
      (code === 'invalid' || code === 'too_large' || code === 'unauthorized')
    ) {
      // The host page passed a customer id or profile the server refused: chat without them
      // rather than not at all.
      helloRetried = true;
      console.warn('[warmline] hello refused (' + code + '): retrying without customer id/profile');
      sendHello(false);
      return;
    }
    showNotice(text);
  }

  function handleFrame(f) {
    switch (f.type) {
      case 'welcome': {
        welcomed = true;
        attempt = 0;
        setConn(null);
        setDisclosure(f.disclosure);
        sessionStore.set('disclosure', f.disclosure || null);
        if (f.conversation_id && f.conversation_id !== conversationId) {
          if (conversationId) clearLog(); // a different conversation than we had
          conversationId = f.conversation_id;
          resumeToken = null;
        }
        if (typeof f.resume_token === 'string') resumeToken = f.resume_token;
        saveConversation(); // also moves the expiry on
        if (f.state) applyState({ state: f.state });
        syncing = true;
        if (syncTimer) clearTimeout(syncTimer);
        syncTimer = setTimeout(finishSync, 1500); // in case no state frame follows the replay
        startPing();
        break;
      }
      case 'message':
        if (f.conversation_id && conversationId && f.conversation_id !== conversationId) return;
        renderMessage(f);
        break;
      case 'state':
        if (f.conversation_id && conversationId && f.conversation_id !== conversationId) return;
        applyState(f);
        finishSync();
        break;
      case 'ack': {
        const node = pendingByClient.get(f.client_id);
        removeFromOutbox(f.client_id);
        if (node && typeof f.seq === 'number') {
          const existing = bySeq.get(f.seq);
          pendingByClient.delete(f.client_id);
          if (existing && existing !== node) node.remove();
          else {
            settle(node, f.seq);
            bySeq.set(f.seq, node);
          }
        }
        break;
      }
      case 'error':
        handleError(f);
        break;
      case 'rated':
        store.set('rated', conversationId);
        ratingForm.hidden = true;
        thanks.hidden = false;
        break;
      case 'pong':
        lastPong = Date.now();
        break;
      default:
        break; // unknown frames are ignored
    }
  }

  // ---------------------------------------------------------------- actions

  function updateCounter() {
    const n = input.value.length;
    if (n > MAX_TEXT * 0.8) {
      counter.textContent = `${n} / ${MAX_TEXT} characters`;
      counter.dataset.over = String(n > MAX_TEXT);
    } else {
      counter.textContent = 'Enter to send, Shift+Enter for a new line';
      counter.dataset.over = 'false';
    }
    updateSendEnabled();
  }

  function updateSendEnabled() {
    const text = input.value.trim();
    sendBtn.disabled = convState === 'closed' || text.length === 0 || text.length > MAX_TEXT;
  }

  function sendMessage() {
    const text = input.value.trim();
    if (!text) return;
    if (convState === 'closed') {
      showNotice(ERROR_TEXT.conversation_closed);
      return;
    }
    if (text.length > MAX_TEXT) {
      showNotice(ERROR_TEXT.too_large);
      return;
    }
    const item = { client_id: newClientId(), text, conversation_id: conversationId };
    saveConversation();
    outbox.push(item);
    saveOutbox();
    renderPending(item);
    input.value = '';
    autoGrow();
    updateCounter();
    if (isReady() && !syncing) sendFrame({ type: 'message', client_id: item.client_id, text });
    else connect(); // sent by flushOutbox once the conversation is in sync
  }

  function requestHuman() {
    if (!isReady() || syncing) {
      pendingHuman = true; // sent as soon as the conversation is in sync
      humanBtn.disabled = true;
      stateLine.textContent = 'Connecting \u2014 we will ask for a person\u2026';
      connect();
      return;
    }
    humanBtn.disabled = true; // re-enabled by the state frame if the request fails
    sendFrame({ type: 'request_human', reason: 'customer asked for a person' });
  }

  function selectedStars() {
    const c = starInputs.find((i) => i.checked);
    return c ? Number(c.value) : 0;
  }
  function paintStars(n) {
    starLabels.forEach((l, i) => l.classList.toggle('wl-on', i < n));
  }

  /** Drop the socket and everything about the current conversation, here and in storage. */
  function resetChat(reason) {
    const old = ws;
    ws = null;
    welcomed = false;
    syncing = false;
    pendingHuman = false;
    stopPing();
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (old) old.close(1000, reason);
    outbox = [];
    saveOutbox();
    forgetConversation(null);
    wipeStored();
    setConn(null);
    notice.hidden = true;
    convState = null;
    root.dataset.state = 'idle';
    closedBox.hidden = true;
    composer.hidden = false;
    counter.hidden = false;
    input.disabled = false;
    ratingForm.reset();
    ratingForm.hidden = false;
    thanks.hidden = true;
    paintStars(0);
    rateSubmit.disabled = true;
    attempt = 0;
  }

  /** Start a new, empty conversation (the old one stays on the server, out of this browser). */
  function newChat() {
    resetChat('new chat');
    wantConnection = true;
    stateLine.textContent = 'Connecting\u2026';
    connect();
    input.focus();
  }

  /** Sign-out hook: forget the conversation and who the customer was; connect again only
   * when the chat is next used. */
  function forget() {
    wantConnection = false;
    resetChat('forget');
    customerId = null;
    identity = null;
    profile = null;
    input.value = '';
    updateCounter();
    setUnread(0);
    stateLine.textContent = 'Connecting\u2026'; // shown when the chat is opened again
    closePanel();
  }

  function autoGrow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }

  function openPanel() {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    root.dataset.open = 'true';
    launcher.setAttribute('aria-expanded', 'true');
    setUnread(0);
    connect();
    scrollToEnd();
    setTimeout(() => (input.disabled ? newChatLink : input).focus(), 0);
  }

  function closePanel() {
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    root.dataset.open = 'false';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  // ---------------------------------------------------------------- events

  launcher.addEventListener('click', () => (isOpen ? closePanel() : openPanel()));
  closeBtn.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closePanel();
    }
  });
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });
  input.addEventListener('input', () => {
    autoGrow();
    updateCounter();
  });
  humanBtn.addEventListener('click', requestHuman);
  cancelBtn.addEventListener('click', () => {
    if (isReady() && !syncing) sendFrame({ type: 'cancel_human' });
  });
  function surveyAnswered() {
    return selectedStars() > 0 || scaleValue(cesScale.row) !== null || scaleValue(npsScale.row) !== null;
  }
  stars.addEventListener('change', () => {
    paintStars(selectedStars());
    rateSubmit.disabled = !surveyAnswered();
  });
  for (const row of [cesScale.row, npsScale.row]) {
    row.addEventListener('change', () => (rateSubmit.disabled = !surveyAnswered()));
  }
  ratingForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!surveyAnswered()) return;
    const frame = { type: 'rate' };
    const csat = selectedStars();
    if (csat) frame.csat = csat;
    const ces = scaleValue(cesScale.row);
    if (ces !== null) frame.ces = ces;
    const nps = scaleValue(npsScale.row);
    if (nps !== null) frame.nps = nps;
    const text = comment.value.trim();
    if (text) frame.comment = text.slice(0, 1000);
    if (!sendFrame(frame)) {
      showNotice('Still connecting \u2014 please try again in a moment.');
      connect();
      return;
    }
    rateSubmit.disabled = true;
  });
  newChatLink.addEventListener('click', newChat);
  newChatBtn.addEventListener('click', newChat);
  window.addEventListener('warmline:forget', forget);
  document.addEventListener('warmline:forget', forget);
  window.addEventListener('online', () => {
    if (wantConnection && !ws) {
      attempt = 0;
      connect();
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && wantConnection && !ws) connect();
  });

  // ---------------------------------------------------------------- start

  function restore() {
    setDisclosure(sessionStore.get('disclosure', null));
    const t = sessionStore.get('transcript', null);
    if (conversationId && t && t.conversation_id === conversationId && Array.isArray(t.messages)) {
      for (const m of t.messages) renderMessage(m, { restoring: true });
    }
    for (const o of outbox) {
      if (!o.conversation_id || o.conversation_id === conversationId) renderPending(o);
    }
    updateCounter();
  }

  function start() {
    mount();
    restore();
    // A conversation in progress reconnects at once so replies and queue updates arrive;
    // a visitor who never opened the chat does not start a conversation.
    if (conversationId || outbox.length) connect();
    if (data.warmlineOpen === 'true') openPanel();
  }

  window.WarmlineWidget = {
    __warmline: true,
    open: openPanel,
    close: closePanel,
    newChat,
    forget,
    setProfile(obj) {
      profile = obj && typeof obj === 'object' && !Array.isArray(obj) ? obj : null;
    },
    setCustomerId(id) {
      customerId = id == null ? null : String(id);
    },
    setIdentity(token) {
      identity = token == null ? null : String(token);
    },
    get conversationId() {
      return conversationId;
    },
  };

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
