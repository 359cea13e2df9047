// Memoranda: parties, versions, the open version's stage, remarks, the diff, the user's step; drafting.
import { language, state, t } from './session.js';
import { SignedOut, actingNow, api, loadDirectory, namesOf, query } from './api.js';
import { actedBy, alertBox, download, formatDate, guarded, h, onSubmit, show } from './ui.js';
import { NcaLayerError, signCms } from './ncalayer.js';

const memorandaState = { waitingForMe: false };

export async function memorandaView() {
  const filter = h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'waiting', checked: memorandaState.waitingForMe }), t('memoranda.waitingForMe'));
  filter.querySelector('input').addEventListener('change', (event) => {
    memorandaState.waitingForMe = event.target.checked;
    void memorandaView();
  });
  const list = h('section', { id: 'memoranda' });
  show(h('h1', {}, t('memoranda.title')), h('p', {}, h('a', { href: '#/memoranda/new', class: 'button', id: 'new-memorandum' }, t('memoranda.new'))), filter, list);
  await guarded(list, async () => {
    const page = await api('GET', `/memoranda${query({ limit: 100, waitingForMe: memorandaState.waitingForMe ? 'true' : undefined })}`);
    if (page.items.length === 0) return list.replaceChildren(h('p', { class: 'muted' }, t('memoranda.empty')));
    list.replaceChildren(
      h(
        'table',
        { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, t('groups.name')), h('th', {}, t('memoranda.status')), h('th', {}, t('memoranda.inForce')), h('th', {}, t('memoranda.openVersion')))),
        h(
          'tbody',
          {},
          page.items.map((m) => {
            const open = m.versions.find((v) => v.number === m.openVersion);
            return h(
              'tr',
              { 'data-memorandum': m.id },
              h('td', {}, h('a', { href: `#/memoranda/${m.id}` }, m.title)),
              h('td', {}, t(`memorandumStatus.${m.status}`)),
              h('td', {}, m.versionInForce ? t('memoranda.version', { n: m.versionInForce }) : '—'),
              h('td', {}, open ? `${t('memoranda.version', { n: open.number })}: ${t(`versionStatus.${open.status}`)}` : '—'),
            );
          }),
        ),
      ),
    );
  });
}

export async function memorandumView(id) {
  const memorandum = await api('GET', `/memoranda/${id}`).catch((error) => error);
  if (memorandum instanceof Error) return memorandum instanceof SignedOut ? undefined : show(alertBox(memorandum));
  const shown = memorandum.openVersion ?? memorandum.versionInForce ?? memorandum.versions.at(-1)?.number;
  const version = shown ? await api('GET', `/memoranda/${id}/versions/${shown}`) : null;
  const diff =
    version && memorandum.versionInForce && memorandum.versionInForce !== shown
      ? await api('GET', `/memoranda/${id}/versions/${shown}/diff?against=${memorandum.versionInForce}`)
      : null;
  // Whom the signed-in user acts for now (И.о.): their steps are offered as the principal's.
  const acting = await actingNow().catch(() => []);
  const organizations = await namesOf('organizations', [
    memorandum.reviewerOrganizationId,
    ...memorandum.parties.map((p) => p.organizationId),
    ...(version ? version.history.map((step) => step.organizationId) : []),
  ]);
  const acts = version ? [...version.remarks, ...version.approvals, ...version.signatures, ...version.history] : [];
  const people = await namesOf('users', [...memorandum.parties.map((p) => p.signatoryId), ...acts.flatMap((act) => [act.by, act.actingFor])]);
  const approvals = new Map((version?.approvals ?? []).map((a) => [a.organizationId, a]));
  const signatures = new Map((version?.signatures ?? []).map((x) => [x.organizationId, x]));
  // A deputy's act reads "B, И.о. A" (м.а. / Acting for), as in the exports.
  const actingNote = (act) => (act.actingFor ? [', ', h('span', { class: 'acting' }, actedBy(people, act.by, act.actingFor))] : []);
  const partyState = (organizationId) => {
    const signed = signatures.get(organizationId);
    if (signed) {
      const kind = signed.eds
        ? t('memoranda.signedEds', { name: signed.eds.signer.commonName ?? signed.eds.signer.subject, serial: signed.eds.signer.serialNumber })
        : t('memoranda.signedClick');
      return [`${t('memoranda.signed')} ${formatDate(signed.at)}`, ...actingNote(signed), ` (${kind})`];
    }
    const approved = approvals.get(organizationId);
    if (approved && version.status !== 'in_force') return [`${t('memoranda.approved')} ${formatDate(approved.at)}`, ...actingNote(approved)];
    return version?.awaiting.includes(organizationId) ? t('memoranda.awaiting') : '';
  };
  show(
    h('h1', {}, memorandum.title),
    h(
      'p',
      { class: 'meta' },
      t(`memorandumStatus.${memorandum.status}`),
      memorandum.versionInForce ? ` · ${t('memoranda.inForce')}: ${t('memoranda.version', { n: memorandum.versionInForce })}` : '',
    ),
    memorandum.purpose ? h('p', {}, memorandum.purpose) : null,
    h('h2', {}, t('memoranda.parties')),
    h(
      'table',
      { class: 'list', id: 'parties' },
      h('thead', {}, h('tr', {}, h('th', {}, t('control.organization')), h('th', {}, t('userRole.signatory')), h('th', {}, version ? t('memoranda.version', { n: version.number }) : ''))),
      h(
        'tbody',
        {},
        memorandum.parties.map((party) =>
          h('tr', { 'data-party': party.organizationId }, h('td', {}, organizations.get(party.organizationId)), h('td', {}, people.get(party.signatoryId)), h('td', {}, partyState(party.organizationId))),
        ),
      ),
    ),
    h('h2', {}, t('memoranda.versions')),
    h(
      'ul',
      { id: 'versions' },
      memorandum.versions.map((v) =>
        h(
          'li',
          {},
          `${t('memoranda.version', { n: v.number })}: ${t(`versionStatus.${v.status}`)}`,
          v.enteredIntoForceAt ? ` · ${t('memoranda.enteredIntoForce', { date: formatDate(v.enteredIntoForceAt) })}` : '',
          v.stageDueAt && ['in_review', 'approval', 'signing'].includes(v.status) ? ` · ${t('memoranda.stageDue', { date: formatDate(v.stageDueAt) })}` : '',
        ),
      ),
    ),
    version ? versionSection(memorandum, version, organizations, people, diff, await signingPayloadFor(memorandum, version, acting), acting) : null,
  );
}

/**
 * The party whose step the signed-in user takes now: theirs as its signatory, or the party of a
 * signatory they act for (И.о.) — then `actingFor` names that signatory.
 */
function myParty(memorandum, version, acting) {
  const me = state.me;
  const awaiting = memorandum.parties.filter((p) => version.awaiting.includes(p.organizationId));
  const own = awaiting.find((p) => p.signatoryId === me.id && me.roles.includes('signatory'));
  if (own) return { party: own, actingFor: null };
  const deputyFor = awaiting.find((p) => acting.some((a) => a.principalId === p.signatoryId && a.organizationId === p.organizationId && a.roles.includes('signatory')));
  return deputyFor ? { party: deputyFor, actingFor: acting.find((a) => a.principalId === deputyFor.signatoryId) } : null;
}

/** The bytes to sign and what the API expects (an ЭЦП or a click), when the signed-in user is to sign now. */
async function signingPayloadFor(memorandum, version, acting) {
  if (version.status !== 'signing' || !myParty(memorandum, version, acting)) return null;
  return api('GET', `/memoranda/${memorandum.id}/versions/${version.number}/signing-payload`);
}

function versionSection(memorandum, version, organizations, people, diff, signing, acting) {
  const section = h('section', { id: 'version', 'data-version': version.number });
  const formats = ['pdf', 'docx'].map((format) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => void guarded(section, () => download(`/memoranda/${memorandum.id}/versions/${version.number}/export?format=${format}&lang=${language()}`, `memorandum-v${version.number}.${format}`)),
      },
      `${t('memoranda.download')} ${format.toUpperCase()}`,
    ),
  );
  section.append(
    h('h2', {}, `${t('memoranda.version', { n: version.number })}: ${t(`versionStatus.${version.status}`)}`),
    h('p', { class: 'actions' }, formats),
    memorandumActions(memorandum, version, section, signing, acting),
  );
  if (version.remarks.length) {
    section.append(
      h('h3', {}, t('memoranda.remarks')),
      h(
        'ul',
        { id: 'remarks' },
        version.remarks.map((r) => h('li', {}, h('strong', {}, `${t('memoranda.clause', { n: r.clause })}: `), r.text, h('small', {}, ` — ${actedBy(people, r.by, r.actingFor)}, ${t('memoranda.round', { n: r.round })}`))),
      ),
    );
  }
  if (diff) {
    const changes = diff.clauses.filter((c) => c.change !== 'unchanged');
    section.append(
      h('h3', {}, t('memoranda.diff', { n: diff.from.number })),
      changes.length === 0
        ? h('p', { class: 'muted' }, t('memoranda.noChanges'))
        : h(
            'ul',
            { id: 'diff', class: 'diff' },
            changes.map((c) =>
              h(
                'li',
                { class: c.change },
                h('strong', {}, `${t(`change.${c.change}`)} · ${t('memoranda.clause', { n: c.after ?? c.before })}`),
                c.beforeText !== null && c.change !== 'added' ? h('del', {}, c.beforeText) : null,
                c.afterText !== null && c.change !== 'removed' ? h('ins', {}, c.afterText) : null,
              ),
            ),
          ),
    );
  }
  section.append(h('h3', {}, t('memoranda.text')), h('ol', { class: 'clauses' }, version.clauses.map((c) => h('li', {}, c.text))));
  if (version.history.length) {
    // The version's timeline: every step, who took it (a deputy as "B, И.о. A"), for which party, with its note.
    section.append(
      h('h3', {}, t('memoranda.history')),
      h(
        'ol',
        { id: 'history', class: 'inbox' },
        version.history.map((step) =>
          h(
            'li',
            { 'data-action': step.action },
            h('strong', {}, t(STEP_TERMS[step.action] ?? `step.${step.action}`)),
            step.by ? [' — ', h('span', { class: step.actingFor ? 'acting' : 'by' }, actedBy(people, step.by, step.actingFor))] : null,
            step.organizationId ? ` (${organizations.get(step.organizationId)})` : null,
            step.note ? h('p', {}, step.note) : null,
            h('small', {}, formatDate(step.at)),
          ),
        ),
      ),
    );
  }
  return section;
}

/** Steps of a version's history that are the glossary's terms (the rest are the console's own words). */
const STEP_TERMS = { clear: 'reviewOutcome.cleared', return: 'reviewOutcome.returned', withdraw: 'versionStatus.withdrawn', supersede: 'versionStatus.superseded' };

/** The one step the signed-in user may take on this version now, if any (the API decides again). */
function memorandumActions(memorandum, version, section, signing, acting) {
  const me = state.me;
  const mine = myParty(memorandum, version, acting);
  const reviewer = me.roles.includes('prosecutor') && me.organizationId === memorandum.reviewerOrganizationId;
  const reviewingFor = reviewer ? null : acting.find((a) => a.roles.includes('prosecutor') && a.organizationId === memorandum.reviewerOrganizationId);
  // Said above the step when the user takes it as the deputy of the one it is due from.
  const actingLine = (principal) => (principal ? h('p', { class: 'meta acting', id: 'acting-for' }, t('acting.for', { principal: principal.principalName })) : null);
  const step = (path, body) => async () => {
    await api('POST', `/memoranda/${memorandum.id}/versions/${version.number}/${path}`, { body, revision: memorandum.revision });
    await memorandumView(memorandum.id);
  };
  const form = (fields, buttons, principal = null) => {
    const element = h('form', { class: 'card step' }, h('h3', {}, t('memoranda.yourAction')), actingLine(principal), fields, h('p', { class: 'actions' }, buttons));
    element.addEventListener('submit', (event) => event.preventDefault());
    return element;
  };
  const run = (element, work) => (event) => {
    event.preventDefault();
    if (!element.reportValidity()) return;
    void guarded(section, () => work(new FormData(element)));
  };
  if (version.status === 'draft' && me.organizationId === version.drafterOrganizationId) {
    return clauseEditor(memorandum, version, section);
  }
  if (memorandum.status === 'active' && !memorandum.openVersion && memorandum.parties.some((p) => p.organizationId === me.organizationId)) {
    const element = form([h('label', {}, t('memoranda.amendReason'), h('input', { name: 'reason', required: true, maxlength: 4000 }))], []);
    const amend = async (data) => {
      await api('POST', `/memoranda/${memorandum.id}/amendments`, { body: { reason: String(data.get('reason')) }, revision: memorandum.revision });
      await memorandumView(memorandum.id);
    };
    element.querySelector('.actions').append(h('button', { type: 'button', id: 'open-amendment', onclick: run(element, amend) }, t('memoranda.amend')));
    return element;
  }
  if (version.status === 'in_review' && (reviewer || reviewingFor)) {
    const element = form(
      [
        h('label', {}, t('memoranda.comment'), h('input', { name: 'comment', maxlength: 4000 })),
        h('label', {}, t('memoranda.remarkClause'), h('input', { name: 'clause', type: 'number', min: 1, max: version.clauses.length })),
        h('label', {}, t('memoranda.remarkText'), h('textarea', { name: 'remark', rows: 2, maxlength: 4000 })),
      ],
      [],
      reviewingFor,
    );
    const comment = (data) => String(data.get('comment') ?? '').trim() || undefined;
    element.querySelector('.actions').append(
      h('button', { type: 'button', id: 'clear-version', onclick: run(element, (data) => step('clear', { comment: comment(data) })()) }, t('memoranda.clear')),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          id: 'return-version',
          onclick: run(element, (data) => step('return', { remarks: [{ clause: Number(data.get('clause')), text: String(data.get('remark') ?? '') }] })()),
        },
        t('memoranda.return'),
      ),
    );
    return element;
  }
  if (mine && (version.status === 'approval' || version.status === 'signing')) {
    const approval = version.status === 'approval';
    const element = form(
      [
        approval ? h('label', {}, t('memoranda.comment'), h('input', { name: 'comment', maxlength: 4000 })) : null,
        h('label', {}, t('memoranda.reason'), h('input', { name: 'reason', maxlength: 4000 })),
      ],
      [],
      mine.actingFor,
    );
    const text = (data, name) => String(data.get(name) ?? '').trim() || undefined;
    element.querySelector('.actions').append(
      approval
        ? h('button', { type: 'button', id: 'approve-version', onclick: run(element, (data) => step('approve', { comment: text(data, 'comment') })()) }, t('memoranda.approve'))
        : signButton(memorandum, version, element, run, step, signing),
      h(
        'button',
        { type: 'button', class: 'secondary', id: approval ? 'reject-version' : 'decline-version', onclick: run(element, (data) => step(approval ? 'reject' : 'decline', { reason: text(data, 'reason') ?? '' })()) },
        t(approval ? 'memoranda.reject' : 'memoranda.decline'),
      ),
    );
    return element;
  }
  return h('p', { class: 'muted', id: 'no-action' }, t('memoranda.noAction'));
}

/**
 * With an ЭЦП verifier the signature is a CMS made in NCALayer over the frozen bytes; without one,
 * the button says plainly that it is a click signature, no ЭЦП.
 */
function signButton(memorandum, version, element, run, step, signing) {
  if (signing?.signatureKind !== 'cms') {
    return h('button', { type: 'button', id: 'sign-version', onclick: run(element, step('sign', { signature: { textHash: version.textHash } })) }, t('memoranda.signClick'));
  }
  const waiting = h('p', { class: 'muted', id: 'ncalayer-waiting', hidden: true }, t('memoranda.ncalayerWaiting'));
  const sign = async () => {
    element.parentElement?.querySelector('.alert')?.remove();
    waiting.hidden = false;
    let cms;
    try {
      cms = await signCms(signing.payloadB64, language());
    } catch (error) {
      if (!(error instanceof NcaLayerError)) throw error;
      const key = { missing: 'memoranda.ncalayerMissing', cancelled: 'memoranda.ncalayerCancelled', refused: 'memoranda.ncalayerRefused' }[error.kind];
      throw new Error(t(key, { detail: error.detail }));
    } finally {
      waiting.hidden = true;
    }
    await step('sign', { signature: { textHash: signing.textHash, cms } })();
  };
  const button = h('button', { type: 'button', id: 'sign-eds', onclick: run(element, sign) }, t('memoranda.signEds'));
  element.append(waiting);
  return button;
}

/** A clause to edit, with its remove button. */
function clauseItem(text) {
  const item = h('li', {}, h('textarea', { name: 'clause', rows: 3, required: true, maxlength: 20000 }));
  item.querySelector('textarea').value = text;
  item.append(h('button', { type: 'button', class: 'link remove-clause', onclick: () => item.remove() }, t('memoranda.removeClause')));
  return item;
}

function clauseEditor(memorandum, version, section) {
  const list = h('ol', { class: 'clause-editor' }, version.clauses.map((c) => clauseItem(c.text)));
  const editor = h(
    'form',
    { class: 'card step', id: 'clause-editor' },
    h('h3', {}, t('memoranda.yourAction')),
    list,
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-clause', onclick: () => list.append(clauseItem('')) }, t('memoranda.addClause'))),
  );
  const path = `/memoranda/${memorandum.id}/versions/${version.number}`;
  const saveText = () => {
    const clauses = [...list.querySelectorAll('textarea')].map((area) => ({ text: area.value }));
    return api('PUT', `${path}/clauses`, { body: { clauses }, revision: memorandum.revision });
  };
  const save = async () => {
    await saveText();
    await memorandumView(memorandum.id);
  };
  // What is on the screen is what goes to the prosecutor's office: saved first, then submitted.
  const submit = async () => {
    const saved = await saveText();
    await api('POST', `${path}/submit`, { revision: saved.revision });
    await memorandumView(memorandum.id);
  };
  const run = (work) => (event) => {
    event.preventDefault();
    if (editor.reportValidity()) void guarded(section, work);
  };
  editor.addEventListener('submit', (event) => event.preventDefault());
  editor
    .querySelector('.actions')
    .append(h('button', { type: 'button', id: 'save-clauses', onclick: run(save) }, t('memoranda.saveText')), h('button', { type: 'button', id: 'submit-version', onclick: run(submit) }, t('memoranda.submit')));
  return editor;
}

/** Anyone drafts a memorandum for their organization: parties with their signatories, the reviewer, the clauses. */
export async function newMemorandumView() {
  const [users, organizations] = await loadDirectory();
  const organizationOptions = (filter) => organizations.filter(filter).map((o) => h('option', { value: o.id }, o.name));
  const signatories = (organizationId) => users.filter((u) => u.organizationId === organizationId && u.roles.includes('signatory'));
  const parties = h('ol', { id: 'parties-editor' });
  const party = () => {
    const signatory = h('select', { name: 'signatoryId', required: true });
    const organization = h('select', { name: 'partyOrganizationId', required: true }, h('option', { value: '' }, '—'), organizationOptions(() => true));
    organization.addEventListener('change', () =>
      signatory.replaceChildren(...signatories(organization.value).map((u) => h('option', { value: u.id }, u.position ? `${u.fullName} — ${u.position}` : u.fullName))),
    );
    const item = h(
      'li',
      { class: 'period' },
      h('label', {}, t('control.organization'), organization),
      h('label', {}, t('userRole.signatory'), signatory),
      h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, t('memoranda.removeClause')),
    );
    return item;
  };
  parties.append(party());
  const clauses = h('ol', { class: 'clause-editor' }, clauseItem(''));
  const form = h(
    'form',
    { class: 'card', id: 'memorandum-form' },
    h('label', {}, t('groups.name'), h('input', { name: 'title', required: true, maxlength: 500 })),
    h('label', {}, t('memoranda.purpose'), h('textarea', { name: 'purpose', rows: 2, maxlength: 4000 })),
    h('label', {}, t('memoranda.reviewer'), h('select', { name: 'reviewerOrganizationId', required: true }, organizationOptions((o) => o.kind === 'prosecutor'))),
    h('h3', {}, t('memoranda.parties')),
    parties,
    h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'add-party', onclick: () => parties.append(party()) }, t('memoranda.addParty'))),
    h('h3', {}, t('memoranda.text')),
    clauses,
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-clause', onclick: () => clauses.append(clauseItem('')) }, t('memoranda.addClause')), h('button', { type: 'submit' }, t('memoranda.create'))),
  );
  onSubmit(form, async (data) => {
    const signatoryIds = data.getAll('signatoryId').map(String);
    const body = {
      title: String(data.get('title')),
      ...(String(data.get('purpose') ?? '').trim() ? { purpose: String(data.get('purpose')) } : {}),
      reviewerOrganizationId: String(data.get('reviewerOrganizationId')),
      parties: data.getAll('partyOrganizationId').map((organizationId, i) => ({ organizationId: String(organizationId), signatoryId: signatoryIds[i] })),
      clauses: data.getAll('clause').map((text) => ({ text: String(text) })),
    };
    const memorandum = await api('POST', '/memoranda', { body });
    location.hash = `#/memoranda/${memorandum.id}`;
  });
  show(h('h1', {}, t('memoranda.new')), form);
}
