import cytoscape, { type ElementDefinition, type LayoutOptions } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef } from 'react';
import { GRAPH_STYLE } from './graph-style';
import { useSameContent } from '../lib/same-content';

let registered = false;
function registerLayouts(): void {
  if (registered) return;
  cytoscape.use(dagre);
  registered = true;
}

type Props = {
  label: string;
  elements: ElementDefinition[];
  layout: LayoutOptions;
  height?: number;
  onNodeTap?: (id: string) => void;
  /** Extra data-* attributes on the container (test hooks). */
  testId?: string;
};

/**
 * Owns one Cytoscape instance: created in an effect on the container, destroyed on cleanup.
 * Labels are drawn on the canvas as text, so names from documents cannot inject markup.
 */
export function CyGraph({ label, elements, layout, height = 360, onNodeTap, testId }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const tap = useRef(onNodeTap);
  tap.current = onNodeTap;
  // Callers rebuild elements and layout on every render: the graph is redrawn when their content changes.
  const graph = useSameContent({ elements, layout });
  useEffect(() => {
    if (!container.current) return;
    registerLayouts();
    const cy = cytoscape({
      container: container.current,
      elements: graph.elements,
      style: GRAPH_STYLE,
      layout: graph.layout,
      minZoom: 0.05,
      maxZoom: 3,
      wheelSensitivity: 0.3,
    });
    // A small graph fitted to a wide box would zoom its labels up to poster size.
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
    cy.on('tap', 'node', (e) => tap.current?.(e.target.id()));
    return () => cy.destroy();
  }, [graph]);
  const nodes = elements.filter((e) => e.group !== 'edges' && !('source' in (e.data ?? {}))).length;
  const edges = elements.length - nodes;
  return (
    <div ref={container} className="cy-graph" role="img" aria-label={label} style={{ height }}
      data-testid={testId} data-node-count={nodes} data-edge-count={edges} />
  );
}
