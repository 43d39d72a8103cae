// A project's page: its environments (deploy, roll back), last deployments and builds, which it looks at
// again while it is shown; each environment's settings; a new environment; the danger zone.
import { api } from './api.js';
import { apiForm, buildLink, el, enc, howBuilt, seconds, shortCommit, shortId, show, statusLabel, table, time } from './dom.js';
import { actionPanel } from './actions.js';
import { dangerZone } from './danger.js';
import { isCurrent, later, refused, route } from './page.js';
import { environmentSettings } from './settings.js';

export async function projectPage(current, name) {
  const load = () => Promise.all([
    api('GET', '/projects/' + enc(name)),
    api('GET', '/projects/' + enc(name) + '/deployments?limit=20'),
    api('GET', '/projects/' + enc(name) + '/builds?limit=20'),
  ]);
  const [project, deployments, builds] = await load();
  if (!isCurrent(current)) return;
  // The deploy and rollback forms sit under the table, which is redrawn, so that they keep what is picked.
  const actions = actionPanel(name);
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
        el('td', { class: 'state' }, e.deploying ? 'deploying' : condition(e)),
        el('td', {}, el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'deploy', onclick: () => actions.openDeploy(e) }, 'Deploy…'),
          el('button', { type: 'button', class: 'rollback quiet', disabled: !e.current_release, onclick: () => actions.openRollback(e) }, 'Roll back…')))))));
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
    later(refresh, project.environments.some((e) => e.deploying || degraded(e)) ? 2000 : 10000);
  };
  const refresh = async () => {
    try {
      const [project, deployments, builds] = await load();
      if (isCurrent(current)) draw(project, deployments, builds);
    } catch (e) {
      if (!isCurrent(current) || refused(e)) return;
      later(refresh, 10000);
    }
  };
  draw(project, deployments, builds);
  show(
    el('h1', { id: 'project-title' }, project.name),
    el('p', { class: 'muted' }, 'Repository ', el('code', {}, project.repo),
      project.mirror_of ? [' · mirror of ', el('a', { href: '#/projects/' + enc(project.mirror_of) }, project.mirror_of)] : null),
    el('h2', {}, 'Environments'), environments, actions.panel,
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
    dangerZone(current, name, project.environments));
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

function degraded(e) {
  return e.condition && e.condition.state === 'degraded';
}

// What the supervisor sees of the current release: each container that does not run or answer, and why.
function condition(e) {
  if (!degraded(e)) return '';
  return el('span', { class: 'degraded', title: 'started again automatically, with a backoff' },
    'degraded: ' + e.condition.problems.map((p) => `${p.process} ${p.reason}` + (p.restarts ? ` (restarted ${p.restarts}×)` : '')).join('; '));
}
