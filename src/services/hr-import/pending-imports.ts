import { randomBytes } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Clock } from '../../domain/clock.ts';
import type { PendingImport } from './confirm.ts';

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Previews waiting for an admin's confirmation, kept in memory for the life of the app (built in createApp), keyed
 * by a random token and bound to the account that uploaded the file. An entry lasts `ttlMinutes`; a restart forgets
 * them, and the admin uploads the file again. At most `capacity` are kept, the oldest dropped first.
 */
export class PendingImports {
  private readonly entries = new Map<string, { pending: PendingImport; expires: DateTime }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMinutes = 30,
    private readonly capacity = 8,
  ) {}

  /** Keeps a preview and returns its token. */
  add(pending: PendingImport): string {
    this.prune();
    while (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    const token = randomBytes(24).toString('base64url');
    this.entries.set(token, { pending, expires: this.clock.now().plus({ minutes: this.ttlMinutes }) });
    return token;
  }

  /** The preview behind a token, if it exists, has not expired and belongs to this account. */
  get(token: string, userId: number | undefined): PendingImport | undefined {
    if (!TOKEN.test(token)) return undefined;
    this.prune();
    const entry = this.entries.get(token);
    return entry && entry.pending.actor.userId === userId ? entry.pending : undefined;
  }

  /** Forgets a preview (once applied, or replaced by a fresh one). */
  delete(token: string): void {
    this.entries.delete(token);
  }

  /** How long a preview waits for its confirmation, in minutes. */
  get minutes(): number {
    return this.ttlMinutes;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [token, entry] of this.entries) if (entry.expires <= now) this.entries.delete(token);
  }
}
