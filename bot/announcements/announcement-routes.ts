import { z } from 'zod';
import type { Employee } from '../../data/repositories/employees.js';
import { defineCardAction } from '../chat/card-action-route.js';
import { cardId } from '../chat/card-id.js';
import type { ChatContext, ChatRoute } from '../chat/chat-route.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { asNewCard, asReplacement, presserView, replaceCard, text, type Reply } from '../chat/reply.js';
import { formatDateTime } from '../i18n/format-date.js';
import { messages } from '../i18n/messages.js';
import { cancelAnnouncement, discardDraft, markAnnouncementRead, saveAnnouncement, sendDraft, withdrawAnnouncement } from './announcement-changes.js';
import { previewCard, readerView, reportCard } from './announcement-cards.js';
import { formCard, formSchema, formValuesOf, inputFromForm } from './announcement-form.js';
import { canAnnounce, mayChangeAnnouncement, ownsDraft, type AnnouncementChange } from './announcement-permissions.js';
import { announcementInputSchema } from './announcement-schema.js';
import type { AnnouncementActor } from './audit-announcement.js';
import { checkAnnouncement, contentProblems } from './check-announcement.js';
import { audienceOf } from './describe-announcement.js';
import { recurrenceOf } from './schedule.js';

const COMMAND = /^(meddelelse|announce|announcement)$/i;

function actorOf(asker: Employee, request: ChatRequest): AnnouncementActor {
  return { id: asker.id, employeeId: asker.id, aadObjectId: request.user.aadObjectId, administration: asker.administration };
}

/** The specialist unit (and admins) only; anyone else is told so. */
async function withAnnouncer(request: ChatRequest, context: ChatContext, act: (asker: Employee) => Promise<Reply[]>): Promise<Reply[]> {
  const asker = await context.asker();
  if (!canAnnounce(asker)) return [text(messages(request.locale).announcements.onlySpecialists)];
  return act(asker);
}

/** The announcement if this employee may make this change to it; else null, with no hint whether it exists. */
async function changeable(context: ChatContext, asker: Employee, id: number, change: AnnouncementChange) {
  const announcement = await context.store.announcements.find(id);
  return announcement && mayChangeAnnouncement({ kind: 'employee', employee: asker }, announcement, change) ? announcement : null;
}

/** `meddelelse` / `announce` in 1:1 chat: the form. */
export const announcementCommandRoute: ChatRoute = {
  name: 'announcement',
  matches: (request) => COMMAND.test(request.text),
  handle: (request, context) => {
    if (request.scope !== 'personal') return [text(messages(request.locale).announcements.onlyPersonal)];
    return withAnnouncer(request, context, async () => [asNewCard(await formCard(context.store, request.locale, request.now))]);
  },
};

const contentSchema = announcementInputSchema.pick({ title: true, text: true, url: true });

/** "Vis eksempel": a draft is saved and previewed; problems send the form back, filled in, with what to fix on top. */
const preview = defineCardAction({
  verb: 'announcement.preview',
  schema: formSchema,
  handle: ({ correctsId, ...values }, request, context) =>
    withAnnouncer(request, context, async (asker) => {
      const { store } = context;
      const m = messages(request.locale).announcements;
      const origin = { source: 'chat' as const, actor: actorOf(asker, request), senderConversationId: request.conversationId };
      if (correctsId !== undefined) {
        const target = await changeable(context, asker, correctsId, 'correct');
        if (!target) return [text(m.cannotChange)];
        if (target.state !== 'active') return [text(m.targetEnded)];
        const content = contentSchema.safeParse({ title: values.title, text: values.text, url: values.url.trim() === '' ? null : values.url.trim() });
        const problems = content.success ? contentProblems(content.data, request.locale) : [...new Set(content.error.issues.map((issue) => m.formProblems[String(issue.path[0])]!))];
        if (!content.success || problems.length > 0) return [await formCard(store, request.locale, request.now, { values, problems, correcting: target })];
        const input = { ...content.data, audience: audienceOf(target), delivery: target.delivery, send_at: target.sendAt, recurrence: recurrenceOf(target) };
        const draftId = await saveAnnouncement(store, input, { ...origin, state: 'draft', correctsId: target.id }, request.now);
        return [await previewCard(store, (await store.announcements.find(draftId))!, request.locale, request.now)];
      }
      const parsed = inputFromForm(values, request.locale);
      const problems = parsed.ok ? await checkAnnouncement(store, parsed.input, request.now, request.locale) : parsed.problems;
      if (!parsed.ok || problems.length > 0) return [await formCard(store, request.locale, request.now, { values, problems })];
      const draftId = await saveAnnouncement(store, parsed.input, { ...origin, state: 'draft' }, request.now);
      return [await previewCard(store, (await store.announcements.find(draftId))!, request.locale, request.now)];
    }),
});

const draftRef = z.object({ draftId: cardId });
const announcementRef = z.object({ announcementId: cardId });

const send = defineCardAction({
  verb: 'announcement.send',
  schema: draftRef,
  handle: ({ draftId }, request, context) =>
    withAnnouncer(request, context, async (asker) => {
      const { store } = context;
      const m = messages(request.locale).announcements;
      const draft = await store.announcements.find(draftId);
      if (!draft || !ownsDraft(asker, draft)) return [text(m.notADraft)];
      if (draft.correctsId !== null && !(await changeable(context, asker, draft.correctsId, 'correct'))) return [text(m.cannotChange)];
      const result = await sendDraft(store, draftId, actorOf(asker, request), request.now);
      if (result.outcome === 'not-a-draft') return [text(m.notADraft)];
      if (result.outcome === 'target-ended') return [text(m.targetEnded)];
      const announcement = (await store.announcements.find(result.announcementId))!;
      if (result.outcome === 'corrected') return [await previewCard(store, { ...announcement, correctsId: announcement.id }, request.locale, request.now, m.correctionSaved(result.updates))];
      const next = await store.announcements.nextSendOf(announcement.id);
      const done = next && new Date(next).getTime() > request.now.getTime() ? m.scheduled(formatDateTime(next, request.locale)) : m.sending;
      return [await previewCard(store, announcement, request.locale, request.now, done)];
    }),
});

/** "Ret" on a preview: the draft is dropped and the form comes back, filled in. */
const edit = defineCardAction({
  verb: 'announcement.edit',
  schema: draftRef,
  handle: ({ draftId }, request, context) =>
    withAnnouncer(request, context, async (asker) => {
      const { store } = context;
      const draft = await store.announcements.find(draftId);
      if (!draft || !ownsDraft(asker, draft) || !(await discardDraft(store, draftId))) return [text(messages(request.locale).announcements.notADraft)];
      const correcting = draft.correctsId === null ? undefined : ((await store.announcements.find(draft.correctsId)) ?? undefined);
      return [await formCard(store, request.locale, request.now, { values: formValuesOf(draft), ...(correcting ? { correcting } : {}) })];
    }),
});

const discard = defineCardAction({
  verb: 'announcement.discard',
  schema: draftRef,
  handle: ({ draftId }, request, context) =>
    withAnnouncer(request, context, async (asker) => {
      const m = messages(request.locale).announcements;
      const draft = await context.store.announcements.find(draftId);
      if (!draft || !ownsDraft(asker, draft) || !(await discardDraft(context.store, draftId))) return [text(m.notADraft)];
      return [replaceCard('item-list', { lang: request.locale, title: m.formHeading, items: [{ text: m.discarded }], hint: '' })];
    }),
});

const closeForm = defineCardAction({
  verb: 'announcement.close-form',
  schema: z.unknown(),
  handle: (_data, request) => {
    const m = messages(request.locale).announcements;
    return [replaceCard('item-list', { lang: request.locale, title: m.formHeading, items: [{ text: m.formClosed }], hint: '' })];
  },
});

/** Cancel or withdraw from the report card: the report is redrawn with the new state, and a line says what happened. */
function endFromReport(verb: string, change: 'cancel' | 'withdraw', end: typeof cancelAnnouncement, said: (count: number, request: ChatRequest) => string) {
  return defineCardAction({
    verb,
    schema: announcementRef,
    handle: ({ announcementId }, request, context) =>
      withAnnouncer(request, context, async (asker) => {
        const m = messages(request.locale).announcements;
        if (!(await changeable(context, asker, announcementId, change))) return [text(m.cannotChange)];
        const count = await end(context.store, announcementId, actorOf(asker, request), request.now);
        if (count === null) return [text(m.report.notActive)];
        const report = (await reportCard(context.store, announcementId, request.locale, request.now))!;
        return [asReplacement(report), text(said(count, request))];
      }),
  });
}

const cancel = endFromReport('announcement.cancel', 'cancel', cancelAnnouncement, (count, request) => messages(request.locale).announcements.report.cancelled(count));
const withdraw = endFromReport('announcement.withdraw', 'withdraw', withdrawAnnouncement, (count, request) => messages(request.locale).announcements.report.withdrawn(count));

/** "Ret" on the report: a new form for the content (the report card stays where it is). */
const correct = defineCardAction({
  verb: 'announcement.correct',
  schema: announcementRef,
  handle: ({ announcementId }, request, context) =>
    withAnnouncer(request, context, async (asker) => {
      const m = messages(request.locale).announcements;
      const target = await changeable(context, asker, announcementId, 'correct');
      if (!target) return [text(m.cannotChange)];
      if (target.state !== 'active') return [text(m.targetEnded)];
      const form = await formCard(context.store, request.locale, request.now, { correcting: target });
      return [text(m.correctHeading(target.title)), asNewCard(form)];
    }),
});

/**
 * "Læst" on a recipient's card: counted once per employee, pressed in a conversation the card was delivered to
 * (others are told so, and not counted). The presser's own view of the card then says when they marked it read;
 * the shared card does not change for anyone else.
 */
const read = defineCardAction({
  verb: 'announcement.read',
  schema: announcementRef,
  handle: async ({ announcementId }, request, context) => {
    const m = messages(request.locale).announcements;
    const reader = request.user.aadObjectId;
    if (!reader || !await context.asker()) return [text(m.notEmployee)];
    const outcome = await markAnnouncementRead(context.store, announcementId, reader, request.conversationId, request.now);
    if (outcome === 'not-here') context.log.warn({ announcementId }, 'announcement read from a conversation it was not delivered to: not counted');
    if (outcome === 'gone') return [text(m.readGone)];
    if (outcome === 'not-here') return [text(m.readNotHere)];
    const { store } = context;
    const view = readerView((await store.announcements.find(announcementId))!, (await store.announcements.readAt(announcementId, reader))!);
    return [view.kind === 'card' ? presserView(view.card, view.data, outcome === 'counted' ? m.readThanks : m.readAlready) : view];
  },
});

export const ANNOUNCEMENT_CARD_ACTIONS = [preview, send, edit, discard, closeForm, cancel, withdraw, correct, read];

