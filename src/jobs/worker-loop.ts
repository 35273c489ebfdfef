import type { Logger } from '../common/logger';

/**
 * One kind of background work the loop drives. `run` does one bounded batch and says whether more is waiting
 * (a full batch), so a backlog drains without waiting for the next tick.
 */
export interface LoopTask {
  name: string;
  run(): Promise<boolean>;
}

/**
 * The one polling loop of a worker process: every tick it runs each task (jobs, timed OMS events) until none has
 * more waiting. A task that throws (the database away for a moment) is logged and tried again next tick; it never
 * stops the loop or the other tasks. `stop` resolves once the round in flight has settled.
 */
export class WorkerLoop {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly tasks: LoopTask[],
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One round of every task, as the timer runs it. */
  async runOnce(): Promise<void> {
    for (const task of this.tasks) {
      try {
        while ((await task.run()) && this.running);
      } catch (error) {
        this.logger.error(`worker loop: ${task.name} failed; trying again in ${this.intervalMs} ms`, error);
      }
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.round = this.runOnce().finally(() => {
        this.round = undefined;
        if (this.running) this.schedule(this.intervalMs);
      });
    }, delayMs);
  }
}
