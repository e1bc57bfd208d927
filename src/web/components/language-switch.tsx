import { useQueryClient } from '@tanstack/react-query';
import { App, Segmented } from 'antd';
import type { Me } from '../../contracts/auth.ts';
import type { Locale } from '../../contracts/common.ts';
import { okSchema } from '../../contracts/common.ts';
import { api } from '../lib/api.ts';
import { meQueryKey, useMe } from '../lib/auth.ts';
import { useApplyLocale, useLocale } from '../lib/locale.ts';

/** 中文 / EN. Signed in, the choice is saved to the account so error texts follow it too. */
export function LanguageSwitch() {
  const locale = useLocale();
  const applyLocale = useApplyLocale();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const onChange = async (value: Locale) => {
    await applyLocale(value);
    if (!me.data) return;
    try {
      await api.put('/api/auth/locale', okSchema, { locale: value });
      queryClient.setQueryData<Me | null>(meQueryKey, (old) => (old ? { ...old, locale: value } : old));
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      onChange={(value) => void onChange(value)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
      data-testid="language-switch"
    />
  );
}
