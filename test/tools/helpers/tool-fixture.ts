// A real Runtime over the simulated example fleet and a temporary SQLite store, built once per test
// file (the store lives for the whole file, so it uses its own directory rather than tempDbPath,
// which is removed after every test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { z } from 'zod';
import { openRuntime, type Runtime } from '../../../bot/app/runtime.js';
import { openStore, type Store } from '../../../bot/store/index.js';
import { toolDepsForRuntime } from '../../../bot/tools-deps.js';
import { findTool, runTool, type ToolDefinition, type ToolDeps } from '../../../tools/registry/index.js';

export const EXAMPLE_FLEET = 'manifests/fleet.example.yaml';
export const TEST_ENV = { HEADROOM_HISTORY_DAYS: '35' };

export interface ToolFixture {
  runtime: Runtime;
  store: Store;
  deps: ToolDeps;
  close(): void;
}

export async function openToolFixture(options: { at?: string; scenario?: string; fleet?: string } = {}) {
  const runtime = await openRuntime({ fleet: EXAMPLE_FLEET, ...options }, TEST_ENV);
  const dir = mkdtempSync(join(tmpdir(), 'headroom-tools-'));
  const store = openStore(join(dir, 'headroom.db'));
  const fixture: ToolFixture = {
    runtime,
    store,
    deps: toolDepsForRuntime(runtime, store),
    close() {
      store.close();
      runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/**
 * Runs a tool by name through the registry (as Claude and MCP do), expects success, and checks the
 * data against the tool's own output schema; typed by the tool's definition.
 */
export async function callOk<T extends ToolDefinition>(deps: ToolDeps, tool: T, args: unknown) {
  const result = await runTool(tool.name, args, deps);
  if (!result.ok) throw new Error(`${tool.name} failed: ${JSON.stringify(result.error)}`);
  const parsed = findTool(tool.name)!.output.safeParse(result.data);
  expect(parsed.success, `${tool.name} output matches its schema: ${parsed.error?.message}`).toBe(true);
  return result.data as z.output<T['output']>;
}

/** Runs a tool and expects a structured failure. */
export async function callFail(deps: ToolDeps, name: string, args: unknown) {
  const result = await runTool(name, args, deps);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(result.data).slice(0, 300)}`);
  return result.error;
}

/** CLI JSON rounding (bot/format/json.ts num): the figures the tools must quote. */
export function rounded(x: number, digits: number): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
