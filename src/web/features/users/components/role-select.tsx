import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSIGNABLE_ROLES, type Role } from '../../../../contracts/permissions.ts';
import { useCurrentUser } from '../../../lib/auth.ts';

/** The roles the signed-in user may grant: the union over their own grants' roles. */
export function useAssignableRoles(): Role[] {
  const me = useCurrentUser();
  return [...new Set(me.grants.flatMap((g) => ASSIGNABLE_ROLES[g.role]))];
}

export function RoleSelect({
  value,
  onChange,
  testId,
}: {
  value?: Role;
  onChange?: (role: Role) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const roles = useAssignableRoles();
  return (
    <Select<Role>
      value={value}
      onChange={onChange}
      options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      data-testid={testId}
      style={{ minWidth: 140 }}
    />
  );
}
