import { useTranslation } from 'react-i18next';
import type { Locale } from '../../contracts/common.ts';

export const LANG_COOKIE = 'xh_lang';

export function toLocale(value: string | null | undefined): Locale | null {
  if (value === 'en' || value?.toLowerCase().startsWith('en-')) return 'en';
  if (value === 'zh-CN' || value?.toLowerCase().startsWith('zh')) return 'zh-CN';
  return null;
}

/** ?lang= first, then the xh_lang cookie the server also reads, then zh-CN. */
export function initialLocale(): Locale {
  const fromQuery = toLocale(new URLSearchParams(window.location.search).get('lang'));
  if (fromQuery) return fromQuery;
  const cookie = document.cookie.split('; ').find((c) => c.startsWith(`${LANG_COOKIE}=`));
  return toLocale(cookie?.slice(LANG_COOKIE.length + 1)) ?? 'zh-CN';
}

/** Keeps the API's error language (xh_lang cookie) and the page's lang attribute in step. */
export function rememberLocale(locale: Locale): void {
  // biome-ignore lint/suspicious/noDocumentCookie: synchronous on purpose (the next request must carry it), and Safari before 18.4 has no Cookie Store API
  document.cookie = `${LANG_COOKIE}=${locale}; path=/; max-age=${365 * 24 * 3600}; samesite=lax`;
  document.documentElement.lang = locale;
}

/** Switches the UI language in this tab (the account's saved setting is the caller's business). */
export function useApplyLocale(): (locale: Locale) => Promise<void> {
  const { i18n } = useTranslation();
  return async (locale) => {
    rememberLocale(locale);
    await i18n.changeLanguage(locale);
  };
}

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export function formatTime(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
