import type { Message } from '../../../shared/i18n/message';
import { useEffect, useState } from 'react';
import type { FieldBox } from '../../../shared/document-fields';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';
import { ErrorBox, Loading } from './messages';

export type LabelledBox = { name: string; label: string; box: FieldBox };

/** Base64 page data as a blob: URL (the CSP allows img-src blob:); the caller revokes it. */
function blobUrl(mediaType: string, base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: mediaType }));
}

/**
 * One document page as an image with each field's box drawn over it. Boxes are fractions of the
 * page, so they are placed in percent and follow the image at any width.
 */
export function PageWithBoxes({ documentId, page, title, boxes, active, onPick }: {
  documentId: number; page: number; title: string; boxes: LabelledBox[]; active?: string | null; onPick?: (name: string) => void;
}) {
  const { t } = useI18n();
  const [image, setImage] = useState<{ url: string } | { error: { code: string; message: string; msg?: Message } } | null>(null);
  // A page that took too long to draw, or failed, may be asked again.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let url: string | null = null;
    setImage(null);
    api.invoke('documents:page-image', { document_id: documentId, page }).then(
      (found) => {
        if (!live) return;
        url = blobUrl(found.media_type, found.data_base64);
        setImage({ url });
      },
      (e: unknown) => { if (live) setImage({ error: errorOf(e) }); },
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [documentId, page, attempt]);
  if (image === null) return <div className="zm-page"><Loading /></div>;
  if ('error' in image) return <ErrorBox code={image.error.code} message={image.error.message} msg={image.error.msg} onRetry={() => setAttempt((n) => n + 1)} />;
  return (
    <figure className="zm-page" aria-label={title} data-box-count={boxes.length}>
      <div className="zm-page-frame">
        <img src={image.url} alt={title} draggable={false} />
        {boxes.map(({ name, label, box }) => (
          <span key={name} className={`zm-box${active === name ? ' active' : ''}`} data-field={name} title={label} role="img" aria-label={label}
            style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%` }}
            onClick={onPick ? () => onPick(name) : undefined} />
        ))}
      </div>
      {boxes.length === 0 && <figcaption className="muted small">{t('review.no_boxes')}</figcaption>}
    </figure>
  );
}
