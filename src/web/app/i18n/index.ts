import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../contracts/common.ts';
import type { Feature } from '../../lib/feature.ts';
import { initialLocale, rememberLocale } from '../../lib/locale.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

/** The shell's strings are the `common` namespace; each feature brings its own, named by its id. */
export function initI18n(features: Feature[]) {
  const locale = initialLocale();
  rememberLocale(locale);
  const resources: Record<Locale, Record<string, object>> = { 'zh-CN': { common: zhCN }, en: { common: en } };
  for (const f of features) {
    resources['zh-CN'][f.id] = f.messages['zh-CN'];
    resources.en[f.id] = f.messages.en;
  }
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: ['common', ...features.map((f) => f.id)],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
