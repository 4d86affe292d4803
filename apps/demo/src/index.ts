/**
 * @taskroute/demo: the live workspace console. `startDemo()` starts the emulator (or points at a real
 * workspace), the simulation and the console's server; tests use it on port 0.
 *
 * @packageDocumentation
 */
export {
  type Backend,
  BackendConfigError,
  type BackendOptions,
  backendFromEnv,
  type EmulatorBackendOptions,
  type TwilioBackendOptions,
} from "./server/Backend.js"
export { type Demo, type DemoOptions, SEED_QL_EXAMPLE, startDemo } from "./server/DemoServer.js"
export {
  type Simulation,
  type SimulationOptions,
  type SimulationStats,
  startSimulation,
} from "./server/Simulation.js"
export type { ConsoleConfig, GtlConfig, TokenResponse } from "./shared/ConsoleConfig.js"
