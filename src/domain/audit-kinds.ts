/** The kinds the audit log page filters by, each a set of actions (exact names, or a prefix less some names). */
export const AUDIT_KINDS = [
  { kind: 'membership', label: 'Membership changes', actions: ['cabal.join', 'cabal.leave'] },
  { kind: 'pin', label: 'Pins', actions: ['pin.add', 'pin.remove'] },
  { kind: 'publish', label: 'Publishing', actions: ['month.publish'] },
  { kind: 'plan', label: 'Plan runs and plan imports', actions: ['plan.save', 'plan.import'] },
  {
    kind: 'import',
    label: 'HR imports',
    actions: ['hr.import', 'person.create', 'person.update', 'person.deactivate'],
  },
  { kind: 'role', label: 'Role changes', actions: ['account.roles'] },
  { kind: 'account', label: 'Account changes', prefix: 'account.', except: ['account.roles'] },
  { kind: 'policy', label: 'Policy changes', actions: ['policy.update'] },
  { kind: 'problem', label: 'Problem changes', prefix: 'problem.' },
] as const satisfies readonly {
  kind: string;
  label: string;
  actions?: readonly string[];
  prefix?: string;
  except?: readonly string[];
}[];

/** One kind of audit entry. */
export type AuditKind = (typeof AUDIT_KINDS)[number]['kind'];

/** The kind an action belongs to, or undefined for actions no kind lists (e.g. the demo seed). */
export function kindOfAction(action: string): AuditKind | undefined {
  for (const k of AUDIT_KINDS) {
    if ('actions' in k && (k.actions as readonly string[]).includes(action)) return k.kind;
    if (
      'prefix' in k &&
      action.startsWith(k.prefix) &&
      !('except' in k && (k.except as readonly string[]).includes(action))
    )
      return k.kind;
  }
  return undefined;
}
