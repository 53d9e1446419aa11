// Corpus loader: compiles a corpus' TypeScript with the TypeScript compiler API
// (experimentalDecorators + emitDecoratorMetadata, CommonJS) into BUILD_ROOT/NAME and
// loads the entity modules in this process with a resolver hook:
//   typeorm, reflect-metadata     -> the harness' own copies (one shared TypeORM runtime)
//   node builtins                 -> real
//   corpus.realModules            -> real, from harness/node_modules
//   relative / alias / baseUrl    -> the corpus' own (compiled) files
//   anything else                 -> a no-op stub module (lib/stub.mjs), counted
// A module-evaluation stack attributes every TypeORM metadata-args entry (tables,
// columns, relations, indices, ...) to the source file whose evaluation produced it.
import fs from 'node:fs';
import path from 'node:path';
import Module, { createRequire } from 'node:module';
import ts from 'typescript';
import { glob } from 'glob';
import { stubModule, isStub, makeStub } from './stub.mjs';

const HARNESS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const harnessRequire = createRequire(path.join(HARNESS_DIR, 'package.json'));

export function expandGlobs(srcRoot, globs, ignore = []) {
  const out = new Set();
  for (const g of globs) for (const f of glob.sync(g, { cwd: srcRoot, ignore, nodir: true, posix: true })) out.add(f);
  return [...out].sort();
}

function aliasesToPaths(aliases) {
  const paths = {};
  for (const [from, to] of Object.entries(aliases ?? {})) {
    if (/\.(ts|tsx|js)$/.test(to)) paths[from] = [to];
    else {
      paths[from] = [to];
      paths[`${from}/*`] = [`${to}/*`];
    }
  }
  return paths;
}

/**
 * Overlay (l): with the corpus field "realModuleTypes", the program sees the typings of the corpus'
 * realModules (installed in the harness): a property typed `z.infer<...>` then gets the design:type
 * the project's own build gives it, as with its node_modules, instead of a guarded reference to an
 * import TypeScript elided (n8n: `ReferenceError: types_db_1 is not defined` at load).
 */
function realModuleTypes(corpus) {
  if (!corpus.realModuleTypes) return {};
  const paths = {};
  for (const pkg of corpus.realModules ?? []) {
    const dir = path.join(HARNESS_DIR, 'node_modules', pkg);
    paths[pkg] = [dir];
    paths[`${pkg}/*`] = [`${dir}/*`];
  }
  return paths;
}

export function compilerOptionsFor(corpus, srcRoot, buildRoot) {
  const o = {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    allowJs: false,
    skipLibCheck: true,
    noEmitOnError: false,
    useDefineForClassFields: false,
    resolveJsonModule: true,
    declaration: false,
    sourceMap: false,
    removeComments: false,
    types: [],
    jsx: ts.JsxEmit.React,
    rootDir: srcRoot,
    outDir: buildRoot,
    baseUrl: path.join(srcRoot, corpus.baseUrls?.[0] ?? '.'),
    paths: { ...aliasesToPaths(corpus.aliases), ...realModuleTypes(corpus) },
    ...(corpus.compilerOptions ?? {}),
  };
  if (!corpus.baseUrls?.length && !Object.keys(o.paths).length) delete o.baseUrl;
  return o;
}

export class CorpusLoader {
  constructor(corpus, { srcRoot, buildRoot, log }) {
    this.corpus = corpus;
    this.srcRoot = srcRoot;
    this.buildRoot = buildRoot;
    this.log = log;
    this.src2build = new Map();
    this.build2src = new Map();
    this.fileOfTarget = new Map(); // class ctor -> source rel path
    this.evalStack = [];
    this.loadErrors = [];
    this.unresolved = new Map(); // "spec <- from" -> count
    this.stubbedModules = new Map(); // bare spec -> count
    this.designTypeStubs = 0;
    this.onDemand = 0;
    this.options = compilerOptionsFor(corpus, srcRoot, buildRoot);
    this.stubDir = path.join(buildRoot, '__stubs__');
  }

  relSrc(abs) {
    return path.relative(this.srcRoot, abs).split(path.sep).join('/');
  }

  /** Full-program emit (type-aware: import elision + decorator metadata like a real tsc build). */
  emit(rootRelFiles) {
    const t0 = Date.now();
    fs.rmSync(this.buildRoot, { recursive: true, force: true });
    fs.mkdirSync(this.stubDir, { recursive: true });
    fs.writeFileSync(path.join(this.buildRoot, 'package.json'), '{"type":"commonjs"}\n');
    const host = ts.createCompilerHost(this.options, true);
    const program = ts.createProgram(
      rootRelFiles.map((f) => path.join(this.srcRoot, f)),
      this.options,
      host,
    );
    let written = 0;
    const res = program.emit(undefined, (fileName, text, _bom, _onError, sourceFiles) => {
      if (!fileName.endsWith('.js')) return; // never copy json/package.json into the build tree
      fs.mkdirSync(path.dirname(fileName), { recursive: true });
      fs.writeFileSync(fileName, text);
      written++;
      const src = sourceFiles?.[0]?.fileName;
      if (src) {
        const abs = path.resolve(src);
        this.src2build.set(abs, fileName);
        this.build2src.set(fileName, abs);
      }
    });
    const syntactic = program.getSyntacticDiagnostics().length;
    const programFiles = program.getSourceFiles().filter((s) => !s.isDeclarationFile && s.fileName.startsWith(this.srcRoot)).length;
    return { programFiles, emittedJs: written, emitSkipped: res.emitSkipped, syntacticErrors: syntactic, seconds: (Date.now() - t0) / 1000 };
  }

  ensureBuilt(absSrc) {
    if (this.src2build.has(absSrc)) return this.src2build.get(absSrc);
    const rel = this.relSrc(absSrc);
    const out = path.join(this.buildRoot, rel.replace(/\.(tsx?|jsx?|mts|cts)$/, '.js'));
    const text = fs.readFileSync(absSrc, 'utf8');
    const r = ts.transpileModule(text, { compilerOptions: { ...this.options, isolatedModules: true }, fileName: absSrc });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, r.outputText);
    this.onDemand++;
    this.src2build.set(absSrc, out);
    this.build2src.set(out, absSrc);
    return out;
  }

  resolveSourceCandidate(candidate) {
    const tries = [];
    if (/\.(ts|tsx)$/.test(candidate) && !candidate.endsWith('.d.ts')) tries.push(candidate);
    if (/\.js$/.test(candidate)) tries.push(candidate.replace(/\.js$/, '.ts'), candidate.replace(/\.js$/, '.tsx'), candidate);
    if (/\.json$/.test(candidate)) tries.push(candidate);
    tries.push(`${candidate}.ts`, `${candidate}.tsx`, `${candidate}.js`, `${candidate}.json`);
    tries.push(path.join(candidate, 'index.ts'), path.join(candidate, 'index.tsx'), path.join(candidate, 'index.js'));
    for (const t of tries) {
      try {
        if (fs.statSync(t).isFile()) return t;
      } catch {}
    }
    return null;
  }

  stubFile(spec, reason) {
    const key = spec;
    this.stubbedModules.set(key, (this.stubbedModules.get(key) ?? 0) + 1);
    const file = path.join(this.stubDir, `${encodeURIComponent(spec).replace(/%/g, '_')}.js`);
    if (!fs.existsSync(file)) {
      fs.writeFileSync(
        file,
        `// harness stub (${reason})\nmodule.exports = globalThis.__harnessStubModule(${JSON.stringify(spec)});\n`,
      );
    }
    return file;
  }

  resolveFromCorpus(request, parentFile) {
    if (Module.isBuiltin(request)) return null; // let node resolve
    if (path.isAbsolute(request) && request.startsWith(this.buildRoot + path.sep)) return null;
    let pkg = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
    // Overlay (l): a TypeORM fork the project imports under its own name (n8n's @n8n/typeorm) is the
    // one TypeORM runtime too, deep imports included.
    if ((this.corpus.typeormModules ?? []).includes(pkg)) {
      request = `typeorm${request.slice(pkg.length)}`;
      pkg = 'typeorm';
    }
    if (pkg === 'typeorm' || pkg === 'reflect-metadata') {
      try {
        return harnessRequire.resolve(request);
      } catch {
        return harnessRequire.resolve(`${request}.js`);
      }
    }
    if ((this.corpus.realModules ?? []).includes(pkg)) return harnessRequire.resolve(request);
    if (parentFile.startsWith(this.stubDir)) return this.stubFile(request, 'from stub');
    const parentSrc = this.build2src.get(parentFile) ?? parentFile;
    let candidate = null;
    if (request.startsWith('.') || path.isAbsolute(request)) {
      candidate = path.resolve(path.dirname(parentSrc), request);
    } else {
      for (const [from, to] of Object.entries(this.corpus.aliases ?? {})) {
        if (request === from) candidate = path.join(this.srcRoot, to);
        else if (request.startsWith(`${from}/`)) candidate = path.join(this.srcRoot, to, request.slice(from.length + 1));
        if (candidate) break;
      }
      if (!candidate) {
        for (const b of this.corpus.baseUrls ?? []) {
          const c = path.join(this.srcRoot, b, request);
          if (this.resolveSourceCandidate(c)) {
            candidate = c;
            break;
          }
        }
      }
      if (!candidate) return this.stubFile(request, 'third-party');
    }
    const src = this.resolveSourceCandidate(candidate);
    if (!src) {
      const k = `${request} <- ${this.relSrc(parentSrc)}`;
      this.unresolved.set(k, (this.unresolved.get(k) ?? 0) + 1);
      return this.stubFile(`unresolved:${this.relSrc(candidate)}`, 'unresolved corpus path');
    }
    if (src.endsWith('.json')) return src;
    return this.ensureBuilt(src);
  }

  install() {
    const self = this;
    globalThis.__harnessStubModule = (spec) => stubModule(spec);
    for (const [k, v] of Object.entries(this.corpus.env ?? {})) process.env[k] = v;

    const origResolve = Module._resolveFilename;
    Module._resolveFilename = function (request, parent, isMain, options) {
      const pf = parent?.filename;
      if (pf && pf.startsWith(self.buildRoot + path.sep)) {
        const r = self.resolveFromCorpus(request, pf);
        if (r) return r;
      }
      return origResolve.call(this, request, parent, isMain, options);
    };
    const origCompile = Module.prototype._compile;
    Module.prototype._compile = function (content, filename) {
      self.evalStack.push(filename);
      try {
        return origCompile.call(this, content, filename);
      } finally {
        self.evalStack.pop();
      }
    };

    harnessRequire('reflect-metadata');
    // A stub used as a class/member decorator must not replace the class or descriptor.
    const origDecorate = Reflect.decorate;
    Reflect.decorate = function (decorators, target, key, desc) {
      const safe = decorators.map((d) =>
        typeof d === 'function'
          ? function (...a) {
              const r = d.apply(this, a);
              return isStub(r) ? undefined : r;
            }
          : d,
      );
      return arguments.length > 2 ? origDecorate.call(this, safe, target, key, desc) : origDecorate.call(this, safe, target);
    };
    // TypeScript emits design:type with a runtime fallback to Object for things that are
    // not functions at runtime; a stub *is* a function, so map stubs back to Object.
    const origMetadata = Reflect.metadata;
    Reflect.metadata = function (key, value) {
      if (isStub(value)) {
        self.designTypeStubs++;
        value = Object;
      } else if (Array.isArray(value) && value.some(isStub)) {
        value = value.map((v) => (isStub(v) ? Object : v));
      }
      return origMetadata.call(this, key, value);
    };

    this.typeorm = harnessRequire('typeorm');
    const storage = this.typeorm.getMetadataArgsStorage();
    this.storage = storage;
    for (const [key, arr] of Object.entries(storage)) {
      if (!Array.isArray(arr)) continue;
      const origPush = arr.push;
      arr.push = function (...items) {
        for (const it of items) self.attribute(it?.target);
        return origPush.apply(this, items);
      };
    }
  }

  attribute(target) {
    if (typeof target !== 'function' || this.fileOfTarget.has(target)) return;
    for (let i = this.evalStack.length - 1; i >= 0; i--) {
      const f = this.evalStack[i];
      const src = this.build2src.get(f);
      if (src) {
        this.fileOfTarget.set(target, this.relSrc(src));
        return;
      }
    }
  }

  requireSource(rel) {
    const abs = path.join(this.srcRoot, rel);
    const built = this.ensureBuilt(abs);
    return harnessRequire(built);
  }

  loadFiles(relFiles) {
    const loaded = [];
    for (const rel of relFiles) {
      try {
        this.requireSource(rel);
        loaded.push(rel);
      } catch (e) {
        this.loadErrors.push({ file: rel, error: String(e?.stack ?? e).split('\n').slice(0, 4).join(' | ') });
      }
    }
    return loaded;
  }
}

export { makeStub };
