import { InitialSchema1764201600000 } from './1764201600000-InitialSchema';
import { OrderProcess1764201700000 } from './1764201700000-OrderProcess';
import { OrderHistory1764201800000 } from './1764201800000-OrderHistory';
import { BackOfficeOrderListIndexes1764201900000 } from './1764201900000-BackOfficeOrderListIndexes';
import { Jobs1764202000000 } from './1764202000000-Jobs';
import { Invoices1764202100000 } from './1764202100000-Invoices';
import { OrderListColumns1764202200000 } from './1764202200000-OrderListColumns';
import { DropItemStateIndex1764202300000 } from './1764202300000-DropItemStateIndex';
import { JobEngine1764202400000 } from './1764202400000-JobEngine';
import { EventTimeoutGiveUp1764202500000 } from './1764202500000-EventTimeoutGiveUp';
import { RateLimits1764202600000 } from './1764202600000-RateLimits';
import { OrderStateCounts1764202700000 } from './1764202700000-OrderStateCounts';
import { GuestOrders1764203000000 } from './1764203000000-GuestOrders';
import { OrderChangeNotifications1764203100000 } from './1764203100000-OrderChangeNotifications';
import { OrderComments1764203500000 } from './1764203500000-OrderComments';
import { Refunds1764203600000 } from './1764203600000-Refunds';
import { OrderListCommentRefundIndexes1764203700000 } from './1764203700000-OrderListCommentRefundIndexes';
import { OrderEmailIndex1764203800000 } from './1764203800000-OrderEmailIndex';
import { EInvoiceFields1764204100000 } from './1764204100000-EInvoiceFields';
import { CheaperOrderWrites1764204200000 } from './1764204200000-CheaperOrderWrites';

/** Every migration, oldest first. Listed explicitly so that any loader (swc, tsc output, Jest) finds them. */
export const MIGRATIONS = [
  InitialSchema1764201600000,
  OrderProcess1764201700000,
  OrderHistory1764201800000,
  BackOfficeOrderListIndexes1764201900000,
  Jobs1764202000000,
  Invoices1764202100000,
  OrderListColumns1764202200000,
  DropItemStateIndex1764202300000,
  JobEngine1764202400000,
  EventTimeoutGiveUp1764202500000,
  RateLimits1764202600000,
  OrderStateCounts1764202700000,
  GuestOrders1764203000000,
  OrderChangeNotifications1764203100000,
  OrderComments1764203500000,
  Refunds1764203600000,
  OrderListCommentRefundIndexes1764203700000,
  OrderEmailIndex1764203800000,
  EInvoiceFields1764204100000,
  CheaperOrderWrites1764204200000,
];
