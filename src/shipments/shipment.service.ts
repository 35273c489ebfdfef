import { localId, toGlobalId } from '../common/global-id';
import type { CatalogService } from '../catalog/catalog.service';
import { invalidInput } from '../common/errors';
import { formatMinorUnits } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { taxContainedInGross } from '../common/tax';
import { inTransaction } from '../database/transaction';
import { ItemsNotInOrderError } from '../oms/oms-errors.result';
import type { OrderProcess } from '../oms/process-definition';
import { toAddress } from '../orders/address.input';
import { logOrderChange } from '../orders/order-change-log';
import { lockOrderById, inLockedOrder } from '../orders/order-lock';
import { DeliveryDatePolicy, deliveryDateProblem } from './delivery-date-policy';
import { recalculateOrder } from '../orders/order-recalculator';
import { UnknownShipmentMethodError } from '../orders/place-order.result';
import { OrderRepository } from '../orders/order.repository';
import type { SalesItem } from '../orders/sales-item.entity';
import { SalesOrder } from '../orders/sales-order.entity';
import {
  ItemsNotMovableError,
  ShipmentAlreadyShippedError,
  ShipmentChanged,
  ShipmentNotFoundError,
  ShipmentPriceLockedError,
} from './shipment-errors.result';
import { CreateShipmentInput, UpdateShipmentInput } from './shipment.input';
import type { ShipmentResult } from './shipment.result';
import type { Shipment } from './shipment.entity';
import { ShipmentRepository } from './shipment.repository';
import { InvoiceRepository } from '../invoices/invoice.repository';

const itemId = (id: string) => localId('SalesItem', id);

/**
 * Back office's split delivery after placement (Spryker's Create/Edit Shipment). Every change is one transaction
 * holding the order lock, and lands in the order's change history. What the customer pays changes only when an
 * explicit `expense` says so: a new shipment costs 0 by default, a changed method keeps the price already charged,
 * and a shipment that empties hands its charge to the shipment that received its last items.
 */
export class ShipmentService {
  constructor(
    private readonly process: OrderProcess,
    private readonly catalog: CatalogService,
    private readonly dates: DeliveryDatePolicy,
  ) {}

  async create(ctx: RequestContext, input: CreateShipmentInput): Promise<ShipmentResult> {
    this.checkDate(ctx, input.requestedDeliveryDate, 'requestedDeliveryDate');
    return inLockedOrder(ctx, input.orderReference, async (tx, order) => {
      const method = (
        await this.catalog.priceShipmentMethods(tx.manager, [input.method], order.currencyCode)
      ).get(input.method)?.method;
      if (!method) return new UnknownShipmentMethodError(input.method);
      const picked = await this.pickMovableItems(tx, order, input.itemIds);
      if (!Array.isArray(picked)) return picked;
      const expense = input.expense ?? 0;
      if (expense > 0 && (await this.isInvoiced(tx, order)))
        return new ShipmentPriceLockedError(order.reference);

      const shipment = await new ShipmentRepository(tx.manager).insert({
        orderId: order.id,
        methodKey: method.key,
        methodName: method.name,
        carrierName: method.carrierName,
        deliveryTime: method.deliveryTime,
        requestedDeliveryDate: input.requestedDeliveryDate ?? null,
        address: toAddress(input.address),
        expenseAmount: expense,
        expenseTaxRateBp: method.taxRateBp,
        expenseTaxAmount: taxContainedInGross(expense, method.taxRateBp),
        expenseCanceledAmount: 0,
      });
      await this.moveInto(tx, order, shipment, picked);
      await logOrderChange(
        tx,
        order.id,
        'SHIPMENT_CREATED',
        `Shipment ${shipment.id} (${method.name}, ${shipment.address.city}) created with items ${picked.map((i) => i.id).join(', ')}; shipping ${formatMinorUnits(expense, order.currencyCode)} ${order.currencyCode}.`,
        { shipmentId: shipment.id, itemIds: picked.map((i) => i.id), expense },
      );
      return this.changed(tx, order, shipment.id);
    });
  }

  async moveItems(ctx: RequestContext, shipmentId: string, itemIds: string[]): Promise<ShipmentResult> {
    return inTransaction(ctx, async (tx) => {
      const locked = await this.lockShipment(tx, shipmentId);
      if (!('shipment' in locked)) return locked;
      const { order, shipment } = locked;
      const items = await new OrderRepository(tx.manager).itemsOfOrder(order.id);
      const targetItems = items.filter((i) => i.shipmentId === shipment.id);
      if (targetItems.some((i) => this.process.hasFlag(i.state, 'shipped'))) {
        return new ShipmentAlreadyShippedError(shipmentId);
      }
      if (targetItems.length && targetItems.every((i) => i.canceledAmount >= i.sumPrice)) {
        return new ItemsNotMovableError(
          itemIds,
          `Shipment ${shipmentId} holds only cancelled items; create a new shipment instead.`,
        );
      }
      const picked = await this.pickMovableItems(tx, order, itemIds);
      if (!Array.isArray(picked)) return picked;
      const moving = picked.filter((i) => i.shipmentId !== shipment.id);
      if (moving.length) {
        await logOrderChange(
          tx,
          order.id,
          'ITEMS_MOVED',
          `Items ${moving.map((i) => i.id).join(', ')} moved to shipment ${shipment.id}.`,
          { shipmentId: shipment.id, itemIds: moving.map((i) => i.id) },
        );
      }
      await this.moveInto(tx, order, shipment, moving);
      return this.changed(tx, order, shipment.id);
    });
  }

  async update(ctx: RequestContext, input: UpdateShipmentInput): Promise<ShipmentResult> {
    this.checkDate(ctx, input.requestedDeliveryDate, 'requestedDeliveryDate');
    return inTransaction(ctx, async (tx) => {
      const locked = await this.lockShipment(tx, input.shipmentId);
      if (!('shipment' in locked)) return locked;
      const { order, shipment } = locked;
      const items = await new OrderRepository(tx.manager).itemsOfShipment(shipment.id);
      if (items.some((i) => this.process.hasFlag(i.state, 'shipped'))) {
        return new ShipmentAlreadyShippedError(input.shipmentId);
      }
      const changes: string[] = [];
      if (input.address) {
        shipment.address = toAddress(input.address);
        changes.push(
          `address to ${shipment.address.address1}, ${shipment.address.zipCode} ${shipment.address.city}`,
        );
      }
      if (input.method) {
        const found = (
          await this.catalog.priceShipmentMethods(tx.manager, [input.method], order.currencyCode)
        ).get(input.method);
        if (!found) return new UnknownShipmentMethodError(input.method);
        // The method changes; the price already charged does not (only an explicit expense changes it).
        Object.assign(shipment, {
          methodKey: found.method.key,
          methodName: found.method.name,
          carrierName: found.method.carrierName,
          deliveryTime: found.method.deliveryTime,
        });
        changes.push(`method to ${found.method.name}`);
      }
      if (input.requestedDeliveryDate !== undefined) {
        shipment.requestedDeliveryDate = input.requestedDeliveryDate;
        changes.push(`requested delivery date to ${input.requestedDeliveryDate ?? 'none'}`);
      }
      if (input.expense != null && input.expense !== shipment.expenseAmount) {
        if (await this.isInvoiced(tx, order)) return new ShipmentPriceLockedError(order.reference);
        shipment.expenseAmount = input.expense;
        shipment.expenseTaxAmount = taxContainedInGross(input.expense, shipment.expenseTaxRateBp);
        changes.push(
          `shipping price to ${formatMinorUnits(input.expense, order.currencyCode)} ${order.currencyCode}`,
        );
      }
      if (!changes.length) return this.changed(tx, order, shipment.id);
      await new ShipmentRepository(tx.manager).save(shipment);
      await recalculateOrder(tx, order);
      await logOrderChange(
        tx,
        order.id,
        'SHIPMENT_UPDATED',
        `Shipment ${shipment.id}: ${changes.join('; ')}.`,
        {
          ...input,
          shipmentId: shipment.id,
        },
      );
      return this.changed(tx, order, shipment.id);
    });
  }

  private checkDate(ctx: RequestContext, date: string | null | undefined, field: string): void {
    const problem = deliveryDateProblem(this.dates, ctx.clock.now(), date, field);
    if (problem) throw invalidInput([problem]);
  }

  private async lockShipment(
    tx: RequestContext,
    shipmentId: string,
  ): Promise<{ order: SalesOrder; shipment: Shipment } | ShipmentNotFoundError> {
    const id = localId('Shipment', shipmentId);
    const shipments = new ShipmentRepository(tx.manager);
    const found = Number.isNaN(id) ? null : await shipments.byId(id);
    const order = found && (await lockOrderById(tx, found.orderId));
    // Read again under the order lock: a concurrent move may have emptied and removed it meanwhile.
    const shipment = order && (await shipments.byId(id));
    return order && shipment ? { order, shipment } : new ShipmentNotFoundError(shipmentId);
  }

  /** The order's items named by `ids`, if every one exists in it and has not shipped or been cancelled. */
  private async pickMovableItems(
    tx: RequestContext,
    order: SalesOrder,
    ids: string[],
  ): Promise<SalesItem[] | ItemsNotInOrderError | ItemsNotMovableError> {
    const wanted = [...new Set(ids.map(itemId))].filter((id) => !Number.isNaN(id));
    const items = await new OrderRepository(tx.manager).itemsOfOrderAmong(order.id, wanted);
    const unknown = ids.filter((id) => !items.some((i) => i.id === itemId(id)));
    if (unknown.length) return new ItemsNotInOrderError(unknown);
    const stuck = items.filter((i) => this.process.hasFlag(i.state, 'shipped') || i.canceledAmount > 0);
    if (stuck.length) {
      return new ItemsNotMovableError(
        stuck.map((i) => toGlobalId('SalesItem', i.id)),
        `Items ${stuck.map((i) => `${toGlobalId('SalesItem', i.id)} (${i.state})`).join(', ')} have shipped or been cancelled and cannot move. Nothing changed.`,
      );
    }
    return items;
  }

  /**
   * Moves items and recomputes the totals. A shipment left with no items disappears; one left with only cancelled
   * items stays for the record. Either way, whatever shipping it still charged goes to `target`, so that moving
   * never changes what the customer pays.
   */
  private async moveInto(
    tx: RequestContext,
    order: SalesOrder,
    target: Shipment,
    items: SalesItem[],
  ): Promise<void> {
    if (!items.length) return;
    const shipments = new ShipmentRepository(tx.manager);
    await new OrderRepository(tx.manager).moveItemsToShipment(
      items.map((i) => i.id),
      target.id,
    );
    const left = await shipments.itemCountsOfOtherShipments(order.id, target.id);
    const sources = await shipments.byIds(left.filter((l) => l.live === 0).map((l) => l.id));
    for (const source of sources) {
      const charged = source.expenseAmount - source.expenseCanceledAmount;
      const empty = left.find((l) => l.id === source.id)!.rows === 0;
      if (!empty && charged === 0) continue;
      target.expenseAmount += charged;
      target.expenseTaxAmount = taxContainedInGross(target.expenseAmount, target.expenseTaxRateBp);
      const money = `${formatMinorUnits(charged, order.currencyCode)} ${order.currencyCode}`;
      if (empty) {
        await shipments.remove(source.id);
        await logOrderChange(
          tx,
          order.id,
          'SHIPMENT_REMOVED',
          `Shipment ${source.id} (${source.methodName}) emptied and was removed; its shipping charge of ${money} moved to shipment ${target.id}.`,
          { shipmentId: source.id, carriedTo: target.id, expense: charged },
        );
      } else {
        source.expenseAmount = source.expenseCanceledAmount;
        source.expenseTaxAmount = taxContainedInGross(source.expenseAmount, source.expenseTaxRateBp);
        await shipments.save(source);
        await logOrderChange(
          tx,
          order.id,
          'SHIPPING_CHARGE_MOVED',
          `Shipment ${source.id} (${source.methodName}) has only cancelled items left; its shipping charge of ${money} moved to shipment ${target.id}.`,
          { shipmentId: source.id, carriedTo: target.id, expense: charged },
        );
      }
    }
    await shipments.setExpense(target.id, target.expenseAmount, target.expenseTaxAmount);
    await recalculateOrder(tx, order);
  }

  /** After invoicing, a price change would need a document of its own; back office cancels or credits instead. */
  private async isInvoiced(tx: RequestContext, order: SalesOrder): Promise<boolean> {
    return new InvoiceRepository(tx.manager).hasInvoice(order.id);
  }

  private async changed(tx: RequestContext, order: SalesOrder, shipmentId: number): Promise<ShipmentChanged> {
    const shipment = await new ShipmentRepository(tx.manager).byId(shipmentId);
    return Object.assign(new ShipmentChanged(), { order, shipment });
  }
}
