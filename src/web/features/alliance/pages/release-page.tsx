import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { usePublicBroadcast } from '../api/get-public-broadcasts.ts';
import { BroadcastBody } from '../components/broadcast-body.tsx';

/** Public: one release or refutation at its own address, the link people forward to each other. */
export default function ReleasePage() {
  const { t } = useTranslation('alliance');
  const { message } = App.useApp();
  const locale = useLocale();
  const id = Number(useParams().id);
  const release = usePublicBroadcast(id);

  const share = async () => {
    const url = window.location.href;
    // The phone's own share sheet (WeChat, SMS) where there is one; the clipboard elsewhere.
    if (navigator.share) {
      await navigator.share({ title: release.data?.title, url }).catch(() => undefined);
      return;
    }
    await navigator.clipboard.writeText(url).then(
      () => message.success(t('public.linkCopied')),
      () => message.info(url),
    );
  };

  return (
    <div style={{ maxWidth: 760, margin: '24px auto', padding: '0 12px' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Link to="/releases">{t('public.allReleases')}</Link>
        <LanguageSwitch />
      </Space>
      {release.isPending && Number.isInteger(id) && id > 0 ? (
        <Loading />
      ) : release.error || !release.data ? (
        <ErrorState error={release.error ?? new Error(t('public.notFound'))} />
      ) : (
        <Card
          data-testid="release"
          title={
            <Space wrap>
              <Tag color={release.data.kind === 'refutation' ? 'volcano' : 'blue'}>
                {t(`kinds.${release.data.kind}`)}
              </Tag>
              <span style={{ whiteSpace: 'normal' }}>{release.data.title}</span>
            </Space>
          }
          extra={
            <Button onClick={() => void share()} data-testid="release-share">
              {t('public.share')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            {release.data.senderName}
            {release.data.publishedAt ? ` · ${formatTime(release.data.publishedAt, locale)}` : ''}
          </Typography.Paragraph>
          {release.data.rumour ? (
            <Typography.Paragraph type="secondary">
              {t('inbox.rumour')}：<Typography.Text delete>{release.data.rumour}</Typography.Text>
            </Typography.Paragraph>
          ) : null}
          <BroadcastBody html={release.data.bodyHtml} />
        </Card>
      )}
    </div>
  );
}
