import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { AuditLog } from './audit/index.ts';
import type { SessionStore } from './auth/index.ts';
import type { ChronicleRegistry } from './chronicle/index.ts';
import type { DatabaseHandle, Db } from './db/index.ts';
import type { EventBus, LiveHub } from './events/index.ts';
import type { AttentionRegistry, FigureRegistry } from './figures/index.ts';
import type { FileStore } from './files/index.ts';
import type { Scheduler } from './jobs/index.ts';
import type { Retention } from './retention/index.ts';

/** The spine every module receives: one instance of each shared service. */
export interface AppContext {
  config: Config;
  dbh: DatabaseHandle;
  db: Db;
  audit: AuditLog;
  events: EventBus;
  live: LiveHub;
  sessions: SessionStore;
  files: FileStore;
  jobs: Scheduler;
  /** Figures for the dashboard and the daily snapshots: modules register theirs. */
  figures: FigureRegistry;
  /** "What needs attention" sources for the dashboard. */
  attention: AttentionRegistry;
  /** Chronicle-worthy events and sections for the daily 大事记. */
  chronicle: ChronicleRegistry;
  /** The personal-data inventory: modules declare their tables; the daily purge enforces it. */
  retention: Retention;
}

export interface XinghuoModule {
  name: string;
  register(app: FastifyInstance, ctx: AppContext): void | Promise<void>;
  /** Adds this module's part of the Yingkou demo city; runs after the tree and demo users exist. */
  seedDemo?(ctx: AppContext, demo: DemoDirectory): Promise<void>;
}

/** What the demo loader has made so far, for modules to hang their demo data on. */
export interface DemoDirectory {
  nodeId(code: string): number;
  nodePath(code: string): string;
  userId(phone: string): number;
}
