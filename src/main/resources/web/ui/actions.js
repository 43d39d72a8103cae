// The project page's deploy and rollback forms, opened from an environment's row: the deploy form offers
// the repository's branches and tags (or a commit SHA typed by hand), the rollback form the earlier
// releases. Deploying or rolling back live first shows what will run over what serves, in the page, and
// starts nothing until that is confirmed.
import { api } from './api.js';
import { el, enc, fail, shortCommit, time } from './dom.js';

// The environment that serves users; every other one (test, staging, …) deploys at once.
export const LIVE = 'live';

// A panel that holds one form at a time; name is the project's.
export function actionPanel(name) {
  const panel = el('div', { id: 'action' });
  const base = (env) => `/projects/${enc(name)}/environments/${enc(env)}`;
  const close = () => panel.replaceChildren();
  const started = (d) => { location.hash = '#/deployments/' + d.id; };

  const openDeploy = (env) => {
    const refs = el('select', { id: 'deploy-ref', name: 'ref' }, el('option', { value: '' }, 'Loading branches and tags…'));
    const sha = el('input', { id: 'deploy-sha', name: 'sha', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. 3f2a9c1' });
    const error = el('p', { id: 'deploy-form-error', class: 'error', role: 'alert', hidden: true });
    let listed = { default_branch: null, branches: [], tags: [] };
    api('GET', `/projects/${enc(name)}/refs`).then((answer) => {
      listed = answer;
      refs.replaceChildren(...refOptions(answer, env));
    }, (e) => {
      refs.replaceChildren(el('option', { value: '' }, defaultLabel(env, null)));
      fail(error, {}, e);
    });
    // What will be deployed, as the confirmation says it: the typed SHA wins over the list.
    const wanted = () => {
      const typed = sha.value.trim();
      if (typed) return { ref: typed, label: `commit ${shortCommit(typed)}`, said: ['Deploys the commit typed by hand, ', el('code', { id: 'confirm-commit' }, typed)] };
      const option = refs.selectedOptions[0];
      const label = option ? option.dataset.label || option.textContent : defaultLabel(env, null);
      const commit = option && option.value ? option.dataset.commit : defaultTip(listed, env);
      return {
        ref: option && option.value ? option.value : undefined,
        label,
        said: ['Deploys ', label, ' at commit ', el('code', { id: 'confirm-commit' }, commit ? shortCommit(commit) : 'its tip when checked out')],
      };
    };
    const send = ({ ref }) => api('POST', base(env.name) + '/deployments', ref ? { ref } : {});
    const form = el('form', {
      id: 'deploy-form',
      'data-environment': env.name,
      onsubmit: (event) => {
        event.preventDefault();
        error.hidden = true;
        sha.removeAttribute('aria-invalid');
        const what = wanted();
        const go = () => send(what).then(started);
        if (env.name !== LIVE) {
          go().catch((e) => fail(error, { ref: sha }, e));
          return;
        }
        confirmLive(panel, form, {
          title: `Deploy ${what.label} to ${LIVE}?`,
          what: what.said,
          name,
          confirm: `Deploy to ${LIVE}`,
          go,
          failed: (e) => fail(error, { ref: sha }, e),
        });
      },
    },
    el('h3', {}, `Deploy ${env.name}`),
    error,
    el('label', {}, 'Branch or tag', refs),
    el('label', {}, 'or a commit SHA (used instead of the list when given)', sha),
    buttons('Deploy', close));
    panel.replaceChildren(form);
    refs.focus();
  };

  const openRollback = (env) => {
    const releases = el('select', { id: 'rollback-release', name: 'release' }, el('option', { value: '' }, 'Loading releases…'));
    const error = el('p', { id: 'rollback-form-error', class: 'error', role: 'alert', hidden: true });
    const submit = buttons('Roll back', close);
    let listed = [];
    api('GET', base(env.name) + '/releases').then((answer) => {
      listed = answer;
      const serving = env.current_release && env.current_release.id;
      const earlier = answer.filter((r) => r.id !== serving);
      releases.replaceChildren(...answer.map((r) => el('option', { value: r.id, disabled: r.id === serving, 'data-commit': r.commit },
        `#${r.id} · ${shortCommit(r.commit)} · ${time(r.created_at)}${r.id === serving ? ' (serving now)' : ''}`)));
      // The default is the API's: the release before the current one.
      if (earlier.length) releases.value = String(earlier[0].id);
      else fail(error, {}, { message: `${env.name} has no earlier release to roll back to.` });
      submit.querySelector('button[type=submit]').disabled = !earlier.length;
    }, (e) => fail(error, {}, e));
    const form = el('form', {
      id: 'rollback-form',
      'data-environment': env.name,
      onsubmit: (event) => {
        event.preventDefault();
        error.hidden = true;
        const target = listed.find((r) => String(r.id) === releases.value);
        if (!target) return;
        const go = () => api('POST', base(env.name) + '/rollback', { release: target.id }).then(started);
        if (env.name !== LIVE) {
          go().catch((e) => fail(error, { release: releases }, e));
          return;
        }
        confirmLive(panel, form, {
          title: `Roll ${LIVE} back to release #${target.id}?`,
          what: ['Runs release #', String(target.id), ' again, commit ', el('code', { id: 'confirm-commit' }, shortCommit(target.commit)),
            `, from ${time(target.created_at)}`],
          name,
          confirm: `Roll back ${LIVE}`,
          go,
          failed: (e) => fail(error, { release: releases }, e),
        });
      },
    },
    el('h3', {}, `Roll back ${env.name}`),
    error,
    el('label', {}, 'Release to go back to', releases),
    submit);
    panel.replaceChildren(form);
    releases.focus();
  };

  return { panel, openDeploy, openRollback };
}

// Options for the branches and tags, the environment's own branch (or the repository's default) first.
// A name both a branch and a tag is sent in full for the tag, as git would otherwise take the branch.
function refOptions(refs, env) {
  const branchNames = new Set(refs.branches.map((b) => b.name));
  const option = (value, label, commit) => el('option', { value, 'data-commit': commit, 'data-label': label }, `${label} · ${shortCommit(commit)}`);
  const tip = defaultTip(refs, env);
  return [
    el('option', { value: '', 'data-commit': tip, 'data-label': defaultLabel(env, refs.default_branch) },
      defaultLabel(env, refs.default_branch) + (tip ? ` · ${shortCommit(tip)}` : '')),
    refs.branches.length ? el('optgroup', { label: 'Branches' }, refs.branches.map((b) => option(b.name, `branch ${b.name}`, b.commit))) : null,
    refs.tags.length ? el('optgroup', { label: 'Tags' }, refs.tags.map((t) => option(branchNames.has(t.name) ? 'refs/tags/' + t.name : t.name, `tag ${t.name}`, t.commit))) : null,
  ].filter(Boolean);
}

function defaultLabel(env, defaultBranch) {
  const branch = env.branch || defaultBranch;
  return branch ? `branch ${branch} (the environment's)` : "the environment's branch";
}

function defaultTip(refs, env) {
  const branch = refs.branches.find((b) => b.name === (env.branch || refs.default_branch));
  return branch ? branch.commit : undefined;
}

function buttons(label, cancel) {
  return el('div', { class: 'buttons' },
    el('button', { type: 'submit' }, label),
    el('button', { type: 'button', class: 'quiet cancel', onclick: cancel }, 'Cancel'));
}

// Puts a confirmation in place of form: what will run, over what serves live now (read again, so that it
// is what serves at this moment), and buttons that start it or go back to the form.
async function confirmLive(panel, form, o) {
  let serving;
  try {
    const project = await api('GET', '/projects/' + enc(o.name));
    serving = (project.environments.find((e) => e.name === LIVE) || {}).current_release;
  } catch (e) {
    o.failed(e);
    return;
  }
  const back = () => panel.replaceChildren(form);
  const yes = el('button', { type: 'button', id: 'confirm-live', class: 'danger' }, o.confirm);
  const error = el('p', { id: 'confirm-error', class: 'error', role: 'alert', hidden: true });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    o.go().catch((e) => {
      yes.disabled = false;
      fail(error, {}, e);
    });
  });
  panel.replaceChildren(el('div', { id: 'confirmation', role: 'alertdialog', 'aria-labelledby': 'confirmation-title' },
    el('h3', { id: 'confirmation-title' }, o.title),
    el('p', {}, `${LIVE} serves your users.`),
    el('p', { id: 'confirm-what' }, ...o.what, '.'),
    el('p', { id: 'confirm-over' }, serving
      ? ['Over release #', String(serving.id), ', commit ', el('code', {}, shortCommit(serving.commit)), `, serving since ${time(serving.created_at)}.`]
      : `Nothing serves ${LIVE} yet.`),
    error,
    el('div', { class: 'buttons' }, yes, el('button', { type: 'button', id: 'cancel-live', class: 'quiet', onclick: back }, 'Cancel'))));
  yes.focus();
}
