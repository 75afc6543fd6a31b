// Prints the lines of an API report in a form that does not depend on the
// order API Extractor happened to print union members in: the members of each
// union of string literals on a line are sorted (`'tasks' | 'milestones'`
// becomes `'milestones' | 'tasks'`), then the lines are sorted. Two reports
// with the same output describe the same API.
import fs from 'node:fs';

const literalUnion = /'[^'\n]*'(?:\s*\|\s*'[^'\n]*')+/g;

const lines = fs
  .readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .map(line =>
    line.replace(literalUnion, union =>
      union
        .split(/\s*\|\s*/)
        .sort()
        .join(' | '),
    ),
  )
  .sort();
process.stdout.write(`${lines.join('\n')}\n`);
