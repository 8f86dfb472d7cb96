import type { Tx } from '../store/db';
import type { Actor } from './deps';

export interface AuditInput {
  tenantId: string | null;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/** Every use case writes one audit event in its own transaction: who did what to what, when. */
export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      tenantId: e.tenantId,
      actorMemberId: e.actor.kind === 'member' ? e.actor.memberId : null,
      actor: e.actor.label,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      data: (e.data ?? {}) as object,
    },
  });
}
