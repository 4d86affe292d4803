/** Builds the console page into `outDir` (default dist/public); resolves the size of app.js. */
export declare const buildPage: (outDir?: string) => Promise<{ bytes: number; gzipped: number }>
