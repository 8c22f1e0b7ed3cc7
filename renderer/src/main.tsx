import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder frame: the workbench UI replaces this with the app shell.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main aria-label="ZeroMile">ZeroMile</main>
  </StrictMode>,
);
