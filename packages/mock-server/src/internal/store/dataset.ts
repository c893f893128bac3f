/**
 * The data set being served and the settings it was generated from: what `make` seeded, what `load` replaces and
 * `reset` restores. Everything else that resets with it (tokens, counters, journal) lives in its own module and is
 * reset by the instance.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockControl from "../../MockControl.js"
import * as MockScenario from "../../MockScenario.js"
import type { Dataset } from "../model.js"
import { type RateLimitConfig, rateLimitConfig } from "../rateLimit.js"
import * as Seed from "../seed/generate.js"
import { WorkingSet } from "./working.js"

/** Settings that survive `load` unless it overrides them. @internal */
export interface Settings {
  readonly seed: number
  readonly scenario: MockScenario.ScenarioName
  readonly sizes: MockScenario.Sizes
  readonly rateLimit: RateLimitConfig | false
  readonly messagesShape: "wrapped" | "flat"
}

/** @internal */
export interface DatasetStore {
  readonly settings: () => Settings
  /** The working copy the routes serve and the writes change. */
  readonly current: () => WorkingSet
  /** Back to the initial settings and their data set (regenerated if it was not kept), writes undone. */
  readonly reset: () => void
  /** Generates the data set of the merged settings; throws a `RangeError` (changing nothing) for a bad size. */
  readonly load: (options: MockControl.LoadOptions) => void
}

// Above this size the initial data set is not kept after a `load`: `reset` regenerates it instead.
const KEEP_INITIAL_UP_TO_MESSAGES = 50_000

const generate = (settings: Settings): Dataset =>
  Seed.generate(settings.seed, MockScenario.plan(settings.scenario, settings.sizes))

/** Omitted fields keep their current value, except sizes, which follow a new `scenario`. */
const settingsAfterLoad = (current: Settings, options: MockControl.LoadOptions): Settings => {
  const scenarioChanged = options.scenario !== undefined && options.scenario !== current.scenario
  const sizes: MockScenario.Sizes = options.conversations !== undefined ||
      options.messages !== undefined || options.messagesPerConversation !== undefined
    ? {
      conversations: options.conversations,
      messages: options.messages,
      messagesPerConversation: options.messagesPerConversation
    }
    : scenarioChanged
    ? {}
    : current.sizes
  return {
    seed: options.seed ?? current.seed,
    scenario: options.scenario ?? current.scenario,
    sizes,
    rateLimit: options.rateLimit === undefined ? current.rateLimit : rateLimitConfig(options.rateLimit),
    messagesShape: options.messagesShape ?? current.messagesShape
  }
}

/** Generates the initial data set (throws a `RangeError` for a bad size). @internal */
export const makeDatasetStore = (initial: Settings): DatasetStore => {
  let settings = initial
  let dataset = generate(initial)
  let initialDataset: Dataset | undefined = dataset
  let working = new WorkingSet(dataset)
  return {
    settings: () => settings,
    current: () => working,
    reset: () => {
      if (settings === initial) {
        // The pristine records were never mutated: a new working copy of them is the seeded state.
        if (working.dirty) working = new WorkingSet(dataset)
        return
      }
      settings = initial
      dataset = initialDataset ?? generate(initial)
      initialDataset = dataset
      working = new WorkingSet(dataset)
    },
    load: (options) => {
      const next = settingsAfterLoad(settings, options)
      // Generate first: a bad size throws before anything changes.
      const generated = generate(next)
      settings = next
      dataset = generated
      working = new WorkingSet(generated)
      if (initialDataset !== undefined && initialDataset.messageCount > KEEP_INITIAL_UP_TO_MESSAGES) {
        initialDataset = undefined
      }
    }
  }
}
