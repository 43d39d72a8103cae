// A build's page: its record, and its drift report: the one made when it finished (against the earlier
// build of its commit), or one against another build, made when asked.
import { api, ApiError } from './api.js';
import { apiForm, buildLink, el, enc, howBuilt, seconds, shortId, show, time } from './dom.js';
import { isCurrent } from './page.js';

export async function buildPage(current, id) {
  const noReport = (e) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  };
  const [b, stored] = await Promise.all([api('GET', '/builds/' + id), api('GET', `/builds/${id}/drift`).catch(noReport)]);
  if (!isCurrent(current)) return;
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
