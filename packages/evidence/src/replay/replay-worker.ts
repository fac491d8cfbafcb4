/**
 * Worker-thread entry of the parallel replay (`selfCheckRecords`,
 * `whatIfRecords`): replays one byte range of one records file and posts the
 * result back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ReplayTask, runReplayTask } from './replay-task.js';

parentPort?.postMessage(await runReplayTask(workerData as ReplayTask));
