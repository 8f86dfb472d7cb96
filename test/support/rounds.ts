import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../../src/app/deps';
import { CLI_ACTOR } from '../../src/app/deps';
import { createRound } from '../../src/app/create-round';
import { importDraft } from '../../src/app/import-draft';
import type { Tx } from '../../src/store/db';

/** The codes of the organisations the tenant's newest round invited, sorted, and its number. */
export async function newestRoundInvitations(db: Tx, tenantId: string) {
  const round = await db.round.findFirstOrThrow({
    where: { tenantId },
    orderBy: { number: 'desc' },
    include: { invitations: { include: { organisation: true } } },
  });
  return { number: round.number, codes: round.invitations.map((i) => i.organisation.code).sort() };
}

/** The codes of the tenant's organisations of one kind, sorted; fails when there are none. */
export async function codesOfKind(db: Tx, tenantId: string, kind: 'federation' | 'commune') {
  const orgs = await db.organisation.findMany({ where: { tenantId, kind } });
  if (orgs.length === 0) throw new Error(`no organisation of kind ${kind} in the tenant`);
  return orgs.map((o) => o.code).sort();
}

/** Version 2 of the demo's draft (test/fixtures/schema-94-v2.md), in a round not yet launched. */
export async function roundOnVersion2(
  deps: AppDeps,
  o: { tenantId: string; codes: string[]; deadline: Date },
) {
  const v2 = await importDraft(deps, {
    tenantId: o.tenantId,
    markdown: readFileSync(path.join(__dirname, '..', 'fixtures', 'schema-94-v2.md'), 'utf8'),
    actor: CLI_ACTOR,
  });
  return createRound(deps, {
    tenantId: o.tenantId,
    draftVersionId: v2.draftVersion.id,
    organisations: { codes: o.codes },
    deadline: o.deadline,
    actor: CLI_ACTOR,
  });
}
