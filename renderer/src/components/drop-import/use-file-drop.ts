import { useEffect, useRef, useState } from 'react';

export type DroppedItems = { files: File[]; folders: string[] };

function carriesFiles(event: DragEvent): boolean {
  return !!event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
}

/** Files and folders of a drop, in drop order; folders are named so the panel can say why they were skipped. */
export function droppedItems(transfer: DataTransfer): DroppedItems {
  const files: File[] = [];
  const folders: string[] = [];
  const items = Array.from(transfer.items ?? []);
  if (items.length === 0) return { files: Array.from(transfer.files), folders };
  for (const item of items) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    const file = item.getAsFile();
    if (entry?.isDirectory) folders.push(entry.name);
    else if (file) files.push(file);
  }
  return { files, folders };
}

/**
 * Listens for files dragged anywhere over the window. `dragging` drives the overlay; every drop
 * is cancelled (so the browser never opens the file itself) and handed to `onDrop`.
 */
export function useFileDrop(onDrop: (items: DroppedItems) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const handler = useRef(onDrop);
  handler.current = onDrop;

  useEffect(() => {
    const enter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const over = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (event: DragEvent): void => {
      if (!event.dataTransfer) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const items = droppedItems(event.dataTransfer);
      if (items.files.length > 0 || items.folders.length > 0) handler.current(items);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    // Marks the window as a drop zone (styles and end-to-end tests wait for it).
    document.body.dataset.dropZone = 'ready';
    return () => {
      delete document.body.dataset.dropZone;
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
