/** The Chromium executable: `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export declare const CHROMIUM_PATH: string

/** What {@link launchInProfile} needs of playwright-core's `chromium` (typed here without depending on it). */
export interface PersistentLauncher<Context> {
  launchPersistentContext(userDataDir: string, options: Record<string, unknown>): Promise<Context>
}

/** Chromium in a throw-away profile: the browser context, and `close`, which also removes the profile. */
export declare const launchInProfile: <Context extends { close(): Promise<void> }>(
  chromium: PersistentLauncher<Context>,
  prefix: string,
  options?: Record<string, unknown>,
) => Promise<{ readonly context: Context; readonly close: () => Promise<void> }>
