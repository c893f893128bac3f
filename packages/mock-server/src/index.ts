/**
 * @since 0.1.0
 */
export * as HighLevelMock from "./HighLevelMock.js"

/**
 * @since 0.1.0
 */
export * as MockControl from "./MockControl.js"

/**
 * @since 0.1.0
 */
export * as MockFaults from "./MockFaults.js"

/**
 * @since 0.1.0
 */
export * as MockHttpServer from "./MockHttpServer.js"

/**
 * @since 0.1.0
 */
export * as MockScenario from "./MockScenario.js"

/**
 * @since 0.1.0
 */
export * as MockStore from "./MockStore.js"

/**
 * @since 0.1.0
 */
export * as MockWire from "./MockWire.js"
