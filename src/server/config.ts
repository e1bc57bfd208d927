import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Environment → typed config, validated once at start. Every variable is optional; the defaults
 * run the embedded SQLite platform from ./data on port 3000.
 */
const envSchema = z.object({
  XINGHUO_DATABASE_URL: z.string().default('sqlite:./data/xinghuo.db'),
  XINGHUO_HOST: z.string().default('0.0.0.0'),
  XINGHUO_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  XINGHUO_DATA_DIR: z.string().default('./data'),
  XINGHUO_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  XINGHUO_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  XINGHUO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  XINGHUO_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(20),
  XINGHUO_INSTANCE: z.string().optional(),
  XINGHUO_JOBS: z.enum(['on', 'off']).default('on'),
  XINGHUO_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  XINGHUO_EMERGENCY_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
});

/** XINGHUO_RETAIN_<TABLE>_DAYS: a table's retention in days, overriding the module's default. */
const RETAIN = /^XINGHUO_RETAIN_([A-Z0-9_]+)_DAYS$/;
const retainDays = z.coerce.number().int().min(1).max(3650);

export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  dataDir: string;
  secureCookies: boolean;
  sessionHours: number;
  logLevel: string;
  maxUploadBytes: number;
  instanceId: string;
  jobs: boolean;
  trustProxy: boolean;
  retention: { days: Record<string, number>; graceDays: number };
  /** Built web UI to serve; absent in API-only tests. */
  webDir?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const days: Record<string, number> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = RETAIN.exec(name);
    if (!match) continue;
    const parsedDays = retainDays.safeParse(value);
    if (!parsedDays.success)
      throw new Error(`Invalid configuration:\n  ${name}: a whole number of days, 1 to 3650`);
    days[match[1]!.toLowerCase()] = parsedDays.data;
  }
  const dataDir = resolve(e.XINGHUO_DATA_DIR);
  return {
    databaseUrl: e.XINGHUO_DATABASE_URL,
    host: e.XINGHUO_HOST,
    port: e.XINGHUO_PORT,
    dataDir,
    secureCookies: e.XINGHUO_SECURE_COOKIES === 'true',
    sessionHours: e.XINGHUO_SESSION_HOURS,
    logLevel: e.XINGHUO_LOG_LEVEL,
    maxUploadBytes: e.XINGHUO_MAX_UPLOAD_MB * 1024 * 1024,
    instanceId: e.XINGHUO_INSTANCE ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    jobs: e.XINGHUO_JOBS === 'on',
    trustProxy: e.XINGHUO_TRUST_PROXY === 'true',
    retention: { days, graceDays: e.XINGHUO_EMERGENCY_GRACE_DAYS },
    webDir: resolve('dist/web'),
  };
}
