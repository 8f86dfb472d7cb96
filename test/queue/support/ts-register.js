// Lets a child process `require` the project's TypeScript (CommonJS), for the crash test's
// worker process and the CLI run as a process: transpile only, no type check (jest's ts-jest
// does that for the tests). Each file's output is cached on disk by the hash of its path and
// source, so the second child process of a run starts in a fraction of the first one's time.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const CACHE = path.join(os.tmpdir(), `concerto-ts-cache-${ts.version}`);
fs.mkdirSync(CACHE, { recursive: true });

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto
    .createHash('sha256')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let outputText;
  try {
    outputText = fs.readFileSync(cached, 'utf8');
  } catch {
    ({ outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    }));
    // Written whole then renamed: a process reading it never sees half a file.
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, outputText);
    fs.renameSync(tmp, cached);
  }
  module._compile(outputText, filename);
};
