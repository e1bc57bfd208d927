import { BellOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import type { Me } from '../../../contracts/auth.ts';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { can } from '../../lib/auth.ts';
import { CurrentNodeProvider } from '../../lib/current-node.tsx';
import { LiveProvider, useLive } from '../../lib/live.tsx';
import { clearUserStorage } from '../../lib/user-storage.ts';
import { useLogout } from '../api/logout.ts';
import { features } from '../features.tsx';

// The tree select is a large part of antd that no page's first content waits for.
const NodePicker = lazy(() => import('./node-picker.tsx').then((m) => ({ default: m.NodePicker })));

const labelKeys: Record<string, string> = Object.assign({}, ...features.map((f) => f.eventLabels ?? {}));

export function Shell({ me }: { me: Me }) {
  return (
    <CurrentNodeProvider userId={me.id}>
      <LiveProvider userId={me.id} labelKeys={labelKeys}>
        <ShellLayout me={me} />
      </LiveProvider>
    </CurrentNodeProvider>
  );
}

function Jurisdiction({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div data-testid="jurisdiction">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('jurisdiction')}
      </Typography.Text>
      <div>
        {me.grants.length === 0 ? (
          <Typography.Text type="warning">{t('noJurisdiction')}</Typography.Text>
        ) : (
          me.grants.map((g) => (
            <Tag key={g.id} color="volcano" style={{ marginTop: 4 }}>
              {g.nodeName} · {t(`roles.${g.role}`)}
            </Tag>
          ))
        )}
      </div>
    </div>
  );
}

function NotificationBell() {
  const { t } = useTranslation();
  const { unread, status } = useLive();
  const navigate = useNavigate();
  return (
    <Tooltip title={t(`live.${status}`)}>
      <Badge count={unread} overflowCount={99} size="small">
        <Button
          type="text"
          aria-label={t('notifications')}
          icon={<BellOutlined />}
          onClick={() => navigate('/notifications')}
          data-testid="notification-bell"
        />
      </Badge>
    </Tooltip>
  );
}

function ShellLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // Until the first measurement `lg` is undefined; treat that as wide so desktops do not flash.
  const narrow = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const logout = useLogout();
  const { message } = App.useApp();

  const items = useMemo(
    () =>
      features
        .flatMap((f) => f.nav)
        .filter((item) => can(me, item.permission))
        .map((item) => ({ key: item.path, icon: item.icon, label: t(item.labelKey) })),
    [me, t],
  );
  const selected =
    items
      .map((i) => i.key)
      .filter((key) => (key === '/' ? location.pathname === '/' : location.pathname.startsWith(key)))
      .sort((a, b) => b.length - a.length)[0] ?? '';

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 0 }}
      data-testid="nav-menu"
    />
  );

  const signOut = async () => {
    try {
      await logout.mutateAsync();
    } catch (err) {
      message.error((err as Error).message);
    }
    clearUserStorage();
    navigate('/login', { replace: true });
  };

  const userMenu = {
    items: [
      { key: 'account', icon: <UserOutlined />, label: t('account') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('signOut'), danger: true },
    ],
    onClick: ({ key }: { key: string }) => (key === 'logout' ? void signOut() : navigate('/account')),
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('appName')}
          size={280}
          styles={{ body: { padding: 0 } }}
        >
          <div style={{ padding: 16 }}>
            <Jurisdiction me={me} />
          </div>
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={232} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 16px 8px' }}>
            <Typography.Title level={4} style={{ margin: 0, color: '#d4380d' }}>
              {t('appName')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('appSubtitle')}
            </Typography.Text>
          </div>
          <div style={{ padding: '8px 16px 12px' }}>
            <Jurisdiction me={me} />
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {narrow ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('menu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-toggle"
            />
          ) : null}
          <div style={{ flex: 1, minWidth: 0 }}>
            <Suspense fallback={null}>
              <NodePicker />
            </Suspense>
          </div>
          <Space size={narrow ? 4 : 12}>
            {navigation.state === 'loading' ? <Spin size="small" /> : null}
            {can(me, 'events.read') ? <NotificationBell /> : null}
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {narrow ? null : me.name}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
