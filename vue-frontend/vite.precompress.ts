/**
 * Precompression at build time: next to every text asset of the build over `minBytes`,
 * a `.gz` (gzip, level 9) and a `.br` (Brotli, quality 11), written once so that the
 * server only chooses a file (datapulse/api/frontend.py negotiates Accept-Encoding).
 * Node's own zlib does the work: no plugin dependency.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/

export interface PrecompressOptions {
  /** Files smaller than this are left alone (the headers would outweigh the gain). */
  minBytes?: number
}

/** The compressed copies of one file's bytes; a copy that saves nothing is not written. */
export function compressAsset(bytes: Buffer): { gz: Buffer; br: Buffer } {
  const gz = gzipSync(bytes, { level: 9 })
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  })
  return { gz, br }
}

export function precompress(options: PrecompressOptions = {}): Plugin {
  const minBytes = options.minBytes ?? 1024
  let outDir = 'dist'
  return {
    name: 'datapulse-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue
        const path = join(outDir, fileName)
        const bytes = readFileSync(path)
        if (bytes.length < minBytes) continue
        const { gz, br } = compressAsset(bytes)
        if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz)
        if (br.length < bytes.length) writeFileSync(`${path}.br`, br)
      }
    },
  }
}
