import { authFeature } from '../features/auth/index.tsx';
import { homeFeature } from '../features/home/index.tsx';
import type { Feature } from '../lib/feature.ts';

/**
 * Every feature of the web UI, in menu order. A new feature is a folder under features/ whose
 * index.tsx exports a `Feature`, plus one line here.
 */
export const features: Feature[] = [homeFeature, authFeature];
