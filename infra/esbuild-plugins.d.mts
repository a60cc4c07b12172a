import type { Plugin } from 'esbuild'

export declare const zodEnglishOnly: Plugin
export declare const lambdaCredentials: Plugin
declare const plugins: Plugin[]
export default plugins
