import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('applies the documented defaults: templates cached, demo allowed, no proxy trusted, links to localhost', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databasePath).toMatch(/data\/cabal\.sqlite$/);
    expect(c).toMatchObject({
      production: false,
      viewCache: true,
      demo: true,
      trustProxy: false,
      publicUrl: 'http://localhost:3000',
      loginAttemptsPerWindow: 10,
      loginAttemptsPerIp: 200,
    });
  });

  it('reads PORT, DATABASE_PATH and DEMO', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_PATH: '/tmp/x.sqlite', DEMO: '0' });
    expect(c).toMatchObject({
      port: 8080,
      databasePath: '/tmp/x.sqlite',
      demo: false,
      publicUrl: 'http://localhost:8080',
    });
  });

  it('turns the template cache off only in development (npm run dev)', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).viewCache).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).viewCache).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://c.example' }).viewCache).toBe(true);
  });

  it('npm start leaves NODE_ENV alone (templates cached) and npm run dev sets development (reloading)', () => {
    const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.start).not.toMatch(/NODE_ENV/);
    expect(scripts.dev).toMatch(/^NODE_ENV=development tsx watch /);
  });

  it('in production: no demo unless DEMO=1 says so, and PUBLIC_URL is required', () => {
    const prod = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://cabal.example.com/' });
    expect(prod).toMatchObject({ production: true, demo: false, publicUrl: 'https://cabal.example.com' });
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://c.example', DEMO: '1' }).demo).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL: required when NODE_ENV=production/);
    expect(() => loadConfig({ PUBLIC_URL: 'cabal.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://cabal.example.com' })).toThrow(/PUBLIC_URL/);
  });

  it('reads TRUST_PROXY as off, a hop count, or a list of addresses and subnets', () => {
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: "everyone" is not/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('stops on a bad value and names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });
});
