import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { LabState } from '../../state/types';

export const LabStoreContext = createContext<StoreApi<LabState> | null>(null);

/** Subscribes to the smallest slice a component needs. */
export function useLab<T>(selector: (s: LabState) => T): T {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('LabStoreContext is missing');
  return useStore(store, selector);
}

/** The store's actions never change; reading them does not subscribe. */
export function useLabActions(): LabState {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('LabStoreContext is missing');
  return store.getState();
}
