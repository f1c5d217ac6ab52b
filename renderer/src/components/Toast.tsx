// runtime: browser
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ToastOptions {
  message: ReactNode;
  kind?: 'info' | 'success' | 'error';
  /** Shows an "Undo" button; called once if the user presses it before the toast goes. */
  onUndo?: () => void;
  /** Any other single action, e.g. "Open Browse". */
  action?: { label: ReactNode; onClick: () => void };
  /** Milliseconds; default 6000 (10000 with Undo). 0 keeps it until dismissed. */
  durationMs?: number;
}

interface ToastItem extends ToastOptions {
  id: number;
}

interface ToastApi {
  show: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast() outside <ToastProvider>');
  return ctx;
}

/** Short notices at the bottom right, announced politely to screen readers, with optional Undo. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setItems((list) => list.filter((item) => item.id !== id)), []);
  const show = useCallback((options: ToastOptions) => {
    const id = nextId.current++;
    setItems((list) => [...list.slice(-4), { ...options, id }]);
    return id;
  }, []);
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {items.map((item) => (
          <ToastView key={item.id} item={item} onClose={() => dismiss(item.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastView({ item, onClose }: { item: ToastItem; onClose: () => void }) {
  const { t } = useTranslation('common');
  const duration = item.durationMs ?? (item.onUndo ? 10_000 : 6_000);
  // the timer starts once per toast, whatever re-renders the provider in between
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    if (duration <= 0) return;
    const timer = window.setTimeout(() => closeRef.current(), duration);
    return () => window.clearTimeout(timer);
  }, [duration]);
  return (
    <div className={`toast toast-${item.kind ?? 'info'}`} data-testid="toast">
      <span className="toast-message">{item.message}</span>
      {item.onUndo ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid="toast-undo"
          onClick={() => {
            item.onUndo?.();
            onClose();
          }}
        >
          {t('actions.undo')}
        </button>
      ) : null}
      {item.action ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            item.action?.onClick();
            onClose();
          }}
        >
          {item.action.label}
        </button>
      ) : null}
      <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t('actions.dismiss')}>
        ✕
      </button>
    </div>
  );
}
