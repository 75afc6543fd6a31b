type Listener = () => void;

const listeners = new Set<Listener>();

/**
 * Lets the sidebar badge refresh as soon as a decision is made anywhere in
 * the app, instead of waiting for its next poll.
 */
export function onInboxChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function announceInboxChanged(): void {
  listeners.forEach(listener => listener());
}
