import { html } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textAreaField, textField, uploadForm } from '../../platform/views/components.ts';
import { formatDateTime, formatNumber } from '../../platform/i18n/format.ts';
import type { ProjectDocument } from './project-documents.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { TenantRef } from './members.ts';
import { projectMessages } from './messages-projects.ts';
import { phases, statuses, type Project, type ProjectSummary } from './projects.ts';
import type { IdeaHistory } from './ideas.ts';
import { checkboxGroup, day, demoBadge, hubShell, listItem, paragraphs, statusLabel, table, viewTools, type Page } from './view-kit.ts';

export function projectListPage(locale: Locale, projects: ProjectSummary[]): Page {
  const { t, f } = viewTools(locale, projectMessages);
  return {
    title: f('projects.title'),
    content: hubShell(locale, 'projects', html`<h1 class="kern-heading-x-large">${f('projects.title')}</h1>
<p class="kern-body kern-body--large">${f('projects.lead')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/kooperation/projekte/neu"><span class="kern-label">${f('projects.new')}</span></a></p>
${projects.length === 0 ? html`<p class="kern-body">${f('projects.empty')}</p>` : table(
  f('projects.title'),
  [f('projects.col.title'), f('projects.col.lead'), f('projects.col.phase'), f('projects.col.status'), f('projects.col.participants')],
  projects.map((project) => [
    html`<a class="kern-link" href="/kooperation/projekte/${project.id}">${project.title}</a>${demoBadge(locale, project.demo)}`,
    project.leadName,
    t(`phase.${project.phase}`),
    statusLabel(locale, project.status),
    project.participants,
  ]),
  { captionHidden: true },
)}
<p class="kern-body kern-body--small">${t('demo.note')}</p>`),
  };
}

export type ProjectFormState = { tenants: TenantRef[]; values: Record<string, string>; participants: string[]; issues?: ValidationIssue[]; projectId?: string };

export function projectValues(project?: Project): { values: Record<string, string>; participants: string[] } {
  return {
    values: {
      title: project?.title ?? '',
      goal: project?.goal ?? '',
      phase: project?.phase ?? 'idee',
      status: project?.status ?? 'im_plan',
      responsible: project?.responsiblePeople.join('\n') ?? '',
      serviceKeys: project?.serviceKeys.join('\n') ?? '',
      documentLinks: project?.documentLinks.join('\n') ?? '',
    },
    participants: project?.participantIds ?? [],
  };
}

export function projectFormPage(locale: Locale, csrf: string, state: ProjectFormState): Page {
  const { t, p, f, errorsFor } = viewTools(locale, projectMessages);
  const errors = errorsFor(state.issues ?? []);
  const v = state.values;
  const prefix = p('field.errorPrefix');
  const title = state.projectId ? f('project.editTitle') : f('project.newTitle');
  const area = (name: 'goal' | 'responsible' | 'serviceKeys' | 'documentLinks', hint?: string) =>
    textAreaField({ name, label: f(`${name}.label`), hint, value: v[name], error: errorOf(errors, name), errorPrefix: prefix, rows: 4 });
  return {
    title,
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'projects', html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${title}</h1>
${postForm(state.projectId ? `/kooperation/projekte/${state.projectId}/bearbeiten` : '/kooperation/projekte/neu', csrf, html`
${textField({ name: 'title', label: f('title.label'), value: v.title, error: errorOf(errors, 'title'), errorPrefix: prefix })}
${area('goal')}
${selectField({ name: 'phase', label: f('phase.label'), value: v.phase, choices: phases.map((phase) => ({ value: phase, label: t(`phase.${phase}`) })), error: errorOf(errors, 'phase'), errorPrefix: prefix })}
${selectField({ name: 'status', label: f('status.label'), value: v.status, choices: statuses.map((status) => ({ value: status, label: t(`status.${status}`) })), error: errorOf(errors, 'status'), errorPrefix: prefix })}
${checkboxGroup({ name: 'participants', legend: f('participants.legend'), choices: state.tenants.map((tenant) => ({ value: tenant.id, label: tenant.name })), checked: state.participants, error: errorOf(errors, 'participants'), errorPrefix: prefix })}
${area('responsible', f('responsible.hint'))}
${area('serviceKeys', f('serviceKeys.hint'))}
${area('documentLinks', f('documentLinks.hint'))}
${button(t('save'))}`)}
<p class="kern-body"><a class="kern-link" href="${state.projectId ? `/kooperation/projekte/${state.projectId}` : '/kooperation/projekte'}">${t('back')}</a></p>`),
  };
}

export function projectPage(
  locale: Locale,
  csrf: string,
  state: {
    project: Project;
    isLead: boolean;
    canReport: boolean;
    idea?: IdeaHistory | undefined;
    articles: { id: string; title: string }[];
    documents: ProjectDocument[];
    today: string;
    saved?: boolean;
    issues?: ValidationIssue[];
    values?: Record<string, string>;
    documentError?: string;
  },
): Page {
  const { t, p, f, errorsFor } = viewTools(locale, projectMessages);
  const errors = [...errorsFor(state.issues ?? []), ...(state.documentError ? [{ field: 'file', message: state.documentError }] : [])];
  const prefix = p('field.errorPrefix');
  const project = state.project;
  const v = state.values ?? {};
  return {
    title: project.title,
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'projects', html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('saved')) : ''}
<p class="kern-preline">${f('projects.title')}</p>
<h1 class="kern-heading-x-large">${project.title}${demoBadge(locale, project.demo)}</h1>
<dl class="kern-description-list">
${listItem(f('project.leadTenant'), project.leadName)}
${listItem(f('phase.label'), t(`phase.${project.phase}`))}
${listItem(f('status.label'), statusLabel(locale, project.status))}
${listItem(f('project.participants'), project.participants.map((tenant) => tenant.name).join(', ') || t('none'))}
${listItem(f('project.responsible'), project.responsiblePeople.join(', ') || t('none'))}
${listItem(f('project.services'), project.services.length === 0 ? t('none') : html`<ul class="kern-list">${project.services.map((service) => html`<li><a class="kern-link" href="/leistungen/${service.slug}">${service.name}</a> (${service.key})</li>`)}</ul>`)}
</dl>
${state.isLead ? html`<p class="kern-body"><a class="kern-link" href="/kooperation/projekte/${project.id}/bearbeiten">${f('project.edit')}</a></p>` : html`<p class="kern-body kern-body--small">${f('project.onlyLead')}</p>`}
<h2 class="kern-heading-medium">${f('project.goal')}</h2>
${paragraphs(project.goal)}
<h2 class="kern-heading-medium">${f('project.milestones')}</h2>
${project.milestones.length === 0 ? html`<p class="kern-body">${f('project.noMilestones')}</p>` : html`<ul class="kern-list">${project.milestones.map((milestone) => html`<li>${milestone.title}: ${milestone.doneOn ? f('project.milestoneDone', { date: day(milestone.doneOn, locale) }) : f('project.milestoneOpen', { date: day(milestone.dueOn, locale) })}
${state.isLead && !milestone.doneOn ? postForm(`/kooperation/projekte/${project.id}/meilensteine/${milestone.id}/erledigt`, csrf, html`<button type="submit" class="kern-btn kern-btn--tertiary"><span class="kern-label">${f('project.markDone')}<span class="kern-sr-only">: ${milestone.title}</span></span></button>`) : ''}</li>`)}</ul>`}
${state.isLead ? postForm(`/kooperation/projekte/${project.id}/meilensteine`, csrf, html`<h3 class="kern-heading-small">${f('project.addMilestone')}</h3>
${textField({ name: 'milestoneTitle', label: f('milestoneTitle.label'), value: v.milestoneTitle, error: errorOf(errors, 'milestoneTitle'), errorPrefix: prefix })}
${textField({ name: 'dueOn', label: f('dueOn.label'), hint: f('dueOn.hint'), value: v.dueOn, error: errorOf(errors, 'dueOn'), errorPrefix: prefix, width: 4 })}
${button(f('project.addMilestone'), 'secondary')}`) : ''}
<h2 class="kern-heading-medium">${f('project.timeline')}</h2>
${project.updates.length === 0 ? html`<p class="kern-body">${f('project.noUpdates')}</p>` : html`<ol class="kern-list timeline">${project.updates.map((update) => html`<li><strong>${day(update.reportedOn, locale)}</strong> · ${update.tenantName} (${update.authorName}) ${statusLabel(locale, update.status)}<br>${update.body}</li>`)}</ol>`}
${state.canReport ? postForm(`/kooperation/projekte/${project.id}/sachstand`, csrf, html`<h3 class="kern-heading-small">${f('project.addUpdate')}</h3>
${textField({ name: 'reportedOn', label: f('reportedOn.label'), hint: f('reportedOn.hint'), value: v.reportedOn ?? day(state.today, 'de'), error: errorOf(errors, 'reportedOn'), errorPrefix: prefix, width: 4 })}
${selectField({ name: 'updateStatus', label: f('updateStatus.label'), value: v.updateStatus ?? project.status, choices: statuses.map((status) => ({ value: status, label: t(`status.${status}`) })), error: errorOf(errors, 'updateStatus'), errorPrefix: prefix })}
${textAreaField({ name: 'updateBody', label: f('updateBody.label'), value: v.updateBody, error: errorOf(errors, 'updateBody'), errorPrefix: prefix, rows: 3 })}
${button(f('project.addUpdate'), 'secondary')}`) : html`<p class="kern-body kern-body--small">${f('update.notParticipant')}</p>`}
<h2 class="kern-heading-medium" id="dokumente">${f('project.files')}</h2>
<p class="kern-body kern-body--small">${state.documents[0]?.fileNumber ? f('project.filesNote', { fileNumber: state.documents[state.documents.length - 1]!.fileNumber }) : f('project.filesNoteNew')}</p>
${state.documents.length === 0 ? html`<p class="kern-body">${f('project.noFiles')}</p>` : html`<ul class="kern-list">${state.documents.map((document) => html`<li><a class="kern-link" href="/kooperation/projekte/${project.id}/dokumente/${document.id}">${document.title}</a> (${f('project.fileMeta', { name: document.fileName, size: fileSize(document.size, locale), date: formatDateTime(document.createdAt, locale) })})</li>`)}</ul>`}
${state.isLead ? uploadForm(`/kooperation/projekte/${project.id}/dokumente`, csrf, html`<h3 class="kern-heading-small">${f('project.addFile')}</h3>
${textField({ name: 'documentTitle', label: f('project.fileTitle'), value: v.documentTitle, errorPrefix: prefix })}
<div class="kern-form-input${state.documentError ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="f-file">${f('project.fileLabel')}</label>
  <div class="kern-hint" id="f-file-hint">${f('project.fileHint')}</div>
  ${state.documentError ? html`<p class="kern-error" id="f-file-error"><span class="kern-sr-only">${prefix} </span>${state.documentError}</p>` : ''}
  <input class="kern-form-input__input" id="f-file" name="file" type="file" aria-describedby="f-file-hint${state.documentError ? ' f-file-error' : ''}"${state.documentError ? html` aria-invalid="true"` : ''}>
</div>
${button(f('project.addFile'), 'secondary')}`) : ''}
<h2 class="kern-heading-medium">${f('project.documents')}</h2>
<p class="kern-body kern-body--small">${f('project.documentsNote')}</p>
${project.documentLinks.length === 0 ? html`<p class="kern-body">${t('none')}</p>` : html`<ul class="kern-list">${project.documentLinks.map((link) => html`<li><a class="kern-link" href="${link}">${link}</a></li>`)}</ul>`}
${state.articles.length > 0 ? html`<h2 class="kern-heading-medium">${f('project.articles')}</h2><ul class="kern-list">${state.articles.map((article) => html`<li><a class="kern-link" href="/kooperation/wissen/${article.id}">${article.title}</a></li>`)}</ul>` : ''}
${state.idea ? html`<h2 class="kern-heading-medium">${f('project.ideaHistory')}</h2>
<p class="kern-body">${f('project.fromIdea', { title: state.idea.title })} · <a class="kern-link" href="/kooperation/ideen/${state.idea.id}">${state.idea.title}</a></p>
<p class="kern-body">${state.idea.votes.length === 0 ? f('idea.noVotes') : f('idea.votedBy', { tenants: state.idea.votes.join(', ') })}</p>
<ul class="kern-list">${state.idea.comments.map((comment) => html`<li>${formatDateTime(comment.createdAt, locale)} · ${comment.authorName} (${comment.tenantName}): ${comment.body}</li>`)}</ul>` : ''}`),
  };
}

function fileSize(bytes: number, locale: Locale): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, locale, 1)} MB`;
}
