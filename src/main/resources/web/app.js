// Slipway's web UI: projects, their environments and deployments, and a deployment's log as it is
// written. Everything comes from the REST API under /api/v1 with the admin token; text from the API is
// only ever set as text, never parsed as HTML.
'use strict';

const TOKEN_KEY = 'slipway.token';
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
const main = document.getElementById('main');
const nav = document.getElementById('nav');
let page = 0;        // bumped on every navigation, so that a slow answer never draws over a newer page
let poll = null;     // the log poll of the deployment page, if one runs

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

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || '') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

// A 401 ends the session (the token is wrong or was replaced): true when e was one.
function refused(e) {
  if (!(e instanceof ApiError) || e.status !== 401) return false;
  sessionStorage.removeItem(TOKEN_KEY);
  signIn('The server refused the token: sign in again.');
  return true;
}

function show(...nodes) {
  main.replaceChildren(...nodes);
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

function statusLabel(status) {
  const label = String(status).toLowerCase();
  return el('span', { class: 'status ' + label }, label);
}

// ---- pages

// Starts a new page: what the old one still waits for, or polls, is dropped. Returns its number.
function newPage() {
  if (poll) {
    clearTimeout(poll);
    poll = null;
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
  const fields = {
    name: el('input', { id: 'project-name', name: 'name', required: true, autocomplete: 'off' }),
    repo: el('input', { id: 'project-repo', name: 'repo', required: true, autocomplete: 'off' }),
    mirror_of: el('input', { id: 'project-mirror-of', name: 'mirror_of', autocomplete: 'off' }),
  };
  const error = el('p', { id: 'create-error', class: 'error', role: 'alert', hidden: true });
  const form = el('form', {
    id: 'create-project',
    onsubmit: async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => f.removeAttribute('aria-invalid'));
      error.hidden = true;
      const body = { name: fields.name.value.trim(), repo: fields.repo.value.trim() };
      if (fields.mirror_of.value.trim()) body.mirror_of = fields.mirror_of.value.trim();
      try {
        const created = await api('POST', '/projects', body);
        location.hash = '#/projects/' + enc(created.name);
      } catch (e) {
        if (refused(e)) return;
        if (fields[e.field]) fields[e.field].setAttribute('aria-invalid', 'true');
        error.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
        error.hidden = false;
      }
    },
  },
  error,
  el('label', { for: 'project-name' }, 'Name'), fields.name,
  el('label', { for: 'project-repo' }, 'Git repository URL'), fields.repo,
  el('label', { for: 'project-mirror-of' }, 'Mirror of (optional: a project whose images it re-uses)'), fields.mirror_of,
  el('button', { type: 'submit' }, 'Create project'));
  return form;
}

async function projectPage(current, name) {
  const [project, deployments] = await Promise.all([
    api('GET', '/projects/' + enc(name)),
    api('GET', '/projects/' + enc(name) + '/deployments?limit=20'),
  ]);
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
  const envRows = project.environments.map((e) => el('tr', { 'data-environment': e.name },
    el('td', {}, e.name),
    el('td', {}, e.branch || el('span', { class: 'muted' }, 'default')),
    el('td', {}, el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, e.url)),
    el('td', { class: 'release' }, e.current_release
      ? [`#${e.current_release.id} `, el('code', {}, shortCommit(e.current_release.commit))]
      : el('span', { class: 'muted' }, 'not deployed')),
    el('td', { class: 'state' }, e.deploying ? 'deploying' : ''),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'deploy', onclick: () => start(e.name, 'Deploy', 'deployments') }, 'Deploy'),
      el('button', { type: 'button', class: 'rollback quiet', disabled: !e.current_release, onclick: () => start(e.name, 'Roll back', 'rollback') }, 'Roll back'))));
  const deploymentRows = deployments.map((d) => el('tr', { 'data-deployment': d.id },
    el('td', {}, el('a', { href: '#/deployments/' + d.id }, '#' + d.id)),
    el('td', {}, d.environment),
    el('td', {}, statusLabel(d.status)),
    el('td', {}, el('code', {}, shortCommit(d.commit))),
    el('td', {}, d.failed_step ? `${d.failed_step}: ${d.reason || ''}` : ''),
    el('td', {}, time(d.created_at))));
  show(
    el('h1', { id: 'project-title' }, project.name),
    el('p', { class: 'muted' }, 'Repository ', el('code', {}, project.repo),
      project.mirror_of ? [' · mirror of ', el('a', { href: '#/projects/' + enc(project.mirror_of) }, project.mirror_of)] : null),
    actionError,
    el('h2', {}, 'Environments'),
    table('environments', ['Environment', 'Branch', 'Address', 'Release', '', ''], envRows),
    el('h2', {}, 'Deployments'),
    deployments.length ? table('deployments', ['Deployment', 'Environment', 'Status', 'Commit', 'Failed step', 'Started'], deploymentRows)
      : el('p', { class: 'muted' }, 'No deployments yet.'));
  // Deployments also start from the CLI and the API: look again every 10 s, every 2 s while one runs.
  const deploying = project.environments.some((e) => e.deploying);
  poll = setTimeout(() => current === page && route(), deploying ? 2000 : 10000);
}

async function deploymentPage(current, id) {
  const view = await api('GET', '/deployments/' + id);
  if (current !== page) return;
  const d = view.deployment;
  const status = el('span', { id: 'status' });
  const reason = el('p', { id: 'reason', class: 'error' });
  const steps = el('ol', { id: 'steps' });
  const draw = (shown) => {
    const d = shown.deployment;
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
      d.rollback_of ? ` · rollback of #${d.rollback_of}` : null),
    reason,
    el('h2', {}, 'Steps'), steps,
    el('h2', {}, 'Log'), log);

  let after = 0;
  const tick = async () => {
    poll = null;
    try {
      const answer = await api('GET', `/deployments/${id}/log?after=${after}`);
      if (current !== page) return;
      for (const line of answer.lines) {
        log.append(el('span', { class: 'line' }, el('span', { class: 'step' }, `[${line.step}] `), line.text, '\n'));
        after = line.seq;
      }
      if (answer.lines.length) log.scrollTop = log.scrollHeight;
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
  tick();
}

window.addEventListener('hashchange', route);
route();
