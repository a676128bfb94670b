// Adds to package-lock.json the platform-specific optional packages it lacks (`@swc/core-darwin-arm64`,
// `@unrs/resolver-binding-win32-x64-msvc`…). A registry mirror that serves only this machine's platform
// makes `npm install` leave them out, and `npm ci` then refuses the lock as "out of sync". Each entry
// gets the version its parent pins and the os/cpu read from its name, so npm skips it on other
// platforms and fetches it by name and version where it applies.
// Run after changing dependencies: `node scripts/complete-lockfile.mjs` (it changes nothing when complete).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android', 'openharmony'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OSES.find((candidate) => parts.includes(candidate));
  const cpu = CPUS.find((candidate) => parts.includes(candidate));
  const libc = os === 'linux' ? (parts.some((part) => part.startsWith('musl')) ? 'musl' : parts.some((part) => part.startsWith('gnu')) ? 'glibc' : undefined) : undefined;
  return { os, cpu, libc };
}

/** Where npm would put `dep` for the package at `parentPath` (nested first, then hoisted). */
function existingPath(parentPath, dep) {
  for (let base = parentPath; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
  }
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (existingPath(path, dep)) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform binary: leave it to npm
    const key = `node_modules/${dep}`;
    packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added.push(`${dep}@${version}`);
  }
}

if (added.length === 0) {
  console.log('package-lock.json: complete');
} else {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: added ${added.length} platform packages:\n  ${added.join('\n  ')}`);
}
