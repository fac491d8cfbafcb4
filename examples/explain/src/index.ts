import { explainExportControl } from './explain-export-control.js';

const { lines } = await explainExportControl();
for (const line of lines) console.log(line);
