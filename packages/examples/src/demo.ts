/**
 * Placeholder for the demo: the examples package fills it.
 *
 * @since 0.1.0
 */
process.stdout.write("The demo arrives with the examples package.\n")
