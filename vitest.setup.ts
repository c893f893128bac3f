import { addEqualityTesters } from "@effect/vitest"
import { beforeEach, expect } from "vitest"

addEqualityTesters()

// A test that asserts nothing is a test that cannot fail: make it fail instead.
beforeEach(() => {
  expect.hasAssertions()
})
