/**
 * Shader compile errors on the page, not a black screen: three's renderer.debug.onShaderError hook,
 * translated through our #line tags (glsl.ts) into "shaders/mosaic/cell.frag:31: ..." messages.
 */
import type { WebGLRenderer } from 'three';
import { describeShaderError } from './glsl.ts';

export interface ShaderErrorReport {
  /** The material's shader name (three's program name), when known. */
  program: string;
  /** One message per error line: "shaders/<file>:<line>: <driver message>". */
  messages: string[];
}

/**
 * Routes shader compile and link errors to `onError` (and the console). Returns a function that
 * removes the hook. Once installed, three no longer logs its own (unreadable) dump.
 */
export function installShaderErrorReporter(renderer: WebGLRenderer, onError: (report: ShaderErrorReport) => void): () => void {
  const previous = renderer.debug.onShaderError;
  renderer.debug.onShaderError = (gl, program, vertexShader, fragmentShader) => {
    const messages: string[] = [];
    for (const [stage, shader] of [
      ['vertex', vertexShader],
      ['fragment', fragmentShader],
    ] as const) {
      if (gl.getShaderParameter(shader, gl.COMPILE_STATUS)) continue;
      const log = gl.getShaderInfoLog(shader) ?? '';
      for (const m of describeShaderError(log)) messages.push(`${m} (${stage} shader)`);
    }
    if (messages.length === 0) {
      const log = gl.getProgramInfoLog(program) ?? '';
      messages.push(`link: ${log.trim() || 'the shader program did not link'}`);
    }
    const name = /#define SHADER_NAME (.*)/.exec(gl.getShaderSource(fragmentShader) ?? '')?.[1]?.trim() ?? '';
    const report = { program: name, messages };
    console.error(`[noctiluca shaders] ${name ? `${name}: ` : ''}${messages.join('\n')}`);
    onError(report);
  };
  return () => {
    renderer.debug.onShaderError = previous;
  };
}
