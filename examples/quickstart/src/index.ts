export { runAgainstSimulators } from './run-against-simulators.js';
