// The projects page: every project with its environments' state (current release, last deployment), which
// it looks at again while it is shown, and a form that creates one.
import { api } from './api.js';
import { apiForm, el, enc, shortCommit, show, statusLabel, table } from './dom.js';
import { isCurrent, later, refused } from './page.js';

export async function projectsPage(current) {
  const projects = await api('GET', '/projects');
  if (!isCurrent(current)) return;
  const list = el('div');
  const draw = (projects) => {
    list.replaceChildren(projects.length
      ? table('projects', ['Project', 'Environments', 'Repository', 'Mirror of'], projects.map((p) => el('tr', { 'data-project': p.name },
        el('td', {}, el('a', { href: '#/projects/' + enc(p.name) }, p.name)),
        el('td', {}, el('ul', { class: 'environments' }, p.environments.map(environmentState))),
        el('td', {}, el('code', {}, p.repo)),
        el('td', {}, p.mirror_of || ''))))
      : el('p', { class: 'muted', id: 'no-projects' }, 'No projects yet.'));
    // As on the project page: deployments also start from the CLI and the API.
    later(refresh, projects.some((p) => p.environments.some((e) => e.deploying)) ? 2000 : 10000);
  };
  const refresh = async () => {
    try {
      const now = await api('GET', '/projects');
      if (isCurrent(current)) draw(now);
    } catch (e) {
      if (!isCurrent(current) || refused(e)) return;
      later(refresh, 10000);
    }
  };
  draw(projects);
  show(
    el('h1', {}, 'Projects'),
    list,
    el('h2', {}, 'New project'),
    createProjectForm());
}

// "test  #3 1a2b3c4d5e  succeeded": the release it serves, and how its last deployment went (linked).
function environmentState(e) {
  const d = e.last_deployment;
  return el('li', { 'data-environment': e.name },
    el('span', { class: 'name' }, e.name),
    el('span', { class: 'release' }, e.current_release
      ? [`#${e.current_release.id} `, el('code', {}, shortCommit(e.current_release.commit))]
      : el('span', { class: 'muted' }, 'not deployed')),
    d ? el('a', { class: 'last', href: '#/deployments/' + d.id, title: `deployment #${d.id}${d.failed_step ? ': ' + d.failed_step : ''}` }, statusLabel(d.status)) : null);
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
