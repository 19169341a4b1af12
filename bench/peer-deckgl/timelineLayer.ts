/**
 * BASELINE FOR THE BENCHMARK, NOT PRODUCT CODE.
 *
 * deck.gl's SolidPolygonLayer with each cell's timeline sampled on the GPU: a shader module
 * (timeline.glsl: a uniform block with the time, the timeline texture, and the colour function),
 * injected at the end of the vertex shader's main(), where the layer's own per-vertex row index
 * (`rowIndexes`, the polygon's index) names the cell. Time is a layer prop that only reaches a
 * uniform, the way deck.gl's TripsLayer takes `currentTime`: the app makes a new layer each frame
 * with the new time, and deck.gl diffs it against the last one.
 */
import type { DefaultProps, LayerContext, UpdateParameters } from '@deck.gl/core';
import { SolidPolygonLayer, type SolidPolygonLayerProps } from '@deck.gl/layers';
import timelineGlsl from './timeline.glsl?raw';

/** The bake's timeline as an RGBA8 texture: two samples per texel, `cellsPerRow` cells per row. */
export interface TimelineData {
  data: Uint8Array;
  width: number;
  height: number;
  samples: number;
  cellsPerRow: number;
}

type Texture = ReturnType<LayerContext['device']['createTexture']>;

const timelineModule = {
  name: 'timeline',
  vs: timelineGlsl,
  uniformTypes: { time: 'f32', loopSeconds: 'f32', samples: 'f32', cellsPerRow: 'f32' },
} as const;

type TimelineLayerProps = {
  getCellIndex: (object: unknown, info: { index: number }) => number;
  /** Seconds; only a uniform. */
  time: number;
  loopSeconds: number;
  timeline: TimelineData | null;
};

export class TimelinePolygonLayer extends SolidPolygonLayer<unknown, TimelineLayerProps> {
  static override layerName = 'TimelinePolygonLayer';
  static override defaultProps: DefaultProps<TimelineLayerProps & SolidPolygonLayerProps> = {
    ...SolidPolygonLayer.defaultProps,
    getCellIndex: { type: 'accessor', value: (_: unknown, { index }: { index: number }) => index },
    time: 0,
    loopSeconds: 48,
    timeline: null,
  } as DefaultProps<TimelineLayerProps & SolidPolygonLayerProps>;

  declare state: SolidPolygonLayer['state'] & { timelineTexture?: Texture };

  override getShaders(type: 'top' | 'side') {
    const shaders = super.getShaders(type);
    return {
      ...shaders,
      modules: [...shaders.modules, timelineModule],
      inject: {
        ...shaders.inject,
        'vs:#decl': 'in float cellIndices;',
        'vs:#main-end': 'vColor = timeline_color(cellIndices, vColor.a);',
      },
    };
  }

  override initializeState(): void {
    super.initializeState();
    // The cell (polygon) index at every vertex, expanded per vertex by deck.gl like any accessor.
    this.getAttributeManager()!.add({
      cellIndices: { size: 1, type: 'float32', stepMode: 'dynamic', accessor: 'getCellIndex' },
    });
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    const { props, oldProps } = params;
    if (props.timeline !== oldProps.timeline) {
      this.state.timelineTexture?.destroy();
      const t = props.timeline;
      if (t) {
        const texture = this.context.device.createTexture({
          id: `${this.props.id}-timeline`,
          format: 'rgba8unorm',
          width: t.width,
          height: t.height,
          mipLevels: 1,
          sampler: { minFilter: 'nearest', magFilter: 'nearest', addressModeU: 'clamp-to-edge', addressModeV: 'clamp-to-edge' },
        });
        texture.writeData(t.data);
        this.setState({ timelineTexture: texture });
      } else this.setState({ timelineTexture: undefined });
    }
  }

  override draw(opts: Parameters<SolidPolygonLayer['draw']>[0]): void {
    const t = this.props.timeline;
    const texture = this.state.timelineTexture;
    if (!t || !texture) return;
    for (const model of this.getModels()) {
      model.shaderInputs.setProps({
        timeline: { time: this.props.time, loopSeconds: this.props.loopSeconds, samples: t.samples, cellsPerRow: t.cellsPerRow, timelineTexture: texture },
      });
    }
    super.draw(opts);
  }

  override finalizeState(context: LayerContext): void {
    super.finalizeState(context);
    this.state.timelineTexture?.destroy();
  }
}
