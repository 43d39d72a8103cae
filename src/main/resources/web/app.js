// Slipway's web UI: projects, their environments (variables, domains), deployments and builds, a deployment's
// log as it is written, a build's record and drift report; deleting an environment or a project. Everything comes from the REST API under
// /api/v1 with the admin token; text from the API is only ever set as text, never parsed as HTML.
'use strict';

const TOKEN_KEY = 'slipway.token';
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
const main = document.getElementById('main');
const nav = document.getElementById('nav');
let page = 0;        // bumped on every navigation, so that a slow answer never draws over a newer page
let poll = null;     // the timer of the page's next look at the API, if one is set
let stream = null;   // the AbortController of the deployment page's log stream, while it is open
let notice = null;   // what the next page says first (what a deletion did), once

function el(tag, attrs, ...children) {
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

const enc = encodeURIComponent;

class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

function authorization() {
  return { Authorization: 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || '') };
}

async function api(method, path, body) {
  const headers = authorization();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return answerOf(res);
}

// The JSON the API answered, or an ApiError with its message when it refused.
async function answerOf(res) {
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (notJson) {
    // an answer that is not JSON: the status says enough
  }
  if (!res.ok) {
    throw new ApiError(res.status, (json && json.error) || `the server answered ${res.status}`, json && json.detail);
  }
  return json;
}

// Reads the server-sent events at path and calls onEvent({ event, data, id }) for each, until the server
// ends the stream (it returns) or signal aborts it (it throws). fetch rather than EventSource, which cannot
// send the token in a header. Fields as in https://html.spec.whatwg.org/multipage/server-sent-events.html;
// lines end in LF or CRLF (never a lone CR, which the server does not send).
async function readEvents(path, signal, onEvent) {
  const res = await fetch('/api/v1' + path, { headers: { ...authorization(), Accept: 'text/event-stream' }, signal });
  if (!res.ok) await answerOf(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let lastId = null; // an id holds for the events after it, until the next id
  let event = { event: '', data: [] };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop(); // not yet a whole line
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') { // a blank line ends an event
        if (event.data.length) onEvent({ event: event.event || 'message', data: event.data.join('\n'), id: lastId });
        event = { event: '', data: [] };
      } else if (!line.startsWith(':')) { // a line starting with ':' is a comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = text;
        else if (field === 'data') event.data.push(text);
        else if (field === 'id') lastId = text;
      }
    }
  }
}

// A 401 ends the session (the token is wrong or was replaced): true when e was one.
function refused(e) {
  if (!(e instanceof ApiError) || e.status !== 401) return false;
  sessionStorage.removeItem(TOKEN_KEY);
  signIn('The server refused the token: sign in again.');
  return true;
}

// Draws the page (a null among nodes is left out), under the notice if one waits.
function show(...nodes) {
  const said = notice ? el('div', { id: 'notice', role: 'status' }, notice.map((n) => el('p', {}, n))) : null;
  notice = null;
  main.replaceChildren(...[said, ...nodes].filter(Boolean));
  if (said) said.scrollIntoView();
}

function alertBox(id, message) {
  return el('p', { id, class: 'error', role: 'alert' }, message);
}

function table(id, headings, rows) {
  return el('table', { id },
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function shortCommit(sha) {
  return sha ? sha.slice(0, 10) : '';
}

// An image id as docker shows it: 12 hex digits, without the sha256: prefix.
function shortId(id) {
  return id ? id.slice(id.indexOf(':') + 1).slice(0, 12) : '';
}

function seconds(ms) {
  return ms === null || ms === undefined ? '' : (ms / 1000).toFixed(1) + ' s';
}

function buildLink(id) {
  return el('a', { href: '#/builds/' + id }, '#' + id);
}

// How a deployment got its image: built, or re-used ("promotion of #7", "mirror of #7", "rollback of #7").
function howBuilt(b) {
  return b.reused ? [`${b.kind} of `, b.reused_from ? buildLink(b.reused_from) : '?'] : b.kind;
}

function statusLabel(status) {
  const label = String(status).toLowerCase();
  return el('span', { class: 'status ' + label }, label);
}

// ---- pages

// Starts a new page: what the old one still waits for, polls or streams is dropped. Returns its number.
function newPage() {
  if (poll) {
    clearTimeout(poll);
    poll = null;
  }
  if (stream) {
    stream.abort();
    stream = null;
  }
  return ++page;
}

async function route() {
  const current = newPage();
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    signIn();
    return;
  }
  nav.replaceChildren(
    el('a', { href: '#/' }, 'Projects'),
    el('button', { type: 'button', id: 'sign-out', class: 'quiet', onclick: signOut }, 'Sign out'));
  const hash = location.hash || '#/';
  let match;
  try {
    if ((match = hash.match(/^#\/projects\/([^/]+)$/))) {
      await projectPage(current, decodeURIComponent(match[1]));
    } else if ((match = hash.match(/^#\/deployments\/(\d+)$/))) {
      await deploymentPage(current, Number(match[1]));
    } else if ((match = hash.match(/^#\/builds\/(\d+)$/))) {
      await buildPage(current, Number(match[1]));
    } else {
      await projectsPage(current);
    }
  } catch (e) {
    if (current === page && !refused(e)) show(alertBox('page-error', e.message));
  }
}

function signIn(message) {
  newPage();
  nav.replaceChildren();
  const input = el('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true });
  const form = el('form', {
    id: 'sign-in',
    onsubmit: async (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      try {
        await api('GET', '/projects');
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        signIn(e.status === 401 ? 'That token was refused.' : e.message);
        return;
      }
      route();
    },
  },
  el('label', { for: 'token' }, 'Admin token'), input, el('button', { type: 'submit' }, 'Sign in'));
  show(
    el('h1', {}, 'Sign in'),
    el('p', { class: 'muted' }, 'Paste the admin token from DATA/admin-token; the server prints where it is when it starts.'),
    message ? alertBox('sign-in-error', message) : null,
    form);
  input.focus();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '#/';
  route();
}

async function projectsPage(current) {
  const projects = await api('GET', '/projects');
  if (current !== page) return;
  const rows = projects.map((p) => el('tr', { 'data-project': p.name },
    el('td', {}, el('a', { href: '#/projects/' + enc(p.name) }, p.name)),
    el('td', {}, el('code', {}, p.repo)),
    el('td', {}, p.mirror_of || ''),
    el('td', {}, p.environments.map((e) => e.name).join(', '))));
  show(
    el('h1', {}, 'Projects'),
    projects.length ? table('projects', ['Project', 'Repository', 'Mirror of', 'Environments'], rows)
      : el('p', { class: 'muted', id: 'no-projects' }, 'No projects yet.'),
    el('h2', {}, 'New project'),
    createProjectForm());
}

function createProjectForm() {
  return apiForm('create-project', [
    ['name', 'Name', { id: 'project-name', required: true }],
    ['repo', 'Git repository URL', { id: 'project-repo', required: true }],
    ['mirror_of', 'Mirror of (optional: a project whose images it re-uses)', { id: 'project-mirror-of' }],
  ], 'Create project',
  (v) => api('POST', '/projects', { name: v.name, repo: v.repo, mirror_of: v.mirror_of || undefined }),
  (created) => { location.hash = '#/projects/' + enc(created.name); });
}

// A form that sends its fields to the API. A refusal is shown above the fields, naming the field (which
// is marked), and the form keeps what was typed; success empties it and calls done with the answer.
function apiForm(id, specs, submitLabel, send, done) {
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
function fail(error, fields, e) {
  if (refused(e)) return;
  if (fields[e.field]) fields[e.field].setAttribute('aria-invalid', 'true');
  error.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
  error.hidden = false;
}

async function projectPage(current, name) {
  const load = () => Promise.all([
    api('GET', '/projects/' + enc(name)),
    api('GET', '/projects/' + enc(name) + '/deployments?limit=20'),
    api('GET', '/projects/' + enc(name) + '/builds?limit=20'),
  ]);
  const [project, deployments, builds] = await load();
  if (current !== page) return;
  const actionError = el('p', { id: 'action-error', class: 'error', role: 'alert', hidden: true });
  const start = async (env, what, path) => {
    try {
      const d = await api('POST', `/projects/${enc(name)}/environments/${enc(env)}/${path}`, {});
      location.hash = '#/deployments/' + d.id;
    } catch (e) {
      if (refused(e)) return;
      actionError.textContent = `${what} ${env}: ${e.message}`;
      actionError.hidden = false;
    }
  };
  // After a deletion, the next page says what it did.
  const deleted = (then) => (answer) => {
    if (current !== page) return;
    notice = said(answer);
    then();
  };
  const environments = el('div');
  const history = el('div');
  const buildList = el('div');
  // Only these three are drawn again when the page looks again, so the forms below keep what is typed.
  const draw = (project, deployments, builds) => {
    environments.replaceChildren(table('environments', ['Environment', 'Branch', 'Address', 'Release', '', ''],
      project.environments.map((e) => el('tr', { 'data-environment': e.name },
        el('td', {}, e.name),
        el('td', {}, e.branch || el('span', { class: 'muted' }, 'default')),
        el('td', {}, el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, e.url)),
        el('td', { class: 'release' }, e.current_release
          ? [`#${e.current_release.id} `, el('code', {}, shortCommit(e.current_release.commit))]
          : el('span', { class: 'muted' }, 'not deployed')),
        el('td', { class: 'state' }, e.deploying ? 'deploying' : ''),
        el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'deploy', onclick: () => start(e.name, 'Deploy', 'deployments') }, 'Deploy'),
          el('button', { type: 'button', class: 'rollback quiet', disabled: !e.current_release, onclick: () => start(e.name, 'Roll back', 'rollback') }, 'Roll back'))))));
    history.replaceChildren(deployments.length
      ? table('deployments', ['Deployment', 'Environment', 'Status', 'Commit', 'Failed step', 'Started'], deployments.map((d) => el('tr', { 'data-deployment': d.id },
        el('td', {}, el('a', { href: '#/deployments/' + d.id }, '#' + d.id)),
        el('td', {}, d.environment),
        el('td', {}, statusLabel(d.status)),
        el('td', {}, el('code', {}, shortCommit(d.commit))),
        el('td', {}, d.failed_step ? `${d.failed_step}: ${d.reason || ''}` : ''),
        el('td', {}, time(d.created_at)))))
      : el('p', { class: 'muted' }, 'No deployments yet.'));
    buildList.replaceChildren(builds.length ? buildsTable(builds) : el('p', { class: 'muted' }, 'No builds yet.'));
    // Deployments also start from the CLI and the API: look again every 10 s, every 2 s while one runs.
    poll = setTimeout(refresh, project.environments.some((e) => e.deploying) ? 2000 : 10000);
  };
  const refresh = async () => {
    poll = null;
    try {
      const [project, deployments, builds] = await load();
      if (current === page) draw(project, deployments, builds);
    } catch (e) {
      if (current !== page || refused(e)) return;
      poll = setTimeout(refresh, 10000);
    }
  };
  draw(project, deployments, builds);
  show(
    el('h1', { id: 'project-title' }, project.name),
    el('p', { class: 'muted' }, 'Repository ', el('code', {}, project.repo),
      project.mirror_of ? [' · mirror of ', el('a', { href: '#/projects/' + enc(project.mirror_of) }, project.mirror_of)] : null),
    actionError,
    el('h2', {}, 'Environments'), environments,
    el('h2', {}, 'Deployments'), history,
    el('h2', {}, 'Builds'), buildList,
    el('h2', {}, 'Variables and domains'),
    el('p', { class: 'muted' }, 'A variable\'s value is never shown once set. Variables reach the containers started by the next deployment or rollback; a domain is served at once.'),
    ...project.environments.map((e) => environmentSettings(name, e.name)),
    el('h2', {}, 'New environment'),
    apiForm('create-environment', [
      ['name', 'Name', { id: 'environment-name', required: true }],
      ['branch', 'Branch (optional: the repository\'s default branch when empty)', { id: 'environment-branch' }],
    ], 'Create environment',
    (v) => api('POST', `/projects/${enc(name)}/environments`, { name: v.name, branch: v.branch || undefined }),
    route),
    el('h2', {}, 'Danger zone'),
    el('div', { id: 'danger-zone' },
      project.environments.map((e) => deleteForm({
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
      })));
}

function buildsTable(builds) {
  return table('builds', ['Build', 'Environment', 'Commit', 'Kind', 'Layer cache', 'Image id', 'When', 'Took'], builds.map((b) => el('tr', { 'data-build': b.id },
    el('td', {}, buildLink(b.id)),
    el('td', {}, b.environment),
    el('td', {}, el('code', {}, shortCommit(b.commit))),
    el('td', { class: 'how' }, howBuilt(b)),
    el('td', {}, b.no_cache ? 'not used' : 'used'),
    el('td', {}, el('code', {}, shortId(b.image_id)), b.pruned_at ? el('span', { class: 'muted' }, ' pruned') : null),
    el('td', {}, time(b.created_at)),
    el('td', {}, seconds(b.duration_ms)))));
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

function environmentSettings(project, env) {
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

async function deploymentPage(current, id) {
  const view = await api('GET', '/deployments/' + id);
  if (current !== page) return;
  const d = view.deployment;
  const status = el('span', { id: 'status' });
  const reason = el('p', { id: 'reason', class: 'error' });
  const steps = el('ol', { id: 'steps' });
  const build = el('span'); // the build that gave the deployment its image, once there is one
  const draw = (shown) => {
    const d = shown.deployment;
    // Drawn once: a deployment's build does not change, and a link redrawn under the pointer may lose the click.
    if (shown.build && !build.hasChildNodes()) build.append(' · build ', el('a', { id: 'build-link', href: '#/builds/' + shown.build.id }, '#' + shown.build.id));
    const label = String(d.status).toLowerCase();
    status.className = 'status ' + label;
    status.textContent = label;
    reason.textContent = d.failed_step ? `${d.failed_step}: ${d.reason || ''}` : '';
    reason.hidden = !d.failed_step;
    steps.replaceChildren(...shown.steps.map((s) => el('li', {},
      `${s.name} `, el('span', { class: 'status ' + String(s.outcome).toLowerCase() }, String(s.outcome).toLowerCase()),
      s.message ? el('span', { class: 'muted' }, ` — ${s.message}`) : null)));
  };
  draw(view);
  const log = el('pre', { id: 'log' });
  show(
    el('h1', {}, `Deployment #${d.id}`),
    el('p', {}, el('a', { href: '#/projects/' + enc(d.project) }, d.project), ` / ${d.environment} · `, status,
      d.commit ? [' · commit ', el('code', {}, shortCommit(d.commit))] : null,
      d.rollback_of ? ` · rollback of #${d.rollback_of}` : null, build),
    reason,
    el('h2', {}, 'Steps'), steps,
    el('h2', {}, 'Log'), log);

  // The log follows the deployment's event stream; should the stream fail or end before the deployment
  // has (the server restarted), the page asks for the rest instead, from the last line it has.
  let after = 0; // the seq of the last line shown
  const append = (lines) => {
    for (const line of lines) {
      if (line.seq <= after) continue;
      log.append(el('span', { class: 'line' }, el('span', { class: 'step' }, `[${line.step}] `), line.text, '\n'));
      after = line.seq;
    }
    if (lines.length) log.scrollTop = log.scrollHeight;
  };
  // Status and steps are read again when a step starts to log and at the end, one reading after the other.
  // Until the stream has ended, a finished status is not shown: the log's last lines may still be on the way.
  let looking = Promise.resolve();
  const look = (end) => {
    looking = looking.then(() => api('GET', '/deployments/' + id)).then((now) => {
      if (current === page && (end || !FINISHED.has(String(now.deployment.status).toLowerCase()))) draw(now);
    }, () => { /* the next look, or the poll, draws it */ });
  };
  const follow = async () => {
    const controller = new AbortController();
    stream = controller;
    let step = null;
    let finished = false;
    try {
      await readEvents(`/deployments/${id}/events?after=${after}`, controller.signal, (event) => {
        if (event.event === 'log') {
          const line = JSON.parse(event.data);
          append([line]);
          if (line.step !== step) look(false);
          step = line.step;
        } else if (event.event === 'status') {
          finished = true;
        }
      });
    } catch (e) {
      if (current !== page || refused(e)) return;
    } finally {
      if (stream === controller) stream = null;
    }
    if (current !== page) return;
    if (finished) look(true);
    else tick();
  };
  const tick = async () => {
    poll = null;
    try {
      const answer = await api('GET', `/deployments/${id}/log?after=${after}`);
      if (current !== page) return;
      append(answer.lines);
      if (answer.lines.length === 0) {
        const now = await api('GET', '/deployments/' + id);
        if (current !== page) return;
        draw(now);
        // The status is read before the lines: finished with nothing new means the log is complete.
        if (FINISHED.has(answer.status)) return;
      }
      poll = setTimeout(tick, answer.lines.length ? 100 : 700);
    } catch (e) {
      if (current !== page || refused(e)) return;
      poll = setTimeout(tick, 2000);
    }
  };
  follow();
}

// A build's record, and its drift report: the one made when it finished (against the earlier build of its
// commit), or one against another build, made when asked.
async function buildPage(current, id) {
  const noReport = (e) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  };
  const [b, stored] = await Promise.all([api('GET', '/builds/' + id), api('GET', `/builds/${id}/drift`).catch(noReport)]);
  if (current !== page) return;
  const fields = [
    ['Project', el('a', { href: '#/projects/' + enc(b.project) }, b.project)],
    ['Environment', b.environment],
    ['Deployment', [el('a', { href: '#/deployments/' + b.deployment_id }, '#' + b.deployment_id), el('span', { class: 'muted' }, ' (its page has the build log)')]],
    ['Commit', el('code', {}, b.commit)],
    ['Kind', howBuilt(b)],
    ['Triggered by', b.trigger],
    ['Dockerfile', b.dockerfile && [el('code', {}, b.dockerfile), ' ', el('code', { class: 'muted' }, b.dockerfile_digest)]],
    ['Base image', b.base_image && [el('code', {}, b.base_image), ' ', el('code', { class: 'muted' }, shortId(b.base_image_id))]],
    ['Layer cache', b.no_cache ? 'not used' : 'used'],
    ['Base image pulled', b.pulled_base_image ? 'yes' : 'no'],
    ['Took', seconds(b.duration_ms)],
    ['Image tag', el('code', {}, b.image)],
    ['Image id', el('code', {}, b.image_id)],
    ['Image size', b.image_size && `${(b.image_size / 1e6).toFixed(1)} MB`],
    ['Pin advisories', b.advisories.length ? el('ul', {}, b.advisories.map((a) => el('li', {}, a))) : 'none'],
    ['When', time(b.created_at)],
    ['Image pruned', b.pruned_at && time(b.pruned_at)],
  ];
  const drift = el('div');
  const drawDrift = (report, made) => drift.replaceChildren(
    el('p', { id: 'drift-against' }, 'Against build ', buildLink(report.build_a), made),
    nestedList('drift', report.lines));
  if (stored) {
    drawDrift(stored, ', the earlier build of the same commit; made when this build finished.');
  } else {
    drift.replaceChildren(el('p', { id: 'no-drift', class: 'muted' }, b.reused
      ? 'No drift report: this image was re-used, not built.'
      : 'No drift report: there was no earlier build of this commit to compare with.'));
  }
  const comparing = el('p', { class: 'muted', role: 'status', hidden: true }, 'Comparing the two images…');
  show(
    el('h1', { id: 'build-title' }, `Build #${b.id}`),
    el('dl', { id: 'build' }, fields.filter(([, value]) => value).flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])),
    el('h2', {}, 'Drift report'),
    el('p', { class: 'muted' }, "Where and why this image differs from another build's: the first layer whose files differ, "
      + 'the later ones, and the package versions that changed.'),
    drift,
    el('h3', {}, 'Compare with another build'),
    apiForm('compare', [['against', 'Build id (both images must still be there)', { id: 'against', required: true, inputmode: 'numeric' }]], 'Compare',
      async (v) => {
        comparing.hidden = false;
        try {
          return await api('GET', `/builds/${id}/drift?against=${enc(v.against)}`);
        } finally {
          comparing.hidden = true;
        }
      },
      (report) => drawDrift(report, ', made just now.')),
    comparing);
}

// Indented lines as nested lists: a line goes under the nearest line before it that is indented less.
function nestedList(id, lines) {
  const root = el('ul', { id, class: 'nested' });
  const open = []; // the items a next line may go under, with their indentation
  for (const line of lines) {
    const depth = line.length - line.trimStart().length;
    while (open.length && open[open.length - 1].depth >= depth) open.pop();
    const parent = open.length ? open[open.length - 1].item : null;
    const list = parent ? parent.querySelector(':scope > ul') || parent.appendChild(el('ul')) : root;
    open.push({ depth, item: list.appendChild(el('li', {}, line.trim())) });
  }
  return root;
}

window.addEventListener('hashchange', route);
route();
