// @ts-check
// Text from customers (and from anything else the server relays) could carry bidi controls that
// reorder what a person reads ("invoice_\u202efdp.exe" drawn as "invoice_exe.pdf"). Overrides,
// embeddings and isolates are shown as a visible [U+XXXX] marker; invisible direction marks are
// dropped. One rule for the console, the lead view and the audit view (the widget, which is
// embedded in other sites as one file, carries the same rule inline).

const BIDI_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/g;
const BIDI_MARKS = /[\u200E\u200F\u061C]/g;

/** @param {unknown} value @returns {string} */
export function visibleText(value) {
  return String(value)
    .replace(BIDI_MARKS, '')
    .replace(BIDI_FORMATTING, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}
