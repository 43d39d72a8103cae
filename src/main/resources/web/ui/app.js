// Slipway's web UI: projects, their environments (variables, domains), deployments and builds, a
// deployment's log as it is written, a build's record and drift report; deleting an environment or a
// project. Everything comes from the REST API under /api/v1 with the admin token; text from the API is
// only ever set as text, never parsed as HTML.
//
// This entry holds the routes (the part of the address after #), signing in and out, and the nav; each
// page is a module of its own, and page.js holds what they share.
import { api, forgetToken, hasToken, keepToken } from './api.js';
import { buildPage } from './build.js';
import { deploymentPage } from './deployment.js';
import { alertBox, el, show } from './dom.js';
import { isCurrent, newPage, refused, useRouter } from './page.js';
import { projectPage } from './project.js';
import { projectsPage } from './projects.js';

const nav = document.getElementById('nav');

async function route() {
  const current = newPage();
  if (!hasToken()) {
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
    if (isCurrent(current) && !refused(e)) show(alertBox('page-error', e.message));
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
      keepToken(input.value.trim());
      try {
        await api('GET', '/projects');
      } catch (e) {
        forgetToken();
        signIn(e.status === 401 ? 'That token was refused.' : e.message);
        return;
      }
      route();
    },
  },
  el('label', { for: 'token' }, 'Admin token'), input, el('button', { type: 'submit' }, 'Sign in'));
  show(
    el('h1', {}, 'Sign in'),
    el('p', { class: 'muted' }, 'Paste the admin token the server printed at its first start (the data folder keeps only its hash).'),
    message ? alertBox('sign-in-error', message) : null,
    form);
  input.focus();
}

function signOut() {
  forgetToken();
  location.hash = '#/';
  route();
}

useRouter({ route, signIn });
window.addEventListener('hashchange', route);
route();
