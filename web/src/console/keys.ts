// Single-key shortcuts for the console, ignored while the user types in a field or a dialog.
export function onKeys(bindings: Record<string, () => void>): () => void {
  const handler = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable], dialog')) return;
    if (event.key === 'Enter' && target?.closest('a, button')) return;
    const action = bindings[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  addEventListener('keydown', handler);
  return () => removeEventListener('keydown', handler);
}
