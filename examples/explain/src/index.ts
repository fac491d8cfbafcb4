import { checkRequestContexts } from './check-request-context.js';
import { explainExportControl } from './explain-export-control.js';

const { lines } = await explainExportControl();
for (const line of lines) console.log(line);
for (const { context, accepted, issues } of await checkRequestContexts([
  { jurisdiction: 'DE', dataClass: 'regulated' },
  { jurisdiction: 'de' },
])) {
  console.log(`${JSON.stringify(context)}: ${accepted ? 'accepted' : `refused: ${issues.join('; ')}`}`);
}
