// Building the page: elements, tables, forms that send to the API, and how values are written. Text is
// only ever set as text (text nodes, attributes), never parsed as HTML.
import { refused, takeNotice } from './page.js';

const main = document.getElementById('main');

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const enc = encodeURIComponent;

// Draws the page (a null among nodes is left out), under the notice if one waits.
export function show(...nodes) {
  const notice = takeNotice();
  const said = notice ? el('div', { id: 'notice', role: 'status' }, notice.map((n) => el('p', {}, n))) : null;
  main.replaceChildren(...[said, ...nodes].filter(Boolean));
  if (said) said.scrollIntoView();
}

export function alertBox(id, message) {
  return el('p', { id, class: 'error', role: 'alert' }, message);
}

// A table that scrolls inside its box when too wide, and that narrow screens show as one block per row,
// each cell under its heading (data-label).
export function table(id, headings, rows) {
  for (const row of rows) [...row.children].forEach((cell, i) => cell.setAttribute('data-label', headings[i] || ''));
  return el('div', { class: 'scroll' }, el('table', { id },
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows)));
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function shortCommit(sha) {
  return sha ? sha.slice(0, 10) : '';
}

// An image id as docker shows it: 12 hex digits, without the sha256: prefix.
export function shortId(id) {
  return id ? id.slice(id.indexOf(':') + 1).slice(0, 12) : '';
}

export function seconds(ms) {
  return ms === null || ms === undefined ? '' : (ms / 1000).toFixed(1) + ' s';
}

export function buildLink(id) {
  return el('a', { href: '#/builds/' + id }, '#' + id);
}

// How a deployment got its image: built, or re-used ("promotion of build #7", "mirror of build #7",
// "rollback of build #7"): a build is always called one, as release and deployment numbers are not builds.
export function howBuilt(b) {
  return b.reused ? [`${b.kind} of build `, b.reused_from ? buildLink(b.reused_from) : '?'] : b.kind;
}

export function statusLabel(status) {
  const label = String(status).toLowerCase();
  return el('span', { class: 'status ' + label }, label);
}

// A form that sends its fields to the API. A refusal is shown above the fields, naming the field (which
// is marked), and the form keeps what was typed; success empties it and calls done with the answer.
export function apiForm(id, specs, submitLabel, send, done) {
  const fields = {};
  const error = el('p', { id: id + '-error', class: 'error', role: 'alert', hidden: true });
  const form = el('form', {
    id,
    onsubmit: async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => f.removeAttribute('aria-invalid'));
      error.hidden = true;
      // Secrets are sent as typed; names and addresses without stray spaces.
      const values = Object.fromEntries(Object.entries(fields).map(([n, f]) => [n, f.type === 'password' ? f.value : f.value.trim()]));
      try {
        const answer = await send(values);
        form.reset();
        await done(answer);
      } catch (e) {
        fail(error, fields, e);
      }
    },
  },
  error,
  specs.map(([name, label, attrs]) => el('label', {}, label, fields[name] = el('input', { name, autocomplete: 'off', ...attrs }))),
  el('button', { type: 'submit' }, submitLabel));
  return form;
}

// Shows the API's refusal in error, naming the field, and marks that field; a 401 asks to sign in again.
export function fail(error, fields, e) {
  if (refused(e)) return;
  if (fields[e.field]) fields[e.field].setAttribute('aria-invalid', 'true');
  error.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
  error.hidden = false;
}
