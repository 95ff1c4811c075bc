import Bottleneck from 'bottleneck';

/**
 * Slack's published Web API rate tiers, as token buckets: a burst of `burst` calls, refilled one call
 * every `refillMs`. chat.postMessage is limited per channel (about one a second, short bursts allowed).
 */
export interface TierSpec {
  burst: number;
  refillMs: number;
}

export const TIERS = {
  tier2: { burst: 20, refillMs: 3_000 },
  tier3: { burst: 50, refillMs: 1_200 },
  tier4: { burst: 100, refillMs: 600 },
  postMessagePerChannel: { burst: 5, refillMs: 1_000 },
} as const satisfies Record<string, TierSpec>;

export type TierName = keyof typeof TIERS;

/** Which tier each method we call belongs to. */
export const METHOD_TIER = {
  'chat.update': 'tier3',
  'chat.delete': 'tier3',
  'chat.postEphemeral': 'tier4',
  'views.open': 'tier4',
  'files.upload': 'tier4',
  'usergroups.users.list': 'tier2',
  'conversations.replies': 'tier3',
} as const satisfies Record<string, TierName>;

export function tierLimiter(spec: TierSpec): Bottleneck {
  return new Bottleneck({
    maxConcurrent: 4,
    reservoir: spec.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: spec.refillMs,
    reservoirIncreaseMaximum: spec.burst,
  });
}

/** One limiter per tier, plus a group keyed by channel for chat.postMessage. */
export class RateLimits {
  private readonly byTier = new Map<TierName, Bottleneck>();
  private readonly perChannel: Bottleneck.Group;

  constructor(private readonly tiers: Record<TierName, TierSpec> = TIERS) {
    const spec = tiers.postMessagePerChannel;
    this.perChannel = new Bottleneck.Group({
      maxConcurrent: 1,
      reservoir: spec.burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: spec.refillMs,
      reservoirIncreaseMaximum: spec.burst,
    });
  }

  forMethod(method: keyof typeof METHOD_TIER): Bottleneck {
    const tier = METHOD_TIER[method];
    let limiter = this.byTier.get(tier);
    if (!limiter) {
      limiter = tierLimiter(this.tiers[tier]);
      this.byTier.set(tier, limiter);
    }
    return limiter;
  }

  forChannel(channel: string): Bottleneck {
    return this.perChannel.key(channel);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byTier.values()].map((l) => l.disconnect()));
    await this.perChannel.disconnect();
  }
}
