import { AuditOutlined, BankOutlined, ContainerOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const enterprisesFeature: Feature = {
  id: 'enterprises',
  routes: [
    { path: 'enterprise-filings', access: 'authenticated', load: () => import('./pages/filings-page.tsx') },
    {
      path: 'enterprise-filings/:id',
      access: 'authenticated',
      load: () => import('./pages/filing-page.tsx'),
    },
    { path: 'fm-certificates', access: 'authenticated', load: () => import('./pages/certificates-page.tsx') },
    {
      path: 'fm-certificates/:id',
      access: 'authenticated',
      load: () => import('./pages/certificate-page.tsx'),
    },
    { path: 'customs', access: 'authenticated', load: () => import('./pages/customs-page.tsx') },
    { path: 'enterprise', access: 'enterprises.self', load: () => import('./pages/firm-page.tsx') },
  ],
  publicRoutes: [
    { path: 'verify/fm-offline', load: () => import('./pages/offline-verify-page.tsx') },
    { path: 'verify/fm/:number', load: () => import('./pages/verify-page.tsx') },
  ],
  nav: [
    {
      path: '/enterprise',
      labelKey: 'enterprises:menuFirm',
      icon: <BankOutlined />,
      permission: 'enterprises.self',
    },
    {
      path: '/customs',
      labelKey: 'enterprises:menuCustoms',
      icon: <ContainerOutlined />,
      permission: 'enterprises.self',
    },
    {
      path: '/customs',
      labelKey: 'enterprises:menuCustoms',
      icon: <ContainerOutlined />,
      permission: 'customs.clear',
    },
    {
      path: '/enterprise-filings',
      labelKey: 'enterprises:menuFilings',
      icon: <AuditOutlined />,
      permission: 'enterprises.self',
    },
    {
      path: '/enterprise-filings',
      labelKey: 'enterprises:menuFilings',
      icon: <AuditOutlined />,
      permission: 'enterprises.review',
    },
    {
      path: '/fm-certificates',
      labelKey: 'enterprises:menuCertificates',
      icon: <SafetyCertificateOutlined />,
      permission: 'enterprises.self',
    },
    {
      path: '/fm-certificates',
      labelKey: 'enterprises:menuCertificates',
      icon: <SafetyCertificateOutlined />,
      permission: 'certificates.issue',
    },
  ],
  eventLabels: {
    'enterprises.filing-submit': 'enterprises:eventNames.enterprises_filing-submit',
    'enterprises.filing-start': 'enterprises:eventNames.enterprises_filing-start',
    'enterprises.filing-request': 'enterprises:eventNames.enterprises_filing-request',
    'enterprises.filing-reply': 'enterprises:eventNames.enterprises_filing-reply',
    'enterprises.filing-schedule': 'enterprises:eventNames.enterprises_filing-schedule',
    'enterprises.filing-visit': 'enterprises:eventNames.enterprises_filing-visit',
    'enterprises.filing-approve': 'enterprises:eventNames.enterprises_filing-approve',
    'enterprises.filing-reject': 'enterprises:eventNames.enterprises_filing-reject',
    'enterprises.filing-replied': 'enterprises:eventNames.enterprises_filing-replied',
    'certificates.applied': 'enterprises:eventNames.certificates_applied',
    'customs.cleared': 'enterprises:eventNames.customs_cleared',

    'enterprises.filing-submitted': 'enterprises:statuses.submitted',
    'certificates.issue': 'enterprises:issue',
  },
  messages,
};
