import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { z } from 'zod';
import type {
  allocationBodySchema,
  correctionBodySchema,
  countBodySchema,
  DonationImport,
  Donor,
  donorBodySchema,
  Item,
  itemBodySchema,
  ledgerQuerySchema,
  Movement,
  MovementKind,
  Need,
  needBodySchema,
  Pledge,
  PublicNeed,
  PublicTotals,
  pledgeBodySchema,
  StockRow,
  Store,
  storeBodySchema,
  transferBodySchema,
  Waybill,
  writeOffBodySchema,
} from '../../../contracts/supplies.ts';
import { type Actor, assertPathAccess, canAccessPath, scopePaths } from '../../core/access/index.ts';
import type { AppContext } from '../../core/context.ts';
import { afterCommit, type Db, inTransaction } from '../../core/db/index.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { readDonationList } from './supplies.import.ts';
import type { CertificateData } from './supplies.print.ts';
import type {
  ImportRow,
  MovementRow,
  NeedRow,
  NewMovement,
  PledgeRow,
  StoreRow,
  SuppliesRepository,
  WaybillRow,
} from './supplies.repository.ts';

type Body<S extends z.ZodType> = z.infer<S>;
const num = (v: unknown) => Number(v ?? 0);
const DAY = 86_400_000;
/** A need still open this long after it was posted stands out on the board (wuhan2020 #277). */
export const LONG_UNMET_MS = 3 * DAY;

const quantityError = (field = 'quantity', code: 'SUPPLIES_QUANTITY' = 'SUPPLIES_QUANTITY') =>
  new AppError('VALIDATION', 400, {}, [{ field, in: 'body', code }]);

const insufficient = (available: number) =>
  new AppError('SUPPLIES_INSUFFICIENT_STOCK', 409, { available }, [
    { field: 'quantity', in: 'body', code: 'SUPPLIES_INSUFFICIENT_STOCK' },
  ]);

/** Public totals are read often and change only with a ledger row: kept until the next one. */
class TotalsCache {
  private value: PublicTotals | null = null;
  private generation = 0;
  invalidate(): void {
    this.generation += 1;
    this.value = null;
  }
  async get(load: () => Promise<PublicTotals>): Promise<PublicTotals> {
    if (this.value) return this.value;
    const seen = this.generation;
    const value = await load();
    // A row committed while loading bumped the generation: do not keep what may predate it.
    if (seen === this.generation) this.value = value;
    return value;
  }
}

export class SuppliesService {
  readonly totals = new TotalsCache();

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: SuppliesRepository,
  ) {
    // Other instances learn of ledger rows through the event stream (NOTIFY on PostgreSQL).
    ctx.events.subscribe((events) => {
      if (events.some((e) => e.type === 'supplies.movement')) this.totals.invalidate();
    });
  }

  // ---- mapping ------------------------------------------------------------------------------

  private toStore(r: StoreRow): Store {
    return { id: num(r.id), nodeId: num(r.node_id), nodePath: r.node_path, name: r.name, address: r.address };
  }

  private toNeed(r: NeedRow & { item_name: string; unit: string; standard: string }, now: number): Need {
    const open = r.status === 'open';
    return {
      id: num(r.id),
      nodeId: num(r.node_id),
      nodePath: r.node_path,
      requesterKind: r.requester_kind as Need['requesterKind'],
      requester: r.requester,
      itemId: num(r.item_id),
      itemName: r.item_name,
      unit: r.unit,
      standard: r.standard,
      quantity: num(r.quantity),
      allocated: num(r.allocated),
      delivered: num(r.delivered),
      dueAt: num(r.due_at),
      source: r.source,
      verifiedBy: r.verified_by,
      status: r.status as Need['status'],
      overdue: open && num(r.due_at) < now,
      longUnmet: open && (num(r.due_at) < now || now - num(r.created_at) > LONG_UNMET_MS),
      createdAt: num(r.created_at),
      metAt: r.met_at === null ? null : num(r.met_at),
    };
  }

  private toMovement(r: MovementRow & { item_name: string; store_name: string }): Movement {
    return {
      id: num(r.id),
      kind: r.kind as MovementKind,
      itemId: num(r.item_id),
      itemName: r.item_name,
      storeId: num(r.store_id),
      storeName: r.store_name,
      quantity: num(r.quantity),
      onHandDelta: num(r.d_on_hand),
      allocatedDelta: num(r.d_allocated),
      needId: r.need_id === null ? null : num(r.need_id),
      pledgeId: r.pledge_id === null ? null : num(r.pledge_id),
      allocationId: r.allocation_id === null ? null : num(r.allocation_id),
      waybillId: r.waybill_id === null ? null : num(r.waybill_id),
      correctsId: r.corrects_id === null ? null : num(r.corrects_id),
      reason: r.reason,
      createdAt: num(r.created_at),
    };
  }

  private toWaybill(
    r: WaybillRow & { requester: string; item_name: string; unit: string; store_name: string },
    secrets: boolean,
  ): Waybill {
    return {
      id: num(r.id),
      allocationId: num(r.allocation_id),
      needId: num(r.need_id),
      requester: r.requester,
      storeId: num(r.store_id),
      storeName: r.store_name,
      itemName: r.item_name,
      unit: r.unit,
      quantity: num(r.quantity),
      status: r.status as Waybill['status'],
      ...(secrets ? { token: r.token, code: r.code } : {}),
      signerName: r.signer_name,
      signedVia: r.signed_via,
      deliveredAt: r.delivered_at === null ? null : num(r.delivered_at),
      createdAt: num(r.created_at),
    };
  }

  // ---- the one way a ledger row is written ---------------------------------------------------

  /**
   * Writes one ledger row and moves the balance by the same amounts, in the caller's transaction.
   * The guarded update refuses a movement that would leave less on hand than allocated (or below
   * zero); then nothing is written and the caller's transaction rolls back.
   */
  private async book(trx: Db, row: Omit<NewMovement, 'created_at'>, now: number): Promise<number> {
    const moved = await this.repo.moveStock(
      trx,
      { storeId: row.store_id, itemId: row.item_id, path: row.node_path },
      row.d_on_hand,
      row.d_allocated,
      now,
    );
    if (!moved) {
      const stock = await this.repo.stockOf(row.store_id, row.item_id, trx);
      throw insufficient(stock ? num(stock.on_hand) - num(stock.allocated) : 0);
    }
    const id = await this.repo.insertMovement(trx, { ...row, created_at: now });
    await this.ctx.events.append(trx, {
      type: 'supplies.movement',
      nodePath: row.node_path,
      // 0 is the receiver signing through the waybill's link, who has no account.
      actorId: row.created_by || null,
      permission: 'supplies.read',
      payload: {
        movementId: id,
        kind: row.kind,
        storeId: row.store_id,
        itemId: row.item_id,
        quantity: row.quantity,
      },
    });
    afterCommit(trx, () => this.totals.invalidate());
    return id;
  }

  private blank(kind: MovementKind, store: StoreRow, itemId: number, actorId: number) {
    return {
      kind,
      item_id: itemId,
      store_id: num(store.id),
      node_path: store.node_path,
      quantity: 0,
      d_on_hand: 0,
      d_allocated: 0,
      pledge_id: null,
      donor_id: null,
      need_id: null,
      allocation_id: null,
      waybill_id: null,
      other_store_id: null,
      corrects_id: null,
      corrects_kind: null,
      reason: null,
      created_by: actorId,
    } satisfies Omit<NewMovement, 'created_at'>;
  }

  private async managedStore(actor: Actor, storeId: number): Promise<StoreRow> {
    const store = await this.repo.store(storeId);
    if (!store) throw notFound();
    assertPathAccess(actor, 'supplies.manage', store.node_path);
    return store;
  }

  private async existingItem(itemId: number, field = 'itemId') {
    const item = await this.repo.item(itemId);
    if (!item) throw new AppError('NOT_FOUND', 404, {}, [{ field, in: 'body', code: 'NOT_FOUND' }]);
    return item;
  }

  // ---- catalogue, stores, donors ------------------------------------------------------------

  async createItem(actor: Actor, body: Body<typeof itemBodySchema>): Promise<Item> {
    return inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertItem(trx, {
        name: body.name,
        unit: body.unit,
        standard: body.standard,
        category: body.category,
        large_at: body.largeAt,
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.item.create',
        entityType: 'supplies_item',
        entityId: id,
        nodePath: scopePaths(actor, 'supplies.manage')[0] ?? '/',
        detail: body,
      });
      return { id, ...body };
    });
  }

  async items(): Promise<Item[]> {
    return (await this.repo.items()).map((r) => ({
      id: num(r.id),
      name: r.name,
      unit: r.unit,
      standard: r.standard,
      category: r.category,
      largeAt: r.large_at === null ? null : num(r.large_at),
    }));
  }

  async createStore(actor: Actor, body: Body<typeof storeBodySchema>): Promise<Store> {
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    assertPathAccess(actor, 'supplies.manage', node.path);
    const row = {
      node_id: num(node.id),
      node_path: node.path,
      name: body.name,
      address: body.address,
      created_by: actor.id,
      created_at: Date.now(),
    };
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertStore(trx, row);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.store.create',
        entityType: 'supplies_store',
        entityId: id,
        nodePath: node.path,
        detail: { name: body.name },
      });
      return id;
    });
    return this.toStore({ ...row, id });
  }

  async stores(actor: Actor): Promise<Store[]> {
    return (await this.repo.storesInScope(scopePaths(actor, 'supplies.read'))).map((r) => this.toStore(r));
  }

  async createDonor(actor: Actor, body: Body<typeof donorBodySchema>): Promise<Donor> {
    const path = scopePaths(actor, 'supplies.manage')[0];
    if (!path) throw new AppError('FORBIDDEN', 403);
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertDonor(trx, {
        kind: body.kind,
        name: body.name,
        anonymous: body.anonymous ? 1 : 0,
        node_path: path,
        created_by: actor.id,
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.donor.create',
        entityType: 'supplies_donor',
        entityId: id,
        nodePath: path,
        detail: { kind: body.kind, anonymous: body.anonymous },
      });
      return id;
    });
    return { id, kind: body.kind, name: body.name, anonymous: body.anonymous };
  }

  async donors(actor: Actor): Promise<Donor[]> {
    return (await this.repo.donorsInScope(scopePaths(actor, 'supplies.read'))).map((d) => ({
      id: num(d.id),
      kind: d.kind as Donor['kind'],
      name: d.name,
      anonymous: d.anonymous === 1,
    }));
  }

  async certificate(actor: Actor, donorId: number): Promise<CertificateData> {
    const donor = await this.repo.donor(donorId);
    if (!donor) throw notFound();
    assertPathAccess(actor, 'supplies.read', donor.node_path);
    const lines = (await this.repo.donorReceipts(donorId))
      .map((r) => ({
        itemName: r.item_name,
        unit: r.unit,
        standard: r.standard,
        quantity: num(r.quantity),
        first: num(r.first),
        last: num(r.last),
      }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) throw notFound();
    const root = (await this.repo.nodeNames(['2108/']))[0]?.name ?? '营口市';
    return { donor: { id: donorId, name: donor.name, kind: donor.kind }, lines, place: root };
  }

  // ---- pledges and receipts -----------------------------------------------------------------

  async createPledge(actor: Actor, body: Body<typeof pledgeBodySchema>): Promise<Pledge> {
    const store = await this.managedStore(actor, body.storeId);
    await this.existingItem(body.itemId);
    const donor = await this.repo.donor(body.donorId);
    if (!donor) throw notFound();
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertPledge(trx, {
        donor_id: body.donorId,
        item_id: body.itemId,
        store_id: body.storeId,
        node_path: store.node_path,
        quantity: body.quantity,
        received: 0,
        status: 'open',
        note: body.note,
        created_by: actor.id,
        created_at: now,
        closed_at: null,
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.pledge.create',
        entityType: 'supplies_pledge',
        entityId: id,
        nodePath: store.node_path,
        detail: { donorId: body.donorId, itemId: body.itemId, quantity: body.quantity },
      });
      return id;
    });
    return this.pledge(actor, id);
  }

  async pledges(actor: Actor, status?: string): Promise<Pledge[]> {
    const rows = await this.repo.pledgesInScope(scopePaths(actor, 'supplies.read'), status);
    return rows.map((r) => this.toPledge(r));
  }

  private toPledge(
    r: PledgeRow & {
      donor_name: string;
      anonymous: number;
      item_name: string;
      unit: string;
      store_name: string;
    },
  ): Pledge {
    return {
      id: num(r.id),
      donorId: num(r.donor_id),
      donorName: r.donor_name,
      anonymous: r.anonymous === 1,
      itemId: num(r.item_id),
      itemName: r.item_name,
      unit: r.unit,
      storeId: num(r.store_id),
      storeName: r.store_name,
      quantity: num(r.quantity),
      received: num(r.received),
      status: r.status as Pledge['status'],
      note: r.note,
      createdAt: num(r.created_at),
    };
  }

  async pledge(actor: Actor, id: number): Promise<Pledge> {
    const row = await this.repo.pledge(id);
    if (!row) throw notFound();
    assertPathAccess(actor, 'supplies.read', row.node_path);
    const all = await this.repo.pledgesInScope([row.node_path]);
    const found = all.find((p) => num(p.id) === id);
    if (!found) throw notFound();
    return this.toPledge(found);
  }

  /** The receipt's ledger row, its audit row and, past the item's threshold, the chronicle's event. */
  private async bookReceipt(
    trx: Db,
    actorId: number,
    store: StoreRow,
    item: { name: string; unit: string; large_at: number | null },
    donor: { name: string; kind: string; anonymous: number } | undefined,
    pledge: { id: number; item_id: number; donor_id: number },
    quantity: number,
    now: number,
  ): Promise<number> {
    const id = await this.book(
      trx,
      {
        ...this.blank('receive', store, pledge.item_id, actorId),
        quantity,
        d_on_hand: quantity,
        pledge_id: pledge.id,
        donor_id: pledge.donor_id,
      },
      now,
    );
    await this.ctx.audit.record(trx, {
      actorId,
      action: 'supplies.receive',
      entityType: 'supplies_movement',
      entityId: id,
      nodePath: store.node_path,
      detail: { pledgeId: pledge.id, quantity },
    });
    if (item.large_at !== null && quantity >= num(item.large_at)) {
      await this.ctx.events.append(trx, {
        type: 'supplies.large-donation',
        nodePath: store.node_path,
        actorId,
        permission: 'supplies.read',
        payload: {
          movementId: id,
          item: item.name,
          unit: item.unit,
          quantity,
          // Persons are never named in the chronicle; anonymous donors of any kind neither.
          donor: donor && donor.anonymous === 0 && donor.kind !== 'person' ? donor.name : null,
        },
      });
    }
    return id;
  }

  /** One receipt of a pledge (of possibly several): the goods enter the pledge's store. */
  async receive(
    actor: Actor,
    pledgeId: number,
    quantity: number,
  ): Promise<{ pledge: Pledge; movementId: number }> {
    const pledge = await this.repo.pledge(pledgeId);
    if (!pledge) throw notFound();
    const store = await this.managedStore(actor, num(pledge.store_id));
    const item = await this.existingItem(num(pledge.item_id));
    const donor = await this.repo.donor(num(pledge.donor_id));
    const now = Date.now();
    const movementId = await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.raisePledge(trx, pledgeId, quantity))) {
        const fresh = (await this.repo.pledge(pledgeId, trx))!;
        if (fresh.status !== 'open') throw new AppError('SUPPLIES_PLEDGE_CLOSED', 409);
        throw new AppError(
          'SUPPLIES_PLEDGE_EXCEEDED',
          409,
          { left: num(fresh.quantity) - num(fresh.received) },
          [{ field: 'quantity', in: 'body', code: 'SUPPLIES_PLEDGE_EXCEEDED' }],
        );
      }
      return this.bookReceipt(
        trx,
        actor.id,
        store,
        item,
        donor,
        { id: pledgeId, item_id: num(pledge.item_id), donor_id: num(pledge.donor_id) },
        quantity,
        now,
      );
    });
    return { pledge: await this.pledge(actor, pledgeId), movementId };
  }

  /**
   * A donation list (xlsx) for one store: every good row becomes a pledge, and its receipt when the
   * sheet says goods arrived, all in one transaction with the import's row report; bad rows are
   * left out and named. The same file twice into the same store books nothing the second time.
   */
  async importDonations(
    actor: Actor,
    storeId: number,
    file: { name: string; bytes: Buffer },
  ): Promise<DonationImport> {
    const store = await this.managedStore(actor, storeId);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const earlier = await this.repo.importOf(storeId, sha256);
    if (earlier) return this.toImport(earlier, true);
    const catalogue = (await this.repo.items()).map((i) => ({ ...i, id: num(i.id) }));
    const list = await readDonationList(file.bytes, catalogue);
    const items = new Map(catalogue.map((i) => [i.id, i]));
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertImport(trx, {
        store_id: storeId,
        node_path: store.node_path,
        sha256,
        file_name: file.name.slice(0, 200),
        rows_read: list.rowsRead,
        imported: list.rows.length,
        rejected: list.errors.length,
        errors: JSON.stringify(list.errors),
        created_by: actor.id,
        created_at: now,
      });
      if (id === null) return null;
      const donors = new Map<string, number>();
      for (const row of list.rows) {
        const anonymous = row.anonymous ? 1 : 0;
        const key = JSON.stringify([row.kind, row.donor, anonymous]);
        let donorId = donors.get(key);
        if (donorId === undefined) {
          const known = await this.repo.donorNamed(store.node_path, row.kind, row.donor, anonymous, trx);
          donorId = known
            ? num(known.id)
            : await this.repo.insertDonor(trx, {
                kind: row.kind,
                name: row.donor,
                anonymous,
                node_path: store.node_path,
                created_by: actor.id,
              });
          donors.set(key, donorId);
        }
        const pledgeId = await this.repo.insertPledge(trx, {
          donor_id: donorId,
          item_id: row.itemId,
          store_id: storeId,
          node_path: store.node_path,
          quantity: row.quantity,
          received: 0,
          status: 'open',
          note: row.note,
          created_by: actor.id,
          created_at: now,
          closed_at: null,
        });
        if (row.received > 0) {
          await this.repo.raisePledge(trx, pledgeId, row.received);
          await this.bookReceipt(
            trx,
            actor.id,
            store,
            items.get(row.itemId)!,
            { name: row.donor, kind: row.kind, anonymous },
            { id: pledgeId, item_id: row.itemId, donor_id: donorId },
            row.received,
            now,
          );
        }
      }
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.import',
        entityType: 'supplies_import',
        entityId: id,
        nodePath: store.node_path,
        detail: {
          storeId,
          rowsRead: list.rowsRead,
          imported: list.rows.length,
          rejected: list.errors.length,
        },
      });
      return id;
    });
    // The same file reached this store through a concurrent request first: its report stands.
    const row = await this.repo.importOf(storeId, sha256);
    return this.toImport(row!, id === null);
  }

  private toImport(r: ImportRow, repeated: boolean): DonationImport {
    return {
      id: num(r.id),
      storeId: num(r.store_id),
      fileName: r.file_name,
      rowsRead: num(r.rows_read),
      imported: num(r.imported),
      rejected: num(r.rejected),
      repeated,
      errors: JSON.parse(r.errors),
      createdAt: num(r.created_at),
    };
  }

  /** "Cancel the rest": what was received stays on the books; the pledge takes no more receipts. */
  async cancelRest(actor: Actor, pledgeId: number): Promise<Pledge> {
    const pledge = await this.repo.pledge(pledgeId);
    if (!pledge) throw notFound();
    await this.managedStore(actor, num(pledge.store_id));
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.closePledge(trx, pledgeId, Date.now())))
        throw new AppError('SUPPLIES_PLEDGE_CLOSED', 409);
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.pledge.cancel-rest',
        entityType: 'supplies_pledge',
        entityId: pledgeId,
        nodePath: pledge.node_path,
        detail: { cancelled: num(pledge.quantity) - num(pledge.received) },
      });
    });
    return this.pledge(actor, pledgeId);
  }

  // ---- movements inside the stores -----------------------------------------------------------

  async transfer(actor: Actor, body: Body<typeof transferBodySchema>): Promise<{ movementIds: number[] }> {
    if (body.fromStoreId === body.toStoreId)
      throw new AppError('SUPPLIES_SAME_STORE', 400, {}, [
        { field: 'toStoreId', in: 'body', code: 'SUPPLIES_SAME_STORE' },
      ]);
    const from = await this.managedStore(actor, body.fromStoreId);
    const to = await this.managedStore(actor, body.toStoreId);
    await this.existingItem(body.itemId);
    const now = Date.now();
    return inTransaction(this.ctx.db, async (trx) => {
      const out = await this.book(
        trx,
        {
          ...this.blank('transfer_out', from, body.itemId, actor.id),
          quantity: body.quantity,
          d_on_hand: -body.quantity,
          other_store_id: num(to.id),
        },
        now,
      );
      const inn = await this.book(
        trx,
        {
          ...this.blank('transfer_in', to, body.itemId, actor.id),
          quantity: body.quantity,
          d_on_hand: body.quantity,
          other_store_id: num(from.id),
          corrects_id: null,
        },
        now,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.transfer',
        entityType: 'supplies_movement',
        entityId: out,
        nodePath: from.node_path,
        detail: { ...body, in: inn },
      });
      return { movementIds: [out, inn] };
    });
  }

  /** A physical count forces the book to the count, with the difference as a row and a reason. */
  async count(actor: Actor, body: Body<typeof countBodySchema>): Promise<{ movementId: number }> {
    const store = await this.managedStore(actor, body.storeId);
    await this.existingItem(body.itemId);
    const now = Date.now();
    return inTransaction(this.ctx.db, async (trx) => {
      const stock = await this.repo.stockOf(body.storeId, body.itemId, trx);
      const onHand = num(stock?.on_hand);
      const allocated = num(stock?.allocated);
      if (body.counted === onHand)
        throw new AppError('SUPPLIES_COUNT_UNCHANGED', 409, {}, [
          { field: 'counted', in: 'body', code: 'SUPPLIES_COUNT_UNCHANGED' },
        ]);
      if (body.counted < allocated)
        throw new AppError('SUPPLIES_COUNT_BELOW_ALLOCATED', 409, { counted: body.counted, allocated }, [
          { field: 'counted', in: 'body', code: 'SUPPLIES_COUNT_BELOW_ALLOCATED' },
        ]);
      const delta = body.counted - onHand;
      const id = await this.book(
        trx,
        {
          ...this.blank('adjust', store, body.itemId, actor.id),
          quantity: Math.abs(delta),
          d_on_hand: delta,
          reason: body.reason,
        },
        now,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.adjust',
        entityType: 'supplies_movement',
        entityId: id,
        nodePath: store.node_path,
        detail: { itemId: body.itemId, book: onHand, counted: body.counted },
        reason: body.reason,
      });
      return { movementId: id };
    });
  }

  async writeOff(actor: Actor, body: Body<typeof writeOffBodySchema>): Promise<{ movementId: number }> {
    const store = await this.managedStore(actor, body.storeId);
    await this.existingItem(body.itemId);
    const reason = body.note ? `${body.reason}: ${body.note}` : body.reason;
    return inTransaction(this.ctx.db, async (trx) => {
      const id = await this.book(
        trx,
        {
          ...this.blank('write_off', store, body.itemId, actor.id),
          quantity: body.quantity,
          d_on_hand: -body.quantity,
          reason,
        },
        Date.now(),
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.write-off',
        entityType: 'supplies_movement',
        entityId: id,
        nodePath: store.node_path,
        detail: { itemId: body.itemId, quantity: body.quantity },
        reason,
      });
      return { movementId: id };
    });
  }

  /**
   * Corrects a receipt, a write-off or a count adjustment: a new row books the difference between
   * what was recorded and what is right, pointing at the row it corrects. The corrected row is
   * never touched, so history reads the same before and after.
   */
  async correct(
    actor: Actor,
    movementId: number,
    body: Body<typeof correctionBodySchema>,
  ): Promise<{ movementId: number }> {
    const original = await this.repo.movement(movementId);
    if (!original) throw notFound();
    const store = await this.managedStore(actor, num(original.store_id));
    // A row corrected already is corrected again through its latest correction, so the chain
    // stays linear; the unique key on corrects_id holds that under concurrency too.
    if (await this.repo.correctionOf(movementId)) throw new AppError('SUPPLIES_NOT_CORRECTABLE', 409);
    // What the chain books so far: the original row plus every correction after it.
    let root = original;
    let effective = num(original.d_on_hand);
    while (root.kind === 'correct' && root.corrects_id !== null) {
      root = (await this.repo.movement(num(root.corrects_id)))!;
      effective += num(root.d_on_hand);
    }
    const kind = root.kind as MovementKind;
    if (!['receive', 'write_off', 'adjust'].includes(kind))
      throw new AppError('SUPPLIES_NOT_CORRECTABLE', 409);
    // For a receipt the right quantity is what came in; for a write-off what went out; for an
    // adjustment the size of the difference the count should have found, in its direction.
    const sign = kind === 'write_off' ? -1 : kind === 'adjust' ? Math.sign(num(root.d_on_hand)) || 1 : 1;
    const recorded = effective;
    const wanted = sign * body.quantity;
    const delta = wanted - recorded;
    if (delta === 0) throw quantityError();
    return inTransaction(this.ctx.db, async (trx) => {
      if (original.pledge_id !== null) {
        if (!(await this.repo.raisePledge(trx, num(original.pledge_id), delta))) {
          const p = (await this.repo.pledge(num(original.pledge_id), trx))!;
          throw new AppError('SUPPLIES_PLEDGE_EXCEEDED', 409, { left: num(p.quantity) - num(p.received) }, [
            { field: 'quantity', in: 'body', code: 'SUPPLIES_PLEDGE_EXCEEDED' },
          ]);
        }
      }
      let id: number;
      try {
        id = await this.book(
          trx,
          {
            ...this.blank('correct', store, num(original.item_id), actor.id),
            quantity: body.quantity,
            d_on_hand: delta,
            pledge_id: original.pledge_id,
            donor_id: original.donor_id,
            corrects_id: movementId,
            corrects_kind: kind,
            reason: body.reason,
          },
          Date.now(),
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('SUPPLIES_NOT_CORRECTABLE', 409);
        throw err;
      }
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.correct',
        entityType: 'supplies_movement',
        entityId: id,
        nodePath: store.node_path,
        detail: { corrects: movementId, recorded, wanted },
        reason: body.reason,
      });
      return { movementId: id };
    });
  }

  // ---- needs, allocation, dispatch, delivery ------------------------------------------------

  async createNeed(actor: Actor, body: Body<typeof needBodySchema>): Promise<Need> {
    const node = await this.repo.node(body.nodeId);
    if (!node) throw notFound();
    assertPathAccess(actor, 'supplies.needs', node.path);
    await this.existingItem(body.itemId);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.repo.insertNeed(trx, {
        node_id: num(node.id),
        node_path: node.path,
        requester_kind: body.requesterKind,
        requester: body.requester,
        item_id: body.itemId,
        quantity: body.quantity,
        allocated: 0,
        delivered: 0,
        due_at: body.dueAt,
        source: body.source,
        verified_by: body.verifiedBy,
        status: 'open',
        met_at: null,
        created_by: actor.id,
        created_at: now,
      });
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.need.create',
        entityType: 'supplies_need',
        entityId: id,
        nodePath: node.path,
        detail: { itemId: body.itemId, quantity: body.quantity, source: body.source },
      });
      await this.ctx.events.append(trx, {
        type: 'supplies.need',
        nodePath: node.path,
        actorId: actor.id,
        permission: 'supplies.read',
        payload: { needId: id, status: 'open' },
      });
      return id;
    });
    return this.need(actor, id);
  }

  async need(actor: Actor, id: number): Promise<Need> {
    const row = await this.repo.need(id);
    if (!row) throw notFound();
    if (
      !canAccessPath(actor, 'supplies.read', row.node_path) &&
      !canAccessPath(actor, 'supplies.needs', row.node_path)
    )
      throw notFound();
    const item = (await this.repo.item(num(row.item_id)))!;
    return this.toNeed(
      { ...row, item_name: item.name, unit: item.unit, standard: item.standard },
      Date.now(),
    );
  }

  async needs(actor: Actor, status?: string): Promise<Need[]> {
    const paths = [...scopePaths(actor, 'supplies.read'), ...scopePaths(actor, 'supplies.needs')];
    const now = Date.now();
    return (await this.repo.needs(paths, status)).map((r) => this.toNeed(r, now));
  }

  async publicNeeds(): Promise<PublicNeed[]> {
    const now = Date.now();
    // A withdrawn need was never wanted after all: it leaves the public board.
    return (await this.repo.needs(null, undefined, true)).map((r) => {
      const { nodePath: _p, verifiedBy: _v, allocated: _a, ...need } = this.toNeed(r, now);
      // A family of front-line medical staff is never named on a public page.
      return need.requesterKind === 'family' ? { ...need, requester: '医护人员家庭' } : need;
    });
  }

  /** Reserves stock in a store for a need: guarded on both the stock and what the need still wants. */
  async allocate(
    actor: Actor,
    body: Body<typeof allocationBodySchema>,
  ): Promise<{ movementId: number; need: Need }> {
    const store = await this.managedStore(actor, body.storeId);
    const need = await this.repo.need(body.needId);
    if (!need) throw notFound();
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const id = await this.book(
        trx,
        {
          ...this.blank('allocate', store, num(need.item_id), actor.id),
          quantity: body.quantity,
          d_allocated: body.quantity,
          need_id: body.needId,
        },
        now,
      );
      if (!(await this.repo.allocateToNeed(trx, body.needId, body.quantity))) {
        const fresh = (await this.repo.need(body.needId, trx))!;
        if (fresh.status !== 'open') throw new AppError('SUPPLIES_NEED_CLOSED', 409);
        throw new AppError(
          'SUPPLIES_NEED_EXCEEDED',
          409,
          { left: num(fresh.quantity) - num(fresh.allocated) },
          [{ field: 'quantity', in: 'body', code: 'SUPPLIES_NEED_EXCEEDED' }],
        );
      }
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.allocate',
        entityType: 'supplies_movement',
        entityId: id,
        nodePath: store.node_path,
        detail: { needId: body.needId, quantity: body.quantity },
      });
      return id;
    });
    return { movementId: id, need: await this.need(actor, body.needId) };
  }

  /** Books the release of one allocation: the units go back on the shelf and off the need. */
  private async bookRelease(
    trx: Db,
    actorId: number,
    store: StoreRow,
    allocation: MovementRow,
    reason: string,
  ) {
    const quantity = num(allocation.quantity);
    let id: number;
    try {
      id = await this.book(
        trx,
        {
          ...this.blank('release', store, num(allocation.item_id), actorId),
          quantity,
          d_allocated: -quantity,
          need_id: allocation.need_id,
          allocation_id: num(allocation.id),
          reason,
        },
        Date.now(),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SUPPLIES_ALLOCATION_CLOSED', 409);
      throw err;
    }
    await this.repo.releaseFromNeed(trx, num(allocation.need_id), quantity);
    await this.ctx.audit.record(trx, {
      actorId,
      action: 'supplies.release',
      entityType: 'supplies_movement',
      entityId: id,
      nodePath: store.node_path,
      detail: { allocationId: num(allocation.id), needId: num(allocation.need_id), quantity },
      reason,
    });
    return id;
  }

  /** An allocation not yet on a waybill goes back on the shelf; the need can take other stock. */
  async release(
    actor: Actor,
    allocationId: number,
    reason: string,
  ): Promise<{ movementId: number; need: Need }> {
    const allocation = await this.repo.movement(allocationId);
    if (allocation?.kind !== 'allocate') throw notFound();
    const store = await this.managedStore(actor, num(allocation.store_id));
    if (await this.repo.allocationEnd(allocationId)) throw new AppError('SUPPLIES_ALLOCATION_CLOSED', 409);
    const id = await inTransaction(this.ctx.db, (trx) =>
      this.bookRelease(trx, actor.id, store, allocation, reason),
    );
    return { movementId: id, need: await this.need(actor, num(allocation.need_id)) };
  }

  /**
   * The requester no longer needs it (found elsewhere, posted twice): the need leaves the board and
   * its allocations not yet dispatched are released in the same transaction. Goods already on a
   * waybill still arrive and are signed for.
   */
  async withdrawNeed(actor: Actor, needId: number, reason: string): Promise<Need> {
    const need = await this.repo.need(needId);
    if (!need) throw notFound();
    assertPathAccess(actor, 'supplies.needs', need.node_path);
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.withdrawNeed(trx, needId))) throw new AppError('SUPPLIES_NEED_CLOSED', 409);
      for (const allocation of await this.repo.pendingAllocations(needId, trx)) {
        const store = (await this.repo.store(num(allocation.store_id), trx))!;
        await this.bookRelease(trx, actor.id, store, allocation, reason);
      }
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.need.withdraw',
        entityType: 'supplies_need',
        entityId: needId,
        nodePath: need.node_path,
        detail: {},
        reason,
      });
      await this.ctx.events.append(trx, {
        type: 'supplies.need',
        nodePath: need.node_path,
        actorId: actor.id,
        permission: 'supplies.read',
        payload: { needId, status: 'withdrawn' },
      });
    });
    return this.need(actor, needId);
  }

  /** A released allocation has nothing left to dispatch: the unique end of an allocation says so. */
  private async bookDispatch(trx: Db, row: Omit<NewMovement, 'created_at'>, now: number): Promise<number> {
    try {
      return await this.book(trx, row, now);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SUPPLIES_ALLOCATION_CLOSED', 409);
      throw err;
    }
  }

  async openAllocations(actor: Actor) {
    return (await this.repo.openAllocations(scopePaths(actor, 'supplies.manage'))).map((r) => ({
      id: num(r.id),
      needId: num(r.need_id),
      storeId: num(r.store_id),
      quantity: num(r.quantity),
      requester: r.requester,
      itemName: r.item_name,
      unit: r.unit,
      storeName: r.store_name,
      createdAt: num(r.created_at),
    }));
  }

  /** The goods of one allocation leave the store on a waybill; its token is the QR's sign-off link. */
  async dispatch(actor: Actor, allocationId: number): Promise<Waybill> {
    const allocation = await this.repo.movement(allocationId);
    if (allocation?.kind !== 'allocate') throw notFound();
    const store = await this.managedStore(actor, num(allocation.store_id));
    if ((await this.repo.allocationEnd(allocationId))?.kind === 'release')
      throw new AppError('SUPPLIES_ALLOCATION_CLOSED', 409);
    const quantity = num(allocation.quantity);
    const now = Date.now();
    const id = await inTransaction(this.ctx.db, async (trx) => {
      const waybillId = await this.repo.insertWaybill(trx, {
        allocation_id: allocationId,
        need_id: num(allocation.need_id),
        store_id: num(store.id),
        item_id: num(allocation.item_id),
        node_path: store.node_path,
        quantity,
        token: randomBytes(18).toString('base64url'),
        code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        status: 'dispatched',
        signer_name: null,
        signature: null,
        signed_file_id: null,
        signed_via: null,
        delivered_at: null,
        created_by: actor.id,
        created_at: now,
      });
      if (waybillId === null) throw new AppError('SUPPLIES_ALREADY_DISPATCHED', 409);
      await this.bookDispatch(
        trx,
        {
          ...this.blank('dispatch', store, num(allocation.item_id), actor.id),
          quantity,
          d_on_hand: -quantity,
          d_allocated: -quantity,
          need_id: allocation.need_id,
          allocation_id: allocationId,
          waybill_id: waybillId,
        },
        now,
      );
      await this.ctx.audit.record(trx, {
        actorId: actor.id,
        action: 'supplies.dispatch',
        entityType: 'supplies_waybill',
        entityId: waybillId,
        nodePath: store.node_path,
        detail: { allocationId, quantity },
      });
      return waybillId;
    });
    return this.waybill(actor, id);
  }

  private async waybillJoined(row: WaybillRow) {
    const [need, item, store] = await Promise.all([
      this.repo.need(num(row.need_id)),
      this.repo.item(num(row.item_id)),
      this.repo.store(num(row.store_id)),
    ]);
    return {
      ...row,
      requester: need!.requester,
      item_name: item!.name,
      unit: item!.unit,
      store_name: store!.name,
    };
  }

  private async deliverableWaybill(actor: Actor, id: number): Promise<WaybillRow> {
    const row = await this.repo.waybill(id);
    if (!row) throw notFound();
    const need = await this.repo.need(num(row.need_id));
    const ok =
      canAccessPath(actor, 'supplies.deliver', row.node_path) ||
      (need !== undefined && canAccessPath(actor, 'supplies.deliver', need.node_path));
    if (!ok) throw notFound();
    return row;
  }

  async waybill(actor: Actor, id: number): Promise<Waybill> {
    const row = await this.deliverableWaybill(actor, id);
    return this.toWaybill(await this.waybillJoined(row), true);
  }

  async waybills(actor: Actor, status?: string): Promise<Waybill[]> {
    const rows = await this.repo.waybills(scopePaths(actor, 'supplies.deliver'), status);
    return rows.map((r) => this.toWaybill(r, true));
  }

  /** Row for the waybill PDF (secrets included: the paper carries the QR and the code). */
  async waybillForPrint(actor: Actor, id: number) {
    const row = await this.deliverableWaybill(actor, id);
    const joined = await this.waybillJoined(row);
    const need = (await this.repo.need(num(row.need_id)))!;
    const store = (await this.repo.store(num(row.store_id)))!;
    return { waybill: this.toWaybill(joined, true), needSource: need.source, storeAddress: store.address };
  }

  /** What the receiver's phone shows after scanning the QR: no secrets, no personal data. */
  async publicWaybill(token: string) {
    const row = await this.repo.waybillByToken(token);
    if (!row) throw notFound();
    const w = this.toWaybill(await this.waybillJoined(row), false);
    const need = await this.repo.need(num(row.need_id));
    return {
      id: w.id,
      requester: need?.requester_kind === 'family' ? '医护人员家庭' : w.requester,
      storeName: w.storeName,
      itemName: w.itemName,
      unit: w.unit,
      quantity: w.quantity,
      status: w.status,
      signerName: w.signerName,
      deliveredAt: w.deliveredAt,
    };
  }

  /**
   * The receiver signs: a drawn signature, or the six-digit code printed on the waybill, on the page
   * the QR opens (the token in it is the authority, as the paper is). Delivery is booked once.
   */
  async signByToken(
    token: string,
    body: { signerName: string; signature?: string | undefined; code?: string | undefined },
  ): Promise<Waybill> {
    const row = await this.repo.waybillByToken(token);
    if (!row) throw notFound();
    if (!body.signature && !body.code)
      throw new AppError('SUPPLIES_SIGNATURE_REQUIRED', 400, {}, [
        { field: 'signature', in: 'body', code: 'SUPPLIES_SIGNATURE_REQUIRED' },
      ]);
    if (body.code && body.code !== row.code)
      throw new AppError('SUPPLIES_WRONG_CODE', 400, {}, [
        { field: 'code', in: 'body', code: 'SUPPLIES_WRONG_CODE' },
      ]);
    await this.deliver(null, row, {
      signer_name: body.signerName,
      signature: body.signature ?? null,
      signed_file_id: null,
      signed_via: body.signature ? 'drawn' : 'code',
    });
    return this.toWaybill(await this.waybillJoined((await this.repo.waybill(num(row.id)))!), false);
  }

  /** The courier photographs the paper waybill the receiver signed and attaches it. */
  async signByPhoto(
    actor: Actor,
    id: number,
    body: { signerName: string; fileId: string },
  ): Promise<Waybill> {
    const row = await this.deliverableWaybill(actor, id);
    const files = await this.ctx.files.list(actor, 'supplies-waybill', String(id));
    if (!files.some((f) => f.id === body.fileId))
      throw new AppError('NOT_FOUND', 404, {}, [{ field: 'fileId', in: 'body', code: 'NOT_FOUND' }]);
    await this.deliver(actor.id, row, {
      signer_name: body.signerName,
      signature: null,
      signed_file_id: body.fileId,
      signed_via: 'photo',
    });
    return this.waybill(actor, id);
  }

  private async deliver(
    actorId: number | null,
    row: WaybillRow,
    sign: {
      signer_name: string;
      signature: string | null;
      signed_file_id: string | null;
      signed_via: string;
    },
  ): Promise<void> {
    const store = (await this.repo.store(num(row.store_id)))!;
    const need = (await this.repo.need(num(row.need_id)))!;
    const item = (await this.repo.item(num(row.item_id)))!;
    const now = Date.now();
    await inTransaction(this.ctx.db, async (trx) => {
      if (!(await this.repo.signWaybill(trx, num(row.id), sign, now)))
        throw new AppError('SUPPLIES_ALREADY_DELIVERED', 409);
      const quantity = num(row.quantity);
      const id = await this.book(
        trx,
        {
          ...this.blank('deliver', store, num(row.item_id), actorId ?? 0),
          quantity,
          need_id: num(row.need_id),
          allocation_id: num(row.allocation_id),
          waybill_id: num(row.id),
        },
        now,
      );
      const { met } = await this.repo.deliverToNeed(trx, num(row.need_id), quantity, now);
      await this.ctx.audit.record(trx, {
        actorId,
        action: 'supplies.deliver',
        entityType: 'supplies_waybill',
        entityId: num(row.id),
        nodePath: store.node_path,
        detail: { movementId: id, quantity, via: sign.signed_via, signer: sign.signer_name },
      });
      await this.ctx.events.append(trx, {
        type: 'supplies.need',
        nodePath: need.node_path,
        actorId,
        permission: 'supplies.read',
        payload: { needId: num(need.id), status: met ? 'met' : 'open', delivered: quantity },
      });
      if (met)
        await this.ctx.events.append(trx, {
          type: 'supplies.need-met',
          nodePath: need.node_path,
          actorId,
          permission: 'supplies.read',
          payload: {
            needId: num(need.id),
            requester: need.requester_kind === 'family' ? null : need.requester,
            item: item.name,
            unit: item.unit,
            quantity: num(need.quantity),
          },
        });
    });
  }

  // ---- reading the books -------------------------------------------------------------------

  async stock(
    actor: Actor,
    query: { storeId?: number | undefined; nodeId?: number | undefined },
  ): Promise<StockRow[]> {
    let paths = scopePaths(actor, 'supplies.read');
    if (query.nodeId) {
      const node = await this.repo.node(query.nodeId);
      if (!node) throw notFound();
      assertPathAccess(actor, 'supplies.read', node.path);
      paths = [node.path];
    }
    if (query.storeId) {
      const store = await this.repo.store(query.storeId);
      if (!store) throw notFound();
      assertPathAccess(actor, 'supplies.read', store.node_path);
      const rows = await this.repo.stockByStore([store.node_path], query.storeId);
      return rows.map((r) => ({
        storeId: num(r.store_id),
        storeName: r.store_name,
        itemId: num(r.item_id),
        itemName: r.item_name,
        unit: r.unit,
        onHand: num(r.on_hand),
        allocated: num(r.allocated),
        available: num(r.on_hand) - num(r.allocated),
      }));
    }
    return (await this.repo.stockByItem(paths)).map((r) => ({
      storeId: null,
      storeName: null,
      itemId: num(r.item_id),
      itemName: r.item_name,
      unit: r.unit,
      onHand: num(r.on_hand),
      allocated: num(r.allocated),
      available: num(r.on_hand) - num(r.allocated),
    }));
  }

  async ledger(actor: Actor, query: Body<typeof ledgerQuerySchema>): Promise<Movement[]> {
    return (await this.repo.ledger(scopePaths(actor, 'supplies.read'), query)).map((r) => this.toMovement(r));
  }

  /** The public donations page: every number a sum of ledger rows, donors thanked unless anonymous. */
  async publicTotals(): Promise<PublicTotals> {
    return this.totals.get(async () => {
      const { rows, receipts } = await this.repo.publicTotals();
      const donors = await this.repo.donorsReceived();
      return {
        items: rows.map((r) => ({
          itemId: num(r.item_id),
          itemName: r.item_name,
          unit: r.unit,
          standard: r.standard,
          received: r.received,
          delivered: r.delivered,
        })),
        donors: donors
          .filter((d) => d.anonymous === 0)
          .map((d) => ({ name: d.name, kind: d.kind as Donor['kind'] })),
        anonymousDonors: donors.filter((d) => d.anonymous === 1).length,
        receipts,
        asOf: Date.now(),
      };
    });
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || /UNIQUE constraint failed/.test(e.message ?? '');
}
