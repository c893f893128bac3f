/**
 * @since 0.1.0
 */
export * as Conformance from "./Conformance.js"

/**
 * @since 0.1.0
 */
export * as JsonSchema from "./JsonSchema.js"

/**
 * @since 0.1.0
 */
export * as OpenApi from "./OpenApi.js"

/**
 * @since 0.1.0
 */
export * as Overrides from "./Overrides.js"

/**
 * @since 0.1.0
 */
export * as PublishedSchemas from "./PublishedSchemas.js"

/**
 * @since 0.1.0
 */
export * as RecordedFixtures from "./RecordedFixtures.js"
