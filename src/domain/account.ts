/** A role an account may hold on top of being an employee. */
export type Role = 'lead' | 'manager' | 'admin';

/** The roles, in the order the UI lists them. */
export const ROLES: readonly Role[] = ['lead', 'manager', 'admin'];

/** A signed-in account: the person it belongs to and the roles it holds. */
export interface Account {
  id: number;
  personId: string;
  name: string;
  email: string;
  roles: Role[];
  disabled: boolean;
  /** The password is a one-time password from an admin: the person must choose their own before anything else. */
  mustChangePassword?: boolean;
}
