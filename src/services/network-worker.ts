import { parentPort, workerData } from 'node:worker_threads';
import { buildNetwork, type NetworkPerson, type NetworkTie } from '../domain/network.ts';
import { analyseNetwork } from './network-analysis.ts';

// The worker side of the network service: computes metrics and layout of a large network off the request thread.
const { people, ties } = workerData as { people: NetworkPerson[]; ties: NetworkTie[] };
try {
  const analysis = analyseNetwork(buildNetwork(people, ties).graph);
  parentPort!.postMessage({ type: 'done', analysis });
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error).message });
}
