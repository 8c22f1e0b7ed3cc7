import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef, useState } from 'react';
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
  /** Pixels, or a CSS length such as `calc(100vh - 260px)` for a full-height pane. */
  height?: number | string;
  onNodeTap?: (id: string, position: { x: number; y: number }) => void;
  onNodeDoubleTap?: (id: string) => void;
  /** A node was dragged and let go: its model position (to pin it there). */
  onNodeMoved?: (id: string, position: { x: number; y: number }) => void;
  /**
   * The least zoom a fitted graph gets: labels are 12 px at zoom 1, so 1 keeps them readable and
   * a big graph is panned (scrolled) instead of shrunk. Without it, the graph is fitted whole.
   */
  readableZoom?: number;
  /** The element to centre on when the graph does not fit at the readable zoom, or to scroll to when it is wider than the frame. */
  focus?: string;
  /**
   * The drawing's own width at zoom 1: the frame scrolls sideways (a scroll bar the analyst sees)
   * instead of the graph shrinking into a narrow window.
   */
  minWidth?: number;
  /** Extra data-* attributes on the container (test hooks). */
  testId?: string;
};

/**
 * Owns one Cytoscape instance: created in an effect on the container, destroyed on cleanup.
 * Labels are drawn on the canvas as text, so names from documents cannot inject markup; an edge's
 * `tip` shows as a tooltip (a text node, never markup) while the pointer is on it.
 */
export function CyGraph({ label, elements, layout, height = 360, onNodeTap, onNodeDoubleTap, onNodeMoved, readableZoom, focus, minWidth, testId }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onNodeTap, onNodeDoubleTap, onNodeMoved });
  handlers.current = { onNodeTap, onNodeDoubleTap, onNodeMoved };
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  // Callers rebuild elements and layout on every render: the graph is redrawn when their content changes.
  const graph = useSameContent({ elements, layout, readableZoom, focus });
  useEffect(() => {
    if (!container.current) return;
    registerLayouts();
    const cy: Core = cytoscape({
      container: container.current,
      elements: graph.elements,
      style: GRAPH_STYLE,
      // Keeps the positions given with the elements; the caller's layout runs next (default would be a grid).
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
    });
    const fit = () => {
      cy.fit(undefined, 24);
      // A small graph fitted to a wide box would zoom its labels up to poster size.
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      if (graph.readableZoom !== undefined && cy.zoom() < graph.readableZoom) {
        cy.zoom(graph.readableZoom);
        const target = graph.focus ? cy.getElementById(graph.focus) : cy.collection();
        cy.center(target.nonempty() ? target : undefined);
      }
      // A drawing wider than the window scrolls: bring the element to look at into view.
      const frame = container.current?.parentElement;
      const target = graph.focus ? cy.getElementById(graph.focus) : cy.collection();
      if (frame && target.nonempty() && frame.scrollWidth > frame.clientWidth) {
        const box = target.renderedBoundingBox({});
        frame.scrollLeft = Math.max(0, (box.x1 + box.x2) / 2 - frame.clientWidth / 2);
      }
    };
    const layoutRun = cy.layout({ ...graph.layout, fit: false } as LayoutOptions);
    layoutRun.one('layoutstop', fit);
    layoutRun.run();
    cy.on('tap', 'node', (e) => handlers.current.onNodeTap?.(e.target.id(), { ...e.target.position() }));
    cy.on('dbltap', 'node', (e) => handlers.current.onNodeDoubleTap?.(e.target.id()));
    cy.on('dragfree', 'node', (e) => handlers.current.onNodeMoved?.(e.target.id(), { ...e.target.position() }));
    cy.on('mouseover', 'edge', (e) => {
      const text = e.target.data('tip') as string | undefined;
      if (text) setTip({ text, x: e.renderedPosition.x, y: e.renderedPosition.y });
    });
    cy.on('mouseout', 'edge', () => setTip(null));
    cy.on('viewport', () => setTip(null));
    return () => cy.destroy();
  }, [graph]);
  const nodes = elements.filter((e) => e.group !== 'edges' && !('source' in (e.data ?? {}))).length;
  const edges = elements.length - nodes;
  return (
    <div className={minWidth === undefined ? 'cy-frame' : 'cy-frame scrolls'} style={{ height }}>
      <div ref={container} className="cy-graph" role="img" aria-label={label} style={{ height: '100%', minWidth }}
        data-testid={testId} data-node-count={nodes} data-edge-count={edges} />
      {tip && <div className="cy-tip" role="tooltip" style={{ left: tip.x + 12, top: tip.y + 12 }}>{tip.text}</div>}
    </div>
  );
}
