import type { ComponentType, ReactNode } from 'react';
import type { Access } from './auth.ts';

/** A page of a feature, loaded on first visit so each feature stays out of the main bundle. */
export interface FeatureRoute {
  /** Path under the shell, without a leading slash ('users', 'users/:id'). */
  path: string;
  access: Access;
  load: () => Promise<{ default: ComponentType }>;
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
  publicRoutes?: Omit<FeatureRoute, 'access'>[];
  /** i18n keys for the live event types this feature emits, shown in notifications. */
  eventLabels?: Record<string, string>;
  nav: NavItem[];
  messages: { 'zh-CN': Messages; en: Messages };
}
