import {
  KIND_BIT,
  type MemberKind,
  memberKindOf,
  type TeamType,
  teamTypeBit,
} from '../../../contracts/alliance.ts';
import { type Actor, isWithin } from '../../core/access/index.ts';
import { ancestorPaths } from '../../core/events/index.ts';
import type { MemberTeams } from '../volunteers/index.ts';
import type { BroadcastsRepository, InboxClause } from './broadcasts.repository.ts';

export interface Target {
  path: string;
  audience: number;
  teamMask: number;
}

export interface PublishedTargets {
  targets: Target[];
  publishedAt: number;
}

/** 0 city, 1 county, 2 street, 3 village (and anything hanging below a village). */
export function levelOf(path: string): number {
  return Math.min(path.split('/').length - 2, 3);
}

export const TEAM_KINDS: ReadonlySet<MemberKind> = new Set(['volunteer', 'team_leader']);

/**
 * The membership through which a target reaches the actor, if any: a grant whose role is a member
 * kind in the audience, on a node inside a targeted subtree, and — for volunteers and team
 * leaders when team types are set — a team of one of those types.
 */
export function membershipFor(actor: Actor, teamBits: number | undefined, targets: readonly Target[]) {
  for (const grant of actor.grants) {
    const kind = memberKindOf(grant.role);
    if (!kind) continue;
    for (const t of targets) {
      if ((t.audience & KIND_BIT[kind]) === 0 || !isWithin(grant.nodePath, t.path)) continue;
      if (t.teamMask !== 0 && TEAM_KINDS.has(kind) && (t.teamMask & (teamBits ?? 0)) === 0) continue;
      return { path: grant.nodePath, kind };
    }
  }
  return null;
}

/** The inbox query's membership clauses: per member kind, the ancestor paths of the actor's grants. */
export function inboxClauses(actor: Actor, teamBits: number): InboxClause[] {
  const byKind = new Map<MemberKind, Set<string>>();
  for (const grant of actor.grants) {
    const kind = memberKindOf(grant.role);
    if (!kind) continue;
    const set = byKind.get(kind) ?? new Set<string>();
    for (const path of ancestorPaths(grant.nodePath)) set.add(path);
    byKind.set(kind, set);
  }
  return [...byKind].map(([kind, paths]) => ({
    paths: [...paths],
    kindBit: KIND_BIT[kind],
    teamBits: TEAM_KINDS.has(kind) ? teamBits : null,
  }));
}

const TARGET_CACHE = 2_000;
const TEAM_BITS_TTL_MS = 60_000;
const TEAM_BITS_CACHE = 100_000;

/**
 * Who a published broadcast reaches, answered from memory where it can be: published broadcasts
 * never change their targets, and members' team types are read at most once a minute. Shared by
 * publishing (the live audience rule is synchronous), the inbox and the relays.
 */
export class Audiences {
  private readonly targetCache = new Map<number, PublishedTargets>();
  private readonly teamBitsCache = new Map<number, { bits: number; until: number }>();

  constructor(
    private readonly repo: BroadcastsRepository,
    private readonly teams: MemberTeams,
  ) {}

  /** The bits last read for this member, without a query (undefined if not known). */
  knownTeamBits(userId: number): number | undefined {
    return this.teamBitsCache.get(userId)?.bits;
  }

  async teamBits(userId: number): Promise<number> {
    const now = Date.now();
    const cached = this.teamBitsCache.get(userId);
    if (cached && cached.until > now) return cached.bits;
    const types = await this.teams.teamTypesOf(userId);
    const bits = types.filter(Boolean).reduce((mask, t) => mask | teamTypeBit(t as TeamType), 0);
    this.teamBitsCache.set(userId, { bits, until: now + TEAM_BITS_TTL_MS });
    if (this.teamBitsCache.size > TEAM_BITS_CACHE)
      this.teamBitsCache.delete(this.teamBitsCache.keys().next().value!);
    return bits;
  }

  /** Targets of those ids that are published; drafts and unknown ids are absent from the map. */
  async published(ids: number[]): Promise<Map<number, PublishedTargets>> {
    const out = new Map<number, PublishedTargets>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.targetCache.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const [rows, broadcasts] = await Promise.all([
      this.repo.targetsOf(missing),
      Promise.all(missing.map((id) => this.repo.byId(id))),
    ]);
    for (const b of broadcasts) {
      if (b?.status !== 'published') continue;
      const entry = {
        targets: rows
          .filter((t) => t.broadcast_id === b.id)
          .map((t) => ({ path: t.node_path, audience: t.audience, teamMask: t.team_mask })),
        publishedAt: b.published_at!,
      };
      out.set(b.id, entry);
      if (this.targetCache.size >= TARGET_CACHE)
        this.targetCache.delete(this.targetCache.keys().next().value!);
      this.targetCache.set(b.id, entry);
    }
    return out;
  }
}
