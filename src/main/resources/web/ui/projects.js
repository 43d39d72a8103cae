// The projects page: every project, and a form that creates one.
import { api } from './api.js';
import { apiForm, el, enc, show, table } from './dom.js';
import { isCurrent } from './page.js';

export async function projectsPage(current) {
  const projects = await api('GET', '/projects');
  if (!isCurrent(current)) return;
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
