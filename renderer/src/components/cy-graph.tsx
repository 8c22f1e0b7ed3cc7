import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { GRAPH_STYLE } from './graph-style';
import { useSameContent } from '../lib/same-content';
import { useI18n } from '../i18n/i18n';

/** Room around a fitted drawing, in screen pixels. */
const FIT_PADDING = 24;

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
  /**
   * Makes the chart usable by keyboard: it takes the focus (Tab), arrows move a ring from node to
   * node, Enter acts as a click on it and + as a double-click. `keyboardNode` puts the ring on a
   * node from outside (the node the search found); `describedBy` names the element saying so.
   */
  keyboard?: { keyboardNode?: { id: string; at: number } | null; describedBy: string };
};

/**
 * Owns one Cytoscape instance: created in an effect on the container, destroyed on cleanup.
 * Labels are drawn on the canvas as text, so names from documents cannot inject markup; an edge's
 * or node's `tip` shows as a tooltip (a text node, never markup) while the pointer is on it.
 */
export function CyGraph({ label, elements, layout, height = 360, onNodeTap, onNodeDoubleTap, onNodeMoved, readableZoom, focus, minWidth, testId, keyboard }: Props) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onNodeTap, onNodeDoubleTap, onNodeMoved });
  handlers.current = { onNodeTap, onNodeDoubleTap, onNodeMoved };
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  const cyRef = useRef<Core | null>(null);
  const [ringed, setRinged] = useState<string | null>(null);
  const asked = keyboard?.keyboardNode;
  useEffect(() => {
    if (!asked) return;
    setRinged(asked.id);
    container.current?.focus();
  }, [asked]);
  // Callers rebuild elements and layout on every render: the graph is redrawn when their content changes.
  const graph = useSameContent({ elements, layout, readableZoom, focus });
  const scrolls = minWidth !== undefined;
  const frameRef = useRef<HTMLDivElement>(null);
  // Which ends of a sideways-scrolling drawing are out of view: a button at each says so.
  const [hidden, setHidden] = useState({ left: false, right: false });
  const onScroll = useCallback(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const left = frame.scrollLeft > 1;
    const right = frame.scrollLeft + frame.clientWidth < frame.scrollWidth - 1;
    setHidden((h) => (h.left === left && h.right === right ? h : { left, right }));
  }, []);
  useEffect(() => {
    if (!scrolls) return;
    window.addEventListener('resize', onScroll);
    return () => window.removeEventListener('resize', onScroll);
  }, [scrolls, onScroll]);
  const scrollBy = (direction: -1 | 1) => {
    const frame = frameRef.current;
    if (!frame) return;
    frame.scrollTo({ left: direction < 0 ? 0 : frame.scrollLeft + frame.clientWidth * 0.8, behavior: 'smooth' });
  };
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
      const target = graph.focus ? cy.getElementById(graph.focus) : cy.collection();
      if (scrolls) {
        // The frame scrolls sideways and is as wide as the drawing at the readable zoom: the drawing
        // keeps that zoom and starts at its left edge (the chain's first holder; centred where the
        // frame is wider) and its top, moved up only as far as the element to look at needs.
        const z = graph.readableZoom ?? 1;
        cy.zoom(z);
        const all = cy.elements().boundingBox({});
        // minWidth is the caller's estimate; the frame scrolls only as far as the drawing, labels included, reaches.
        if (container.current) {
          container.current.style.minWidth = `${Math.ceil(all.w * z + 2 * FIT_PADDING)}px`;
          cy.resize();
        }
        const seen = Math.min(cy.width(), frameRef.current?.clientWidth ?? cy.width());
        cy.pan({ x: Math.max(FIT_PADDING, (seen - all.w * z) / 2) - all.x1 * z, y: FIT_PADDING - all.y1 * z });
        if (target.nonempty()) {
          const box = target.renderedBoundingBox({});
          if (box.y2 > cy.height() - FIT_PADDING) cy.panBy({ x: 0, y: Math.max(cy.height() - FIT_PADDING - box.y2, FIT_PADDING - box.y1) });
        }
      } else {
        cy.fit(undefined, FIT_PADDING);
        // A small graph fitted to a wide box would zoom its labels up to poster size.
        if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
        if (graph.readableZoom !== undefined && cy.zoom() < graph.readableZoom) {
          cy.zoom(graph.readableZoom);
          cy.center(target.nonempty() ? target : undefined);
        }
      }
      // A drawing wider than the window scrolls: it opens at its start (the first holder) unless the
      // element to look at would be out of view, then only as far as brings it in.
      const frame = frameRef.current;
      if (frame && frame.scrollWidth > frame.clientWidth) {
        let left = 0;
        if (target.nonempty()) {
          // An edge is seen by its label half-way along it (about 100 px wide), a node by its disc and label.
          const mid = target.isEdge() ? target.renderedMidpoint() : null;
          const box = mid ? { x1: mid.x - 50, x2: mid.x + 50 } : target.renderedBoundingBox({});
          if (box.x2 > frame.clientWidth - FIT_PADDING) left = Math.min(box.x1 - FIT_PADDING, box.x2 + FIT_PADDING - frame.clientWidth);
        }
        frame.scrollLeft = Math.max(0, left);
      }
      onScroll();
    };
    const layoutRun = cy.layout({ ...graph.layout, fit: false } as LayoutOptions);
    layoutRun.one('layoutstop', fit);
    layoutRun.run();
    cy.on('tap', 'node', (e) => handlers.current.onNodeTap?.(e.target.id(), { ...e.target.position() }));
    cy.on('dbltap', 'node', (e) => handlers.current.onNodeDoubleTap?.(e.target.id()));
    cy.on('dragfree', 'node', (e) => handlers.current.onNodeMoved?.(e.target.id(), { ...e.target.position() }));
    cy.on('mouseover', 'edge, node', (e) => {
      const text = e.target.data('tip') as string | undefined;
      if (text) setTip({ text, x: e.renderedPosition.x, y: e.renderedPosition.y });
    });
    cy.on('mouseout', 'edge, node', () => setTip(null));
    cy.on('viewport', () => setTip(null));
    cyRef.current = cy;
    return () => { cyRef.current = null; cy.destroy(); };
  }, [graph, scrolls, onScroll]);
  // The keyboard's ring: one node at a time, kept in view.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.nodes('.keyboard').removeClass('keyboard');
    const node = ringed ? cy.getElementById(ringed) : cy.collection();
    if (node.empty()) return;
    node.addClass('keyboard');
    const box = node.renderedBoundingBox({});
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > cy.width() || box.y2 > cy.height()) cy.center(node);
  }, [ringed, graph]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cy = cyRef.current;
    if (!cy || !keyboard || e.ctrlKey || e.metaKey || e.altKey) return;
    // Reading order: top to bottom, then left to right.
    const nodes = cy.nodes().toArray().sort((a, b) => a.position('y') - b.position('y') || a.position('x') - b.position('x'));
    if (nodes.length === 0) return;
    const at = nodes.findIndex((n) => n.id() === ringed);
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      e.preventDefault();
      const next = at < 0 ? (step > 0 ? 0 : nodes.length - 1) : (at + step + nodes.length) % nodes.length;
      setRinged(nodes[next]!.id());
      return;
    }
    const node = at >= 0 ? nodes[at]! : null;
    if (!node) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      handlers.current.onNodeTap?.(node.id(), { ...node.position() });
    } else if (e.key === '+' || (e.key === 'Enter' && e.shiftKey)) {
      e.preventDefault();
      handlers.current.onNodeDoubleTap?.(node.id());
    }
  };
  const nodes = elements.filter((e) => e.group !== 'edges' && !('source' in (e.data ?? {}))).length;
  const edges = elements.length - nodes;
  const drawing = (
    <div ref={frameRef} className={scrolls ? 'cy-frame scrolls' : 'cy-frame'} style={{ height }} onScroll={scrolls ? onScroll : undefined}>
      <div ref={container} className="cy-graph" role={keyboard ? 'application' : 'img'} style={{ height: '100%', minWidth }}
        aria-label={label} aria-describedby={keyboard?.describedBy} tabIndex={keyboard ? 0 : undefined} onKeyDown={keyboard ? onKey : undefined}
        data-testid={testId} data-node-count={nodes} data-edge-count={edges} data-keyboard-node={ringed ?? undefined} />
      {tip && <div className="cy-tip" role="tooltip" style={{ left: tip.x + 12, top: tip.y + 12 }}>{tip.text}</div>}
    </div>
  );
  if (!scrolls) return drawing;
  return (
    <div className="cy-scroller">
      {drawing}
      {hidden.left && <button type="button" className="cy-more left" onClick={() => scrollBy(-1)} data-testid="graph-scrolled">◀ {t('graph.scrolled_start')}</button>}
      {hidden.right && <button type="button" className="cy-more right" onClick={() => scrollBy(1)} data-testid="graph-more">{t('graph.scrolled_more')} ▶</button>}
    </div>
  );
}
