import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import type { Me } from '../../contracts/auth.ts';
import type { RegionNode } from '../../contracts/regions.ts';
import type { Access } from './auth.ts';

/** What a public page's first requests may depend on. */
export interface PublicPrefetchContext {
  queryClient: QueryClient;
  params: Record<string, string | undefined>;
}

/** What a signed-in page's first requests may depend on. */
export interface PrefetchContext extends PublicPrefetchContext {
  me: Me;
  /** The node the shell will work on (lib/current-node.tsx), as the page will see it. */
  currentNode(): Promise<RegionNode | null>;
}

/** A page of a feature, loaded on first visit so each feature stays out of the main bundle. */
export interface FeatureRoute {
  /** Path under the shell, without a leading slash ('users', 'users/:id'). */
  path: string;
  access: Access;
  load: () => Promise<{ default: ComponentType }>;
  /**
   * Starts the page's first queries while its code downloads, with the query keys the page uses,
   * so they are answered (or in flight) when it mounts. Import the query code dynamically here:
   * this function is in the first bundle, what it imports need not be.
   */
  prefetch?: (ctx: PrefetchContext) => Promise<unknown>;
}

/** A page outside the signed-in shell, open to anyone. */
export interface PublicRoute {
  path: string;
  load: () => Promise<{ default: ComponentType }>;
  prefetch?: (ctx: PublicPrefetchContext) => Promise<unknown>;
}

export interface NavItem {
  path: string;
  /** i18n key, `<namespace>:<key>`; the namespace is usually the feature id. */
  labelKey: string;
  icon: ReactNode;
  permission: Access;
}

export type Messages = { [key: string]: string | Messages };

/**
 * What a feature folder exports from its index.ts and lists once in app/features.tsx. Its
 * translations become the i18next namespace named by `id`.
 */
export interface Feature {
  id: string;
  routes: FeatureRoute[];
  /** Pages outside the signed-in shell, open to anyone (the login page). */
  publicRoutes?: PublicRoute[];
  /** i18n keys for the live event types this feature emits, shown in notifications. */
  eventLabels?: Record<string, string>;
  nav: NavItem[];
  messages: { 'zh-CN': Messages; en: Messages };
}
