import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { LoginBody } from '../../../../contracts/auth.ts';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { landingPath, useMe } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useApplyLocale } from '../../../lib/locale.ts';
import { useLogin } from '../api/login.ts';

/** Only same-origin paths are followed after sign-in, never a full URL someone put in ?next=. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<LoginBody>();
  const login = useLogin();
  const me = useMe();
  const applyLocale = useApplyLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  if (me.data) return <Navigate to={safeNext(params.get('next')) ?? landingPath(me.data)} replace />;

  const onFinish = async (values: LoginBody) => {
    try {
      const user = await login.mutateAsync(values);
      await applyLocale(user.locale);
      navigate(safeNext(params.get('next')) ?? landingPath(user), { replace: true });
    } catch (err) {
      // The alert above the form shows what matches no field.
      applyApiError(form, err);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        boxSizing: 'border-box',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #fff2e8 0%, #f5f5f5 60%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#d4380d' }}>
            {tc('appName')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary">{tc('appSubtitle')}</Typography.Paragraph>
        <Typography.Title level={4}>{t('title')}</Typography.Title>
        {login.error && !form.getFieldsError().some((f) => f.errors.length > 0) ? (
          <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} />
        ) : null}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="phone"
            label={t('phone')}
            rules={[{ required: true, message: t('phoneRequired') }]}
          >
            <Input inputMode="tel" autoComplete="username" maxLength={11} data-testid="login-phone" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('password')}
            rules={[{ required: true, message: t('passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('signIn')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('demoHint')}
        </Typography.Paragraph>
        {/* The public pages, for people without an account. */}
        <div style={{ display: 'flex', gap: 16, marginTop: 12, flexWrap: 'wrap' }}>
          <Link to="/join" data-testid="login-join">
            {t('joinLink')}
          </Link>
          <Link to="/releases" data-testid="login-releases">
            {t('releasesLink')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
