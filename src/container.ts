import type { Pool } from 'pg';
import type { ContainerType, ResolverData } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { KeyedRateLimiter } from './common/rate-limits';
import { GuestAccessService } from './guests/guest-access.service';
import { DeliverOrderMailPayload, OrderMails } from './mails/order-mails';
import { CatalogService } from './catalog/catalog.service';
import { findChrome } from './common/chrome';
import { catalogsFor } from './i18n/message-catalogs';
import type { Clock } from './common/clock';
import { redactingLogger } from './common/log-redaction';
import type { Logger } from './common/logger';
import type { RequestContext } from './common/request-context';
import type { Config } from './config';
import { RESOLVERS } from './resolvers';
import { cancelItemsCommand } from './oms/commands/cancel-items.command';
import { defaultProcess } from './oms/default-process';
import { OmsEngine } from './oms/oms-engine';
import { OmsRegistry } from './oms/oms-registry';
import { OrderCancellationService } from './oms/order-cancellation.service';
import { OrderEventService } from './oms/order-event.service';
import { OrderProcess, ProcessDefinition } from './oms/process-definition';
import { assertValidProcess } from './oms/process-validator';
import { requestLoaders } from './oms/request-loaders';
import { TimeoutWorker } from './oms/timeout-worker';
import { CustomReferenceService } from './orders/custom-reference.service';
import { OrderPlacementService } from './orders/order-placement.service';
import { OrderQueryService } from './orders/order-query.service';
import { InvoiceDelivery } from './invoices/invoice-delivery';
import { InvoiceLinks } from './invoices/invoice-links';
import { DeliverInvoicePayload, InvoiceService } from './invoices/invoice.service';
import { PdfRenderer } from './invoices/pdf-renderer';
import { JobQueue } from './jobs/job-queue';
import { INVOICE_DELIVERY_QUEUE, ORDER_MAIL_QUEUE } from './jobs/job-settings';
import { OrderMailDelivery } from './mails/order-mail-delivery';
import { LiveOrdersService } from './live/live-orders.service';
import { OrderChanges } from './live/order-changes';
import { registerOrderMailCommands } from './mails/order-mail-commands';
import { JobWorker } from './jobs/job-worker';
import { WorkerLoop } from './jobs/worker-loop';
import { RefundService } from './refunds/refund.service';
import { ShipmentService } from './shipments/shipment.service';

/** Every service, built once per process. Services are stateless; per-request state travels in the context. */
export interface Services {
  catalog: CatalogService;
  orderQueries: OrderQueryService;
  placement: OrderPlacementService;
  customReferences: CustomReferenceService;
  process: OrderProcess;
  engine: OmsEngine;
  orderEvents: OrderEventService;
  cancellation: OrderCancellationService;
  timeoutWorker: TimeoutWorker;
  shipments: ShipmentService;
  jobs: JobQueue;
  jobWorker: JobWorker;
  invoices: InvoiceService;
  refunds: RefundService;
  invoiceDelivery: InvoiceDelivery;
  invoiceLinks: InvoiceLinks;
  guestAccess: GuestAccessService;
  orderMails: OrderMails;
  orderMailDelivery: OrderMailDelivery;
  /** This process's feed of committed order changes (LISTEN/NOTIFY), started by API processes as they listen. */
  orderChanges: OrderChanges;
  liveOrders: LiveOrdersService;
  /** Every feature's request-scoped loaders, for a new request context. */
  requestLoaders(manager: EntityManager): Pick<RequestContext, 'loaders' | 'omsLoaders' | 'scoped'>;
  /** Background work (timeouts, jobs) that `npm start` runs beside the API unless RUN_WORKER=false. */
  startBackground(): Promise<void>;
  stopBackground(): Promise<void>;
}

export interface ServiceOptions {
  config: Config;
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  /** Replaces the default order process (tests use this to prove a broken one is refused). */
  processDefinition?: ProcessDefinition;
}

export function createServices({
  config,
  dataSource,
  clock,
  logger: rawLogger,
  processDefinition,
}: ServiceOptions): Services {
  // The worker builds its services here without the app: no e-mail address or token in its logs either.
  const logger = redactingLogger(rawLogger);
  const jobs = new JobQueue(dataSource, logger);
  const deliveryDates = { shopTimeZone: config.shopTimeZone, maxDaysAhead: config.maxDeliveryDaysAhead };
  const orderMails = new OrderMails(jobs);
  const registry = new OmsRegistry().registerCommand('cancel-items', cancelItemsCommand);
  registerOrderMailCommands(registry, orderMails);
  // Invoicing registers its commands before the process is checked; it reaches the engine once that exists.
  const invoices = new InvoiceService(config, jobs, () => engine);
  invoices.register(registry);
  const refunds = new RefundService(invoices);
  refunds.register(registry);
  const definition =
    processDefinition ?? defaultProcess({ cancellationWindowMs: config.orderCancellationWindowMs });
  assertValidProcess(definition, registry.names());
  const process = new OrderProcess(definition);
  const engine = new OmsEngine(process, registry, logger);

  const invoiceDelivery = new InvoiceDelivery(
    config,
    dataSource,
    new PdfRenderer({ chromePath: config.chromePath, logger }),
    clock,
    logger,
  );
  const jobWorker = new JobWorker(jobs, logger).register<DeliverInvoicePayload>(
    INVOICE_DELIVERY_QUEUE,
    (payload) => invoiceDelivery.deliver(payload),
  );

  const catalog = new CatalogService(config.currency);
  // Read here, while the services are built: a broken catalog file stops the start, not an order or an invoice.
  const catalogs = catalogsFor(config);
  const orderQueries = new OrderQueryService();
  const orderChanges = new OrderChanges(() => (dataSource.driver as PostgresDriver).master as Pool, logger);
  const placement = new OrderPlacementService(
    {
      store: config.store,
      currency: config.currency,
      locale: config.locale,
      catalogs,
      itemNonsplitQuantityThreshold: config.itemNonsplitQuantityThreshold,
      maxSalesItemsPerOrder: config.maxSalesItemsPerOrder,
      deliveryDates,
    },
    catalog,
    logger,
  );
  placement.addPlacedHook((tx, order, items) => engine.start(tx, order, items));
  const pool = () => (dataSource.driver as PostgresDriver).master as Pool;
  let linkLimiters: { perReference: KeyedRateLimiter; perIp: KeyedRateLimiter } | null | undefined;
  const guestAccess = new GuestAccessService(
    {
      ttlMs: config.guestOrderAccessTtlMs,
      // Built on first use: the pool exists once the data source is initialised.
      linkLimiters: () =>
        (linkLimiters ??=
          config.guestLinkRequestsPerHour > 0
            ? {
                perReference: new KeyedRateLimiter(
                  pool(),
                  'guest-link',
                  config.guestLinkRequestsPerHour,
                  3600,
                ),
                // One address may ask about several orders (a household, an office), but not about many.
                perIp: new KeyedRateLimiter(
                  pool(),
                  'guest-link-ip',
                  4 * config.guestLinkRequestsPerHour,
                  3600,
                ),
              }
            : null),
    },
    orderMails,
  );
  placement.setGuestTokenIssuer((tx, order) => guestAccess.issue(tx, order));
  const orderMailDelivery = new OrderMailDelivery(
    config,
    dataSource,
    invoiceDelivery,
    guestAccess,
    clock,
    logger,
  );
  jobWorker.register<DeliverOrderMailPayload>(ORDER_MAIL_QUEUE, (payload) =>
    orderMailDelivery.deliver(payload),
  );
  const timeoutWorker = new TimeoutWorker(dataSource, engine, clock, logger);
  // One loop for all background work: jobs first (a mail waiting is older work), then timed events.
  const JOB_BATCH = 10;
  const loop = new WorkerLoop(
    [
      { name: 'jobs', run: async () => (await jobWorker.runDueJobs(JOB_BATCH)).claimed === JOB_BATCH },
      { name: 'timed events', run: async () => (await timeoutWorker.fireDueBatch()).full },
    ],
    logger,
  );

  return {
    catalog,
    orderQueries,
    placement,
    customReferences: new CustomReferenceService(),
    process,
    engine,
    orderEvents: new OrderEventService(engine),
    cancellation: new OrderCancellationService(engine),
    timeoutWorker,
    shipments: new ShipmentService(process, catalog, deliveryDates),
    jobs,
    jobWorker,
    invoices,
    refunds,
    invoiceDelivery,
    invoiceLinks: new InvoiceLinks(config.jwtSecret, config.publicUrl),
    guestAccess,
    orderMails,
    orderMailDelivery,
    orderChanges,
    liveOrders: new LiveOrdersService(orderChanges.pubSub, orderQueries, (manager) =>
      requestLoaders(manager, process),
    ),
    requestLoaders: (manager) => requestLoaders(manager, process),
    async startBackground() {
      if (!config.runWorker) return;
      await invoiceDelivery.prepare(); // a broken template override stops the start, not the first invoice
      await orderMailDelivery.prepare();
      // Found (and on first use unpacked) in the background: the API answers meanwhile.
      findChrome(config.chromePath).then(
        (browser) => logger.info(`browser for invoice PDFs: ${browser.source}`, browser.executablePath),
        // Invoices are still issued and numbered; their delivery jobs retry until a browser is there.
        (error: Error) =>
          logger.error(`${error.message} Until then, invoice PDFs are not rendered or mailed.`),
      );
      await jobs.startMaintenance();
      loop.start();
    },
    async stopBackground() {
      await loop.stop();
      await jobs.stop();
      await invoiceDelivery.close();
    },
  };
}

/** Hands type-graphql resolver instances wired to the services; resolvers without dependencies are built plainly. */
export function createContainer(services: Services): ContainerType {
  const instances = new Map<unknown, object>(
    RESOLVERS.flatMap(({ resolver, build }) => (build ? [[resolver, build(services)]] : [])),
  );
  return {
    get(someClass: new () => object, _data: ResolverData) {
      let instance = instances.get(someClass);
      if (!instance) {
        instance = new someClass();
        instances.set(someClass, instance);
      }
      return instance;
    },
  };
}
