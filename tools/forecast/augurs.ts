// Loads the augurs WASM modules once. Their default init() fetches a file: URL, which Node 20
// cannot do, so each module is initialised synchronously from the bytes of its .wasm file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ets from '@bsull/augurs/ets';
import * as mstl from '@bsull/augurs/mstl';
import * as prophet from '@bsull/augurs/prophet';
import { optimizer } from '@bsull/augurs-prophet-wasmstan';
import { HeadroomError } from '../../analytics/errors.js';
import type { Augurs } from '../../analytics/forecast/augurs-handle.js';

export type { Augurs } from '../../analytics/forecast/augurs-handle.js';

let loaded: Promise<Augurs> | undefined;
let ready: Augurs | undefined;

/** The handle once loadAugurs() has resolved; a RUNTIME error before that. */
export function loadedAugurs(): Augurs {
  if (!ready) throw new HeadroomError('RUNTIME', 'augurs is not loaded yet: await loadAugurs() first');
  return ready;
}

/** Initialises the WASM modules on first call; later calls return the same handle. */
export function loadAugurs(): Promise<Augurs> {
  loaded ??= Promise.resolve().then(initialise);
  return loaded;
}

function wasmBytes(name: string): Buffer {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@bsull/augurs/mstl'));
  return readFileSync(join(dir, `${name}_bg.wasm`));
}

function initialise(): Augurs {
  try {
    mstl.initSync({ module: wasmBytes('mstl') });
    ets.initSync({ module: wasmBytes('ets') });
    prophet.initSync({ module: wasmBytes('prophet') });
  } catch (err) {
    loaded = undefined;
    throw new HeadroomError('RUNTIME', `could not initialise augurs WASM: ${(err as Error).message}`);
  }
  ready = {
    mstlEts: (periods) => mstl.MSTL.ets(periods),
    autoEts: (spec) => new ets.AutoETS(1, spec),
    prophet: ({ intervalWidth, daily, weekly }) => {
      const model = new prophet.Prophet({
        optimizer,
        uncertaintySamples: 0,
        intervalWidth,
        dailySeasonality: { type: 'manual', enabled: daily },
        weeklySeasonality: { type: 'manual', enabled: weekly },
        yearlySeasonality: { type: 'manual', enabled: false },
      });
      return {
        fit: (data) => model.fit({ ds: data.ds, y: data.y }),
        makeFutureDataframe: (h, opts) => model.makeFutureDataframe(h, opts),
        predict: (data) => model.predict(data),
        free: () => model.free(),
      };
    },
  };
  return ready;
}
