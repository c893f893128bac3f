/**
 * Runtime state of the fault rules: remaining counts and one seeded generator per probabilistic rule.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockControl from "../../MockControl.js"
import type * as MockFaults from "../../MockFaults.js"
import * as Prng from "../prng.js"

interface Active {
  readonly rule: MockFaults.FaultRule
  remaining: number | null
  applied: number
  readonly prng: Prng.Prng | undefined
}

/** @internal */
export class FaultRules {
  private active: Array<Active> = []

  set(rules: ReadonlyArray<MockFaults.FaultRule>) {
    this.active = rules.map((rule) => ({
      rule,
      remaining: rule.times ?? null,
      applied: 0,
      prng: rule.probability === undefined ? undefined : Prng.make(rule.seed ?? 0, 7)
    }))
  }

  clear() {
    this.active = []
  }

  /** The fault for this request, if any; counts it against the rule that applies. */
  pick(route: MockControl.RouteId, locationId: string | undefined): MockFaults.Fault | undefined {
    for (const a of this.active) {
      const { rule } = a
      if (rule.route !== "*" && rule.route !== route) continue
      if (rule.locationId !== undefined && rule.locationId !== locationId) continue
      if (a.remaining === 0) continue
      if (a.prng !== undefined && !(a.prng.float() < (rule.probability ?? 0))) continue
      if (a.remaining !== null) a.remaining--
      a.applied++
      return rule.fault
    }
    return undefined
  }

  report(): Array<MockFaults.FaultRuleState> {
    return this.active.map((a) => ({ rule: a.rule, remaining: a.remaining, applied: a.applied }))
  }
}
