/**
 * Retries an assertion until it passes or `timeoutMs` runs out (then throws its last failure). For
 * conditions that depend on real I/O (a server, a browser): nothing here asserts how long things take.
 */
export const eventually = async (
  assertion: () => void | Promise<void>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await assertion()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}
