/** The Chromium executable: `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export declare const CHROMIUM_PATH: string
/** The flags every launch passes. */
export declare const CHROMIUM_FLAGS: ReadonlyArray<string>
