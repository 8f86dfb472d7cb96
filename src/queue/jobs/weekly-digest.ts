import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { SCHEDULER_ACTOR } from '../../app/deps';
import { sendWeeklyDigest } from '../../app/weekly-digest';
import type { JobContext } from '../context';

/** `maintenance.weekly-digest` (job scheduler): the pilots' digest, Monday 9:00 Europe/Paris. */
export const WEEKLY_DIGEST_JOB = 'maintenance.weekly-digest';
export const WEEKLY_DIGEST_SCHEDULER_ID = 'maintenance.weekly-digest';
/** Default: Monday 9:00. */
export const WEEKLY_DIGEST_PATTERN = '0 9 * * 1';
export const WEEKLY_DIGEST_TZ = 'Europe/Paris';

export const ZWeeklyDigestJob = z.object({ tenantId: z.uuid().optional() }).loose();

export async function handleWeeklyDigest(ctx: JobContext, job: Job) {
  const parsed = ZWeeklyDigestJob.safeParse(job.data ?? {});
  if (!parsed.success)
    throw new UnrecoverableError(
      `Données de job invalides (${WEEKLY_DIGEST_JOB}) : ${z.prettifyError(parsed.error)}`,
    );
  const r = await sendWeeklyDigest(ctx.deps, {
    ...(parsed.data.tenantId ? { tenantId: parsed.data.tenantId } : {}),
    actor: SCHEDULER_ACTOR,
  });
  return { tenants: r.tenants, deliveries: r.deliveryIds.length };
}
