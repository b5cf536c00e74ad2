/**
 * Calls `onExit` when the page may be going away: `pagehide` (unload, navigation, bfcache) and
 * `visibilitychange` to hidden (a tab switched away from or closed on mobile, where `pagehide`
 * often never fires). Returns the function that stops watching. Outside a page, does nothing.
 */
export function watchPageExit(onExit: () => void): () => void {
  if (typeof document === 'undefined' || typeof globalThis.addEventListener !== 'function') return () => {};
  const onPageHide = () => onExit();
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') onExit();
  };
  globalThis.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    globalThis.removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
