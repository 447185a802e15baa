import rootPackage from '../../../package.json' with { type: 'json' };

/** This release's version (the workspace's package.json; bundled into dist at build time). */
export const RALF_VERSION: string = rootPackage.version;
