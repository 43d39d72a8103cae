// An environment's settings on the project page: its variables (by name only) and its domains.
import { api } from './api.js';
import { apiForm, el, enc, fail } from './dom.js';

export function environmentSettings(project, env) {
  const base = `/projects/${enc(project)}/environments/${enc(env)}`;
  return el('section', { class: 'settings', 'data-settings': env },
    el('h3', {}, env),
    el('div', {}, el('h4', {}, 'Variables'), namesWithForm('variables-' + env, {
      load: () => api('GET', base + '/variables').then((vars) => vars.map((v) => v.name)),
      remove: (n) => api('DELETE', `${base}/variables/${enc(n)}`),
      removeLabel: 'Unset',
      fields: [['name', 'Name', { required: true }], ['value', 'Value', { type: 'password', autocomplete: 'new-password' }]],
      add: (v) => api('POST', base + '/variables', { variables: { [v.name]: v.value } }),
      addLabel: 'Set',
    })),
    el('div', {}, el('h4', {}, 'Domains'), namesWithForm('domains-' + env, {
      load: () => api('GET', base + '/domains').then((answer) => answer.domains.map((d) => d.host)),
      remove: (host) => api('DELETE', `${base}/domains/${enc(host)}`),
      removeLabel: 'Remove',
      fields: [['host', 'Host', { required: true, placeholder: 'www.example.com' }]],
      add: (v) => api('POST', base + '/domains', { host: v.host }),
      addLabel: 'Add',
    })));
}

// A list of names read from the API, each with a button that removes it, and a form that adds one;
// the list is read again after each change. Refusals show in the form.
function namesWithForm(id, o) {
  const list = el('ul', { id, class: 'names' });
  const form = apiForm('add-' + id, o.fields, o.addLabel, o.add, () => draw());
  const error = form.querySelector('.error');
  const draw = () => o.load().then((names) => list.replaceChildren(...(names.length
    ? names.map((n) => el('li', { 'data-name': n }, el('code', {}, n), el('button', {
      type: 'button',
      class: 'quiet',
      onclick: () => { error.hidden = true; o.remove(n).then(draw, (e) => fail(error, {}, e)); },
    }, o.removeLabel)))
    : [el('li', { class: 'muted' }, 'None.')])), (e) => fail(error, {}, e));
  draw();
  return [list, form];
}
