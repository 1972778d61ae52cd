import type { Database } from '../../platform/db/database.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { findServiceByKey } from '../catalog/index.ts';
import { assertEditor, type EditorScope } from './access.ts';
import { changedFields } from './changes.ts';
import { findOffer, insertOffer, updateOffer } from './offer-store.ts';
import type { Offer, OfferInput } from './types.ts';

function editable(offer: Offer): OfferInput {
  return {
    serviceKey: offer.serviceKey,
    officeId: offer.officeId,
    feeCents: offer.feeCents,
    feeText: offer.feeText,
    processingTimeText: offer.processingTimeText,
    processingDays: offer.processingDays,
    requiredDocuments: offer.requiredDocuments,
    onlineAvailable: offer.onlineAvailable,
    onlineUrl: offer.onlineUrl,
    maturityLevel: offer.maturityLevel,
    maturityModel: offer.maturityModel,
    published: offer.published,
    demo: offer.demo,
  };
}

/**
 * Creates the acting tenant's offer for a catalog service, audited in the same transaction.
 * Returns issues (unknown service, offer exists) for the form instead of throwing.
 */
export async function createOffer(db: Database, scope: EditorScope, input: OfferInput): Promise<ValidationIssue[]> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const service = await findServiceByKey(tx, input.serviceKey);
    if (!service) return [{ field: 'serviceKey', code: 'unknown' }];
    if (!(await insertOffer(tx, scope.tenantId, input))) return [{ field: 'serviceKey', code: 'taken' }];
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'offer.created',
      subjectType: 'offer',
      subjectId: input.serviceKey,
      data: { service: service.name, offer: input },
    });
    return [];
  });
}

/**
 * Changes the acting tenant's offer; the audit entry records which fields changed from what to
 * what. 'not_found' when the tenant has no offer for the service (another tenant's offer counts
 * as not found: the lookup filters on the acting tenant and RLS would refuse the write anyway).
 */
export async function changeOffer(db: Database, scope: EditorScope, input: OfferInput): Promise<'saved' | 'unchanged' | 'not_found'> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const before = await findOffer(tx, scope.tenantId, input.serviceKey);
    if (!before) return 'not_found';
    const changes = changedFields(editable(before), input);
    if (Object.keys(changes).length === 0) return 'unchanged';
    if (!(await updateOffer(tx, scope.tenantId, input))) return 'not_found';
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'offer.updated',
      subjectType: 'offer',
      subjectId: input.serviceKey,
      data: { changes },
    });
    return 'saved';
  });
}
