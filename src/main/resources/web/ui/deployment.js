// A deployment's page: its status and steps, and its log as it is written.
import { api, readEvents } from './api.js';
import { el, enc, fail, shortCommit, show, statusLabel } from './dom.js';
import { closeStream, isCurrent, later, openStream, refused } from './page.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

// The API names a deployment's status in capitals, its log's in lower case.
const isFinished = (status) => FINISHED.has(String(status).toLowerCase());

export async function deploymentPage(current, id) {
  const view = await api('GET', '/deployments/' + id);
  if (!isCurrent(current)) return;
  const d = view.deployment;
  const status = el('span', { id: 'status' });
  const reason = el('p', { id: 'reason', class: 'error' });
  const steps = el('ol', { id: 'steps' });
  const build = el('span'); // the build that gave the deployment its image, once there is one
  // Cancel: a queued deployment never runs; a running one stops in its step and is undone (the server answers
  // once it has ended, or after 30 s). The answer is drawn at once; the log stream follows as it would.
  const cancelError = el('p', { id: 'cancel-error', class: 'error', role: 'alert', hidden: true });
  const cancel = el('button', {
    id: 'cancel', type: 'button', class: 'danger',
    onclick: () => {
      cancel.disabled = true;
      cancelError.hidden = true;
      api('POST', `/deployments/${id}/cancel`)
        .then(() => api('GET', '/deployments/' + id))
        .then((now) => { if (isCurrent(current)) draw(now); })
        .catch((e) => { cancel.disabled = false; fail(cancelError, {}, e); });
    },
  }, 'Cancel deployment');
  const cancelRow = el('p', { hidden: true }, cancel);
  const draw = (shown) => {
    const d = shown.deployment;
    // Drawn once: a deployment's build does not change, and a link redrawn under the pointer may lose the click.
    if (shown.build && !build.hasChildNodes()) build.append(' · build ', el('a', { id: 'build-link', href: '#/builds/' + shown.build.id }, '#' + shown.build.id));
    status.replaceChildren(statusLabel(d.status));
    // A deployment cancelled while queued has a reason but no step.
    reason.textContent = d.failed_step ? `${d.failed_step}: ${d.reason || ''}` : (d.reason || '');
    reason.hidden = !reason.textContent;
    cancelRow.hidden = isFinished(d.status);
    steps.replaceChildren(...shown.steps.map((s) => el('li', {},
      `${s.name} `, statusLabel(s.outcome),
      s.message ? el('span', { class: 'muted' }, ` — ${s.message}`) : null,
      s.undone_at ? el('span', { class: 'muted undone' }, s.undo_message ? ` · undone, left behind: ${s.undo_message}` : ' · undone') : null)));
  };
  draw(view);
  const log = el('pre', { id: 'log' });
  show(
    el('h1', {}, `Deployment #${d.id}`),
    el('p', {}, el('a', { href: '#/projects/' + enc(d.project) }, d.project), ` / ${d.environment} · `, status,
      d.commit ? [' · commit ', el('code', {}, shortCommit(d.commit))] : null,
      d.rollback_of ? ` · rollback to release #${d.rollback_of}` : null, build),
    cancelRow, cancelError,
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
      if (isCurrent(current) && (end || !isFinished(now.deployment.status))) draw(now);
    }, () => { /* the next look, or the poll, draws it */ });
  };
  const follow = async () => {
    const controller = openStream();
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
      if (!isCurrent(current) || refused(e)) return;
    } finally {
      closeStream(controller);
    }
    if (!isCurrent(current)) return;
    if (finished) look(true);
    else tick();
  };
  const tick = async () => {
    try {
      const answer = await api('GET', `/deployments/${id}/log?after=${after}`);
      if (!isCurrent(current)) return;
      append(answer.lines);
      if (answer.lines.length === 0) {
        const now = await api('GET', '/deployments/' + id);
        if (!isCurrent(current)) return;
        draw(now);
        // The status is read before the lines: finished with nothing new means the log is complete.
        if (isFinished(answer.status)) return;
      }
      later(tick, answer.lines.length ? 100 : 700);
    } catch (e) {
      if (!isCurrent(current) || refused(e)) return;
      later(tick, 2000);
    }
  };
  follow();
}
