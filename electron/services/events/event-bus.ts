// runtime: node
import type { ApiEvent, ApiEventListener } from '../../../shared/api/jobs';

/** Fans service events out to whichever transports are attached (IPC window, SSE clients, CLI). */
export class EventBus {
  private readonly listeners = new Set<ApiEventListener>();

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken transport must not break the service that reports progress
      }
    }
  }
}
