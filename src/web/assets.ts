import path from 'node:path';
import express, { type Express } from 'express';

// Browser libraries come from node_modules, never from a CDN; each is exposed under /assets/vendor.
const VENDOR: Record<string, string> = {
  'htmx.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'chart.js': 'node_modules/chart.js/dist/chart.umd.min.js',
  'graphology.js': 'node_modules/graphology/dist/graphology.umd.min.js',
  'sigma.js': 'node_modules/sigma/dist/sigma.min.js',
};

/** Serves the app's own static files and the vendored browser libraries. */
export function mountAssets(app: Express, root: string): void {
  const maxAge = '1h';
  app.use('/assets', express.static(path.join(root, 'public'), { maxAge }));
  for (const [name, file] of Object.entries(VENDOR)) {
    const full = path.join(root, file);
    app.get(`/assets/vendor/${name}`, (_req, res) => res.sendFile(full, { maxAge }));
  }
}
