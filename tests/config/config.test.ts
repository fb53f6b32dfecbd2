import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databasePath).toMatch(/data\/cabal\.sqlite$/);
    expect(c.demo).toBe(false);
    expect(c.seedDemo).toBe(true);
  });

  it('reads PORT, DATABASE_PATH and DEMO', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_PATH: '/tmp/x.sqlite', DEMO: '1' });
    expect(c).toMatchObject({ port: 8080, databasePath: '/tmp/x.sqlite', demo: true });
  });

  it('stops on a bad value and names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });
});
