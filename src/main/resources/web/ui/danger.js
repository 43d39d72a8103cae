// The project page's danger zone: a form per environment that deletes it, and one that deletes the project.
import { api } from './api.js';
import { el, enc, fail } from './dom.js';
import { isCurrent, leaveNotice, route } from './page.js';

// name is the project's; current is the number of the page it is drawn on.
export function dangerZone(current, name, environments) {
  // After a deletion, the next page says what it did.
  const deleted = (then) => (answer) => {
    if (!isCurrent(current)) return;
    leaveNotice(said(answer));
    then();
  };
  return el('div', { id: 'danger-zone' },
    environments.map((e) => deleteForm({
      id: 'delete-environment-' + e.name,
      what: `environment ${e.name}`,
      name: e.name,
      explanation: 'Stops and removes its containers and images; its address and domains stop answering; its variables, '
        + 'deployments and logs are deleted. Its database, bucket and media directory are kept (the CLI\'s --delete-data '
        + 'deletes them). Refused while it deploys.',
      send: () => api('DELETE', `/projects/${enc(name)}/environments/${enc(e.name)}`),
      done: deleted(route),
    })),
    deleteForm({
      id: 'delete-project',
      what: `project ${name}`,
      name,
      explanation: 'Deletes every environment as above, then the project. Refused while one of its environments deploys, '
        + 'and while another project is its mirror.',
      send: () => api('DELETE', '/projects/' + enc(name)),
      done: deleted(() => { location.hash = '#/'; }),
    }));
}

// What a deletion did, in sentences: what went, and per environment what each service kept or deleted.
function said(answer) {
  return [`Deleted ${answer.deleted}.`,
    ...answer.environments.flatMap((r) => r.services.map((s) => `${r.project}/${r.environment}: ${s}`))];
}

// A form that deletes o.what once o.name is typed, as Heroku asks: the button stays disabled until the field
// holds exactly the name. Deleting stops containers, so it takes a while; a refusal (409 while deploying,
// 503 when a service does not answer) is shown in the form, and nothing else in the page changes.
function deleteForm(o) {
  const button = el('button', { type: 'submit', class: 'danger', disabled: true }, `Delete ${o.what}`);
  const input = el('input', {
    name: 'confirm', autocomplete: 'off', spellcheck: 'false', oninput: () => { button.disabled = input.value !== o.name; },
  });
  const error = el('p', { id: o.id + '-error', class: 'error', role: 'alert', hidden: true });
  const progress = el('p', { class: 'muted', role: 'status', hidden: true }, 'Deleting…');
  const form = el('form', {
    id: o.id,
    onsubmit: async (event) => {
      event.preventDefault();
      if (input.value !== o.name) return;
      error.hidden = true;
      progress.hidden = false;
      input.disabled = button.disabled = true;
      let answer;
      try {
        answer = await o.send();
      } catch (e) {
        fail(error, {}, e);
        input.disabled = false;
        button.disabled = input.value !== o.name;
        return;
      } finally {
        progress.hidden = true;
      }
      o.done(answer);
    },
  },
  el('p', {}, o.explanation),
  error,
  el('label', {}, el('span', {}, 'To confirm, type ', el('code', {}, o.name)), input),
  progress,
  button);
  return el('details', {}, el('summary', {}, `Delete ${o.what}`), form);
}
