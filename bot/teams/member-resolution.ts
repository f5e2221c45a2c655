import { TeamsInfo, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Employee } from '../../data/repositories/employees.js';
import type { Store } from '../../data/store/store.js';
import { copenhagenDate } from '../../domain/dates/iso-date.js';
import type { Logger } from '../log/logger.js';

export const IDENTITY_PURPOSE = 'identity';

/** The part of the connector's member answer the bot reads; anything else (or a malformed answer) counts as unknown. */
const memberAnswer = z.object({
  aadObjectId: z.string().max(100).nullish(),
  userPrincipalName: z.string().max(320).nullish(),
});

export type MemberLookup = (context: TurnContext, userId: string) => Promise<unknown>;

export type MemberResolverOptions = {
  /** How long a turn waits for the connector before treating the user as unknown. */
  deadlineMs?: number;
  /** How long a user who matched nobody is not asked about again. */
  unknownForMs?: number;
  /** How long after a connector error (or missed deadline) the user is not asked about again. */
  failedForMs?: number;
  /** Bound on remembered unknown users (the oldest are forgotten first). */
  maxRemembered?: number;
  getMember?: MemberLookup;
};

type Outcome = 'linked' | 'no-match' | 'failed';

/**
 * Employees in employees.csv may have only a UPN. When a Teams user whose object id is unknown writes or presses a
 * button, ask the Bot Connector who they are ("get conversation member") and link their object id to the one employee
 * with that UPN (audited). Bounded: a deadline per call, and users who matched nobody or whose lookup failed are
 * remembered for a while so they do not cost a connector call on every message.
 */
export class MemberResolver {
  private readonly unknownUntil = new Map<string, number>();
  private readonly deadlineMs: number;
  private readonly unknownForMs: number;
  private readonly failedForMs: number;
  private readonly maxRemembered: number;
  private readonly getMember: MemberLookup;

  constructor(
    private readonly store: Store,
    options: MemberResolverOptions = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? 2000;
    this.unknownForMs = options.unknownForMs ?? 10 * 60_000;
    this.failedForMs = options.failedForMs ?? 60_000;
    this.maxRemembered = options.maxRemembered ?? 10_000;
    this.getMember = options.getMember ?? ((context, userId) => TeamsInfo.getMember(context, userId));
  }

  /**
   * Links the activity's sender if they are unknown by object id but known by UPN; otherwise leaves them as they are.
   * Resolves to the employee the sender is on `now`'s date, or null, when that is known without a link being made
   * (the turn then need not read it again); undefined otherwise.
   */
  async resolve(context: TurnContext, now: Date, log: Logger): Promise<Employee | null | undefined> {
    const from = context.activity.from;
    const aad = from?.aadObjectId?.toLowerCase();
    if (!aad || !from?.id) return undefined;
    const asOf = copenhagenDate(now);
    const employee = await this.store.employees.findByAadObjectId(aad, asOf);
    if (employee) return employee;
    const until = this.unknownUntil.get(aad);
    if (until !== undefined && until > performance.now()) return null;
    const outcome = await this.ask(context, from.id, aad, asOf, now, log);
    if (outcome === 'linked') this.unknownUntil.delete(aad);
    else this.remember(aad, outcome === 'failed' ? this.failedForMs : this.unknownForMs);
    return undefined;
  }

  private async ask(context: TurnContext, userId: string, aad: string, asOf: string, now: Date, log: Logger): Promise<Outcome> {
    let answer: unknown;
    try {
      answer = await withDeadline(this.getMember(context, userId), this.deadlineMs);
    } catch (error) {
      log.warn({ err: describeError(error) }, 'could not ask the Bot Connector who an unknown Teams user is: treated as unknown for now');
      return 'failed';
    }
    const member = memberAnswer.safeParse(answer);
    const upn = member.success ? member.data.userPrincipalName?.trim() : undefined;
    if (!member.success || !upn || (member.data.aadObjectId && member.data.aadObjectId.toLowerCase() !== aad)) {
      log.warn('the Bot Connector gave no usable UPN for an unknown Teams user: treated as unknown');
      return 'failed';
    }
    const link = await this.store.transaction(async (tx) => {
      const found = await tx.employees.linkByUpn(aad, upn, asOf, now);
      if (found) {
        await tx.audit.append({
          at: now,
          action: 'employee_linked_by_upn',
          purpose: IDENTITY_PURPOSE,
          result: 'recorded',
          actorEmployeeId: found.employee.id,
          actorAadObjectId: aad,
          actorAdministration: found.employee.administration,
          citizenCpr: null,
          asOf,
          detail: { upn: found.employee.upn, replacedLinks: found.replacedLinkIds },
        });
      }
      return found;
    });
    if (!link) {
      log.info('a Teams user unknown by object id matched no employee by UPN: treated as unknown');
      return 'no-match';
    }
    log.info({ employeeId: link.employee.id }, 'Teams user linked to an employee by UPN');
    return 'linked';
  }

  private remember(aad: string, forMs: number): void {
    this.unknownUntil.delete(aad);
    this.unknownUntil.set(aad, performance.now() + forMs);
    if (this.unknownUntil.size > this.maxRemembered) this.unknownUntil.delete(this.unknownUntil.keys().next().value!);
  }
}

class DeadlineMissed extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineMissed(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Status and code only: a connector error's full text could carry request details. */
function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DeadlineMissed) return { message: error.message };
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  return { statusCode: typeof statusCode === 'number' ? statusCode : null, code: typeof code === 'string' ? code.slice(0, 100) : null };
}
